// Authorisation-matrix probes for the booths routes (authz.hpp, protocol/http/booths.md).
// Bodies are valid, so an actor who is not named is refused for who they are, never for the
// body; the matrix then checks that nothing changed.
#include <nlohmann/json.hpp>

#include "tests/integration/authz.hpp"

namespace fuar::test {

namespace {
const std::vector<std::string> everyone = {"anonymous", "organiser", "organiser2", "owner", "owner2",
                                           "recruiter", "jobseeker", "jobseeker2"};
const std::vector<std::string> staff = {"owner", "recruiter"};  // of `booth` (and of `job`)
const std::vector<std::string> organisers = {"organiser", "organiser2"};
const std::vector<std::string> employers = {"owner", "owner2", "recruiter"};

// The smallest PNG header the server accepts (signature + IHDR chunk header + 13 data bytes).
std::string png() {
  static const char bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\0\0\0\0";
  return std::string(bytes, sizeof bytes - 1);
}
}  // namespace

std::vector<authz_probe> booths_probes(const authz_world& w) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  auto booth = "/api/booths/" + id(w.booth);
  auto job = "/api/jobs/" + id(w.job);
  nlohmann::json new_job = {{"title", "Probe job"}, {"occupation_id", "cnc-operator"}};
  nlohmann::json occupation = {{"id", "probe-occupation"}, {"name", {{"tr", "Deneme"}, {"en", "Probe"}}}};
  return {
      {"PATCH /api/booths/{id}", "PATCH", booth, R"({"city":"Bursa","website":"https://probe.example.org"})", staff},
      {"PUT /api/booths/{id}/logo", "PUT", booth + "/logo", png(), staff},
      // Public once the fair is published; the draft case is covered by test_booths.cpp.
      {"GET /api/booths/{id}/logo", "GET", booth + "/logo", "", everyone},
      {"DELETE /api/booths/{id}/logo", "DELETE", booth + "/logo", "", staff},
      {"GET /api/booths/{id}/jobs", "GET", booth + "/jobs", "", everyone},
      {"POST /api/booths/{id}/jobs", "POST", booth + "/jobs", new_job.dump(), staff},
      {"GET /api/jobs/{id}", "GET", job, "", everyone},
      {"PATCH /api/jobs/{id}", "PATCH", job, R"({"openings":7})", staff},
      {"DELETE /api/jobs/{id}", "DELETE", job, "", staff},
      {"GET /api/occupations", "GET", "/api/occupations", "", everyone},
      {"POST /api/occupations", "POST", "/api/occupations", occupation.dump(), organisers},
      {"GET /api/me/booths", "GET", "/api/me/booths", "", employers},
      // A draft fair's hall: organisers only.
      {"GET /api/fairs/{id}/hall", "GET", "/api/fairs/" + id(w.draft_fair) + "/hall", "", organisers},
  };
}

}  // namespace fuar::test
