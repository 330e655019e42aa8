// The HTTP way in (PROTOCOL.md §1): checks that apply to every request before the route table
// is consulted — CSRF and Origin on state-changing methods, refusal of writes while the node
// drains — then the route table (dispatch.cpp) answers. There is no other path to a handler.
//
// A row runs its handler on the blocking pool once the dispatcher has checked its audience
// (looking up the session), parsed a JSON body and bounded a raw one; an `on_shard` row (the
// node endpoints) answers on the caller's shard. A method the path's rows do not take gets 405
// with the `Allow` the table gives; a path no row matches, 404.
#include <chrono>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/api/api.hpp"
#include "server/contract/routes.hpp"
#include "server/contract/shard.hpp"
#include "server/auth/tokens.hpp"
#include "server/util/clock.hpp"

namespace fuar::api {

namespace asio = boost::asio;
using protocol::error;
using protocol::error_code;

namespace {

http_response to_http(const error& e) {
  http_response r;
  r.status = protocol::http_status(e.code);
  r.body = nlohmann::json{{"error", protocol::error_object(e)}}.dump(-1, ' ', false,
                                                                    nlohmann::json::error_handler_t::replace);
  if (e.retry_after > 0) r.headers.emplace_back("Retry-After", std::to_string(e.retry_after));
  return r;
}

http_response to_http(route_reply&& rr) {
  http_response r;
  r.status = rr.status;
  r.headers = std::move(rr.headers);
  if (rr.status == 204) {
    r.content_type.clear();
  } else if (!rr.content_type.empty()) {
    r.content_type = std::move(rr.content_type);
    r.body = std::move(rr.raw);
  } else {
    r.body = rr.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  bool has_cache = false;
  for (auto& [k, v] : r.headers) has_cache = has_cache || k == "Cache-Control";
  if (!has_cache && rr.no_store) r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace


std::optional<error> api::csrf_check(const http_request& req) const {
  bool bearer = false;
  session_token(req.cookie, req.authorization, bearer);
  if (bearer) return std::nullopt;  // no ambient credential: nothing to forge
  if (req.csrf != "1")
    return error{error_code::csrf, "missing X-Fuar-CSRF header on a state-changing request", ""};
  if (!req.origin.empty() && !origin_allowed(req.origin))
    return error{error_code::csrf, "request from an origin that is not allowed", ""};
  return std::nullopt;
}

void api::handle_http(std::size_t shard, http_request req, std::function<void(http_response)> done) {
  try {
    route_http(shard, std::move(req), done);
  } catch (const std::exception& e) {
    std::cerr << "fuar: internal error in HTTP route: " << e.what() << "\n";
    done(to_http(error{error_code::internal, "internal error", ""}));
  }
}

std::size_t api::body_limit(const std::string& method, const std::string& path) const {
  auto m = tables_.find_route(method, path);
  if (m.row && m.row->body == body_kind::raw) {
    if (m.row->max_body_from_config) return std::size_t(m.row->max_body_from_config(cfg_));
    if (m.row->max_body) return m.row->max_body;
  }
  return std::size_t(cfg_.http.max_body_bytes);
}

void api::route_http(std::size_t shard, http_request req, const std::function<void(http_response)>& done) {
  metrics_.http_requests.fetch_add(1, std::memory_order_relaxed);
  const std::string& m = req.method;
  bool writes = m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
  if (writes) {
    if (auto e = csrf_check(req)) return done(to_http(*e));
    if (draining_) return done(to_http(error{error_code::unavailable, "the server is shutting down", ""}));
  }

  auto match = tables_.find_route(req.method, req.path);
  const route* r = match.row;
  if (!r) {
    if (match.allow.empty()) return done(to_http(error{error_code::not_found, "no such API route", ""}));
    auto resp = to_http(error{error_code::invalid, "method " + req.method + " is not allowed here", ""});
    resp.status = 405;
    resp.headers.emplace_back("Allow", match.allow);
    return done(std::move(resp));
  }

  nlohmann::json body;
  if (r->body == body_kind::json) {
    auto parsed = protocol::parse_body(req.body, std::size_t(cfg_.http.max_json_depth));
    if (auto* e = std::get_if<error>(&parsed)) return done(to_http(*e));
    body = std::move(std::get<nlohmann::json>(parsed));
  } else if (r->body == body_kind::raw && req.body.size() > body_limit(req.method, req.path)) {
    return done(to_http(error{error_code::too_large, "the body is too large", ""}));
  }

  if (r->on_shard) {
    auto shared_req = std::make_shared<http_request>(std::move(req));
    route_shard_ctx ctx{*this, shard, *shared_req,
                        [shared_req, done](std::variant<route_reply, error> out) {
                          if (auto* e = std::get_if<error>(&out)) return done(to_http(*e));
                          done(to_http(std::move(std::get<route_reply>(out))));
                        }};
    return r->on_shard(ctx);
  }

  bool bearer = false;
  auto token = session_token(req.cookie, req.authorization, bearer);
  if (r->who != audience::anyone && token.empty()) return done(to_http(error{error_code::unauthorized, "not signed in", ""}));
  auto hash = token.empty() ? std::string() : auth::token_hash(token);

  struct result {
    std::optional<route_reply> reply;
    error err;
  };
  auto shared_req = std::make_shared<http_request>(std::move(req));
  in_flight_.fetch_add(1);
  asio::post(*pool_, [this, shard, r, ids = std::move(match.ids), body = std::move(body), hash, shared_req,
                      done]() mutable {
    auto start = std::chrono::steady_clock::now();
    result out;
    try {
      request_ctx ctx{*svc_, store_, cfg_, *shared_req, std::nullopt, std::move(ids), {}, std::move(body), util::unix_s()};
      if (!hash.empty()) {
        ctx.user = store_.find_session_user(hash, ctx.now);
        if (ctx.user) std::string().swap(ctx.user->password_hash);
      }
      if (r->who != audience::anyone) {
        if (!ctx.user) throw failure(error_code::unauthorized, "not signed in");
        if (!admits(r->who, ctx.user->user_role))
          throw failure(error_code::forbidden, "this needs " + std::string(article_name(r->who)) + " account");
      }
      ctx.query = parse_query(shared_req->query);
      out.reply = r->handler(ctx);
    } catch (const failure& f) {
      out.err = f.err;
    } catch (const store::store_error& e) {
      std::cerr << "fuar: store error: " << e.what() << "\n";
      out.err = error{error_code::unavailable, "the store is unavailable; try again", ""};
    } catch (const std::exception& e) {
      std::cerr << "fuar: internal error in " << r->method << " " << r->pattern << ": " << e.what() << "\n";
      out.err = error{error_code::internal, "internal error", ""};
    }
    metrics_.store_latency.observe_us(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
    asio::post(hub_.shard_context(shard), [this, out = std::move(out), done]() mutable {
      done(out.reply ? to_http(std::move(*out.reply)) : to_http(out.err));
      in_flight_.fetch_sub(1);
    });
  });
}

}  // namespace fuar::api
