// HTTP routes of the fair capability (protocol/http/fairs.md). Each row is also a policy row.
//
// Visibility: a draft fair is visible to organisers only (as GET /api/fairs/{id} already does),
// so another organiser asking to change someone's fair gets 403, never 404; the registration link
// and QR code of a draft are for its own organiser only (404 for everyone else). Invitations are
// private to whoever created them: any other caller gets 404.
#include "server/fair/routes.hpp"

#include <algorithm>
#include <set>

#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/auth/password.hpp"
#include "server/booth/json.hpp"
#include "server/auth/tokens.hpp"
#include "server/fair/links.hpp"
#include "server/fair/qr.hpp"
#include "server/contract/fair_status.hpp"

namespace fuar::fair {

namespace {

using api::failure;
using api::request_ctx;
using api::route_reply;
using protocol::error_code;
using json = nlohmann::json;

constexpr std::int64_t max_fair_seconds = 31LL * 24 * 3600;  // a fair lasts at most 31 days
constexpr std::int64_t max_time = 4102444800LL;              // 2100-01-01: catches milliseconds sent as seconds

// ---- small helpers ---------------------------------------------------------------------------

bool is_organiser(const request_ctx& ctx) { return ctx.user && ctx.user->user_role == store::role::organiser; }

bool is_creator(const request_ctx& ctx, const store::fair& f) {
  return is_organiser(ctx) && f.created_by == ctx.user->id;
}

store::fair load_fair(request_ctx& ctx, std::int64_t id) {
  auto f = ctx.st.fairs().find_fair(id);
  if (!f) throw failure(error_code::not_found, "no such fair");
  return *f;
}

// The fair, when the caller is its organiser. Organisers see drafts, so another organiser gets
// 403; the dispatcher has already refused every other role.
store::fair own_fair(request_ctx& ctx, std::int64_t id) {
  auto f = load_fair(ctx, id);
  if (!is_creator(ctx, f)) throw failure(error_code::forbidden, "only the organiser who created this fair may do this");
  return f;
}

// The fair, when it is not a draft or the caller is its organiser (registration link, QR code).
store::fair visible_fair(request_ctx& ctx, std::int64_t id) {
  auto f = load_fair(ctx, id);
  if (f.status == protocol::fair_status::draft && !is_creator(ctx, f)) throw failure(error_code::not_found, "no such fair");
  return f;
}

json full_fair_json(request_ctx& ctx, const store::fair& f) {
  return fair_json(f, ctx.now, ctx.st.fairs().fair_target_groups(f.id));
}

void publish_fair(request_ctx& ctx, const store::fair& f) {
  ctx.publish(protocol::fair_topic(f.id), "fair.updated", {{"fair", full_fair_json(ctx, f)}});
}

std::string base_url(const request_ctx& ctx) {
  auto base = link_base(ctx.cfg.fairs.public_url, ctx.req.host);
  if (!base) throw failure(error_code::invalid, "the Host header is missing or not a valid host name", "Host");
  return *base;
}

// Refuses keys the route does not know, so a typo ("titel") is not silently dropped.
void only_keys(const json& body, std::initializer_list<const char*> keys, const std::string& prefix = "") {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = std::any_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; });
    if (!known)
      throw failure(error_code::invalid, prefix + it.key() + ": is not a field of this request", prefix + it.key());
  }
}

// Runs a field validator on a nested object, so that the error names the full path ("title.tr").
template <class F>
auto nested(const char* parent, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const failure& e) {
    std::string path = std::string(parent) + "." + e.err.field;
    std::string msg = e.err.message;
    if (msg.rfind(e.err.field + ":", 0) == 0) msg = path + msg.substr(e.err.field.size());
    throw failure(e.err.code, msg, path);
  }
}

// {"tr": ..., "en": ...}: each optional, at most `max` characters; `multiline` allows newlines.
// Only the languages present are changed (PATCH {"title": {"en": "..."}} keeps the Turkish one).
void lang_pair(const json& body, const char* name, std::size_t max, bool multiline, std::string& tr, std::string& en) {
  const auto& v = body.at(name);
  if (!v.is_object()) throw failure(error_code::invalid, std::string(name) + ": must be an object {\"tr\", \"en\"}", name);
  only_keys(v, {"tr", "en"}, std::string(name) + ".");
  auto get = [&](const char* lang, std::string& out) {
    if (!api::field::has(v, lang)) return;
    out = nested(name, [&] {
      return multiline ? api::field::multiline(v, lang, max) : api::field::text(v, lang, 0, max, false);
    });
  };
  get("tr", tr);
  get("en", en);
}

