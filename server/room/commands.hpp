#pragma once
// The room capability's WebSocket commands and hooks (server/contract/commands.hpp).
#include "server/contract/commands.hpp"

namespace fuar::room {

const api::capability& capability();

}  // namespace fuar::room
