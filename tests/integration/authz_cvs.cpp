// Authorisation-matrix probes for the cvs routes (authz.hpp): one per row of server/cv/routes.cpp.
// `allowed` names the actors for whom the call may succeed; every other actor must be refused
// (401, 403 or 404) and change nothing.
#include "tests/integration/authz.hpp"

namespace fuar::test {

std::vector<authz_probe> cvs_probes(const authz_world& w) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  const std::string cv_body = "{\"cv_id\":" + id(w.cv) + ",\"note\":\"probe\"}";
  // The smallest body that passes the PDF check (content decides, not the name).
  const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
  return {
      {"POST /api/me/cvs", "POST", "/api/me/cvs?name=probe.pdf", pdf, {"jobseeker", "jobseeker2"}},
      {"GET /api/me/cvs", "GET", "/api/me/cvs", "", {"jobseeker", "jobseeker2"}},
      // Another jobseeker's CV is 404; employers and organisers are refused by role.
      {"GET /api/me/cvs/{id}/file", "GET", "/api/me/cvs/" + id(w.cv) + "/file", "", {"jobseeker"}},
      {"DELETE /api/me/cvs/{id}", "DELETE", "/api/me/cvs/" + id(w.cv), "", {"jobseeker"}},
      // jobseeker2 may apply, but not with jobseeker's CV (404).
      {"POST /api/jobs/{id}/applications", "POST", "/api/jobs/" + id(w.job2) + "/applications", cv_body,
       {"jobseeker"}},
      {"POST /api/booths/{id}/applications", "POST", "/api/booths/" + id(w.booth2) + "/applications", cv_body,
       {"jobseeker"}},
      {"GET /api/me/applications", "GET", "/api/me/applications", "", {"jobseeker", "jobseeker2"}},
      {"DELETE /api/applications/{id}", "DELETE", "/api/applications/" + id(w.application), "", {"jobseeker"}},
      // Staff of `booth` only: owner2 (another booth) is 403, jobseekers and organisers by role.
      {"GET /api/booths/{id}/applications", "GET", "/api/booths/" + id(w.booth) + "/applications", "",
       {"owner", "recruiter"}},
      {"GET /api/booths/{id}/applications.csv", "GET", "/api/booths/" + id(w.booth) + "/applications.csv", "",
       {"owner", "recruiter"}},
      {"GET /api/applications/{id}", "GET", "/api/applications/" + id(w.application), "",
       {"jobseeker", "owner", "recruiter"}},
      {"PATCH /api/applications/{id}", "PATCH", "/api/applications/" + id(w.application),
       "{\"status\":\"reviewed\",\"rating\":3,\"notes\":\"probe\"}", {"owner", "recruiter"}},
      // A refused download records nothing (the digest covers cv_downloads).
      {"GET /api/applications/{id}/cv", "GET", "/api/applications/" + id(w.application) + "/cv", "",
       {"owner", "recruiter"}},
      {"GET /api/fairs/{id}/cv-downloads", "GET", "/api/fairs/" + id(w.fair) + "/cv-downloads", "", {"organiser"}},
  };
}

}  // namespace fuar::test
