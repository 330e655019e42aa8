// The presence capability's command table (server/api/commands.hpp).
#include "server/presence/commands.hpp"

namespace fuar::presence {

const api::capability& capability() {
  static const api::capability cap{"presence", {}, nullptr, nullptr};
  return cap;
}

}  // namespace fuar::presence
