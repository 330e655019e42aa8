#pragma once
// The presence capability's WebSocket commands and hooks (server/api/commands.hpp).
#include "server/api/commands.hpp"

namespace fuar::presence {

const api::capability& capability();

}  // namespace fuar::presence
