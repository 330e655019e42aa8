#include "server/app/capabilities.hpp"

#include "server/booth/routes.hpp"
#include "server/chat/commands.hpp"
#include "server/cv/routes.hpp"
#include "server/fair/routes.hpp"
#include "server/node/routes.hpp"
#include "server/people/routes.hpp"
#include "server/presence/commands.hpp"
#include "server/privacy/routes.hpp"
#include "server/queue/commands.hpp"
#include "server/room/commands.hpp"
#include "server/session/commands.hpp"
#include "server/session/routes.hpp"
#include "server/slot/commands.hpp"
#include "server/slot/routes.hpp"

namespace fuar::app {

namespace {

api::capability with_routes(api::capability cap, std::span<const api::route> routes) {
  cap.routes = routes;
  return cap;
}

api::capability routes_only(std::string_view name, std::span<const api::route> routes,
                            void (*on_start)(api::services&) = nullptr) {
  api::capability cap{name, {}};
  cap.routes = routes;
  cap.on_start = on_start;
  return cap;
}

}  // namespace

const api::tables& capability_tables() {
  static const api::tables all({
      routes_only("node", node::routes()),
      with_routes(session::capability(), session::routes()),
      routes_only("fair", fair::routes()),
      routes_only("booth", booth::routes()),
      routes_only("people", people::routes()),
      routes_only("cv", cv::routes(), cv::on_start),
      routes_only("privacy", privacy::routes()),
      chat::capability(),
      presence::capability(),
      queue::capability(),
      room::capability(),
      with_routes(slot::capability(), slot::routes()),
  });
  return all;
}

}  // namespace fuar::app
