// Queues through the real server (protocol/ws/queue.md): staff create and close queues, jobseekers
// join and leave with live positions and estimates, the limit K, holds while called or in an
// interview, calls with accept timeout and no-shows, the disconnect grace, a restart, and a
// concurrent run of several WebSocket clients checked against the queue invariants.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "tests/integration/live.hpp"
#include "tests/shared/queue_invariants.hpp"

using namespace fuar::test;

namespace {

// A live client that, like every app page, follows its user's topic.
struct seeker : live {
  seeker(const server& s, const authz_actor& a, std::vector<std::string> topics = {})
      : live(s, a, with_user_topic(std::move(topics), a.user_id)) {}
  static std::vector<std::string> with_user_topic(std::vector<std::string> t, std::int64_t id) {
    t.push_back("user:" + std::to_string(id));
    return t;
  }
  // The next queue.place push about `place_id` that satisfies `pred`.
  json place_push(std::int64_t place_id, const std::function<bool(const json&)>& pred,
                  std::chrono::milliseconds timeout = 10s) {
    auto p = push("queue.place", [&](const json& d) { return d["place"]["id"] == place_id && pred(d["place"]); }, timeout);
    REQUIRE(p);
    return (*p)["place"];
  }
};

std::int64_t place_in(seeker& who, std::int64_t queue_id) {
  auto mine = who.ok("queue.mine");  // a named object: ranging over a temporary's member dangles
  for (const auto& p : mine["places"])
    if (p["queue_id"] == queue_id) return p["id"].get<std::int64_t>();
  FAIL("no place in queue " << queue_id);
  return 0;
}

}  // namespace

TEST_CASE("staff open queues, jobseekers join and leave, positions and estimates update live", "[queue][integration]") {
  server s;
  auto w = build_world(s);
  seeker owner(s, actor(w, "owner"), {"staff:" + std::to_string(w.booth)});
  seeker recruiter(s, actor(w, "recruiter"));
  seeker owner2(s, actor(w, "owner2"));
  seeker ayse(s, actor(w, "jobseeker"), {"booth:" + std::to_string(w.booth)});
  seeker mehmet(s, actor(w, "jobseeker2"));
  seeker organiser(s, actor(w, "organiser"));

  auto general = owner.ok("queue.create", {{"booth_id", w.booth}})["queue"];
  CHECK(general["status"] == "open");
  CHECK(general["length"] == 0);
  CHECK(general["job_id"].is_null());
  auto err = owner.error("queue.create", {{"booth_id", w.booth}});
  CHECK(err["code"] == "conflict");
  auto job = recruiter.ok("queue.create", {{"booth_id", w.booth}, {"job_id", w.job}, {"name", "Welders"}})["queue"];
  CHECK(job["job_title"] == "MIG-MAG welder");
  CHECK(job["name"] == "Welders");
  // Another booth's job, another booth's owner, bad fields: clear errors, nothing created.
  CHECK(owner.error("queue.create", {{"booth_id", w.booth}, {"job_id", w.job2}})["field"] == "data.job_id");
  CHECK(owner2.error("queue.create", {{"booth_id", w.booth}})["code"] == "forbidden");
  CHECK(owner.error("queue.create", {{"booth_id", "x"}})["field"] == "data.booth_id");
  CHECK(owner.error("queue.create", {{"booth_id", w.booth}, {"name", std::string(81, 'a')}})["field"] == "data.name");
  CHECK(owner.error("queue.create", {{"booth_id", w.booth}, {"colour", "red"}})["field"] == "data.colour");
  CHECK(ayse.error("queue.create", {{"booth_id", w.booth}})["code"] == "forbidden");
  CHECK(organiser.ok("queue.list", {{"booth_id", w.booth}})["queues"].size() == 2);

  std::int64_t gid = general["id"];
  auto p1 = ayse.ok("queue.join", {{"queue_id", gid}})["place"];
  CHECK(p1["position"] == 1);
  CHECK(p1["ahead"] == 0);
  CHECK(p1["estimate_s"] == 0);
  CHECK(p1["booth_name"] == "Demir Çelik");
  auto p2 = mehmet.ok("queue.join", {{"queue_id", gid}})["place"];
  CHECK(p2["position"] == 2);
  CHECK(p2["ahead"] == 1);
  // No interview has ended yet: queues.default_interview_s (600) per person ahead, one recruiter online.
  CHECK(p2["estimate_s"] == 600);
  CHECK(ayse.error("queue.join", {{"queue_id", gid}})["code"] == "conflict");
  CHECK(ayse.error("queue.join", {{"queue_id", 999999}})["code"] == "not_found");
  CHECK(owner.error("queue.join", {{"queue_id", gid}})["code"] == "forbidden");

  // The staff see the line live; the booth's visitors see its length.
  for (;;) {
    auto push = owner.ws.next_push(10s, "queue.line");
    REQUIRE(push);
    if ((*push)["data"]["queue"]["id"] == gid && (*push)["data"]["places"].size() == 2) {
      CHECK((*push)["data"]["places"][1]["user"]["name"] == "Mehmet Kaya");
      break;
    }
  }
  for (;;) {
    auto push = ayse.ws.next_push(10s, "queue.summary");
    REQUIRE(push);
    if ((*push)["data"]["queue"]["id"] == gid && (*push)["data"]["queue"]["length"] == 2) break;
  }
  auto listed = mehmet.ok("queue.list", {{"booth_id", w.booth}});
  CHECK(listed["queues"].size() == 2);
  REQUIRE(listed["mine"].size() == 1);
  CHECK(listed["mine"][0]["position"] == 2);

  // Ayşe leaves: Mehmet moves up, told on his own topic.
  auto left = ayse.ok("queue.leave", {{"queue_id", gid}})["place"];
  CHECK(left["status"] == "left");
  CHECK(left["left_reason"] == "self");
  auto moved = mehmet.place_push(p2["id"], [](const json& p) { return p["position"] == 1; });
  CHECK(moved["estimate_s"] == 0);
  CHECK(ayse.error("queue.leave", {{"queue_id", gid}})["code"] == "not_found");
  CHECK(mehmet.error("queue.console", {{"booth_id", w.booth}})["code"] == "forbidden");
}

