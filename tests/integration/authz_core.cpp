// Authorisation-matrix probes for the rows of the session and node capabilities (server/session,
// server/node), the public fair and booth reads (server/fair, server/booth), public booth chat
// (server/chat), presence.get (server/presence) and privacy (server/privacy).
#include <nlohmann/json.hpp>

#include "tests/integration/authz.hpp"

namespace fuar::test {

namespace {
const std::vector<std::string> everyone = {"anonymous", "organiser", "organiser2", "owner", "owner2",
                                           "recruiter", "jobseeker", "jobseeker2"};
const std::vector<std::string> signed_in = {"organiser", "organiser2", "owner", "owner2",
                                            "recruiter", "jobseeker", "jobseeker2"};
std::string ws_data(const nlohmann::json& j) { return j.dump(); }
}  // namespace

std::vector<authz_probe> core_probes(const authz_world& w) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  return {
      {"POST /api/auth/register", "POST", "/api/auth/register", "{}", everyone},
      {"POST /api/auth/login", "POST", "/api/auth/login", "{}", everyone},
      {"POST /api/auth/logout", "POST", "/api/auth/logout", "", signed_in},
      {"GET /api/me", "GET", "/api/me", "", signed_in},
      {"GET /api/fairs", "GET", "/api/fairs", "", everyone},
      // A draft is visible to organisers only.
      {"GET /api/fairs/{id}", "GET", "/api/fairs/" + id(w.draft_fair), "", {"organiser", "organiser2"}},
      {"GET /api/booths/{id}", "GET", "/api/booths/" + id(w.booth), "", everyone},
      {"GET /healthz", "GET", "/healthz", "", everyone},
      {"GET /metrics", "GET", "/metrics", "", everyone},
      // WebSocket commands: method "WS", target = command type, body = data. Anonymous callers
      // cannot even open the socket (401 at the upgrade).
      {"ws hello", "WS", "hello", "{}", signed_in},
      {"ws ping", "WS", "ping", "{}", signed_in},
      {"ws subscribe", "WS", "subscribe", ws_data({{"topic", "fair:" + id(w.draft_fair)}}), {"organiser", "organiser2"}},
      {"ws subscribe", "WS", "subscribe", ws_data({{"topic", "user:" + id(w.actors.at(6).user_id)}}), {"jobseeker"}},
      {"ws unsubscribe", "WS", "unsubscribe", ws_data({{"topic", "booth:" + id(w.booth)}}), {}},
      // Presence needs a subscription on the same socket; a fresh socket has none.
      {"ws presence.get", "WS", "presence.get", ws_data({{"topic", "booth:" + id(w.booth)}}), {}},
      {"ws chat.send", "WS", "chat.send", ws_data({{"booth_id", w.booth}, {"text", "hello"}}), signed_in},
      {"ws chat.history", "WS", "chat.history", ws_data({{"booth_id", w.booth}}), signed_in},
      // Privacy (server/privacy): everyone exports their own data; only jobseekers delete their
      // own account here (others get 403 before the password is looked at).
      {"GET /api/me/export", "GET", "/api/me/export", "", signed_in},
      {"POST /api/me/delete", "POST", "/api/me/delete", R"({"password":"world password"})", {"jobseeker", "jobseeker2"}},
  };
}

}  // namespace fuar::test
