// The route table: every HTTP route, capability by capability (routes.hpp). The order decides
// the order of the methods in an `Allow` header.
#include <vector>

#include "server/api/routes.hpp"
#include "server/booth/routes.hpp"
#include "server/cv/routes.hpp"
#include "server/fair/routes.hpp"
#include "server/node/routes.hpp"
#include "server/people/routes.hpp"
#include "server/privacy/routes.hpp"
#include "server/session/routes.hpp"
#include "server/slot/routes.hpp"

namespace fuar::api {

std::span<const route> all_routes() {
  static const std::vector<route> all = [] {
    std::vector<route> v;
    for (auto part : {node::routes(), session::routes(), fair::routes(), booth::routes(), people::routes(),
                      cv::routes(), privacy::routes(), slot::routes()})
      v.insert(v.end(), part.begin(), part.end());
    return v;
  }();
  return all;
}

}  // namespace fuar::api
