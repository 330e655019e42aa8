// Unit tests for fuar::net static files: the path filter (decided before the filesystem is
// touched), MIME types, and serving from a temporary root with ETag / If-None-Match.
#include "server/net/static_files.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "tests/unit/fixtures.hpp"

namespace {

using fuar::net::mime_type;
using fuar::net::safe_static_path;
using fuar::net::serve_static;

// The served root: a temporary folder (tests/unit/fixtures.hpp) and its path as a string.
struct temp_root : fuar::test::temp_dir {
  temp_root() : fuar::test::temp_dir("fuar_static_test_") {}
  std::string root() const { return path.string(); }
};

}  // namespace

TEST_CASE("static: safe_static_path accepts ordinary paths", "[static]") {
  for (std::string p : {"/", "/index.html", "/js/app.js", "/css/app.css", "/js/views/booth-list.js",
                        "/img/logo_2.svg", "/booth", "/a.b.c"}) {
    CAPTURE(p);
    CHECK(safe_static_path(p));
  }
  CHECK(safe_static_path("/" + std::string(255, 'a')));  // 256 characters: the longest allowed
}

TEST_CASE("static: safe_static_path rejects traversal, encodings and odd characters", "[static]") {
  for (std::string p : {
           std::string("/../etc/passwd"), std::string("/.."), std::string("/js/../x"),
           std::string("/js/.."), std::string("/./index.html"), std::string("/%2e%2e/x"),
           std::string("/a%2fb"), std::string("/a\\b"), std::string("/a\0b", 4),
           std::string("/.git/config"), std::string("/.env"), std::string("//etc"),
           std::string("/js//app.js"), std::string("relative"), std::string(""),
           std::string("/" + std::string(299, 'a')), std::string("/a b"), std::string("/a?b"),
           std::string("/a#b"), std::string("/\xC5\x9F.html"), std::string("/a:b"), std::string("/~root"),
       }) {
    CAPTURE(p);
    CHECK_FALSE(safe_static_path(p));
  }
  CHECK_FALSE(safe_static_path("/" + std::string(256, 'a')));  // 257 characters
}

TEST_CASE("static: mime_type by extension", "[static]") {
  CHECK(mime_type("/index.html") == "text/html; charset=utf-8");
  CHECK(mime_type("/js/app.js") == "text/javascript; charset=utf-8");
  CHECK(mime_type("/js/app.mjs") == "text/javascript; charset=utf-8");
  CHECK(mime_type("/css/app.css") == "text/css; charset=utf-8");
  CHECK(mime_type("/img/logo.svg") == "image/svg+xml");
  CHECK(mime_type("/img/logo.png") == "image/png");
  CHECK(mime_type("/data/x.json") == "application/json");
  CHECK(mime_type("/file.unknown") == "application/octet-stream");
  CHECK(mime_type("/noextension") == "application/octet-stream");
  CHECK(mime_type("/archive.html.gz") == "application/octet-stream");  // the last extension counts
}

TEST_CASE("static: serve_static serves files with an ETag and honours If-None-Match", "[static]") {
  temp_root r;
  r.write("index.html", "<!doctype html><title>fuar</title>");
  r.write("js/app.js", "export const x = 1;\n");
  r.write("css/app.css", "body{}");
  r.write("booth.html", "<title>booth</title>");

  SECTION("200 with body, type and ETag") {
    auto res = serve_static(r.root(), "/js/app.js", "");
    CHECK(res.status == 200);
    CHECK(res.body == "export const x = 1;\n");
    CHECK(res.content_type == "text/javascript; charset=utf-8");
    CHECK_FALSE(res.etag.empty());
    CHECK(res.etag.front() == '"');
    CHECK(res.etag.back() == '"');
    // Stable for an unchanged file, different for another file.
    CHECK(serve_static(r.root(), "/js/app.js", "").etag == res.etag);
    CHECK(serve_static(r.root(), "/css/app.css", "").etag != res.etag);
  }
  SECTION("304 with a matching If-None-Match, 200 otherwise") {
    auto first = serve_static(r.root(), "/css/app.css", "");
    REQUIRE(first.status == 200);
    auto again = serve_static(r.root(), "/css/app.css", first.etag);
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.etag == first.etag);
    auto other = serve_static(r.root(), "/css/app.css", "\"something-else\"");
    CHECK(other.status == 200);
    CHECK(other.body == "body{}");
  }
  SECTION("/ maps to index.html") {
    auto res = serve_static(r.root(), "/", "");
    CHECK(res.status == 200);
    CHECK(res.body == "<!doctype html><title>fuar</title>");
    CHECK(res.content_type == "text/html; charset=utf-8");
    CHECK(res.etag == serve_static(r.root(), "/index.html", "").etag);
  }
  SECTION("/booth maps to booth.html") {
    auto res = serve_static(r.root(), "/booth", "");
    CHECK(res.status == 200);
    CHECK(res.body == "<title>booth</title>");
    CHECK(res.content_type == "text/html; charset=utf-8");
  }
  SECTION("404 for a directory") {
    for (std::string p : {"/js", "/js/", "/css"}) {
      CAPTURE(p);
      auto res = serve_static(r.root(), p, "");
      CHECK(res.status == 404);
      CHECK(res.body.empty());
    }
  }
  SECTION("404 for a missing file") {
    auto res = serve_static(r.root(), "/missing.html", "");
    CHECK(res.status == 404);
    CHECK(res.body.empty());
    CHECK(serve_static(r.root(), "/js/app.js/x", "").status == 404);
  }
  SECTION("404 for an unsafe path even when the file exists") {
    r.write(".secret", "token");
    CHECK(serve_static(r.root(), "/.secret", "").status == 404);
    const auto parent = r.path.filename().string();
    CHECK(serve_static(r.root(), "/../" + parent + "/index.html", "").status == 404);
    CHECK(serve_static(r.root(), "/js/../index.html", "").status == 404);
  }
}
