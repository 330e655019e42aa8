#pragma once
// QR codes for registration links (posters): encoding with libqrencode, and our own SVG and PNG
// renderers (no image library needed).
#include <string>
#include <vector>

namespace fuar::fair {

// A square QR symbol: size x size modules, row-major, true = dark.
struct qr_matrix {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[std::size_t(y) * std::size_t(size) + std::size_t(x)]; }
};

// Encodes `text` (8-bit mode, error correction level M, smallest version that fits). Throws
// std::runtime_error when it cannot (too long: over about 2,300 bytes).
qr_matrix qr_encode(const std::string& text);

// An SVG document: a white background and ONE path of the dark modules, each module one user
// unit, with a quiet zone of `quiet` modules on each side (viewBox 0 0 size+2q size+2q).
std::string qr_svg(const qr_matrix& m, int quiet = 4);

// A PNG file: 8-bit greyscale (0 dark, 255 light), `scale` pixels per module, quiet zone of
// `quiet` modules; one IDAT chunk (zlib), CRCs from zlib.
std::string qr_png(const qr_matrix& m, int scale = 8, int quiet = 4);

}  // namespace fuar::fair
