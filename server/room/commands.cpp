// The room capability's command table (server/api/commands.hpp).
#include "server/room/commands.hpp"

namespace fuar::room {

const api::capability& capability() {
  static const api::capability cap{"room", {}, nullptr, nullptr};
  return cap;
}

}  // namespace fuar::room
