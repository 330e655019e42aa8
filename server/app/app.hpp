#pragma once
// Wires the server together and runs it until SIGINT/SIGTERM, then drains:
// stop accepting, refuse new writes, close WebSockets with 1001 (reconnect elsewhere), let
// work already on the blocking pool commit, and exit within server.shutdown_timeout_s.
#include "server/config/config.hpp"
#include "server/store/store.hpp"

namespace fuar::app {

// The store section of `cfg` as store::open takes it.
store::options store_options(const config& cfg);

// Returns the process exit code.
int run_server(const config& cfg);

// `fuar admin ...`; argv starts after "admin". Returns the exit code.
int run_admin(const config& cfg, int argc, char** argv);

}  // namespace fuar::app
