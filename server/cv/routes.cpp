// HTTP routes of the cv capability (protocol/http/cv.md). Each row is also a policy row.
#include "server/cv/routes.hpp"

namespace fuar::cv {

std::span<const api::route> routes() { return {}; }

void on_start(api::services&) {}

}  // namespace fuar::cv
