#pragma once
// The presence capability's WebSocket commands and hooks (server/contract/commands.hpp).
#include "server/contract/commands.hpp"

namespace fuar::presence {

const api::capability& capability();

}  // namespace fuar::presence
