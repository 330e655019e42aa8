#pragma once
// The chat capability's WebSocket commands and hooks (server/api/commands.hpp).
#include "server/api/commands.hpp"

namespace fuar::chat {

const api::capability& capability();

}  // namespace fuar::chat
