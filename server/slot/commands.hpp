#pragma once
// The slot capability's WebSocket commands and hooks (server/api/commands.hpp).
#include "server/api/commands.hpp"

namespace fuar::slot {

const api::capability& capability();

}  // namespace fuar::slot
