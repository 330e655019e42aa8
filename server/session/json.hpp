#pragma once
// The user object of the wire (PROTOCOL.md §1), as hello, login, registration and /api/me send it.
#include <nlohmann/json.hpp>

#include "server/store/store.hpp"

namespace fuar::session {

nlohmann::json user_json(const store::user& u);

}  // namespace fuar::session