TEST_CASE("only staff see the console; closing a queue ends its places", "[queue][integration]") {
  server s;
  auto w = build_world(s);
  seeker owner(s, actor(w, "owner"));
  seeker owner2(s, actor(w, "owner2"));
  seeker ayse(s, actor(w, "jobseeker"));
  auto gid = owner.ok("queue.create", {{"booth_id", w.booth}})["queue"]["id"].get<std::int64_t>();
  auto place = ayse.ok("queue.join", {{"queue_id", gid}})["place"];
  auto console = owner.ok("queue.console", {{"booth_id", w.booth}});
  REQUIRE(console["queues"].size() == 1);
  CHECK(console["queues"][0]["places"][0]["user"]["name"] == "Ayşe Yılmaz");
  CHECK(owner2.error("queue.console", {{"booth_id", w.booth}})["code"] == "forbidden");
  CHECK(ayse.error("queue.console", {{"booth_id", w.booth}})["code"] == "forbidden");
  CHECK(owner2.error("queue.close", {{"queue_id", gid}})["code"] == "forbidden");
  auto closed = owner.ok("queue.close", {{"queue_id", gid}})["queue"];
  CHECK(closed["status"] == "closed");
  auto ended = ayse.place_push(place["id"], [](const json& p) { return p["status"] == "left"; });
  CHECK(ended["left_reason"] == "closed");
  CHECK(ayse.error("queue.join", {{"queue_id", gid}})["code"] == "conflict");
  CHECK(owner.error("queue.close", {{"queue_id", gid}})["code"] == "conflict");
  CHECK(ayse.ok("queue.mine")["places"].empty());
}

