#pragma once
// One fair with everything in it, built through the real HTTP API (authz.hpp describes it).
// Used by the authorisation matrix and by flows that need a populated fair.
#include "tests/integration/authz.hpp"
#include "tests/integration/harness.hpp"

namespace fuar::test {

authz_world build_world(const server& s);
// The actor of that name (throws when there is none).
const authz_actor& actor(const authz_world& w, const std::string& name);

}  // namespace fuar::test
