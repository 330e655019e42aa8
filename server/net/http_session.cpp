// One HTTP/1.1 connection: reads requests, answers API routes, static files, health and
// metrics, and hands a valid WebSocket upgrade at /ws over to a ws_session.
#include <algorithm>
#include <iostream>
#include <limits>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/net/sessions.hpp"
#include "server/net/static_files.hpp"
#include "server/net/ws_frame.hpp"

namespace fuar::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class http_session : public std::enable_shared_from_this<http_session> {
public:
  http_session(context& ctx, std::size_t shard, tcp::socket s)
      : ctx_(ctx), shard_(shard), stream_(std::move(s)) {
    ctx_.metrics.open_http_connections.fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = ep.address().to_string();
  }

  // Runs inside ~io_context at shutdown too: touch only the metrics (declared before them).
  ~http_session() { metrics_.open_http_connections.fetch_sub(1, std::memory_order_relaxed); }

  void run() { do_read(); }

private:
  using request = http::request<http::string_body>;
  using response = http::response<http::string_body>;

  void do_read() {
    parser_.emplace();
    parser_->header_limit(std::uint32_t(ctx_.cfg.http.max_header_bytes));
    // Decided per route once the header is in (on_header); Beast compares Content-Length with
    // the limit only while parsing the header, so it is checked there by hand.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(std::chrono::milliseconds(ctx_.cfg.http.request_timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // The body limit depends on the route (uploads have their own), so it is set between the
  // header and the body.
  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    const auto& h = parser_->get();
    std::string_view target = h.target();
    body_limit_ = ctx_.api.body_limit(std::string(h.method_string()), std::string(target.substr(0, target.find('?'))));
    if (auto n = parser_->content_length(); n && *n > body_limit_) return on_read(http::error::body_limit);
    parser_->body_limit(std::uint64_t(body_limit_));  // chunked bodies count against it as they come
    if (parser_->is_done()) return on_read({});
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return shutdown();
    if (ec == http::error::body_limit)
      return send_error(413, "too_large", "the body is larger than " + std::to_string(body_limit_) + " bytes", false);
    if (ec == http::error::header_limit) return send_error(431, "too_large", "request headers too large", false);
    if (ec) return;  // timeout, reset, garbage: nothing to answer
    request req = parser_->release();
    if (beast::websocket::is_upgrade(req)) return upgrade(std::move(req));
    handle(std::move(req));
  }

  // The peer's address, or for a trusted proxy the last hop it recorded in X-Forwarded-For.
  std::string client_ip(const request& req) const {
    const auto& proxies = ctx_.cfg.http.trusted_proxies;
    if (std::find(proxies.begin(), proxies.end(), remote_ip_) == proxies.end()) return remote_ip_;
    auto it = req.find("X-Forwarded-For");
    std::string xff = it == req.end() ? std::string() : std::string(it->value());
    auto comma = xff.rfind(',');
    std::string last = comma == std::string::npos ? xff : xff.substr(comma + 1);
    auto b = last.find_first_not_of(' '), e = last.find_last_not_of(' ');
    return b == std::string::npos ? remote_ip_ : last.substr(b, e - b + 1);
  }

  static std::string header(const request& req, http::field f) {
    auto it = req.find(f);
    return it == req.end() ? std::string() : std::string(it->value());
  }

  void handle(request req) {
    std::string_view target = req.target();
    auto q = target.find('?');
    std::string path(target.substr(0, q));
    bool keep = req.keep_alive();
    unsigned version = req.version();
    // HEAD is answered as GET without the body (Content-Length still tells its size).
    bool head = req.method() == http::verb::head;

    if (path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/metrics") {
      api::http_request r;
      r.method = head ? std::string("GET") : std::string(req.method_string());
      r.path = path;
      if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
      r.cookie = header(req, http::field::cookie);
      r.authorization = header(req, http::field::authorization);
      r.origin = header(req, http::field::origin);
      r.content_type = header(req, http::field::content_type);
      r.host = header(req, http::field::host);
      auto csrf = req.find("X-Fuar-CSRF");
      if (csrf != req.end()) r.csrf = std::string(csrf->value());
      r.body = std::move(req.body());
      r.remote_ip = client_ip(req);
      ctx_.api.handle_http(shard_, std::move(r), [self = shared_from_this(), keep, version, head](api::http_response out) {
        auto res = std::make_shared<response>(http::status(out.status), version);
        res->set(http::field::server, "fuar");
        if (!out.content_type.empty()) res->set(http::field::content_type, out.content_type);
        for (auto& [k, v] : out.headers) res->insert(k, v);
        res->set("X-Content-Type-Options", "nosniff");
        res->keep_alive(keep);
        res->body() = std::move(out.body);
        self->write(res, head);
      });
      return;
    }

    auto res = std::make_shared<response>(http::status::ok, version);
    res->set(http::field::server, "fuar");
    res->keep_alive(keep);
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      res->result(http::status::method_not_allowed);
      res->set(http::field::allow, "GET, HEAD");
      return write(res);
    }
    ctx_.metrics.http_requests.fetch_add(1, std::memory_order_relaxed);
    auto file = serve_static(ctx_.static_root, path, header(req, http::field::if_none_match));
    res->result(http::status(file.status));
    if (file.status == 404) {
      res->set(http::field::content_type, "text/plain; charset=utf-8");
      res->body() = "not found\n";
    } else {
      res->set(http::field::content_type, file.content_type);
      res->set(http::field::etag, file.etag);
      res->set(http::field::cache_control, "no-cache");
      res->set("X-Content-Type-Options", "nosniff");
      res->set("Content-Security-Policy",
               "default-src 'self'; connect-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
      res->set("Referrer-Policy", "same-origin");
      res->body() = std::move(file.body);
    }
    write(res, head);
  }

