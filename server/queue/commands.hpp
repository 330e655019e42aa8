#pragma once
// The queue capability's WebSocket commands and hooks (server/contract/commands.hpp).
#include "server/contract/commands.hpp"

namespace fuar::queue {

const api::capability& capability();

}  // namespace fuar::queue
