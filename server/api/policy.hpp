#pragma once
// The policy table: who may do what. One row per WebSocket command and HTTP route; the
// ownership checks that need the store are the functions below it (call them on the blocking
// pool). A unit test fails when a catalogue command or a routed path has no row.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocol/catalogue.hpp"
#include "server/store/store.hpp"

namespace fuar::api::policy {

enum class audience {
  anyone,     // no session needed
  signed_in,  // any role
};

struct rule {
  std::string_view action;     // "ws chat.send", "POST /api/auth/login", ...
  audience who;
  std::string_view ownership;  // the resource check applied on top, in words
};

std::span<const rule> table();
const rule* find(std::string_view action);

enum class topic_kind { fair, booth, user, staff, room };
struct topic_ref {
  topic_kind kind;
  std::int64_t id;
};
// "fair:12" / "booth:7" / "user:5" / "staff:7" (booth 7's staff) / "room:3"; nullopt for anything else (ids are positive decimal, no leading zero).
std::optional<topic_ref> parse_topic(std::string_view topic);

// Blocking (store). A fair is visible when it is not a draft, or to organisers.
std::optional<protocol::error> can_subscribe(store::store& st, const store::user& u, const topic_ref& t);
// True when every signed-in user may subscribe (the fair, or the booth's fair, is not a draft).
bool is_public(store::store& st, const topic_ref& t);
// Presence member lists: organisers for fairs; organisers and the booth's staff for booths.
bool can_see_members(store::store& st, const store::user& u, const topic_ref& t);
// Booth public chat: the booth exists and its fair is published or live (organisers and the
// booth's staff may also write while it is a draft).
std::optional<protocol::error> can_chat(store::store& st, const store::user& u, std::int64_t booth_id);
// Reading a booth's chat history: same visibility as subscribing to the booth.
std::optional<protocol::error> can_read_booth(store::store& st, const store::user& u, std::int64_t booth_id);

}  // namespace fuar::api::policy
