// HTTP routes of the people capability (protocol/http/people.md). Each row is also a policy row.
#include "server/people/routes.hpp"

namespace fuar::people {

std::span<const api::route> routes() { return {}; }

}  // namespace fuar::people