std::string email_field(const json& body) {
  auto email = api::field::text(body, "email", 3, 254);
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == email.size() || email.find('@', at + 1) != std::string::npos ||
      email.find(' ') != std::string::npos)
    throw failure(error_code::invalid, "email: is not an email address", "email");
  for (auto& c : email)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return email;
}

std::string token_field(const json& body) {
  auto token = api::field::text(body, "token", 20, 100);
  for (char c : token) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) throw failure(error_code::invalid, "token: is not an invitation token", "token");
  }
  return token;
}

// ---- fairs ---------------------------------------------------------------------------------

// Applies the fields present in `body` to `f` (create: every required one is present; PATCH: any
// subset). Validates each field and the combined result; writes nothing. Returns the new target
// groups when the body has them.
std::optional<std::vector<std::string>> apply_fair_fields(request_ctx& ctx, const json& body, store::fair& f,
                                                          bool creating) {
  namespace field = api::field;
  only_keys(body, {"title", "description", "theme", "target_groups", "min_age", "max_age", "timezone", "starts_at",
                   "ends_at", "capacity"});
  if (creating) {
    for (const char* k : {"title", "timezone", "starts_at", "ends_at"})
      if (!field::has(body, k)) throw failure(error_code::invalid, std::string(k) + ": is required", k);
  }
  if (field::has(body, "title")) lang_pair(body, "title", 200, false, f.title_tr, f.title_en);
  if (f.title_tr.empty() && f.title_en.empty())
    throw failure(error_code::invalid, "title: give the title in Turkish or English (or both)", "title");
  if (field::has(body, "description")) lang_pair(body, "description", 5000, true, f.description_tr, f.description_en);
  if (field::has(body, "theme")) f.theme = field::text(body, "theme", 0, 100);
  if (field::has(body, "timezone")) {
    f.timezone = field::text(body, "timezone", 1, 64);
    if (!valid_timezone(f.timezone))
      throw failure(error_code::invalid, "timezone: is not an IANA time zone name such as Europe/Istanbul", "timezone");
  }
  if (field::has(body, "starts_at")) f.starts_at = field::integer(body, "starts_at", 0, max_time);
  if (field::has(body, "ends_at")) f.ends_at = field::integer(body, "ends_at", 0, max_time);
  if (f.ends_at <= f.starts_at) throw failure(error_code::invalid, "ends_at: must be after starts_at", "ends_at");
  if (f.ends_at - f.starts_at > max_fair_seconds)
    throw failure(error_code::invalid, "ends_at: a fair lasts at most 31 days", "ends_at");
  if (field::has(body, "capacity")) f.capacity = field::integer(body, "capacity", 0, 10'000'000);
  // Ages: an integer sets the limit; on PATCH an explicit null removes it.
  for (auto [name, slot] : {std::pair{"min_age", &f.min_age}, std::pair{"max_age", &f.max_age}}) {
    auto it = body.find(name);
    if (it == body.end()) continue;
    if (it->is_null() && !creating) {
      slot->reset();
      continue;
    }
    *slot = field::integer(body, name, 0, 120);
  }
  if (f.min_age && f.max_age && *f.min_age > *f.max_age)
    throw failure(error_code::invalid, "max_age: must not be below min_age", "max_age");

  if (!field::has(body, "target_groups")) return std::nullopt;
  const auto& tg = body["target_groups"];
  if (!tg.is_array() || tg.size() > 30)
    throw failure(error_code::invalid, "target_groups: must be a list of at most 30 keys", "target_groups");
  std::set<std::string> known;
  for (const auto& g : ctx.st.fairs().list_target_groups()) known.insert(g.key);
  std::set<std::string> chosen;
  for (std::size_t i = 0; i < tg.size(); ++i) {
    std::string path = "target_groups[" + std::to_string(i) + "]";
    if (!tg[i].is_string() || !known.count(tg[i].get<std::string>()))
      throw failure(error_code::invalid, path + ": is not a known target group (GET /api/target-groups)", path);
    chosen.insert(tg[i].get<std::string>());
  }
  return std::vector<std::string>(chosen.begin(), chosen.end());
}

