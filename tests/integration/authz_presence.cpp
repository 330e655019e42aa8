// Authorisation-matrix probes for the presence commands (server/presence/commands.cpp): one per
// row, plus the draft-fair case of presence.hall. No fixtures are needed: the world's booths
// and fairs are enough, and the read commands change nothing for anyone.
#include <nlohmann/json.hpp>

#include "tests/integration/authz.hpp"

namespace fuar::test {

std::vector<authz_probe> presence_probes(const authz_world& w) {
  const std::vector<std::string> staff = {"owner", "recruiter"};
  const std::vector<std::string> signed_in = {"organiser", "organiser2", "owner", "owner2",
                                              "recruiter", "jobseeker", "jobseeker2"};
  auto d = [](const nlohmann::json& j) { return j.dump(); };
  return {
      {"ws presence.booth", "WS", "presence.booth", d({{"booth_id", w.booth}}), signed_in},
      {"ws presence.hall", "WS", "presence.hall", d({{"fair_id", w.fair}}), signed_in},
      // A draft fair's hall: organisers only; everyone else gets not_found.
      {"ws presence.hall", "WS", "presence.hall", d({{"fair_id", w.draft_fair}}), {"organiser", "organiser2"}},
      // owner2 (staff of another booth) is refused by ownership; jobseekers and organisers by role.
      {"ws presence.visitors", "WS", "presence.visitors", d({{"booth_id", w.booth}}), staff},
      {"ws presence.availability", "WS", "presence.availability", d({{"booth_id", w.booth}, {"state", "away"}}), staff},
  };
}

}  // namespace fuar::test
