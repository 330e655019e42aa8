#include "server/net/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace fuar::net {

bool safe_static_path(std::string_view path) {
  if (path.empty() || path[0] != '/' || path.size() > 256) return false;
  char prev = 0;
  for (char c : path) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;  // rejects %, \, NUL, spaces, ...
    if (c == '.' && prev == '/') return false;  // "..", "/.hidden", "/./"
    if (c == '/' && prev == '/') return false;
    prev = c;
  }
  return true;
}

std::string_view mime_type(std::string_view path) {
  auto dot = path.rfind('.');
  auto ext = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "webp") return "image/webp";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

static_result serve_static(const std::string& root, std::string_view path, std::string_view if_none_match) {
  static_result r;
  if (!safe_static_path(path)) return r;
  std::string rel(path.substr(1));
  if (rel.empty()) rel = "index.html";
  else if (rel == "booth" || rel == "admin") rel += ".html";

  std::string full = root + "/" + rel;
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return r;  // no directory listing
  if (st.st_size > 16 * 1024 * 1024) return r;

  std::ostringstream tag;
  tag << '"' << std::hex << st.st_size << '-' << st.st_mtim.tv_sec << '-' << st.st_mtim.tv_nsec << '"';
  r.etag = tag.str();
  r.content_type = std::string(mime_type(rel));
  if (!if_none_match.empty() && if_none_match == r.etag) {
    r.status = 304;
    return r;
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) return r;
  r.body.assign(std::istreambuf_iterator<char>(in), {});
  r.status = 200;
  return r;
}

}  // namespace fuar::net