route_reply create_fair(request_ctx& ctx) {
  store::fair f;
  f.status = "draft";
  f.timezone = "UTC";
  f.created_by = ctx.me().id;
  auto groups = apply_fair_fields(ctx, ctx.body, f, true);
  f.id = ctx.st.fairs().create_fair(f, groups.value_or(std::vector<std::string>{}), ctx.now);
  auto stored = load_fair(ctx, f.id);
  return route_reply::ok({{"fair", full_fair_json(ctx, stored)}}, 201);
}

route_reply patch_fair(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  auto groups = apply_fair_fields(ctx, ctx.body, f, false);
  if (!ctx.st.fairs().update_fair(f, groups ? &*groups : nullptr, ctx.now))
    throw failure(error_code::not_found, "no such fair");
  auto stored = load_fair(ctx, f.id);
  publish_fair(ctx, stored);
  return route_reply::ok({{"fair", full_fair_json(ctx, stored)}});
}

// What publishing needs besides a draft: a title and times that are still ahead.
void check_publishable(const request_ctx& ctx, const store::fair& f) {
  if (f.title_tr.empty() && f.title_en.empty())
    throw failure(error_code::invalid, "title: a fair needs a title before it is published", "title");
  if (f.ends_at <= f.starts_at) throw failure(error_code::invalid, "ends_at: must be after starts_at", "ends_at");
  if (f.ends_at <= ctx.now)
    throw failure(error_code::conflict, "ends_at: the fair's end time has passed; change the times first", "ends_at");
}

route_reply change_status(request_ctx& ctx, store::fair f) {
  if (!ctx.st.fairs().update_fair(f, nullptr, ctx.now)) throw failure(error_code::not_found, "no such fair");
  auto stored = load_fair(ctx, f.id);
  publish_fair(ctx, stored);
  return route_reply::ok({{"fair", full_fair_json(ctx, stored)}});
}

route_reply publish_fair_route(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  if (f.status != protocol::fair_status::draft) throw failure(error_code::conflict, "the fair is already published");
  check_publishable(ctx, f);
  f.status = "published";
  return change_status(ctx, f);
}

route_reply open_fair(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  auto now_status = effective_status(f, ctx.now);
  if (now_status == protocol::fair_status::live) throw failure(error_code::conflict, "the fair is already live");
  if (now_status == protocol::fair_status::closed) throw failure(error_code::conflict, "the fair is closed");
  check_publishable(ctx, f);
  f.status = "live";
  if (f.starts_at > ctx.now) f.starts_at = ctx.now;  // opened early: it starts now
  return change_status(ctx, f);
}

route_reply close_fair(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  auto now_status = effective_status(f, ctx.now);
  if (now_status == protocol::fair_status::draft) throw failure(error_code::conflict, "a draft cannot be closed; it was never published");
  if (now_status == protocol::fair_status::closed) throw failure(error_code::conflict, "the fair is already closed");
  f.status = "closed";
  if (f.starts_at <= ctx.now && ctx.now < f.ends_at) f.ends_at = ctx.now;  // closed early: it ended now
  return change_status(ctx, f);
}

route_reply organiser_fairs(request_ctx& ctx) {
  auto list = json::array();
  for (const auto& s : ctx.st.fairs().organiser_fairs(ctx.me().id, ctx.now))
    list.push_back({{"fair", fair_json(s.f, ctx.now)}, {"booths", s.booths}, {"pending_invitations", s.pending_invitations}});
  return route_reply::ok({{"fairs", std::move(list)}});
}

route_reply organiser_fair(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  return route_reply::ok({{"fair", full_fair_json(ctx, f)}});
}

// ---- target groups --------------------------------------------------------------------------

json group_json(const store::fair_target_group& g) {
  return {{"key", g.key}, {"label", {{"tr", g.label_tr}, {"en", g.label_en}}}, {"builtin", g.builtin}};
}

route_reply list_groups(request_ctx& ctx) {
  auto list = json::array();
  for (const auto& g : ctx.st.fairs().list_target_groups()) list.push_back(group_json(g));
  return route_reply::ok({{"target_groups", std::move(list)}});
}

