// Authorisation-matrix probes for the room capability (authz.hpp): one per WebSocket command and HTTP
// route of server/room. The fixture is one 1:1 room at `booth`, opened by "owner" with "jobseeker" (by
// the world's application) through the real API. Nobody joins it here: a joined connection that
// closes would start the rejoin grace and the sweep would change the digest mid-matrix.
// "recruiter" is on the booth's staff but not in the room: to them the room does not exist.
#include "tests/integration/authz.hpp"

#include <stdexcept>

#include "tests/integration/harness.hpp"

namespace fuar::test {

std::vector<authz_probe> room_probes(const authz_world& w) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  auto actor_of = [&](const std::string& name) -> const authz_actor& {
    for (const auto& a : w.actors)
      if (a.name == name) return a;
    throw std::runtime_error("no actor " + name);
  };
  ws_client owner(w.port, {{"Authorization", "Bearer " + actor_of("owner").token}});
  if (!owner.is_open()) throw std::runtime_error("room probes: owner cannot connect");
  auto r = owner.command("room.create", {{"booth_id", w.booth}, {"application_id", w.application}});
  if (r["ok"] != true) throw std::runtime_error("room probes: room.create failed: " + r.dump());
  auto room = r["data"]["room"]["id"].get<std::int64_t>();

  const auto js = actor_of("jobseeker").user_id;
  const auto on_room = "{\"room_id\":" + id(room) + "}";
  const std::vector<std::string> signed_in = {"organiser", "organiser2", "owner",     "owner2",
                                              "recruiter", "jobseeker",  "jobseeker2"};
  const std::vector<std::string> members = {"owner", "jobseeker"};
  return {
      // The booth's staff; owner2 (another booth) 403; jobseekers and organisers by role.
      {"ws room.create", "WS", "room.create",
       "{\"booth_id\":" + id(w.booth) + ",\"application_id\":" + id(w.application) + "}", {"owner", "recruiter"}},
      // A recruiter member only: "recruiter" is not in the room (404).
      {"ws room.invite", "WS", "room.invite",
       "{\"room_id\":" + id(room) + ",\"application_id\":" + id(w.application) + "}", {"owner"}},
      {"ws room.mine", "WS", "room.mine", "{}", signed_in},
      {"ws room.get", "WS", "room.get", on_room, members},
      {"ws room.join", "WS", "room.join", on_room, members},
      {"ws room.leave", "WS", "room.leave", on_room, members},
      {"ws room.signal", "WS", "room.signal",
       "{\"room_id\":" + id(room) + ",\"to\":" + id(js) + ",\"kind\":\"offer\",\"payload\":\"v=0\"}", members},
      {"ws room.chat", "WS", "room.chat", "{\"room_id\":" + id(room) + ",\"text\":\"Merhaba\"}", members},
      {"ws room.chat_history", "WS", "room.chat_history", on_room, members},
      {"ws room.kick", "WS", "room.kick", "{\"room_id\":" + id(room) + ",\"user_id\":" + id(js) + "}", {"owner"}},
      {"ws room.end", "WS", "room.end", on_room, {"owner"}},
      {"ws room.turn", "WS", "room.turn", on_room, members},
      {"ws room.evaluate", "WS", "room.evaluate",
       "{\"room_id\":" + id(room) + ",\"candidate_id\":" + id(js) + ",\"rating\":3}", {"owner"}},
  };
}

}  // namespace fuar::test
