#pragma once
// The session capability's WebSocket commands and hooks (server/api/commands.hpp).
#include "server/api/commands.hpp"

namespace fuar::session {

const api::capability& capability();

}  // namespace fuar::session