route_reply add_group(request_ctx& ctx) {
  only_keys(ctx.body, {"key", "label"});
  store::fair_target_group g;
  g.key = api::field::text(ctx.body, "key", 1, 40);
  for (char c : g.key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      throw failure(error_code::invalid, "key: use only a-z, 0-9, _ and -", "key");
  if (!api::field::has(ctx.body, "label")) throw failure(error_code::invalid, "label: is required", "label");
  lang_pair(ctx.body, "label", 100, false, g.label_tr, g.label_en);
  if (g.label_tr.empty()) throw failure(error_code::invalid, "label.tr: is required", "label.tr");
  if (g.label_en.empty()) throw failure(error_code::invalid, "label.en: is required", "label.en");
  if (!ctx.st.fairs().add_target_group(g))
    throw failure(error_code::conflict, "key: a target group with this key exists", "key");
  return route_reply::ok({{"target_group", group_json(g)}}, 201);
}

// ---- registration link and QR code ----------------------------------------------------------

std::string registration_url(const request_ctx& ctx, const store::fair& f) {
  return base_url(ctx) + "/#/join/" + std::to_string(f.id);
}

route_reply registration_link(request_ctx& ctx) {
  auto f = visible_fair(ctx, ctx.id());
  return route_reply::ok({{"url", registration_url(ctx, f)}});
}

// ?download=1 answers as an attachment (the poster download links); otherwise inline (<img>).
route_reply qr_reply(request_ctx& ctx, const std::string& type, std::string bytes, const char* ext) {
  if (ctx.param("download") == "1")
    return route_reply::file(type, std::move(bytes), "fair-" + std::to_string(ctx.id()) + "-qr." + ext);
  return route_reply::inline_body(type, std::move(bytes), 300);
}

route_reply qr_svg_route(request_ctx& ctx) {
  auto f = visible_fair(ctx, ctx.id());
  return qr_reply(ctx, "image/svg+xml", qr_svg(qr_encode(registration_url(ctx, f))), "svg");
}

route_reply qr_png_route(request_ctx& ctx) {
  auto f = visible_fair(ctx, ctx.id());
  return qr_reply(ctx, "image/png", qr_png(qr_encode(registration_url(ctx, f))), "png");
}

// ---- invitations ----------------------------------------------------------------------------

json invitation_json(const store::invitation& i, std::int64_t now) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };
  json j{{"id", i.id},
         {"kind", i.kind},
         {"fair_id", i.fair_id},
         {"booth_id", i.booth_id ? json(i.booth_id) : json(nullptr)},
         {"email", i.email},
         {"state", store::invitation_state(i, now)},
         {"created_at", i.created_at},
         {"expires_at", i.expires_at},
         {"accepted_at", opt(i.accepted_at)},
         {"revoked_at", opt(i.revoked_at)}};
  // The one text column holds the firm's name (firm) or the colleague's name (colleague).
  j[i.kind == "firm" ? "firm_name" : "name"] = i.firm_name;
  return j;
}


// Stores the invitation under a fresh token; the token is in the reply only (never stored).
route_reply create_invitation(request_ctx& ctx, store::invitation inv) {
  auto base = base_url(ctx);  // validate the Host before writing
  auto token = auth::new_token();
  inv.created_by = ctx.me().id;
  inv.created_at = ctx.now;
  inv.expires_at = ctx.now + ctx.cfg.fairs.invitation_ttl_s;
  auto stored = ctx.st.fairs().create_invitation(inv, auth::token_hash(token));
  return route_reply::ok({{"invitation", invitation_json(stored, ctx.now)}, {"link", base + "/#/invite/" + token}}, 201);
}

route_reply invite_firm(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  only_keys(ctx.body, {"firm_name", "email"});
  store::invitation inv;
  inv.kind = "firm";
  inv.fair_id = f.id;
  inv.firm_name = api::field::text(ctx.body, "firm_name", 1, 200);
  inv.email = email_field(ctx.body);
  if (effective_status(f, ctx.now) == protocol::fair_status::closed) throw failure(error_code::conflict, "the fair is closed");
  return create_invitation(ctx, inv);
}

route_reply list_fair_invitations(request_ctx& ctx) {
  auto f = own_fair(ctx, ctx.id());
  auto list = json::array();
  for (const auto& i : ctx.st.fairs().fair_invitations(f.id)) list.push_back(invitation_json(i, ctx.now));
  return route_reply::ok({{"invitations", std::move(list)}});
}

