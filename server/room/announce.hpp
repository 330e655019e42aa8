#pragma once
// Shapes and announcements shared with the capabilities that create rooms (queue, slot).
#include <nlohmann/json.hpp>

#include "server/contract/routes.hpp"
#include "server/store/rooms_store.hpp"

namespace fuar::room {

// {"id", "booth_id", "fair_id", "kind", "source", "status", "created_at", "started_at"?, "ended_at"?}
nlohmann::json room_json(const store::room& r);
// {"user_id", "name", "role", "state": invited|joined|left|kicked}
nlohmann::json member_json(const store::room_member& m);

// After create_room has committed: pushes `room.invited` {"room", "members"} on user:{id} of every
// member, so each of them (the candidate on any page, the recruiter on their console) can open it.
void announce(api::services& svc, store::store& st, const store::room& r);

}  // namespace fuar::room
