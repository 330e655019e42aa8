// Booth logo files (logo.hpp).
#include "server/booth/logo.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/auth/tokens.hpp"

namespace fuar::booth {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

[[noreturn]] void io_error(const char* what) {
  throw std::runtime_error(std::string("logo file: ") + what + ": " + std::strerror(errno));
}

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      io_error("write");
    }
    bytes.remove_prefix(std::size_t(n));
  }
}

void fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) io_error("open folder");
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::optional<image_type> sniff_image(std::string_view b) {
  if (b.size() >= 24 && starts_with(b, "\x89PNG\r\n\x1a\n") && b.substr(8, 8) == std::string_view("\0\0\0\x0dIHDR", 8))
    return image_type{"image/png", "png"};
  if (b.size() >= 4 && starts_with(b, "\xFF\xD8\xFF")) return image_type{"image/jpeg", "jpg"};
  if (b.size() >= 16 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP" && b.substr(12, 3) == "VP8")
    return image_type{"image/webp", "webp"};
  return std::nullopt;
}

bool valid_logo_name(std::string_view name) {
  auto dot = name.find('.');
  if (dot != 32) return false;
  for (std::size_t i = 0; i < dot; ++i) {
    char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  auto ext = name.substr(dot + 1);
  return ext == "png" || ext == "jpg" || ext == "webp";
}

std::string write_logo_file(const std::string& dir, std::string_view bytes, std::string_view ext) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) io_error("create folder");
  // 128 random bits in hex: the first half of the hash of a fresh 256-bit token.
  std::string name = auth::token_hash(auth::new_token()).substr(0, 32) + "." + std::string(ext);
  std::string final_path = dir + "/" + name, tmp = final_path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) io_error("create");
  try {
    write_all(fd, bytes);
    if (::fsync(fd) != 0) io_error("fsync");
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    io_error("rename");
  }
  fsync_dir(dir);
  return name;
}

std::optional<std::string> read_logo_file(const std::string& dir, const std::string& name) {
  if (!valid_logo_name(name)) return std::nullopt;
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

void remove_logo_file(const std::string& dir, const std::string& name) {
  if (!valid_logo_name(name)) return;
  ::unlink((dir + "/" + name).c_str());
}

}  // namespace fuar::booth
