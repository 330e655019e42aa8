// Authorisation-matrix probes for the fairs routes (authz.hpp). `allowed` lists every actor for
// whom the call may succeed; every other actor must be refused with nothing changed.
#include "tests/integration/authz.hpp"

#include <nlohmann/json.hpp>

namespace fuar::test {

namespace {

std::int64_t user_id_of(const authz_world& w, const std::string& name) {
  for (const auto& a : w.actors)
    if (a.name == name) return a.user_id;
  return 0;
}

std::string fair_body() {
  // Far in the future so that the probe stays valid whenever it runs.
  return nlohmann::json{{"title", {{"en", "Probe fair"}}},
                        {"timezone", "Europe/Istanbul"},
                        {"starts_at", 4000000000LL},
                        {"ends_at", 4000003600LL}}
      .dump();
}

}  // namespace

std::vector<authz_probe> fairs_probes(const authz_world& w) {
  const std::string fair = "/api/fairs/" + std::to_string(w.fair);
  const std::string draft = "/api/fairs/" + std::to_string(w.draft_fair);
  const std::string booth = "/api/booths/" + std::to_string(w.booth);
  const std::vector<std::string> everyone = {"anonymous", "organiser", "organiser2", "owner",
                                             "owner2",    "recruiter", "jobseeker",  "jobseeker2"};
  const std::string accept_body =
      nlohmann::json{{"token", w.invitation_token}, {"name", "Probe"}, {"email", "probe-accept@example.org"},
                     {"password", "probe password"}}
          .dump();
  return {
      {"POST /api/fairs", "POST", "/api/fairs", fair_body(), {"organiser", "organiser2"}},
      {"PATCH /api/fairs/{id}", "PATCH", fair, R"({"theme":"changed"})", {"organiser"}},
      {"PATCH /api/fairs/{id}", "PATCH", draft, R"({"theme":"changed"})", {"organiser"}},
      {"POST /api/fairs/{id}/publish", "POST", draft + "/publish", "", {"organiser"}},
      {"POST /api/fairs/{id}/open", "POST", fair + "/open", "", {"organiser"}},
      {"POST /api/fairs/{id}/close", "POST", fair + "/close", "", {"organiser"}},
      {"GET /api/organiser/fairs", "GET", "/api/organiser/fairs", "", {"organiser", "organiser2"}},
      {"GET /api/organiser/fairs/{id}", "GET", "/api/organiser/fairs/" + std::to_string(w.draft_fair), "", {"organiser"}},
      {"GET /api/target-groups", "GET", "/api/target-groups", "", everyone},
      {"POST /api/target-groups", "POST", "/api/target-groups",
       R"({"key":"probe-group","label":{"tr":"Deneme","en":"Probe"}})", {"organiser", "organiser2"}},
      // A draft's link and QR code are its organiser's only (published fairs: anyone).
      {"GET /api/fairs/{id}/registration-link", "GET", draft + "/registration-link", "", {"organiser"}},
      {"GET /api/fairs/{id}/qr.svg", "GET", draft + "/qr.svg", "", {"organiser"}},
      {"GET /api/fairs/{id}/qr.png", "GET", draft + "/qr.png", "", {"organiser"}},
      {"POST /api/fairs/{id}/invitations", "POST", fair + "/invitations",
       R"({"firm_name":"Probe firm","email":"probe@example.org"})", {"organiser"}},
      {"GET /api/fairs/{id}/invitations", "GET", fair + "/invitations", "", {"organiser"}},
      {"DELETE /api/invitations/{id}", "DELETE", "/api/invitations/" + std::to_string(w.invitation), "", {"organiser"}},
      {"DELETE /api/invitations/{id}", "DELETE", "/api/invitations/" + std::to_string(w.colleague_invitation), "",
       {"owner"}},
      // Whoever holds the token may look; accepting is for a new account or a signed-in employer.
      {"POST /api/invitations/preview", "POST", "/api/invitations/preview",
       nlohmann::json{{"token", w.invitation_token}}.dump(), everyone},
      {"POST /api/invitations/accept", "POST", "/api/invitations/accept", accept_body,
       {"anonymous", "owner", "owner2", "recruiter"}},
      {"POST /api/booths/{id}/invitations", "POST", booth + "/invitations",
       R"({"email":"colleague@example.org","name":"Probe"})", {"owner"}},
      {"GET /api/booths/{id}/members", "GET", booth + "/members", "", {"owner", "recruiter", "organiser", "organiser2"}},
      {"DELETE /api/booths/{id}/members/{id}", "DELETE",
       booth + "/members/" + std::to_string(user_id_of(w, "recruiter")), "", {"owner"}},
  };
}

}  // namespace fuar::test