// The booth, when the caller owns it. Other staff of the booth get 403 (they know it); anyone
// else 404 when the booth's fair is a draft, 403 otherwise.
store::booth owned_booth(request_ctx& ctx, std::int64_t booth_id) {
  auto b = ctx.st.booths().find_booth(booth_id);
  if (!b) throw failure(error_code::not_found, "no such booth");
  auto role = ctx.st.booths().member_role(b->id, ctx.me().id);
  if (role == "owner") return *b;
  if (!role) {
    auto f = ctx.st.fairs().find_fair(b->fair_id);
    if (!f || f->status == protocol::fair_status::draft) throw failure(error_code::not_found, "no such booth");
  }
  throw failure(error_code::forbidden, "only the booth's owner may do this");
}

route_reply revoke_invitation(request_ctx& ctx) {
  auto inv = ctx.st.fairs().find_invitation(ctx.id());
  if (!inv) throw failure(error_code::not_found, "no such invitation");
  // Invitations are private to who may manage them; anyone else is told it does not exist.
  bool allowed = false;
  if (inv->kind == "firm") {
    auto f = ctx.st.fairs().find_fair(inv->fair_id);
    allowed = f && is_creator(ctx, *f);
  } else {
    allowed = ctx.st.booths().member_role(inv->booth_id, ctx.me().id) == "owner";
  }
  if (!allowed) throw failure(error_code::not_found, "no such invitation");
  auto state = store::invitation_state(*inv, ctx.now);
  if (state != "pending") throw failure(error_code::conflict, "the invitation is " + state + "; only a pending one can be revoked");
  if (!ctx.st.fairs().revoke_invitation(inv->id, ctx.now))
    throw failure(error_code::conflict, "the invitation is no longer pending");
  return route_reply::ok({{"invitation", invitation_json(*ctx.st.fairs().find_invitation(inv->id), ctx.now)}});
}

store::invitation invitation_by_token(request_ctx& ctx, const std::string& token_hash) {
  auto inv = ctx.st.fairs().find_invitation_by_token(token_hash);
  if (!inv) throw failure(error_code::not_found, "no such invitation; check the link");
  return *inv;
}

route_reply preview_invitation(request_ctx& ctx) {
  only_keys(ctx.body, {"token"});
  auto inv = invitation_by_token(ctx, auth::token_hash(token_field(ctx.body)));
  auto f = load_fair(ctx, inv.fair_id);
  json j{{"kind", inv.kind},
         {"state", store::invitation_state(inv, ctx.now)},
         {"expires_at", inv.expires_at},
         {"email", inv.email},
         {"fair", fair_json(f, ctx.now)},
         {"booth", nullptr}};
  if (inv.kind == "firm") j["firm_name"] = inv.firm_name;
  else j["name"] = inv.firm_name;
  if (inv.booth_id)
    if (auto b = ctx.st.booths().find_booth(inv.booth_id)) j["booth"] = {{"id", b->id}, {"fair_id", b->fair_id}, {"name", b->name}};
  return route_reply::ok(j);
}

[[noreturn]] void refuse_state(const std::string& state) {
  if (state == "accepted") throw failure(error_code::conflict, "this invitation has already been used");
  if (state == "revoked") throw failure(error_code::conflict, "this invitation was withdrawn by whoever sent it");
  throw failure(error_code::conflict, "this invitation has expired; ask for a new one");
}

