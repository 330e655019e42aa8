#pragma once
// The HTTP route table (PROTOCOL.md §1, §4 and protocol/http/*.md): every HTTP route the node
// answers under /api/, /healthz and /metrics is one row here, and the API has no other way in.
//
// Each capability folder (server/session, server/node, server/fair, server/booth, ...) exports
// one array of `route` rows; server/api/route_table.cpp lists the capabilities. A row is at the
// same time its policy: who may call it (`who`, checked by the dispatcher before the handler
// runs) and, in words, the ownership check the handler applies on top (`ownership`). A method a
// path's rows do not take is answered 405 with an `Allow` header built from those rows. A unit
// test fails when a row has no ownership text or a documented route has no row, and the
// integration authorisation matrix fails when a row has no probe.
//
// Handlers run on the blocking pool (they may call the store) and either return a reply or
// throw `failure`. They must validate everything before they write: a refused request changes
// nothing. They publish pushes through `ctx.publish` only after the store call that commits the
// change has returned. A few node endpoints answer on the caller's shard instead (`on_shard`,
// shard.hpp), so that they answer while the pool is saturated.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/catalogue.hpp"
#include "server/contract/http_types.hpp"
#include "server/contract/policy.hpp"
#include "server/config/config.hpp"
#include "server/broker/broker.hpp"
#include "server/store/store.hpp"

namespace fuar::api {

// Thrown by handlers: becomes the error reply (PROTOCOL.md §2) with the code's HTTP status.
struct failure : std::runtime_error {
  protocol::error err;
  failure(protocol::error_code c, std::string message, std::string field = "")
      : std::runtime_error(message), err{c, std::move(message), std::move(field), 0} {}
};

enum class body_kind {
  none,  // no body expected (a body is ignored)
  json,  // a JSON object, parsed into ctx.body (http.max_body_bytes, http.max_json_depth)
  raw,   // bytes as sent, in ctx.req.body, up to route.max_body (uploads)
};

struct route_reply {
  int status = 200;
  nlohmann::json json;       // sent when content_type is empty
  std::string content_type;  // non-empty: `raw` is the body
  std::string raw;
  std::vector<std::pair<std::string, std::string>> headers;
  // Adds `Cache-Control: no-store` unless `headers` set a Cache-Control. The public reads and the
  // node endpoints have always been sent without one, and logout's 204 too.
  bool no_store = true;

  static route_reply ok(nlohmann::json j, int status = 200) {
    route_reply r;
    r.status = status;
    r.json = std::move(j);
    return r;
  }
  static route_reply no_content() {
    route_reply r;
    r.status = 204;
    return r;
  }
  // A file download: Content-Disposition attachment with an ASCII-safe `download_name`.
  static route_reply file(std::string content_type, std::string bytes, const std::string& download_name);
  // An inline body (images, SVG): still nosniff, cached privately for `max_age_s`.
  static route_reply inline_body(std::string content_type, std::string bytes, int max_age_s = 0);
};

// Shared, thread-safe services a handler may use besides the store.
struct services {
  const app::config& cfg;
  store::store& st;
  std::string files_dir;  // <data_dir>/files: uploads, never under web-static
  // Publishes a push on a topic to every subscriber on every node (thread-safe). Call it after
  // the commit it reports.
  std::function<void(const std::string& topic, const std::string& event, const nlohmann::json& data)> publish;
  // Runs `job` later on the background pool (slow work that must not hold the request, e.g.
  // CV text extraction). Jobs still queued at shutdown are dropped; design them to be redone
  // at start-up from durable state.
  std::function<void(std::function<void()> job)> background;
  // Closes every WebSocket of a user with `code`, on every node (through the control topic;
  // e.g. the account was deleted, or the user was banned).
  std::function<void(std::int64_t user_id, std::uint16_t code, const std::string& reason)> close_user;
  // Publishes a push without history (offset-less, never replayed: typing indicators, WebRTC
  // signalling, throttled counts) to every subscriber on every node.
  std::function<void(const std::string& topic, const std::string& event, const nlohmann::json& data)> publish_ephemeral;
  // Ends every subscription of a user to `topic` on every node; each affected connection gets
  // the push {topic, event: "subscription.revoked", data: {reason}} (e.g. kicked from a room).
  std::function<void(std::int64_t user_id, const std::string& topic, const std::string& reason)> revoke;
  // Runs `job` on the blocking pool every `period_ms` (the first run one period after start),
  // never two runs of the same job at once; stops when the API shuts down. Sweeps and timers of
  // the live capabilities (queue call timeouts, reminders) run this way.
  std::function<void(std::int64_t period_ms, std::function<void()> job)> every;
  // Presence of a topic across the cluster (blocking, at most ~2 s; nullopt when the broker does
  // not answer): distinct users, by role, and with `members` the users themselves.
  std::function<std::optional<broker::presence_summary>(const std::string& topic, bool members)> presence;
  // Closes every WebSocket of one session (by its token's hash) with `code`, on this node (logout).
  std::function<void(const std::string& token_hash, std::uint16_t code, const std::string& reason)> close_session;
};

struct request_ctx {
  services& svc;
  store::store& st;                  // == svc.st
  const app::config& cfg;            // == svc.cfg
  const http_request& req;
  std::optional<store::user> user;   // set when the caller is signed in (always, unless `anyone`)
  std::vector<std::int64_t> ids;     // the {id} segments of the pattern, in order
  std::map<std::string, std::string> query;  // decoded query parameters (last one wins)
  nlohmann::json body;               // body_kind::json: the parsed object
  std::int64_t now = 0;              // unix seconds, taken when the request arrived

