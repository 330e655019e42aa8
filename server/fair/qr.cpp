// QR encoding (libqrencode) and the SVG/PNG renderers (qr.hpp).
#include "server/fair/qr.hpp"

#include <qrencode.h>
#include <zlib.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace fuar::fair {

qr_matrix qr_encode(const std::string& text) {
  // Version 0: the smallest that fits; case-sensitive 8-bit so URLs keep their exact bytes.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) throw std::runtime_error("qr: the text cannot be encoded (too long?)");
  qr_matrix m;
  m.size = code->width;
  m.dark.resize(std::size_t(m.size) * std::size_t(m.size));
  // libqrencode: one byte per module, bit 0 set = dark.
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

std::string qr_svg(const qr_matrix& m, int quiet) {
  const int n = m.size + 2 * quiet;
  const std::string side = std::to_string(n);
  std::string path;
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size; ++x) {
      if (!m.at(x, y)) continue;
      path += 'M' + std::to_string(x + quiet) + ',' + std::to_string(y + quiet) + "h1v1h-1z";
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + ' ' + side +
         "\" width=\"" + std::to_string(n * 8) + "\" height=\"" + std::to_string(n * 8) +
         "\" shape-rendering=\"crispEdges\" role=\"img\">"
         "<rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/>"
         "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
}

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  out += char((v >> 24) & 0xFF);
  out += char((v >> 16) & 0xFF);
  out += char((v >> 8) & 0xFF);
  out += char(v & 0xFF);
}

// A PNG chunk: length, type, data, CRC-32 over type and data.
void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, std::uint32_t(data.size()));
  std::string body = std::string(type, 4) + data;
  out += body;
  put_u32(out, std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
}

}  // namespace

std::string qr_png(const qr_matrix& m, int scale, int quiet) {
  if (scale < 1 || quiet < 0) throw std::invalid_argument("qr_png: bad scale or quiet zone");
  const int px = (m.size + 2 * quiet) * scale;
  // Raw scanlines: filter type 0 (None), then one byte per pixel.
  std::string raw;
  raw.reserve(std::size_t(px) * std::size_t(px + 1));
  for (int y = 0; y < px; ++y) {
    raw += '\0';
    int my = y / scale - quiet;
    for (int x = 0; x < px; ++x) {
      int mx = x / scale - quiet;
      bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.at(mx, my);
      raw += dark ? char(0) : char(255);
    }
  }
  uLongf len = compressBound(uLong(raw.size()));
  std::string z(len, '\0');
  if (compress2(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
                uLong(raw.size()), Z_BEST_COMPRESSION) != Z_OK)
    throw std::runtime_error("qr_png: zlib failed");
  z.resize(len);

  std::string ihdr;
  put_u32(ihdr, std::uint32_t(px));
  put_u32(ihdr, std::uint32_t(px));
  ihdr += char(8);  // bit depth
  ihdr += char(0);  // colour type: greyscale
  ihdr += char(0);  // compression: deflate
  ihdr += char(0);  // filter method
  ihdr += char(0);  // no interlace
  std::string out("\x89PNG\r\n\x1a\n", 8);
  put_chunk(out, "IHDR", ihdr);
  put_chunk(out, "IDAT", z);
  put_chunk(out, "IEND", "");
  return out;
}

}  // namespace fuar::fair