route_reply accept_invitation(request_ctx& ctx) {
  only_keys(ctx.body, {"token", "name", "email", "password"});
  auto token_hash = auth::token_hash(token_field(ctx.body));
  if (ctx.user && ctx.user->user_role != store::role::employer)
    throw failure(error_code::forbidden, "invitations are for employer accounts; sign out to create one");
  auto inv = invitation_by_token(ctx, token_hash);
  // Checked before any slow work (password hashing), so a dead link costs nothing.
  if (auto state = store::invitation_state(inv, ctx.now); state != "pending") refuse_state(state);

  std::optional<store::new_account> account;
  std::int64_t existing = 0;
  std::string session_token;
  if (ctx.user) {
    // Signed in (an employer, checked above): link the invitation to this account; its email
    // need not match the invitation's. name/email/password are ignored (a form may still send them).
    existing = ctx.user->id;
  } else {
    store::new_account a;
    a.name = api::field::text(ctx.body, "name", 1, 100);
    a.email = email_field(ctx.body);
    auto password = api::field::text(ctx.body, "password", 8, 128);
    // Checked before the slow hash; the store checks again inside its transaction.
    if (ctx.st.find_user_by_email(a.email))
      throw failure(error_code::conflict, "email: an account with this email exists; sign in first, then accept", "email");
    auto cost = ctx.cfg.auth.password_cost == "minimal" ? auth::minimal_cost() : auth::interactive_cost();
    a.password_hash = auth::hash_password(password, cost);
    session_token = auth::new_token();
    a.session_token_hash = auth::token_hash(session_token);
    a.session_expires_at = ctx.now + ctx.cfg.auth.session_ttl_s;
    account = std::move(a);
  }

  auto r = ctx.st.fairs().accept_invitation(token_hash, ctx.now, existing, account);
  switch (r.outcome) {
    case store::accept_outcome::accepted: break;
    case store::accept_outcome::not_found: throw failure(error_code::not_found, "no such invitation; check the link");
    case store::accept_outcome::already_used: refuse_state("accepted");
    case store::accept_outcome::revoked: refuse_state("revoked");
    case store::accept_outcome::expired: refuse_state("expired");
    case store::accept_outcome::email_taken:
      throw failure(error_code::conflict, "email: an account with this email exists; sign in first, then accept", "email");
  }
  const auto& u = *r.account;
  json j{{"user", {{"id", u.id}, {"email", u.email}, {"name", u.name}, {"role", store::to_string(u.user_role)}}},
         {"booth_id", r.booth_id},
         {"invitation", invitation_json(r.inv, ctx.now)}};
  if (!account) return route_reply::ok(j);
  // A new account is signed in at once, exactly like POST /api/auth/register.
  j["token"] = session_token;
  j["expires_at"] = account->session_expires_at;
  auto reply = route_reply::ok(j, 201);
  std::string cookie = "fuar_session=" + session_token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(ctx.cfg.auth.session_ttl_s);
  if (ctx.cfg.http.secure_cookies) cookie += "; Secure";
  reply.headers.emplace_back("Set-Cookie", cookie);
  return reply;
}

// ---- colleagues -----------------------------------------------------------------------------

route_reply invite_colleague(request_ctx& ctx) {
  auto b = owned_booth(ctx, ctx.id());
  only_keys(ctx.body, {"email", "name"});
  store::invitation inv;
  inv.kind = "colleague";
  inv.fair_id = b.fair_id;
  inv.booth_id = b.id;
  inv.email = email_field(ctx.body);
  inv.firm_name = api::field::text(ctx.body, "name", 1, 100);
  return create_invitation(ctx, inv);
}

route_reply list_members(request_ctx& ctx) {
  auto b = ctx.st.booths().find_booth(ctx.id());
  if (!b) throw failure(error_code::not_found, "no such booth");
  auto role = ctx.st.booths().member_role(b->id, ctx.me().id);
  if (!role && !is_organiser(ctx)) {
    auto f = ctx.st.fairs().find_fair(b->fair_id);
    if (!f || f->status == protocol::fair_status::draft) throw failure(error_code::not_found, "no such booth");
    throw failure(error_code::forbidden, "only the booth's staff and organisers see its team");
  }
  auto members = json::array();
  for (const auto& m : ctx.st.booths().booth_members(b->id))
    members.push_back({{"user_id", m.user_id}, {"name", m.name}, {"email", m.email}, {"member_role", m.member_role}});
  json j{{"members", std::move(members)}};
  if (role == "owner") {
    auto pending = json::array();
    for (const auto& i : ctx.st.fairs().booth_invitations(b->id))
      if (store::invitation_state(i, ctx.now) == "pending") pending.push_back(invitation_json(i, ctx.now));
    j["invitations"] = std::move(pending);
  }
  return route_reply::ok(j);
}

route_reply remove_member(request_ctx& ctx) {
  auto b = owned_booth(ctx, ctx.id(0));
  auto user_id = ctx.id(1);
  if (user_id == ctx.me().id) throw failure(error_code::conflict, "the owner cannot remove themselves from the booth");
  if (!ctx.st.booths().remove_recruiter(b.id, user_id))
    throw failure(error_code::not_found, "no such recruiter at this booth");
  return route_reply::no_content();
}

