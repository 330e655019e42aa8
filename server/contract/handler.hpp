#pragma once
// What the transport (server/net) asks of the server above it, and all it knows of it: net
// turns bytes into HTTP requests and WebSocket messages and hands them to a `handler`; the API
// implements it. So net never sees fairs, routes or commands, and the API never sees a socket.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/config/metrics.hpp"
#include "server/contract/connection.hpp"
#include "server/contract/http_types.hpp"

namespace fuar::api {

class handler {
public:
  virtual ~handler() = default;

  // The largest body to read for this request (uploads have their own limits).
  virtual std::size_t body_limit(const std::string& method, const std::string& path) const = 0;
  // Answers a request; `done` runs on `shard`.
  virtual void handle_http(std::size_t shard, http_request req, std::function<void(http_response)> done) = 0;

  // Origin allowlist for WebSocket upgrades.
  virtual bool origin_allowed(const std::string& origin) const = 0;
  // Looks up a session token off the I/O thread; `done` runs on `shard` with the user (nullopt
  // for an unknown or expired session), the token's hash, and `unavailable` = true when the
  // store could not answer (answer 503, not 401: the session may well be valid).
  virtual void authenticate(std::size_t shard, const std::string& token,
                            std::function<void(std::optional<store::user>, std::string, bool unavailable)> done) = 0;
  // Admission control for an authenticated upgrade: nullopt admits (and counts) the user.
  virtual std::optional<app::reject_reason> admit(const store::user& u) = 0;
  // A connection id unique in the cluster ("node/17").
  virtual std::string new_conn_id() = 0;

  virtual void on_open(const std::shared_ptr<connection>& c) = 0;
  virtual void on_message(const std::shared_ptr<connection>& c, std::string_view text) = 0;
  // Also releases the admission slot of a socket that never opened.
  virtual void on_close(const std::shared_ptr<connection>& c) = 0;
};

}  // namespace fuar::api
