// The queue capability's command table (server/api/commands.hpp).
#include "server/queue/commands.hpp"

namespace fuar::queue {

const api::capability& capability() {
  static const api::capability cap{"queue", {}, nullptr, nullptr};
  return cap;
}

}  // namespace fuar::queue
