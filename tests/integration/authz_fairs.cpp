// Authorisation-matrix probes for the fairs routes (authz.hpp).
#include "tests/integration/authz.hpp"

namespace fuar::test {

std::vector<authz_probe> fairs_probes(const authz_world& w) {
  (void)w;
  return {};
}

}  // namespace fuar::test
