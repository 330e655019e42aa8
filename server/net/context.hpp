#pragma once
// What the transport needs from the rest of the server. No Beast here.
#include <string>
#include <vector>

#include "server/config/config.hpp"
#include "server/config/metrics.hpp"
#include "server/contract/handler.hpp"
#include "server/hub/hub.hpp"

namespace boost::asio { class io_context; }

namespace fuar::net {

struct context {
  api::handler& api;  // the server above the transport (the API implements it)
  hub::hub& hub;
  app::metrics& metrics;
  const app::config& cfg;
  std::string static_root;
};

}  // namespace fuar::net
