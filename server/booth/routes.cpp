// HTTP routes of the booth capability (protocol/http/booth.md). Each row is also a policy row.
#include "server/booth/routes.hpp"

namespace fuar::booth {

std::span<const api::route> routes() { return {}; }

}  // namespace fuar::booth
