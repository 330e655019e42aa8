#pragma once
// The session capability's HTTP rows: registration, login and logout, which create and end the
// session a browser then opens its WebSocket with, and /api/me, which reads it
// (PROTOCOL.md §1, "Authentication and CSRF").
#include <span>

#include "server/contract/routes.hpp"

namespace fuar::session {

std::span<const api::route> routes();

// Sets up the login and registration throttles from `cfg.auth` and the dummy password hash that
// unknown emails are checked against. Called once at start-up, before the first request
// (the session capability's on_start).
void start_auth(const app::config& cfg);

}  // namespace fuar::session
