// The chat capability's command table (server/api/commands.hpp).
#include "server/chat/commands.hpp"

namespace fuar::chat {

const api::capability& capability() {
  static const api::capability cap{"chat", {}, nullptr, nullptr};
  return cap;
}

}  // namespace fuar::chat
