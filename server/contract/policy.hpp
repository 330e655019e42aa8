#pragma once
// The policy vocabulary shared by both tables: who may call a row (`audience`), and the
// ownership rules that several rows apply and that need the store (call them on the blocking
// pool). Every row of the route table (routes.hpp) and of the command table (commands.hpp)
// carries an `audience` and its ownership rule in words; `fuar admin routes` prints them all.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/catalogue.hpp"
#include "protocol/topics.hpp"
#include "server/store/store.hpp"

namespace fuar::api {

// Who may call a route or send a command; the dispatchers check it before the handler runs.
enum class audience {
  anyone,     // no session needed (the handler may still look at the user); HTTP only
  signed_in,  // any role
  jobseeker,
  employer,
  organiser,
};
std::string_view to_string(audience a);
// Does a user of role `r` belong to audience `a`?
bool admits(audience a, store::role r);
// "a jobseeker", "an employer", ... for "this needs … account".
std::string_view article_name(audience a);

}  // namespace fuar::api

namespace fuar::api::policy {

// Topic names and their parser live with the wire contract (protocol/topics.hpp).
using protocol::parse_topic;
using protocol::topic_kind;
using protocol::topic_ref;

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