  void publish(const std::string& topic, const std::string& event, const nlohmann::json& data) const {
    svc.publish(topic, event, data);
  }
  // The signed-in user (the dispatcher guarantees one unless the route is `anyone`).
  const store::user& me() const;
  std::int64_t id(std::size_t i = 0) const { return ids.at(i); }
  // A query parameter, or `fallback` when absent.
  std::string param(const std::string& name, const std::string& fallback = "") const;
};

using route_handler = route_reply (*)(request_ctx&);
struct route_shard_ctx;  // shard.hpp
using route_shard_handler = void (*)(route_shard_ctx&);

struct route {
  std::string_view method;   // GET POST PUT PATCH DELETE
  std::string_view pattern;  // "/api/fairs/{id}/booths"; {id} is a positive decimal id
  audience who;
  std::string_view ownership;  // the resource check the handler applies, in words ("none" if none)
  route_handler handler;
  body_kind body = body_kind::none;
  std::size_t max_body = 0;  // body_kind::raw only; 0 = http.max_body_bytes
  // For raw uploads whose limit comes from the configuration (e.g. cv.max_bytes): returns it.
  std::int64_t (*max_body_from_config)(const app::config&) = nullptr;
  // Instead of `handler`: runs on the caller's shard thread and answers through the context
  // (never blocks; store work goes through the shard services' blocking()). Only for `anyone`
  // rows: the dispatcher looks up nobody for them.
  route_shard_handler on_shard = nullptr;
};

// What the route table answers for a method and a path: the row (with the path's {id}s), or
// no row and the `Allow` value listing the methods the path's rows take (HEAD after GET, as
// HEAD is answered like GET), or neither when no row's pattern matches (404).
struct route_match {
  const route* row = nullptr;
  std::vector<std::int64_t> ids;
  std::string allow;
};
route_match find_route(std::span<const route> rows, std::string_view method, std::string_view path);

// Matches `path` against `pattern`; fills `ids` with the {id} segments.
bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::int64_t>& ids);
// Splits and percent-decodes a query string ("a=1&b=x%20y").
std::map<std::string, std::string> parse_query(std::string_view query);
// Percent-decoding ('+' is a space); nullopt for a malformed escape.
std::optional<std::string> url_decode(std::string_view s);

// ---- helpers for handlers: field validation with errors that name the field ----------------
namespace field {
// A required (or optional, when `required` is false and the key is absent → fallback) string,
// trimmed, valid UTF-8 without control characters, length in [min, max] code points.
std::string text(const nlohmann::json& body, const char* name, std::size_t min, std::size_t max,
                 bool required = true, const std::string& fallback = "");
// Like text() but newlines and tabs are allowed (descriptions, notes).
std::string multiline(const nlohmann::json& body, const char* name, std::size_t max, bool required = false,
                      const std::string& fallback = "");
std::int64_t integer(const nlohmann::json& body, const char* name, std::int64_t min, std::int64_t max,
                     bool required = true, std::int64_t fallback = 0);
bool boolean(const nlohmann::json& body, const char* name, bool required = false, bool fallback = false);
// One of `allowed`.
std::string one_of(const nlohmann::json& body, const char* name, std::span<const std::string_view> allowed,
                   bool required = true, const std::string& fallback = "");
// An http(s) URL of at most `max` characters, or "" when absent/empty and not required.
std::string url(const nlohmann::json& body, const char* name, std::size_t max = 500, bool required = false);
// Is `name` present (and not null) in the body? (PATCH-style partial updates.)
bool has(const nlohmann::json& body, const char* name);
}  // namespace field

// CSV (RFC 4180) for exports: quotes every field that needs it and neutralises cells that a
// spreadsheet would run as a formula (leading = + - @ tab CR get a leading apostrophe).
std::string csv_row(const std::vector<std::string>& cells);

}  // namespace fuar::api
