#pragma once
// Plain HTTP request/response for the API, so that api/ never includes Beast. The net layer
// converts to and from Beast messages.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fuar::api {

struct http_request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // decoded path, no query
  std::string query;
  std::string cookie;        // Cookie header
  std::string authorization; // Authorization header
  std::string origin;        // Origin header ("" when absent)
  std::string content_type;
  std::string host;          // Host header (links when fairs.public_url is empty)
  std::string csrf;          // X-Fuar-CSRF header
  std::string body;
  std::string remote_ip;
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
};

// Reads the session token from `Authorization: Bearer` or the fuar_session cookie.
// `bearer` tells which one it came from (a bearer token is exempt from CSRF and Origin checks).
std::string session_token(const std::string& cookie, const std::string& authorization, bool& bearer);

}  // namespace fuar::api
