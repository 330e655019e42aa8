// Authorisation-matrix probes for the queue commands (server/queue/commands.cpp): one per row.
// Fixtures are made here through the real API: a general queue at `booth` (by "owner") and a
// place of "jobseeker" in it that has already ended (joined, then left), so no call or grace
// timer can change the database while the matrix compares digests.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "tests/integration/authz.hpp"
#include "tests/integration/harness.hpp"

namespace fuar::test {

namespace {

json must(ws_client& ws, const std::string& type, const json& data) {
  auto r = ws.command(type, data);
  if (r.value("ok", false) != true) throw std::runtime_error("queue probes: " + type + " -> " + r.dump());
  return r["data"];
}

ws_client connect(const authz_world& w, const std::string& name) {
  for (const auto& a : w.actors)
    if (a.name == name)
      return ws_client(w.port, {{"Cookie", "fuar_session=" + a.token}, {"Origin", "http://127.0.0.1:" + std::to_string(w.port)}});
  throw std::runtime_error("queue probes: no actor " + name);
}

}  // namespace

std::vector<authz_probe> queue_probes(const authz_world& w) {
  auto owner = connect(w, "owner");
  auto jobseeker = connect(w, "jobseeker");
  std::int64_t queue = must(owner, "queue.create", {{"booth_id", w.booth}})["queue"]["id"];
  std::int64_t place = must(jobseeker, "queue.join", {{"queue_id", queue}})["place"]["id"];
  must(jobseeker, "queue.leave", {{"queue_id", queue}});
  owner.close();
  jobseeker.close();

  const std::vector<std::string> staff = {"owner", "recruiter"};
  const std::vector<std::string> jobseekers = {"jobseeker", "jobseeker2"};
  const std::vector<std::string> signed_in = {"organiser", "organiser2", "owner", "owner2",
                                              "recruiter", "jobseeker", "jobseeker2"};
  auto d = [](const json& j) { return j.dump(); };
  return {
      // owner2 is staff of another booth (403); jobseekers and organisers are refused by role.
      {"ws queue.create", "WS", "queue.create", d({{"booth_id", w.booth}, {"job_id", w.job}}), staff},
      {"ws queue.close", "WS", "queue.close", d({{"queue_id", queue}}), staff},
      {"ws queue.console", "WS", "queue.console", d({{"booth_id", w.booth}}), staff},
      {"ws queue.call", "WS", "queue.call", d({{"queue_id", queue}}), staff},
      {"ws queue.list", "WS", "queue.list", d({{"booth_id", w.booth}}), signed_in},
      {"ws queue.join", "WS", "queue.join", d({{"queue_id", queue}}), jobseekers},
      {"ws queue.leave", "WS", "queue.leave", d({{"queue_id", queue}}), jobseekers},
      {"ws queue.mine", "WS", "queue.mine", "{}", jobseekers},
      // Another jobseeker's place is not found.
      {"ws queue.accept", "WS", "queue.accept", d({{"place_id", place}}), {"jobseeker"}},
      {"ws queue.decline", "WS", "queue.decline", d({{"place_id", place}}), {"jobseeker"}},
  };
}

}  // namespace fuar::test
