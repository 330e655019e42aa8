#pragma once
// Static files from web-static/. Only a conservative alphabet of path characters is served;
// anything else (percent-encoding, "..", backslashes, NUL, hidden files) is a 404 decided from
// the path alone, before the filesystem is touched.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fuar::net {

struct static_result {
  int status = 404;             // 200, 304 or 404
  std::string content_type;
  std::string etag;
  std::string body;
};

// True when `path` may name a file under the root (see above).
bool safe_static_path(std::string_view path);
std::string_view mime_type(std::string_view path);

// Serves `path` (the request target without query) from `root`. `/` maps to index.html and
// the app paths `/booth`, `/admin` to booth.html, admin.html. Blocking file read: files are
// small and in the page cache; a CDN or proxy cache sits in front in production.
static_result serve_static(const std::string& root, std::string_view path, std::string_view if_none_match);

}  // namespace fuar::net