TEST_CASE("a jobseeker stands in at most K queues at once", "[queue][integration]") {
  server s(env{{"FUAR_QUEUES_MAX_PER_USER", "2"}});
  auto w = build_world(s);
  seeker owner(s, actor(w, "owner"));
  seeker owner2(s, actor(w, "owner2"));
  seeker ayse(s, actor(w, "jobseeker"));
  auto a = owner.ok("queue.create", {{"booth_id", w.booth}})["queue"]["id"].get<std::int64_t>();
  auto b = owner.ok("queue.create", {{"booth_id", w.booth}, {"job_id", w.job}})["queue"]["id"].get<std::int64_t>();
  auto c = owner2.ok("queue.create", {{"booth_id", w.booth2}})["queue"]["id"].get<std::int64_t>();
  ayse.ok("queue.join", {{"queue_id", a}});
  ayse.ok("queue.join", {{"queue_id", b}});
  auto err = ayse.error("queue.join", {{"queue_id", c}});
  CHECK(err["code"] == "conflict");
  CHECK(err["field"] == "data.queue_id");
  CHECK(err["message"].get<std::string>().find("at most 2") != std::string::npos);
  CHECK(owner2.ok("queue.console", {{"booth_id", w.booth2}})["queues"][0]["places"].empty());
  ayse.ok("queue.leave", {{"queue_id", a}});
  CHECK(ayse.ok("queue.join", {{"queue_id", c}})["place"]["position"] == 1);
  CHECK(ayse.ok("queue.mine")["places"].size() == 2);
}

TEST_CASE("called by one booth, held at the other until the interview ends; accept opens the room",
          "[queue][integration]") {
  server s;
  auto w = build_world(s);
  seeker owner(s, actor(w, "owner"));
  seeker owner2(s, actor(w, "owner2"));
  seeker ayse(s, actor(w, "jobseeker"));
  seeker mehmet(s, actor(w, "jobseeker2"));
  auto a = owner.ok("queue.create", {{"booth_id", w.booth}, {"job_id", w.job}})["queue"]["id"].get<std::int64_t>();
  auto b = owner2.ok("queue.create", {{"booth_id", w.booth2}})["queue"]["id"].get<std::int64_t>();
  auto ayse_a = ayse.ok("queue.join", {{"queue_id", a}})["place"]["id"].get<std::int64_t>();
  auto ayse_b = ayse.ok("queue.join", {{"queue_id", b}})["place"]["id"].get<std::int64_t>();
  auto mehmet_b = mehmet.ok("queue.join", {{"queue_id", b}})["place"]["id"].get<std::int64_t>();

  auto before = unix_now();
  auto called = owner.ok("queue.call", {{"queue_id", a}})["place"];
  CHECK(called["user"]["id"] == ayse.id);
  CHECK(owner.error("queue.call", {{"queue_id", a}})["code"] == "conflict");  // one unanswered call at a time
  auto call = ayse.place_push(ayse_a, [](const json& p) { return p["status"] == "called"; });
  CHECK(call["deadline_at"].get<std::int64_t>() >= before + 60);
  CHECK(call["deadline_at"].get<std::int64_t>() <= unix_now() + 60);
  CHECK(call["booth_name"] == "Demir Çelik");
  auto held = ayse.place_push(ayse_b, [](const json& p) { return p["held"] == true; });
  CHECK(held["position"] == 1);  // kept, not lost

  // Booth 2 cannot call her now: a chosen call is refused, call-next skips to Mehmet.
  auto refused = owner2.error("queue.call", {{"queue_id", b}, {"place_id", ayse_b}});
  CHECK(refused["code"] == "conflict");
  CHECK(refused["field"] == "data.place_id");
  CHECK(owner2.ok("queue.call", {{"queue_id", b}})["place"]["user"]["id"] == mehmet.id);
  // Only the called person answers; a stranger's place is not found.
  CHECK(mehmet.error("queue.accept", {{"place_id", ayse_a}})["code"] == "not_found");
  CHECK(owner.error("queue.accept", {{"place_id", ayse_a}})["code"] == "forbidden");

  auto accepted = ayse.ok("queue.accept", {{"place_id", ayse_a}});
  CHECK(accepted["place"]["status"] == "accepted");
  auto room = accepted["room"];
  CHECK(room["kind"] == "one_to_one");
  CHECK(room["source"] == "queue");
  CHECK(room["booth_id"] == w.booth);
  std::int64_t room_id = room["id"];
  CHECK(accepted["place"]["room_id"] == room_id);
  // Both sides are told; the recruiter's console opens #/room/{id} from this push.
  for (auto* who : {&ayse, &owner}) {
    auto invited = who->ws.next_push(10s, "room.invited");
    REQUIRE(invited);
    CHECK((*invited)["data"]["room"]["id"] == room_id);
    CHECK((*invited)["data"]["members"].size() == 2);
  }
  {
    // She applied to this job: the room knows her application.
    SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 5000);
    SQLite::Statement q(db, "SELECT application_id FROM room_members WHERE room_id = ? AND role = 'candidate'");
    q.bind(1, room_id);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt64() == w.application);
  }
  // In the interview her place at booth 2 stays held; when the room ends, it is released.
  CHECK(place_in(ayse, b) == ayse_b);
  {
    SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READWRITE, 5000);
    SQLite::Statement end(db, "UPDATE rooms SET status = 'ended', ended_at = ?, started_at = ? WHERE id = ?");
    end.bind(1, unix_now());
    end.bind(2, unix_now() - 300);
    end.bind(3, room_id);
    REQUIRE(end.exec() == 1);
  }
  ayse.place_push(ayse_b, [](const json& p) { return p["held"] == false; }, 10s);
  // Mehmet declines booth 2's call: booth 2's recruiter is given the next person, Ayşe.
  mehmet.ok("queue.decline", {{"place_id", mehmet_b}});
  auto next = ayse.place_push(ayse_b, [](const json& p) { return p["status"] == "called"; });
  CHECK(next["picked"] == false);
  // The ended interview (300 s) now drives the estimate.
  CHECK(owner.ok("queue.list", {{"booth_id", w.booth}})["queues"][0]["interview_s"] == 300);
}

