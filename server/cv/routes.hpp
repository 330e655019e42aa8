#pragma once
#include <span>

#include "server/contract/routes.hpp"

namespace fuar::cv {
// The cv capability's rows of the route (and policy) table.
std::span<const api::route> routes();
// Called once at start-up with the services (e.g. to requeue CV text extractions that were
// pending when the process stopped).
void on_start(api::services& svc);
}  // namespace fuar::cv
