#pragma once
#include <span>

#include "server/contract/routes.hpp"

namespace fuar::fair {
// The fair capability's rows of the route (and policy) table.
std::span<const api::route> routes();
}  // namespace fuar::fair