TEST_CASE("an unanswered call becomes a no-show and the next person is called", "[queue][integration]") {
  server s(env{{"FUAR_QUEUES_ACCEPT_TIMEOUT_S", "5"}});
  auto w = build_world(s);
  seeker recruiter(s, actor(w, "recruiter"));
  seeker ayse(s, actor(w, "jobseeker"));
  seeker mehmet(s, actor(w, "jobseeker2"));
  auto q = recruiter.ok("queue.create", {{"booth_id", w.booth}})["queue"]["id"].get<std::int64_t>();
  auto a = ayse.ok("queue.join", {{"queue_id", q}})["place"]["id"].get<std::int64_t>();
  auto m = mehmet.ok("queue.join", {{"queue_id", q}})["place"]["id"].get<std::int64_t>();
  auto t = unix_now();
  recruiter.ok("queue.call", {{"queue_id", q}});
  auto call = ayse.place_push(a, [](const json& p) { return p["status"] == "called"; });
  CHECK(call["deadline_at"].get<std::int64_t>() - t <= 6);
  auto noshow = ayse.place_push(a, [](const json& p) { return p["status"] == "no_show"; }, 12s);
  CHECK(unix_now() - t >= 4);
  auto next = mehmet.place_push(m, [](const json& p) { return p["status"] == "called"; }, 5s);
  CHECK(next["deadline_at"].get<std::int64_t>() > noshow["ended_at"].get<std::int64_t>());
  // Too late to accept; the staff see the no-show.
  CHECK(ayse.error("queue.accept", {{"place_id", a}})["code"] == "conflict");
  auto console = recruiter.ok("queue.console", {{"booth_id", w.booth}});
  REQUIRE(console["queues"][0]["recent"].size() == 1);
  CHECK(console["queues"][0]["recent"][0]["status"] == "no_show");
  CHECK(console["queues"][0]["recent"][0]["user"]["id"] == ayse.id);
  CHECK(console["queues"][0]["places"][0]["status"] == "called");
}

