#pragma once
// Privacy: a user's own data export and account deletion (protocol/http/privacy.md).
#include <span>

#include "server/contract/routes.hpp"

namespace fuar::privacy {
std::span<const api::route> routes();
}  // namespace fuar::privacy
