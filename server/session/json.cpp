#include "server/session/json.hpp"

namespace fuar::session {

nlohmann::json user_json(const store::user& u) {
  return {{"id", u.id}, {"email", u.email}, {"name", u.name}, {"role", store::to_string(u.user_role)}};
}

}  // namespace fuar::session
