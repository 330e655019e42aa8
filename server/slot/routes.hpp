#pragma once
// HTTP routes of the slot capability: calendar files (protocol/ws/slot.md, "Calendar files").
#include <span>

#include "server/contract/routes.hpp"

namespace fuar::slot {

std::span<const api::route> routes();

}  // namespace fuar::slot