TEST_CASE("a place survives a short disconnect and is released after the grace", "[queue][integration]") {
  server s(env{{"FUAR_QUEUES_DISCONNECT_GRACE_S", "2"}});
  auto w = build_world(s);
  seeker owner(s, actor(w, "owner"));
  auto q = owner.ok("queue.create", {{"booth_id", w.booth}})["queue"]["id"].get<std::int64_t>();
  std::int64_t mehmet_place = 0;
  {
    seeker ayse(s, actor(w, "jobseeker"));
    ayse.ok("queue.join", {{"queue_id", q}});
    seeker mehmet(s, actor(w, "jobseeker2"));
    mehmet_place = mehmet.ok("queue.join", {{"queue_id", q}})["place"]["id"];
    ayse.ws.close();
    mehmet.ws.close();  // Mehmet comes back at once, Ayşe does not
  }
  seeker mehmet(s, actor(w, "jobseeker2"));
  auto moved = mehmet.place_push(mehmet_place, [](const json& p) { return p["position"] == 1; }, 10s);
  CHECK(moved["status"] == "waiting");
  auto line = owner.ok("queue.console", {{"booth_id", w.booth}})["queues"][0]["places"];
  REQUIRE(line.size() == 1);
  CHECK(line[0]["user"]["id"] == mehmet.id);
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 5000);
  SQLite::Statement r(db, "SELECT status, left_reason FROM queue_places WHERE user_id = ? AND queue_id = ?");
  r.bind(1, actor(w, "jobseeker").user_id);
  r.bind(2, q);
  REQUIRE(r.executeStep());
  CHECK(r.getColumn(0).getString() == "left");
  CHECK(r.getColumn(1).getString() == "disconnect");
  // Mehmet stayed past the grace too, connected: still in line.
  std::this_thread::sleep_for(3s);
  CHECK(place_in(mehmet, q) == mehmet_place);
}

TEST_CASE("queues, places and calls survive a restart", "[queue][integration]") {
  std::string dir;
  authz_world w;
  std::int64_t q = 0, ayse_place = 0, mehmet_place = 0, deadline = 0;
  {
    server s;
    s.keep_data();
    dir = s.data_dir();
    w = build_world(s);
    seeker owner(s, actor(w, "owner"));
    seeker ayse(s, actor(w, "jobseeker"));
    seeker mehmet(s, actor(w, "jobseeker2"));
    q = owner.ok("queue.create", {{"booth_id", w.booth}})["queue"]["id"];
    ayse_place = ayse.ok("queue.join", {{"queue_id", q}})["place"]["id"];
    mehmet_place = mehmet.ok("queue.join", {{"queue_id", q}})["place"]["id"];
    deadline = owner.ok("queue.call", {{"queue_id", q}})["place"]["deadline_at"];
    s.signal(SIGTERM);
    REQUIRE(s.wait_exit(20s) == 0);
  }
  server s({}, dir);
  w.port = s.port();
  seeker ayse(s, actor(w, "jobseeker"));
  seeker mehmet(s, actor(w, "jobseeker2"));
  auto mine = ayse.ok("queue.mine")["places"];
  REQUIRE(mine.size() == 1);
  CHECK(mine[0]["id"] == ayse_place);
  CHECK(mine[0]["status"] == "called");
  CHECK(mine[0]["deadline_at"] == deadline);
  auto his = mehmet.ok("queue.mine")["places"];
  REQUIRE(his.size() == 1);
  CHECK(his[0]["id"] == mehmet_place);
  CHECK(his[0]["position"] == 1);
  CHECK(his[0]["held"] == false);
  auto accepted = ayse.ok("queue.accept", {{"place_id", ayse_place}});
  CHECK(accepted["room"]["source"] == "queue");
}

