#pragma once
#include <span>

#include "server/api/routes.hpp"

namespace fuar::room {
// The room capability's rows of the HTTP route (and policy) table: the organiser's interview
// figures of a fair.
std::span<const api::route> routes();
}  // namespace fuar::room
