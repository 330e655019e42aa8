#pragma once
// The chat capability's WebSocket commands and hooks (server/contract/commands.hpp).
#include "server/contract/commands.hpp"

namespace fuar::chat {

const api::capability& capability();

}  // namespace fuar::chat
