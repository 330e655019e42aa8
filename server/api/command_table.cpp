// The command table: every WebSocket command, capability by capability (commands.hpp), in a fixed
// order (it is also the order of the start and disconnect hooks).
#include <unordered_map>
#include <vector>

#include "server/api/commands.hpp"
#include "server/chat/commands.hpp"
#include "server/presence/commands.hpp"
#include "server/queue/commands.hpp"
#include "server/room/commands.hpp"
#include "server/session/commands.hpp"
#include "server/slot/commands.hpp"

namespace fuar::api {

std::span<const capability> all_capabilities() {
  static const std::vector<capability> all{session::capability(), chat::capability(), presence::capability(),
                                           queue::capability(),   room::capability(), slot::capability()};
  return all;
}

const command* find_command(std::string_view type) {
  // Built once: every message looks its row up here.
  static const auto index = [] {
    std::unordered_map<std::string_view, const command*> m;
    for (const auto& cap : all_capabilities())
      for (const auto& c : cap.commands) m.emplace(c.type, &c);
    return m;
  }();
  auto it = index.find(type);
  return it == index.end() ? nullptr : it->second;
}

}  // namespace fuar::api
