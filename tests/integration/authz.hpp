#pragma once
// The authorisation matrix: one probe per route of the domain route table. The test
// (test_authz.cpp) builds one world, then for every probe calls the route as every actor that is
// NOT in `allowed` and checks that the call is refused (401, 403 or 404) and that nothing
// changed (a digest of every table and of the uploads folder). It also fails when a route of
// `fuar admin routes` has no probe, so a new route cannot land without its row here.
//
// Each capability contributes its probes from its own file (authz_<capability>.cpp).
#include <cstdint>
#include <string>
#include <vector>

namespace fuar::test {

struct authz_actor {
  std::string name;   // "anonymous", "organiser", "organiser2", "owner", "owner2", "recruiter",
                      // "jobseeker", "jobseeker2"
  std::string token;  // empty for anonymous
  std::int64_t user_id = 0;
};

// What exists when the probes run. Ids are of real rows; every actor but "anonymous" is signed
// in. actors[] is in the order of the names above (actors[6] is "jobseeker").
struct authz_world {
  unsigned short port = 0;
  std::vector<authz_actor> actors;
  std::int64_t fair = 0;          // published fair, organised by "organiser"
  std::int64_t draft_fair = 0;    // a draft fair by "organiser"
  std::int64_t booth = 0;         // in `fair`; "owner" is its owner, "recruiter" its recruiter
  std::int64_t booth2 = 0;        // in `fair`; "owner2" is its owner
  std::int64_t job = 0;           // at `booth`
  std::int64_t job2 = 0;          // at `booth2`
  std::int64_t cv = 0;            // "jobseeker"'s CV (text extracted)
  std::int64_t cv2 = 0;           // "jobseeker2"'s CV
  std::int64_t application = 0;   // "jobseeker" applied to `job` with `cv`
  std::int64_t invitation = 0;    // a pending firm invitation to `fair` (id)
  std::int64_t colleague_invitation = 0;  // a pending colleague invitation to `booth` (id)
  std::string invitation_token;   // the pending firm invitation's link token
};

struct authz_probe {
  std::string route;   // the row it covers, exactly as `fuar admin routes` prints it: "POST /api/fairs/{id}/publish"
  std::string method;  // concrete request; "WS" for a WebSocket command (target = type, body = data)
  std::string target;  // path (+ query) with real ids
  std::string body;    // JSON text, or raw bytes for uploads
  std::vector<std::string> allowed;  // actor names for which the call may succeed (not called)
};

std::vector<authz_probe> core_probes(const authz_world& w);  // authz_core.cpp
std::vector<authz_probe> fairs_probes(const authz_world& w);
std::vector<authz_probe> booths_probes(const authz_world& w);
std::vector<authz_probe> people_probes(const authz_world& w);
std::vector<authz_probe> cvs_probes(const authz_world& w);
std::vector<authz_probe> queue_probes(const authz_world& w);  // authz_queue.cpp
std::vector<authz_probe> slot_probes(const authz_world& w);  // authz_slot.cpp
std::vector<authz_probe> chat_probes(const authz_world& w);  // authz_chat.cpp
std::vector<authz_probe> presence_probes(const authz_world& w);  // authz_presence.cpp
std::vector<authz_probe> room_probes(const authz_world& w);  // authz_room.cpp

}  // namespace fuar::test
