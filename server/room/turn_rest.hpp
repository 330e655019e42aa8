#pragma once
// The TURN REST credential scheme (what coturn checks with `use-auth-secret` and
// `static-auth-secret`): username "<unix expiry>:<user id>", credential
// base64(HMAC-SHA1(secret, username)); coturn refuses the username once the expiry has passed.
// The digests are in util/digest.hpp; this header stays header-only so the integration tests
// mint credentials (also already expired ones) exactly as the server does.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/util/digest.hpp"

namespace fuar::room {

using util::base64;
using util::hmac_sha1;
using util::sha1;

struct turn_credential {
  std::string username;
  std::string credential;
};

inline turn_credential turn_rest_credential(std::string_view secret, std::int64_t user_id, std::int64_t expires_at) {
  turn_credential c;
  c.username = std::to_string(expires_at) + ":" + std::to_string(user_id);
  auto mac = hmac_sha1(secret, c.username);
  c.credential = base64(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
  return c;
}

}  // namespace fuar::room
