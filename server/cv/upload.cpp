// CV upload rules and file storage (upload.hpp).
#include "server/cv/upload.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>


namespace fuar::cv {

bool looks_like_pdf(std::string_view b) {
  if (!(b.starts_with("%PDF-1.") || b.starts_with("%PDF-2."))) return false;
  auto tail = b.size() > 1024 ? b.substr(b.size() - 1024) : b;
  return tail.find("%%EOF") != std::string_view::npos;
}

namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is invalid (overlong
// forms and surrogates included).
std::size_t utf8_seq(std::string_view s, std::size_t i, char32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 0x2) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr char32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_of[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool dropped(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == '"' || cp == '\'' || cp == '`' ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0xFEFF;
}

bool ends_with_pdf(const std::string& s) {
  if (s.size() < 4) return false;
  auto e = s.substr(s.size() - 4);
  for (auto& c : e) c = char(std::tolower(static_cast<unsigned char>(c)));
  return e == ".pdf";
}

}  // namespace

std::string sanitise_name(std::string_view raw) {
  if (auto slash = raw.find_last_of("/\\"); slash != std::string_view::npos) raw.remove_prefix(slash + 1);
  // Keep the valid, printable code points (as UTF-8 pieces, so the cut below counts characters).
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    auto n = utf8_seq(raw, i, cp);
    if (n == 0) {
      ++i;
      continue;
    }
    if (!dropped(cp)) chars.emplace_back(raw.substr(i, n));
    i += n;
  }
  while (!chars.empty() && (chars.front() == "." || chars.front() == " ")) chars.erase(chars.begin());
  while (!chars.empty() && chars.back() == " ") chars.pop_back();
  std::string name;
  for (auto& c : chars) name += c;
  if (name.empty()) return "cv.pdf";
  if (!ends_with_pdf(name)) {
    name += ".pdf";
    for (char c : std::string_view(".pdf")) chars.emplace_back(1, c);
  }
  constexpr std::size_t max_chars = 100;
  if (chars.size() <= max_chars) return name;
  // Too long: cut the stem, keep the extension (after the last dot, at most 10 characters).
  std::size_t dot = chars.size();
  for (std::size_t i = chars.size(); i-- > 0;)
    if (chars[i] == ".") {
      dot = i;
      break;
    }
  std::size_t ext_len = chars.size() - dot;
  if (ext_len > 10) ext_len = 4, dot = chars.size() - 4;  // ends in ".pdf" by now
  std::string out;
  for (std::size_t i = 0; i < max_chars - ext_len; ++i) out += chars[i];
  for (std::size_t i = dot; i < chars.size(); ++i) out += chars[i];
  return out;
}

std::string random_hex128() {
  unsigned char b[16];
  std::size_t got = 0;
  while (got < sizeof b) {
    auto n = ::getrandom(b + got, sizeof b - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    got += std::size_t(n);
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (auto c : b) {
    out += hex[c >> 4];
    out += hex[c & 0xF];
  }
  return out;
}

std::string cv_dir(const std::string& files_dir) {
  ::mkdir(files_dir.c_str(), 0700);
  auto dir = files_dir + "/cvs";
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw std::runtime_error("cannot create the CV folder: " + std::string(std::strerror(errno)));
  return dir;
}

void write_file_atomic(const std::string& dir, const std::string& name, std::string_view bytes) {
  auto tmp = dir + "/." + name + ".tmp";
  auto final_path = dir + "/" + name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create an upload file: " + std::string(std::strerror(errno)));
  auto fail = [&](const char* what) {
    int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw std::runtime_error(std::string(what) + ": " + std::strerror(e));
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write an upload file");
    }
    done += std::size_t(n);
  }
  if (::fsync(fd) != 0) fail("cannot sync an upload file");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot close an upload file");
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot rename an upload file: " + std::string(std::strerror(e)));
  }
  // The rename itself must survive a crash before the row that points at it is committed.
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(ss).str();
}

}  // namespace fuar::cv
