// The slot capability's command table (server/api/commands.hpp).
#include "server/slot/commands.hpp"

namespace fuar::slot {

const api::capability& capability() {
  static const api::capability cap{"slot", {}, nullptr, nullptr};
  return cap;
}

}  // namespace fuar::slot
