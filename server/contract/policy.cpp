#include "server/contract/policy.hpp"

#include <chrono>

#include "server/contract/fair_status.hpp"
#include "protocol/status.hpp"
#include "server/store/chat_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::api {

std::string_view to_string(audience a) {
  switch (a) {
    case audience::anyone: return "anyone";
    case audience::signed_in: return "signed_in";
    case audience::jobseeker: return "jobseeker";
    case audience::employer: return "employer";
    case audience::organiser: return "organiser";
  }
  return "?";
}

bool admits(audience a, store::role r) {
  switch (a) {
    case audience::anyone:
    case audience::signed_in: return true;
    case audience::jobseeker: return r == store::role::jobseeker;
    case audience::employer: return r == store::role::employer;
    case audience::organiser: return r == store::role::organiser;
  }
  return false;
}

std::string_view article_name(audience a) {
  switch (a) {
    case audience::jobseeker: return "a jobseeker";
    case audience::employer: return "an employer";
    case audience::organiser: return "an organiser";
    default: return "a";
  }
}

}  // namespace fuar::api

namespace fuar::api::policy {
namespace {

protocol::error err(protocol::error_code c, std::string m) { return {c, std::move(m), ""}; }

}  // namespace

namespace {

bool fair_visible(const store::fair& f, const store::user& u) {
  return f.status != protocol::fair_status::draft || u.user_role == store::role::organiser;
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
  return f && f->status != protocol::fair_status::draft;
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
  auto now = util::unix_s();
  if (fair::effective_status(*f, now) == protocol::fair_status::closed) return err(protocol::error_code::forbidden, "the fair is closed");
  if (f->status == protocol::fair_status::draft && !staff)
    return err(protocol::error_code::forbidden, "the fair is not open yet");
  return std::nullopt;
}

}  // namespace fuar::api::policy
