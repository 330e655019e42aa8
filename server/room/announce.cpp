#include "server/room/announce.hpp"

#include "protocol/topics.hpp"

namespace fuar::room {

nlohmann::json room_json(const store::room& r) {
  nlohmann::json j{{"id", r.id},         {"booth_id", r.booth_id}, {"fair_id", r.fair_id},
                   {"kind", r.kind},     {"source", r.source},     {"status", r.status},
                   {"created_at", r.created_at}};
  if (r.started_at) j["started_at"] = *r.started_at;
  if (r.ended_at) j["ended_at"] = *r.ended_at;
  return j;
}

nlohmann::json member_json(const store::room_member& m) {
  std::string state = m.kicked                          ? "kicked"
                      : !m.joined_at                    ? "invited"
                      : m.left_at                       ? "left"
                                                        : "joined";
  return {{"user_id", m.user_id}, {"name", m.name}, {"role", m.role}, {"state", state}};
}

void announce(api::services& svc, store::store& st, const store::room& r) {
  auto members = st.rooms().members(r.id);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : members) list.push_back(member_json(m));
  nlohmann::json data{{"room", room_json(r)}, {"members", list}};
  for (const auto& m : members) svc.publish(protocol::user_topic(m.user_id), "room.invited", data);
}

}  // namespace fuar::room
