// HTTP routes of the API (PROTOCOL.md §1). Each route validates its input, authorises, runs
// its store work on the blocking pool and answers on the caller's shard.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <iostream>

#include "server/api/api.hpp"
#include "server/api/policy.hpp"
#include "server/auth/password.hpp"
#include "server/auth/tokens.hpp"

namespace fuar::api {

using protocol::error;
using protocol::error_code;

namespace {

std::int64_t now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

http_response json_response(int status, const nlohmann::json& body) {
  http_response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

http_response error_response(const error& e) {
  auto r = json_response(protocol::http_status(e.code), {{"error", protocol::error_object(e)}});
  if (e.retry_after > 0) r.headers.emplace_back("Retry-After", std::to_string(e.retry_after));
  return r;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  if (s.empty() || s[0] == '0') return std::nullopt;  // from_chars rejects overflow
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Field checks for the auth forms; the error names the field, as WebSocket errors do.
std::optional<error> string_field(const nlohmann::json& body, const char* name, std::size_t min,
                                  std::size_t max, std::string& out) {
  auto it = body.find(name);
  std::string f = name;
  if (it == body.end() || !it->is_string()) return error{error_code::invalid, f + ": is required", f};
  std::string v(protocol::trim(it->get_ref<const std::string&>()));
  auto len = protocol::utf8_length(v);
  if (!len) return error{error_code::invalid, f + ": must be valid UTF-8", f};
  if (*len < min || *len > max)
    return error{error_code::invalid,
                 f + ": must be " + std::to_string(min) + " to " + std::to_string(max) + " characters", f};
  out = std::move(v);
  return std::nullopt;
}

std::optional<error> email_field(const nlohmann::json& body, std::string& out) {
  if (auto e = string_field(body, "email", 3, 254, out)) return e;
  auto at = out.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == out.size() || out.find('@', at + 1) != std::string::npos ||
      out.find(' ') != std::string::npos)
    return error{error_code::invalid, "email: is not an email address", "email"};
  out = lower(out);
  return std::nullopt;
}

}  // namespace

std::string session_token(const std::string& cookie, const std::string& authorization, bool& bearer) {
  bearer = false;
  constexpr std::string_view prefix = "Bearer ";
  if (authorization.size() > prefix.size() && authorization.compare(0, prefix.size(), prefix) == 0) {
    bearer = true;
    return authorization.substr(prefix.size());
  }
  // Cookie: a=b; fuar_session=TOKEN; c=d
  std::string_view c = cookie;
  while (!c.empty()) {
    auto semi = c.find(';');
    auto part = protocol::trim(c.substr(0, semi));
    constexpr std::string_view name = "fuar_session=";
    if (part.substr(0, name.size()) == name) return std::string(part.substr(name.size()));
    if (semi == std::string_view::npos) break;
    c.remove_prefix(semi + 1);
  }
  return {};
}

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

http_response api::session_response(int status, const nlohmann::json& user, const std::string& token,
                                    std::int64_t expires_at) const {
  auto r = json_response(status, {{"user", user}, {"token", token}, {"expires_at", expires_at}});
  std::string cookie = "fuar_session=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(cfg_.auth.session_ttl_s);
  if (cfg_.http.secure_cookies) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

void api::handle_http(std::size_t shard, http_request req, std::function<void(http_response)> done) {
  try {
    route_http(shard, std::move(req), done);
  } catch (const std::exception& e) {
    std::cerr << "fuar: internal error in HTTP route: " << e.what() << "\n";
    done(error_response({error_code::internal, "internal error", ""}));
  }
}

void api::route_http(std::size_t shard, http_request req, const std::function<void(http_response)>& done) {
  metrics_.http_requests.fetch_add(1, std::memory_order_relaxed);
  const std::string& m = req.method;
  const std::string& p = req.path;
  bool writes = m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
  if (writes) {
    if (auto e = csrf_check(req)) return done(error_response(*e));
    if (draining_) return done(error_response({error_code::unavailable, "the server is shutting down", ""}));
  }
  auto parse = [&](std::string_view prefix) -> std::optional<std::int64_t> {
    if (p.size() <= prefix.size() || p.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    return parse_id(std::string_view(p).substr(prefix.size()));
  };

  if (p == "/healthz" && m == "GET") return http_health(shard, done);
  if (p == "/metrics" && m == "GET") {
    http_response r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = metrics_.render();
    return done(std::move(r));
  }
  if (p == "/api/auth/register" && m == "POST") return http_register(shard, req, done);
  if (p == "/api/auth/login" && m == "POST") return http_login(shard, req, done);
  if (p == "/api/auth/logout" && m == "POST") return http_logout(shard, req, done);
  if (p == "/api/me" && m == "GET") return http_me(shard, req, done);
  if (p == "/api/fairs" && m == "GET") return http_fairs(shard, req, done);
  if (auto id = parse("/api/fairs/"); id && m == "GET") return http_fair(shard, *id, req, done);
  if (auto id = parse("/api/booths/"); id && m == "GET") return http_booth(shard, *id, req, done);

  if (route_domain(shard, req, done)) return;

  bool known_path = p == "/api/auth/register" || p == "/api/auth/login" || p == "/api/auth/logout" ||
                    p == "/api/me" || p == "/api/fairs" || p == "/healthz" || p == "/metrics";
  if (known_path) {
    auto r = error_response({error_code::invalid, "method " + m + " is not allowed here", ""});
    r.status = 405;
    r.headers.emplace_back("Allow", p.rfind("/api/auth/", 0) == 0 ? "POST" : "GET, HEAD");
    return done(std::move(r));
  }
  done(error_response({error_code::not_found, "no such API route", ""}));
}

void api::http_health(std::size_t shard, std::function<void(http_response)> done) {
  blocking(
      shard,
      [this]() -> result {
        bool store_ok = false;
        try {
          store_ok = store_.ping();
        } catch (const std::exception&) {
        }
        auto b = hub_.get_broker().state();
        const char* broker = b == broker::health::ok ? "ok" : b == broker::health::degraded ? "degraded" : "down";
        bool ok = store_ok && b != broker::health::down;
        return nlohmann::json{{"status", ok ? (b == broker::health::ok ? "ok" : "degraded") : "down"},
                              {"store", store_ok ? "ok" : "down"},
                              {"broker", broker},
                              {"node", node_name_}};
      },
      [done = std::move(done)](result r) {
        if (auto* e = std::get_if<error>(&r)) return done(error_response(*e));
        auto& j = std::get<nlohmann::json>(r);
        done(json_response(j["status"] == "down" ? 503 : 200, j));
      });
}

void api::http_register(std::size_t shard, const http_request& req, std::function<void(http_response)> done) {
  auto parsed = protocol::parse_body(req.body, std::size_t(cfg_.http.max_json_depth));
  if (auto* e = std::get_if<error>(&parsed)) return done(error_response(*e));
  auto& body = std::get<nlohmann::json>(parsed);
  std::string email, password, name;
  if (auto e = email_field(body, email)) return done(error_response(*e));
  if (auto e = string_field(body, "password", 8, 128, password)) return done(error_response(*e));
  if (auto e = string_field(body, "name", 1, 100, name)) return done(error_response(*e));
  // Registrations are counted per IP so that nobody can flood the blocking pool with
  // password hashing; the limit is generous because a whole career centre may share one IP.
  if (auto wait = register_throttle_.retry_after(req.remote_ip); wait > 0)
    return done(error_response({error_code::rate_limited, "too many registrations; try again later", "", wait}));
  register_throttle_.record_failure(req.remote_ip);

  auto token = auth::new_token();
  blocking(
      shard,
      [this, email, password, name, token]() -> result {
        auto cost = cfg_.auth.password_cost == "minimal" ? auth::minimal_cost() : auth::interactive_cost();
        auto u = store_.create_user(email, name, store::role::jobseeker, auth::hash_password(password, cost));
        if (!u) return error{error_code::conflict, "email: an account with this email already exists", "email"};
        std::int64_t expires = now_s() + cfg_.auth.session_ttl_s;
        store_.create_session(auth::token_hash(token), u->id, expires);
        return nlohmann::json{{"user", user_json(*u)}, {"expires_at", expires}};
      },
      [this, token, done = std::move(done)](result r) {
        if (auto* e = std::get_if<error>(&r)) return done(error_response(*e));
        auto& j = std::get<nlohmann::json>(r);
        done(session_response(201, j["user"], token, j["expires_at"]));
      });
}

void api::http_login(std::size_t shard, const http_request& req, std::function<void(http_response)> done) {
  auto parsed = protocol::parse_body(req.body, std::size_t(cfg_.http.max_json_depth));
  if (auto* e = std::get_if<error>(&parsed)) return done(error_response(*e));
  auto& body = std::get<nlohmann::json>(parsed);
  std::string email, password;
  if (auto e = email_field(body, email)) return done(error_response(*e));
  if (auto e = string_field(body, "password", 1, 128, password)) return done(error_response(*e));

  std::string account_key = "acct:" + email, ip_key = "ip:" + req.remote_ip;
  long wait = std::max(account_throttle_.retry_after(account_key), ip_throttle_.retry_after(ip_key));
  if (wait > 0)
    return done(error_response({error_code::rate_limited, "too many failed logins; try again later", "", wait}));

  // Count the attempt before the slow check, so parallel attempts cannot all slip under the
  // limit while the first ones are still being verified; a success takes it back.
  account_throttle_.record_failure(account_key);
  ip_throttle_.record_failure(ip_key);

  auto token = auth::new_token();
  blocking(
      shard,
      [this, email, password, token]() -> result {
        auto u = store_.find_user_by_email(email);
        // Verify against a dummy hash for unknown emails so both paths take as long.
        bool ok = auth::verify_password(password, u ? u->password_hash : dummy_hash_) && u;
        if (!ok) return error{error_code::unauthorized, "wrong email or password", ""};
        std::int64_t expires = now_s() + cfg_.auth.session_ttl_s;
        store_.create_session(auth::token_hash(token), u->id, expires);
        return nlohmann::json{{"user", user_json(*u)}, {"expires_at", expires}};
      },
      [this, token, account_key, ip_key, done = std::move(done)](result r) {
        if (auto* e = std::get_if<error>(&r)) {
          if (e->code != error_code::unauthorized) {  // not a wrong password: do not count it
            account_throttle_.forget_latest(account_key);
            ip_throttle_.forget_latest(ip_key);
          }
          return done(error_response(*e));
        }
        account_throttle_.reset(account_key);
        ip_throttle_.forget_latest(ip_key);
        auto& j = std::get<nlohmann::json>(r);
        done(session_response(200, j["user"], token, j["expires_at"]));
      });
}

void api::http_logout(std::size_t shard, const http_request& req, std::function<void(http_response)> done) {
  bool bearer = false;
  auto token = session_token(req.cookie, req.authorization, bearer);
  authenticate(shard, token, [this, shard, done = std::move(done)](std::optional<store::user> u, std::string hash,
                                                                    bool unavailable) mutable {
    if (unavailable) return done(error_response({error_code::unavailable, "the store is unavailable; try again", ""}));
    if (!u) return done(error_response({error_code::unauthorized, "not signed in", ""}));
    blocking(
        shard,
        [this, hash]() -> result {
          store_.delete_session(hash);
          return nlohmann::json();
        },
        [this, hash, done = std::move(done)](result r) {
          if (auto* e = std::get_if<error>(&r)) return done(error_response(*e));
          close_session(hash, 4100, "session ended");
          http_response resp;
          resp.status = 204;
          resp.content_type.clear();
          resp.headers.emplace_back("Set-Cookie", "fuar_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
          done(std::move(resp));
        });
  });
}

void api::http_me(std::size_t shard, const http_request& req, std::function<void(http_response)> done) {
  bool bearer = false;
  authenticate(shard, session_token(req.cookie, req.authorization, bearer),
               [done = std::move(done)](std::optional<store::user> u, std::string, bool unavailable) {
                 if (unavailable)
                   return done(error_response({error_code::unavailable, "the store is unavailable; try again", ""}));
                 if (!u) return done(error_response({error_code::unauthorized, "not signed in", ""}));
                 auto r = json_response(200, {{"user", user_json(*u)}});
                 r.headers.emplace_back("Cache-Control", "no-store");
                 done(std::move(r));
               });
}

// The read-only fair and booth routes: anyone may call them; a signed-in organiser also sees
// drafts. `work` runs on the blocking pool and learns whether the caller is an organiser.
void api::public_read(std::size_t shard, const http_request& req, std::function<result(bool organiser)> work,
                      std::function<void(http_response)> done) {
  bool bearer = false;
  auto token = session_token(req.cookie, req.authorization, bearer);
  auto hash = token.empty() ? std::string() : auth::token_hash(token);
  blocking(
      shard,
      [this, hash, work = std::move(work)]() -> result {
        bool organiser = false;
        if (!hash.empty())
          if (auto u = store_.find_session_user(hash, now_s())) organiser = u->user_role == store::role::organiser;
        return work(organiser);
      },
      [done = std::move(done)](result r) {
        if (auto* e = std::get_if<error>(&r)) return done(error_response(*e));
        done(json_response(200, std::get<nlohmann::json>(r)));
      });
}

void api::http_fairs(std::size_t shard, const http_request& req, std::function<void(http_response)> done) {
  public_read(
      shard, req,
      [this](bool organiser) -> result {
        auto list = nlohmann::json::array();
        for (const auto& f : store_.fairs().list_fairs())
          if (f.status != "draft" || organiser) list.push_back(fair_json(f));
        return nlohmann::json{{"fairs", std::move(list)}};
      },
      std::move(done));
}

void api::http_fair(std::size_t shard, std::int64_t id, const http_request& req,
                    std::function<void(http_response)> done) {
  public_read(
      shard, req,
      [this, id](bool organiser) -> result {
        auto f = store_.fairs().find_fair(id);
        if (!f || (f->status == "draft" && !organiser)) return error{error_code::not_found, "no such fair", ""};
        auto booths = nlohmann::json::array();
        for (const auto& b : store_.booths().list_booths(id)) booths.push_back(booth_json(b));
        return nlohmann::json{{"fair", fair_json(*f)}, {"booths", std::move(booths)}};
      },
      std::move(done));
}

void api::http_booth(std::size_t shard, std::int64_t id, const http_request& req,
                     std::function<void(http_response)> done) {
  public_read(
      shard, req,
      [this, id](bool organiser) -> result {
        auto b = store_.booths().find_booth(id);
        auto f = b ? store_.fairs().find_fair(b->fair_id) : std::nullopt;
        if (!f || (f->status == "draft" && !organiser)) return error{error_code::not_found, "no such booth", ""};
        return nlohmann::json{{"booth", booth_json(*b)}, {"fair", fair_json(*f)}};
      },
      std::move(done));
}

}  // namespace fuar::api
