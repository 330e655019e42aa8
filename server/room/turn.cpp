#include "server/room/turn.hpp"

namespace fuar::room {

nlohmann::json ice_servers(const app::config& cfg, std::int64_t user_id, std::int64_t now) {
  auto list = nlohmann::json::array();
  if (!cfg.rooms.stun_urls.empty()) list.push_back({{"urls", cfg.rooms.stun_urls}});
  if (!cfg.rooms.turn_secret.empty() && !cfg.rooms.turn_urls.empty()) {
    auto c = turn_rest_credential(cfg.rooms.turn_secret, user_id, now + cfg.rooms.turn_ttl_s);
    list.push_back({{"urls", cfg.rooms.turn_urls}, {"username", c.username}, {"credential", c.credential}});
  }
  return {{"ice_servers", std::move(list)}, {"ttl_s", cfg.rooms.turn_ttl_s}};
}

}  // namespace fuar::room