TEST_CASE("concurrent joins, leaves and calls from many WebSocket clients keep the queue invariants",
          "[queue][integration][invariants]") {
  server s;
  auto w = build_world(s);
  std::vector<authz_actor> seekers{actor(w, "jobseeker"), actor(w, "jobseeker2")};
  for (int i = 0; i < 4; ++i)
    seekers.push_back(extra_jobseeker(s, "extra" + std::to_string(i) + "@queue.test", "Extra " + std::to_string(i)));
  std::vector<std::int64_t> queues;
  {
    seeker owner(s, actor(w, "owner"));
    seeker owner2(s, actor(w, "owner2"));
    queues.push_back(owner.ok("queue.create", {{"booth_id", w.booth}})["queue"]["id"]);
    queues.push_back(owner.ok("queue.create", {{"booth_id", w.booth}, {"job_id", w.job}})["queue"]["id"]);
    queues.push_back(owner2.ok("queue.create", {{"booth_id", w.booth2}})["queue"]["id"]);
  }
  std::atomic<bool> failed{false};
  std::atomic<int> steps{0}, calls{0}, joins{0}, answers{0};
  std::mutex report_mutex;
  std::string report;
  auto check = [&](SQLite::Database& db, const std::string& what) {
    auto bad = queue_invariant_violations(db, 3);
    if (bad.empty()) return;
    std::lock_guard lock(report_mutex);
    report += what + ": " + bad;
    failed = true;
  };
  auto seeker = [&](authz_actor a, unsigned seed) {
    std::mt19937 rng(seed);
    auto ws = ws_client::with_token(s, a.token);
    SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 10000);
    for (int i = 0; i < 60 && !failed; ++i) {
      auto q = queues[rng() % queues.size()];
      auto op = rng() % 10;
      if (op < 5) {
        if (ws.command("queue.join", {{"queue_id", q}})["ok"] == true) ++joins;
      } else if (op < 7) {
        ws.command("queue.leave", {{"queue_id", q}});
      } else {
        auto mine = ws.command("queue.mine");
        for (const auto& p : mine["data"]["places"])
          if (p["status"] == "called") {
            // Mostly decline: an accepted interview holds the person for the rest of the run.
            ws.command(rng() % 4 == 0 ? "queue.accept" : "queue.decline", {{"place_id", p["id"]}});
            ++answers;
          }
      }
      check(db, a.name + " step " + std::to_string(i));
      ++steps;
    }
  };
  auto caller = [&](authz_actor a, std::vector<std::int64_t> mine, unsigned seed) {
    std::mt19937 rng(seed);
    auto ws = ws_client::with_token(s, a.token);
    SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 10000);
    for (int i = 0; i < 60 && !failed; ++i) {
      auto q = mine[rng() % mine.size()];
      json data{{"queue_id", q}};
      if (rng() % 3 == 0) {
        auto console = ws.command("queue.console", {{"booth_id", a.name == "owner2" ? w.booth2 : w.booth}});
        for (const auto& entry : console["data"]["queues"])
          if (entry["queue"]["id"] == q)
            for (const auto& p : entry["places"])
              if (p["status"] == "waiting" && rng() % 2) data["place_id"] = p["id"];
      }
      if (ws.command("queue.call", data)["ok"] == true) ++calls;
      check(db, a.name + " call " + std::to_string(i));
      ++steps;
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seekers.size(); ++i) threads.emplace_back(seeker, seekers[i], 100 + unsigned(i));
  threads.emplace_back(caller, actor(w, "owner"), std::vector<std::int64_t>{queues[0], queues[1]}, 7u);
  threads.emplace_back(caller, actor(w, "recruiter"), std::vector<std::int64_t>{queues[0], queues[1]}, 8u);
  threads.emplace_back(caller, actor(w, "owner2"), std::vector<std::int64_t>{queues[2]}, 9u);
  for (auto& t : threads) t.join();
  INFO(report);
  CHECK_FALSE(failed);
  CHECK(steps == 6 * 60 + 3 * 60);
  CHECK(joins > 20);
  CHECK(calls > 5);
  CHECK(answers > 3);
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 5000);
  CHECK(queue_invariant_violations(db, 3).empty());
}
