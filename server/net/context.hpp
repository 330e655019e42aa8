#pragma once
// What the transport needs from the rest of the server. No Beast here.
#include <string>
#include <vector>

#include "server/api/api.hpp"

namespace boost::asio { class io_context; }

namespace fuar::net {

struct context {
  api::api& api;
  hub::hub& hub;
  app::metrics& metrics;
  const app::config& cfg;
  std::string static_root;
};

}  // namespace fuar::net
