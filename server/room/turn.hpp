#pragma once
// The ICE server list of room.turn (protocol/ws/room.md): STUN URLs, and TURN URLs with
// short-lived TURN REST credentials (turn_rest.hpp).
#include <cstdint>

#include <nlohmann/json.hpp>

#include "server/config/config.hpp"
#include "server/room/turn_rest.hpp"

namespace fuar::room {

// {ice_servers: [{urls: [stun...]}, {urls: [turn...], username, credential}], ttl_s}. The TURN
// entry only when rooms.turn_secret and rooms.turn_urls are set; credentials expire
// rooms.turn_ttl_s after `now`.
nlohmann::json ice_servers(const app::config& cfg, std::int64_t user_id, std::int64_t now);

}  // namespace fuar::room
