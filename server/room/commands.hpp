#pragma once
// The room capability's WebSocket commands and hooks (server/api/commands.hpp).
#include "server/api/commands.hpp"

namespace fuar::room {

const api::capability& capability();

}  // namespace fuar::room
