#include "server/api/policy.hpp"

#include <charconv>
#include <chrono>

#include "server/fair/status.hpp"
#include "server/store/chat_store.hpp"
#include "server/store/rooms_store.hpp"

namespace fuar::api::policy {
namespace {

using enum audience;
constexpr rule rules[] = {
    {"ws hello", signed_in, "none"},
    {"ws ping", signed_in, "none"},
    {"ws subscribe", signed_in, "fair:{id} and booth:{id}: the fair is not a draft (organisers see drafts) and the user is not banned from it; user:{id}: one's own only; staff:{booth}: the booth's staff and organisers; room:{id}: the room's members (not kicked)"},
    {"ws unsubscribe", signed_in, "own subscriptions only"},
    {"ws presence.get", signed_in, "subscribed to the topic; member lists: organisers, and the booth's staff for booth topics"},
    {"ws chat.send", signed_in, "the booth's fair is published or live (staff and organisers also in draft); not banned or muted in the fair; per-user rate limit"},
    {"ws chat.history", signed_in, "the booth is visible (its fair is not a draft); not banned from the fair"},
    {"POST /api/auth/register", anyone, "CSRF header; creates a jobseeker only"},
    {"POST /api/auth/login", anyone, "CSRF header; throttled per account and per IP"},
    {"POST /api/auth/logout", signed_in, "own session only"},
    {"GET /api/me", signed_in, "own account only"},
    {"GET /api/fairs", anyone, "drafts listed for organisers only"},
    {"GET /api/fairs/{id}", anyone, "drafts visible to organisers only"},
    {"GET /api/booths/{id}", anyone, "the booth's fair is not a draft (organisers see drafts)"},
    {"GET /healthz", anyone, "none"},
    {"GET /metrics", anyone, "none (bind the node to a private address or filter it at the proxy)"},
};

protocol::error err(protocol::error_code c, std::string m) { return {c, std::move(m), ""}; }

}  // namespace

std::span<const rule> table() { return rules; }

const rule* find(std::string_view action) {
  for (const auto& r : rules)
    if (r.action == action) return &r;
  return nullptr;
}

std::optional<topic_ref> parse_topic(std::string_view topic) {
  auto colon = topic.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto kind = topic.substr(0, colon);
  auto num = topic.substr(colon + 1);
  if (num.empty() || num[0] == '0') return std::nullopt;  // from_chars rejects overflow
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), id);
  if (ec != std::errc{} || p != num.data() + num.size() || id <= 0) return std::nullopt;
  if (kind == "fair") return topic_ref{topic_kind::fair, id};
  if (kind == "booth") return topic_ref{topic_kind::booth, id};
  if (kind == "user") return topic_ref{topic_kind::user, id};
  if (kind == "staff") return topic_ref{topic_kind::staff, id};
  if (kind == "room") return topic_ref{topic_kind::room, id};
  return std::nullopt;
}

namespace {

bool fair_visible(const store::fair& f, const store::user& u) {
  return f.status != "draft" || u.user_role == store::role::organiser;
}

// A fair-wide ban (server/chat): the fair's and its booths' topics, history and chat are refused.
bool banned_from(store::store& st, const store::user& u, std::int64_t fair_id) {
  return u.user_role != store::role::organiser && st.chat().is_banned(fair_id, u.id);
}

}  // namespace

std::optional<protocol::error> can_subscribe(store::store& st, const store::user& u, const topic_ref& t) {
  if (t.kind == topic_kind::user) {
    if (t.id != u.id) return err(protocol::error_code::not_found, "no such topic");
    return std::nullopt;
  }
  if (t.kind == topic_kind::staff) {
    if (!st.booths().find_booth(t.id) || !(u.user_role == store::role::organiser || st.booths().is_booth_member(t.id, u.id)))
      return err(protocol::error_code::not_found, "no such topic");
    return std::nullopt;
  }
  if (t.kind == topic_kind::room) {
    if (!st.rooms().is_member(t.id, u.id)) return err(protocol::error_code::not_found, "no such room");
    return std::nullopt;
  }
  if (t.kind == topic_kind::fair) {
    auto f = st.fairs().find_fair(t.id);
    if (!f || !fair_visible(*f, u)) return err(protocol::error_code::not_found, "no such fair");
    if (banned_from(st, u, t.id)) return err(protocol::error_code::forbidden, "you are banned from this fair");
    return std::nullopt;
  }
  return can_read_booth(st, u, t.id);
}

bool is_public(store::store& st, const topic_ref& t) {
  if (t.kind != topic_kind::fair && t.kind != topic_kind::booth) return false;
  std::int64_t fair_id = t.id;
  if (t.kind == topic_kind::booth) {
    auto b = st.booths().find_booth(t.id);
    if (!b) return false;
    fair_id = b->fair_id;
  }
  auto f = st.fairs().find_fair(fair_id);
  return f && f->status != "draft";
}

bool can_see_members(store::store& st, const store::user& u, const topic_ref& t) {
  if (t.kind == topic_kind::user) return false;
  if (t.kind == topic_kind::room) return st.rooms().is_member(t.id, u.id);
  if (t.kind == topic_kind::staff) return true;  // only staff and organisers can subscribe
  if (u.user_role == store::role::organiser) return true;
  return t.kind == topic_kind::booth && st.booths().is_booth_member(t.id, u.id);
}

std::optional<protocol::error> can_read_booth(store::store& st, const store::user& u, std::int64_t booth_id) {
  auto b = st.booths().find_booth(booth_id);
  if (!b) return err(protocol::error_code::not_found, "no such booth");
  auto f = st.fairs().find_fair(b->fair_id);
  if (!f || !(fair_visible(*f, u) || st.booths().is_booth_member(booth_id, u.id)))
    return err(protocol::error_code::not_found, "no such booth");
  if (banned_from(st, u, b->fair_id)) return err(protocol::error_code::forbidden, "you are banned from this fair");
  return std::nullopt;
}

std::optional<protocol::error> can_chat(store::store& st, const store::user& u, std::int64_t booth_id) {
  if (auto e = can_read_booth(st, u, booth_id)) return e;
  auto f = st.fairs().find_fair(st.booths().find_booth(booth_id)->fair_id);
  bool staff = u.user_role == store::role::organiser || st.booths().is_booth_member(booth_id, u.id);
  // The status the clock gives: a published fair whose end has passed is closed.
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (fair::effective_status(*f, now) == "closed") return err(protocol::error_code::forbidden, "the fair is closed");
  if (f->status == "draft" && !staff)
    return err(protocol::error_code::forbidden, "the fair is not open yet");
  return std::nullopt;
}

}  // namespace fuar::api::policy