// The public reads: anyone may call them; a signed-in organiser also sees drafts. Sent without a
// Cache-Control header, as they always have been.
bool organiser(const request_ctx& ctx) { return ctx.user && ctx.user->user_role == store::role::organiser; }

route_reply list_fairs(request_ctx& ctx) {
  auto list = json::array();
  for (const auto& f : ctx.st.fairs().list_fairs())
    if (f.status != protocol::fair_status::draft || organiser(ctx)) list.push_back(fair_json(f, ctx.now));
  auto r = route_reply::ok({{"fairs", std::move(list)}});
  r.no_store = false;
  return r;
}

route_reply get_fair(request_ctx& ctx) {
  auto f = ctx.st.fairs().find_fair(ctx.id());
  if (!f || (f->status == protocol::fair_status::draft && !organiser(ctx))) throw failure(error_code::not_found, "no such fair");
  auto booths = json::array();
  for (const auto& b : ctx.st.booths().list_booths(f->id)) booths.push_back(booth::booth_json(b));
  auto r = route_reply::ok({{"fair", fair_json(*f, ctx.now)}, {"booths", std::move(booths)}});
  r.no_store = false;
  return r;
}

using api::audience;
using api::body_kind;

const api::route table[] = {
    {"GET", "/api/fairs", audience::anyone, "drafts listed for organisers only", list_fairs},
    {"GET", "/api/fairs/{id}", audience::anyone, "drafts visible to organisers only", get_fair},
    {"POST", "/api/fairs", audience::organiser, "none: creates a draft owned by the caller", create_fair, body_kind::json},
    {"PATCH", "/api/fairs/{id}", audience::organiser, "the fair's creator (other organisers: 403)", patch_fair,
     body_kind::json},
    {"POST", "/api/fairs/{id}/publish", audience::organiser, "the fair's creator (other organisers: 403)",
     publish_fair_route},
    {"POST", "/api/fairs/{id}/open", audience::organiser, "the fair's creator (other organisers: 403)", open_fair},
    {"POST", "/api/fairs/{id}/close", audience::organiser, "the fair's creator (other organisers: 403)", close_fair},
    {"GET", "/api/organiser/fairs", audience::organiser, "the caller's own fairs only", organiser_fairs},
    {"GET", "/api/organiser/fairs/{id}", audience::organiser, "the fair's creator (other organisers: 403)",
     organiser_fair},
    {"GET", "/api/target-groups", audience::anyone, "none: the list is public", list_groups},
    {"POST", "/api/target-groups", audience::organiser, "none: any organiser extends the shared list", add_group,
     body_kind::json},
    {"GET", "/api/fairs/{id}/registration-link", audience::anyone,
     "fair not a draft; a draft: its creator only (others: 404)", registration_link},
    {"GET", "/api/fairs/{id}/qr.svg", audience::anyone, "fair not a draft; a draft: its creator only (others: 404)",
     qr_svg_route},
    {"GET", "/api/fairs/{id}/qr.png", audience::anyone, "fair not a draft; a draft: its creator only (others: 404)",
     qr_png_route},
    {"POST", "/api/fairs/{id}/invitations", audience::organiser, "the fair's creator (other organisers: 403)",
     invite_firm, body_kind::json},
    {"GET", "/api/fairs/{id}/invitations", audience::organiser, "the fair's creator (other organisers: 403)",
     list_fair_invitations},
    {"DELETE", "/api/invitations/{id}", audience::signed_in,
     "firm: the fair's creator; colleague: the booth's owner (anyone else: 404)", revoke_invitation},
    {"POST", "/api/invitations/preview", audience::anyone, "whoever holds the token", preview_invitation,
     body_kind::json},
    {"POST", "/api/invitations/accept", audience::anyone,
     "whoever holds the token; signed in: employers only (403), else a new employer account", accept_invitation,
     body_kind::json},
    {"POST", "/api/booths/{id}/invitations", audience::employer,
     "the booth's owner (its recruiters: 403; others: 403, or 404 when the fair is a draft)", invite_colleague,
     body_kind::json},
    {"GET", "/api/booths/{id}/members", audience::signed_in,
     "the booth's staff and organisers (others: 403, or 404 when the fair is a draft); pending invitations: owner only",
     list_members},
    {"DELETE", "/api/booths/{id}/members/{id}", audience::employer,
     "the booth's owner; removes recruiters only, never themselves", remove_member},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::fair
