#pragma once
// The session capability's WebSocket commands and hooks (server/contract/commands.hpp).
#include "server/contract/commands.hpp"

namespace fuar::session {

const api::capability& capability();

}  // namespace fuar::session
