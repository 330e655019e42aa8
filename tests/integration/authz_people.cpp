// Authorisation-matrix probes for the people routes (authz.hpp).
#include "tests/integration/authz.hpp"

namespace fuar::test {

std::vector<authz_probe> people_probes(const authz_world& w) {
  const std::vector<std::string> jobseekers = {"jobseeker", "jobseeker2"};
  auto fair = [&](std::int64_t id, const std::string& rest) { return "/api/fairs/" + std::to_string(id) + rest; };
  const std::string profile =
      R"({"phone":"0555 111 22 33","city":"Probe","education_level":"master","occupations":["nurse"],"share_with_booths":true})";
  const std::string demographics =
      R"({"gender":{"value":"other","consent":true},"birth_year":{"value":1990,"consent":true},"disability":{"value":true,"consent":true}})";
  return {
      {"GET /api/me/profile", "GET", "/api/me/profile", "", jobseekers},
      {"PUT /api/me/profile", "PUT", "/api/me/profile", profile, jobseekers},
      {"GET /api/me/demographics", "GET", "/api/me/demographics", "", jobseekers},
      {"PUT /api/me/demographics", "PUT", "/api/me/demographics", demographics, jobseekers},
      {"GET /api/me/registrations", "GET", "/api/me/registrations", "", jobseekers},
      // Public for published fairs; a draft is hidden from everyone (404), its organiser too.
      {"GET /api/fairs/{id}/join", "GET", fair(w.draft_fair, "/join"), "", {}},
      {"GET /api/fairs/{id}/registration", "GET", fair(w.fair, "/registration"), "", jobseekers},
      {"POST /api/fairs/{id}/registration", "POST", fair(w.fair, "/registration"), "", jobseekers},
      {"DELETE /api/fairs/{id}/registration", "DELETE", fair(w.fair, "/registration"), "", jobseekers},
      // Only the fair's own organiser ("organiser2" organises none of the world's fairs).
      {"GET /api/fairs/{id}/registrations",
       "GET",
       fair(w.fair, "/registrations?q=a&page=1&per_page=10"),
       "",
       {"organiser"}},
      {"GET /api/fairs/{id}/registrations.csv", "GET", fair(w.fair, "/registrations.csv"), "", {"organiser"}},
      {"GET /api/fairs/{id}/report", "GET", fair(w.fair, "/report"), "", {"organiser"}},
  };
}

}  // namespace fuar::test
