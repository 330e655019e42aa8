// HTTP rows of the session capability (routes.hpp). The forms are checked here with their own
// field rules (PROTOCOL.md §1: email, password, name), then the slow part (argon2id) runs where
// every handler runs, on the blocking pool.
//
// Throttles: failed logins are counted per account and per IP, registrations per IP. A login
// attempt is counted before the password is verified, so parallel attempts cannot all slip
// under the limit while the first ones are still being checked; a success, or a failure that
// says nothing about the password (the store was away), takes it back.
#include "server/session/routes.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "protocol/close_codes.hpp"
#include "server/auth/password.hpp"
#include "server/auth/throttle.hpp"
#include "server/auth/tokens.hpp"
#include "server/session/json.hpp"
#include "server/util/clock.hpp"

namespace fuar::session {
namespace {

using api::failure;
using api::request_ctx;
using api::route_reply;
using protocol::error;
using protocol::error_code;

// The node's login state. Set once by start_auth before the listener opens; the throttles
// lock internally.
struct auth_state {
  std::unique_ptr<auth::throttle> account;   // failed logins per account email
  std::unique_ptr<auth::throttle> ip;        // failed logins per client address
  std::unique_ptr<auth::throttle> register_; // registrations per client address
  std::string dummy_hash;  // verified against unknown emails so timing does not reveal them
};

auth_state& state() {
  static auth_state s;
  return s;
}

auth::password_cost cost(const app::config& cfg) {
  return cfg.auth.password_cost == "minimal" ? auth::minimal_cost() : auth::interactive_cost();
}

[[noreturn]] void fail(const error& e) {
  failure f(e.code, e.message, e.field);
  f.err.retry_after = e.retry_after;
  throw f;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Field checks for the auth forms; the error names the field, as WebSocket errors do.
std::string string_field(const nlohmann::json& body, const char* name, std::size_t min, std::size_t max) {
  auto it = body.find(name);
  std::string f = name;
  if (it == body.end() || !it->is_string()) fail({error_code::invalid, f + ": is required", f});
  std::string v(protocol::trim(it->get_ref<const std::string&>()));
  auto len = protocol::utf8_length(v);
  if (!len) fail({error_code::invalid, f + ": must be valid UTF-8", f});
  if (*len < min || *len > max)
    fail({error_code::invalid, f + ": must be " + std::to_string(min) + " to " + std::to_string(max) + " characters", f});
  return v;
}

std::string email_field(const nlohmann::json& body) {
  auto out = string_field(body, "email", 3, 254);
  auto at = out.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == out.size() || out.find('@', at + 1) != std::string::npos ||
      out.find(' ') != std::string::npos)
    fail({error_code::invalid, "email: is not an email address", "email"});
  return lower(out);
}

// 201/200 with the session: the token in the body (for bearer clients) and in the cookie.
route_reply session_reply(const app::config& cfg, int status, const store::user& u, const std::string& token,
                          std::int64_t expires_at) {
  auto r = route_reply::ok({{"user", user_json(u)}, {"token", token}, {"expires_at", expires_at}}, status);
  std::string cookie = "fuar_session=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(cfg.auth.session_ttl_s);
  if (cfg.http.secure_cookies) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

route_reply register_account(request_ctx& ctx) {
  auto email = email_field(ctx.body);
  auto password = string_field(ctx.body, "password", 8, 128);
  auto name = string_field(ctx.body, "name", 1, 100);
  // Registrations are counted per IP so that nobody can flood the blocking pool with password
  // hashing; the limit is generous because a whole career centre may share one IP.
  auto& s = state();
  if (auto wait = s.register_->retry_after(ctx.req.remote_ip); wait > 0)
    fail({error_code::rate_limited, "too many registrations; try again later", "", wait});
  s.register_->record_failure(ctx.req.remote_ip);

  auto token = auth::new_token();
  auto u = ctx.st.create_user(email, name, store::role::jobseeker, auth::hash_password(password, cost(ctx.cfg)));
  if (!u) throw failure(error_code::conflict, "email: an account with this email already exists", "email");
  std::int64_t expires = util::unix_s() + ctx.cfg.auth.session_ttl_s;  // after the slow hash
  ctx.st.create_session(auth::token_hash(token), u->id, expires);
  return session_reply(ctx.cfg, 201, *u, token, expires);
}

route_reply login(request_ctx& ctx) {
  auto email = email_field(ctx.body);
  auto password = string_field(ctx.body, "password", 1, 128);

  auto& s = state();
  std::string account_key = "acct:" + email, ip_key = "ip:" + ctx.req.remote_ip;
  long wait = std::max(s.account->retry_after(account_key), s.ip->retry_after(ip_key));
  if (wait > 0) fail({error_code::rate_limited, "too many failed logins; try again later", "", wait});
  s.account->record_failure(account_key);
  s.ip->record_failure(ip_key);

  std::optional<store::user> u;
  bool ok = false;
  try {
    u = ctx.st.find_user_by_email(email);
    // Verify against a dummy hash for unknown emails so both paths take as long.
    ok = auth::verify_password(password, u ? u->password_hash : s.dummy_hash) && u;
  } catch (...) {  // not a wrong password: do not count it
    s.account->forget_latest(account_key);
    s.ip->forget_latest(ip_key);
    throw;
  }
  if (!ok) throw failure(error_code::unauthorized, "wrong email or password");
  auto token = auth::new_token();
  std::int64_t expires = util::unix_s() + ctx.cfg.auth.session_ttl_s;
  try {
    ctx.st.create_session(auth::token_hash(token), u->id, expires);
  } catch (...) {
    s.account->forget_latest(account_key);
    s.ip->forget_latest(ip_key);
    throw;
  }
  s.account->reset(account_key);
  s.ip->forget_latest(ip_key);
  return session_reply(ctx.cfg, 200, *u, token, expires);
}

route_reply logout(request_ctx& ctx) {
  bool bearer = false;
  auto hash = auth::token_hash(api::session_token(ctx.req.cookie, ctx.req.authorization, bearer));
  ctx.st.delete_session(hash);
  ctx.svc.close_session(hash, protocol::close_code::session_ended, "session ended");  // after the commit: a reconnect is refused
  auto r = route_reply::no_content();
  r.headers.emplace_back("Set-Cookie", "fuar_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  r.no_store = false;
  return r;
}

route_reply me(request_ctx& ctx) { return route_reply::ok({{"user", user_json(ctx.me())}}); }

using api::audience;
using api::body_kind;

const api::route table[] = {
    {"POST", "/api/auth/register", audience::anyone, "CSRF header; creates a jobseeker only", register_account,
     body_kind::json},
    {"POST", "/api/auth/login", audience::anyone, "CSRF header; throttled per account and per IP", login,
     body_kind::json},
    {"POST", "/api/auth/logout", audience::signed_in, "own session only", logout},
    {"GET", "/api/me", audience::signed_in, "own account only", me},
};

}  // namespace

std::span<const api::route> routes() { return table; }

void start_auth(const app::config& cfg) {
  auto& s = state();
  auto window = std::chrono::seconds(cfg.auth.login_window_s);
  s.account = std::make_unique<auth::throttle>(std::size_t(cfg.auth.login_max_failures_per_account), window);
  s.ip = std::make_unique<auth::throttle>(std::size_t(cfg.auth.login_max_failures_per_ip), window);
  s.register_ = std::make_unique<auth::throttle>(std::size_t(cfg.auth.registrations_per_ip), window);
  s.dummy_hash = auth::hash_password(auth::random_password(24), cost(cfg));
}

}  // namespace fuar::session