  void upgrade(request req) {
    std::string_view target = req.target();
    if (target.substr(0, target.find('?')) != "/ws") return send_error(404, "not_found", "WebSocket endpoint is /ws", false);

    bool bearer = false;
    auto token = api::session_token(header(req, http::field::cookie), header(req, http::field::authorization), bearer);
    auto origin = header(req, http::field::origin);
    bool origin_ok = ctx_.api.origin_allowed(origin) ||
                     (origin.empty() && bearer && ctx_.cfg.ws.allow_missing_origin_with_bearer);
    if (!origin_ok) return reject(app::reject_reason::origin, 403, "origin not allowed");
    if (token.empty()) return reject(app::reject_reason::unauthenticated, 401, "sign in first");

    // RFC 6455 §4.2.1: version 13 and a key; checked before the session lookup (cheap first).
    auto version = header(req, http::field::sec_websocket_version);
    if (version.empty()) return send_error(400, "bad_request", "Sec-WebSocket-Version is missing", false);
    if (version != "13") {
      auto res = std::make_shared<response>(http::status::upgrade_required, 11);
      res->set(http::field::server, "fuar");
      res->set(http::field::sec_websocket_version, "13");
      res->set(http::field::content_type, "application/json");
      res->body() = R"({"error":{"code":"bad_request","message":"WebSocket version 13 only"}})";
      res->keep_alive(false);
      return write(res);
    }
    auto accept = wsf::accept_key(header(req, http::field::sec_websocket_key));
    if (accept.empty()) return send_error(400, "bad_request", "Sec-WebSocket-Key must be the base64 form of 16 bytes", false);

    ctx_.api.authenticate(shard_, token, [self = shared_from_this(), accept = std::move(accept)](std::optional<store::user> u, std::string hash,
                                                                                               bool unavailable) {
      if (unavailable) return self->send_error(503, "unavailable", "the store is unavailable; try again", false);
      if (!u) return self->reject(app::reject_reason::unauthenticated, 401, "session unknown or expired");
      if (auto why = self->ctx_.api.admit(*u)) {
        int status = *why == app::reject_reason::node_full ? 503 : 429;
        return self->reject(*why, status, *why == app::reject_reason::node_full ? "node full, try another" : "too many connections for this user");
      }
      self->stream_.expires_never();
      start_ws_session(self->ctx_, self->shard_, self->stream_.release_socket(), accept, std::move(*u), std::move(hash));
    });
  }

  void reject(app::reject_reason why, int status, const std::string& message) {
    ctx_.metrics.reject(why);
    const char* code = status == 401 ? "unauthorized" : status == 403 ? "forbidden" : status == 429 ? "rate_limited" : "unavailable";
    send_error(status, code, message, false, app::to_string(why));
  }

  void send_error(int status, const char* code, const std::string& message, bool keep, const char* reason = nullptr) {
    auto res = std::make_shared<response>(http::status(status), 11);
    res->set(http::field::server, "fuar");
    res->set(http::field::content_type, "application/json");
    nlohmann::json e{{"code", code}, {"message", message}};
    nlohmann::json body{{"error", e}};
    if (reason) body["reason"] = reason;
    res->body() = body.dump();
    res->keep_alive(keep);
    write(res);
  }

  // For HEAD the body is dropped here, after its size is recorded in Content-Length.
  void write(const std::shared_ptr<response>& res, bool head = false) {
    res->prepare_payload();
    if (head) {
      auto n = res->body().size();
      res->body().clear();
      res->content_length(n);
    }
    stream_.expires_after(std::chrono::milliseconds(ctx_.cfg.http.request_timeout_ms));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (!res->keep_alive()) return self->shutdown();
      self->do_read();
    });
  }

  // Half-close, then read and discard what the client is still sending (an unread upload
  // after a 413, say) until it closes or 2 s pass: closing with unread data would make the
  // kernel send a reset, which can destroy the response before the client reads it.
  void shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    linger();
  }

  void linger() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(16384), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->linger();  // EOF, timeout or reset: done, the socket closes with us
    });
  }

  context& ctx_;
  app::metrics& metrics_ = ctx_.metrics;
  std::size_t shard_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::size_t body_limit_ = 0;
  std::string remote_ip_;
};

}  // namespace

void start_http_session(context& ctx, std::size_t shard, tcp::socket socket) {
  if (ctx.metrics.open_http_connections.load(std::memory_order_relaxed) >= ctx.cfg.http.max_connections) {
    // Full: a short canned answer (best effort, never blocking for long) and close.
    ctx.metrics.http_connections_refused.fetch_add(1, std::memory_order_relaxed);
    static const char busy[] =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
        "Retry-After: 1\r\nContent-Length: 73\r\n\r\n"
        "{\"error\":{\"code\":\"unavailable\",\"message\":\"too many connections; retry\"}}\n";
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(busy, sizeof busy - 1), ec);
    socket.close(ec);
    return;
  }
  // The acceptor runs on shard 0; the session's first operation must start on its own shard.
  auto session = std::make_shared<http_session>(ctx, shard, std::move(socket));
  asio::post(ctx.hub.shard_context(shard), [session] { session->run(); });
}

}  // namespace fuar::net
