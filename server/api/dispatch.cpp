// Dispatch of the domain route table (routes.hpp): match, check the audience, run the handler on
// the blocking pool, answer on the caller's shard.
#include <chrono>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/api/api.hpp"
#include "server/api/routes.hpp"
#include "server/auth/tokens.hpp"
#include "server/cv/routes.hpp"

namespace fuar::api {

namespace asio = boost::asio;
using protocol::error;
using protocol::error_code;

namespace {

std::int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

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
  if (!has_cache) r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string role_name(audience a) {
  switch (a) {
    case audience::jobseeker: return "a jobseeker";
    case audience::employer: return "an employer";
    case audience::organiser: return "an organiser";
    default: return "a";
  }
}

bool role_fits(audience a, store::role r) {
  switch (a) {
    case audience::anyone:
    case audience::signed_in: return true;
    case audience::jobseeker: return r == store::role::jobseeker;
    case audience::employer: return r == store::role::employer;
    case audience::organiser: return r == store::role::organiser;
  }
  return false;
}

}  // namespace

void api::init_domain() {
  svc_ = std::make_unique<services>(services{
      cfg_, store_, cfg_.files_dir(),
      [this](const std::string& topic, const std::string& event, const nlohmann::json& data) {
        hub_.get_broker().publish(topic, event, data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                                  nullptr);
      },
      [this](std::function<void()> job) {
        asio::post(*jobs_, [job = std::move(job)] {
          try {
            job();
          } catch (const std::exception& e) {
            std::cerr << "fuar: background job failed: " << e.what() << "\n";
          }
        });
      },
      [this](std::int64_t user_id, std::uint16_t code, const std::string& reason) { close_user(user_id, code, reason); }});
  cv::on_start(*svc_);
  start_live();
}

const route* api::find_route(const std::string& method, const std::string& path, std::vector<std::int64_t>& ids,
                             std::string* allow) const {
  for (const auto& r : all_routes()) {
    if (!match_pattern(r.pattern, path, ids)) continue;
    if (r.method == method) return &r;
    if (allow) *allow += (allow->empty() ? "" : ", ") + std::string(r.method);
  }
  return nullptr;
}

std::size_t api::body_limit(const std::string& method, const std::string& path) const {
  std::vector<std::int64_t> ids;
  if (auto* r = find_route(method, path, ids, nullptr); r && r->body == body_kind::raw) {
    if (r->max_body_from_config) return std::size_t(r->max_body_from_config(cfg_));
    if (r->max_body) return r->max_body;
  }
  return std::size_t(cfg_.http.max_body_bytes);
}

bool api::route_domain(std::size_t shard, http_request& req, const std::function<void(http_response)>& done) {
  std::vector<std::int64_t> ids;
  std::string allow;
  const route* r = find_route(req.method, req.path, ids, &allow);
  if (!r) {
    if (allow.empty()) return false;
    auto resp = to_http(error{error_code::invalid, "method " + req.method + " is not allowed here", ""});
    resp.status = 405;
    resp.headers.emplace_back("Allow", allow);
    done(std::move(resp));
    return true;
  }

  nlohmann::json body;
  if (r->body == body_kind::json) {
    auto parsed = protocol::parse_body(req.body, std::size_t(cfg_.http.max_json_depth));
    if (auto* e = std::get_if<error>(&parsed)) {
      done(to_http(*e));
      return true;
    }
    body = std::move(std::get<nlohmann::json>(parsed));
  } else if (r->body == body_kind::raw && req.body.size() > body_limit(req.method, req.path)) {
    done(to_http(error{error_code::too_large, "the body is too large", ""}));
    return true;
  }

  bool bearer = false;
  auto token = session_token(req.cookie, req.authorization, bearer);
  if (r->who != audience::anyone && token.empty()) {
    done(to_http(error{error_code::unauthorized, "not signed in", ""}));
    return true;
  }
  auto hash = token.empty() ? std::string() : auth::token_hash(token);

  struct outcome {
    std::optional<route_reply> reply;
    error err;
  };
  auto shared_req = std::make_shared<http_request>(std::move(req));
  in_flight_.fetch_add(1);
  asio::post(*pool_, [this, shard, r, ids = std::move(ids), body = std::move(body), hash, shared_req, done]() mutable {
    auto start = std::chrono::steady_clock::now();
    outcome out;
    try {
      request_ctx ctx{*svc_, store_, cfg_, *shared_req, std::nullopt, std::move(ids), {}, std::move(body), unix_now()};
      if (!hash.empty()) {
        ctx.user = store_.find_session_user(hash, ctx.now);
        if (ctx.user) std::string().swap(ctx.user->password_hash);
      }
      if (r->who != audience::anyone) {
        if (!ctx.user) throw failure(error_code::unauthorized, "not signed in");
        if (!role_fits(r->who, ctx.user->user_role))
          throw failure(error_code::forbidden, "this needs " + role_name(r->who) + " account");
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
  return true;
}

}  // namespace fuar::api
