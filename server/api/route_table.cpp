// All domain routes, capability by capability (routes.hpp).
#include <vector>

#include "server/api/routes.hpp"
#include "server/booth/routes.hpp"
#include "server/cv/routes.hpp"
#include "server/fair/routes.hpp"
#include "server/people/routes.hpp"
#include "server/privacy/routes.hpp"
#include "server/slot/routes.hpp"

namespace fuar::api {

std::span<const route> all_routes() {
  static const std::vector<route> all = [] {
    std::vector<route> v;
    for (auto part : {fair::routes(), booth::routes(), people::routes(), cv::routes(), privacy::routes(), slot::routes()}) v.insert(v.end(), part.begin(), part.end());
    return v;
  }();
  return all;
}

}  // namespace fuar::api
