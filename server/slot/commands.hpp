#pragma once
// The slot capability's WebSocket commands and hooks (server/contract/commands.hpp).
#include "server/contract/commands.hpp"

namespace fuar::slot {

const api::capability& capability();

}  // namespace fuar::slot
