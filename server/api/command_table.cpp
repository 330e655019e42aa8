// All live capabilities with their WebSocket commands (commands.hpp), in a fixed order.
#include <vector>

#include "server/api/commands.hpp"
#include "server/chat/commands.hpp"
#include "server/presence/commands.hpp"
#include "server/queue/commands.hpp"
#include "server/room/commands.hpp"
#include "server/slot/commands.hpp"

namespace fuar::api {

std::span<const capability> all_capabilities() {
  static const std::vector<capability> all{chat::capability(), presence::capability(), queue::capability(),
                                           room::capability(), slot::capability()};
  return all;
}

const command* find_command(std::string_view type) {
  for (const auto& cap : all_capabilities())
    for (const auto& c : cap.commands)
      if (c.type == type) return &c;
  return nullptr;
}

}  // namespace fuar::api
