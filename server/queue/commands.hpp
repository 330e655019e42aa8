#pragma once
// The queue capability's WebSocket commands and hooks (server/api/commands.hpp).
#include "server/api/commands.hpp"

namespace fuar::queue {

const api::capability& capability();

}  // namespace fuar::queue
