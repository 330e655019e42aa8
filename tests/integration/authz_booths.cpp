// Authorisation-matrix probes for the booths routes (authz.hpp).
#include "tests/integration/authz.hpp"

namespace fuar::test {

std::vector<authz_probe> booths_probes(const authz_world& w) {
  (void)w;
  return {};
}

}  // namespace fuar::test
