#pragma once
// Booth logos: the image type decided by content (never by name or Content-Type) and the files
// under <files_dir>/logos, each under a random name.
#include <optional>
#include <string>
#include <string_view>

namespace fuar::booth {

struct image_type {
  std::string_view mime;  // image/png | image/jpeg | image/webp
  std::string_view ext;   // png | jpg | webp
};

// PNG: the 8-byte signature followed by the IHDR chunk header; JPEG: FF D8 FF; WebP: "RIFF",
// a size, "WEBP" and a "VP8" chunk. Anything else (GIF, SVG, text, a truncated header) is
// nullopt.
std::optional<image_type> sniff_image(std::string_view bytes);

// Writes `bytes` to <dir>/<32 random hex digits>.<ext>: a temporary file (0600) is written and
// fsynced, then renamed into place and the directory fsynced, so a crash leaves either no file
// or the whole file. Creates `dir` (0700) when missing. Returns the storage name. Throws
// std::runtime_error on I/O failure (the message names no user data).
std::string write_logo_file(const std::string& dir, std::string_view bytes, std::string_view ext);

// The file's bytes, or nullopt when it is missing or the name is not one write_logo_file makes.
std::optional<std::string> read_logo_file(const std::string& dir, const std::string& name);

// Removes the file if it exists and the name is one write_logo_file makes; never throws.
void remove_logo_file(const std::string& dir, const std::string& name);

// Is `name` of the form write_logo_file produces (hex, a dot, a known extension)? Guards the
// file system against a damaged or edited database value such as "../x".
bool valid_logo_name(std::string_view name);

}  // namespace fuar::booth
