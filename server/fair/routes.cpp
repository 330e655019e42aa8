// HTTP routes of the fair capability (protocol/http/fair.md). Each row is also a policy row.
#include "server/fair/routes.hpp"

namespace fuar::fair {

std::span<const api::route> routes() { return {}; }

}  // namespace fuar::fair
