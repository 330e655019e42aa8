// Presence through the real server (protocol/ws/presence.md): per-booth visitor and recruiter counts
// across joins and leaves on several sockets, the fair hall's aggregate (at most one push per
// interval, the last one exact), the visitors who share their profile (never demographics), and
// recruiters' availability with "busy" derived from an interview room.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "tests/integration/live.hpp"

using namespace fuar::test;

namespace {

using clock_type = std::chrono::steady_clock;

// Polls `f` until it returns true (the server sees a closed socket a moment later).
bool eventually(const std::function<bool()>& f, std::chrono::milliseconds timeout = 10s) {
  auto deadline = clock_type::now() + timeout;
  while (clock_type::now() < deadline) {
    if (f()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return f();
}

std::string booth_topic(std::int64_t id) { return "booth:" + std::to_string(id); }
std::string staff_topic(std::int64_t id) { return "staff:" + std::to_string(id); }

void put_json(const server& s, const std::string& token, const std::string& target, const json& body) {
  auto r = http_call(s.port(), "PUT", target, body.dump(), bearer(token));
  INFO(target << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
}

}  // namespace

TEST_CASE("presence: visitors and recruiters per booth count distinct users across sockets", "[presence][integration]") {
  server s;
  auto w = build_world(s);
  const auto booth = booth_topic(w.booth);
  live observer(s, actor(w, "jobseeker2"), {booth});  // jobseeker2: a visitor who watches the pushes

  auto counts = [&] {
    auto d = observer.ok("presence.booth", {{"booth_id", w.booth}});
    return std::pair{d["visitors"].get<std::int64_t>(), d["recruiters"].get<std::int64_t>()};
  };
  CHECK(counts() == std::pair<std::int64_t, std::int64_t>{1, 0});

  {
    // One jobseeker on two sockets counts once; the recruiter on two staff sockets counts once.
    auto ayse1 = std::make_unique<live>(s, actor(w, "jobseeker"), std::vector{booth});
    auto ayse2 = std::make_unique<live>(s, actor(w, "jobseeker"), std::vector{booth});
    auto rec1 = std::make_unique<live>(s, actor(w, "recruiter"), std::vector{staff_topic(w.booth)});
    auto rec2 = std::make_unique<live>(s, actor(w, "recruiter"), std::vector{staff_topic(w.booth), booth});
    // Neither the booth's owner on its booth page nor an organiser on the staff topic counts.
    live owner(s, actor(w, "owner"), {booth});
    live organiser(s, actor(w, "organiser"), {staff_topic(w.booth), booth});
    CHECK(counts() == std::pair<std::int64_t, std::int64_t>{2, 1});
    auto snap = observer.ok("presence.booth", {{"booth_id", w.booth}});
    REQUIRE(snap["online"].size() == 1);
    CHECK(snap["online"][0]["user_id"] == actor(w, "recruiter").user_id);
    CHECK(snap["online"][0]["state"] == "available");
    CHECK(snap["booth_id"] == w.booth);
    // The booth page gets the change pushed (within an interval), without asking.
    CHECK(observer.push("booth.presence", [](const json& d) { return d["visitors"] == 2 && d["recruiters"] == 1; }));
    // Another booth is untouched.
    auto other = observer.ok("presence.booth", {{"booth_id", w.booth2}});
    CHECK(other["visitors"] == 0);
    CHECK(other["recruiters"] == 0);

    ayse1.reset();  // one socket of two: still a visitor
    std::this_thread::sleep_for(300ms);
    CHECK(counts().first == 2);
    ayse2->unsub(booth);  // unsubscribing the last one: gone
    CHECK(eventually([&] { return counts().first == 1; }));
    rec1.reset();
    std::this_thread::sleep_for(300ms);
    CHECK(counts().second == 1);
    rec2.reset();
    CHECK(eventually([&] { return counts() == std::pair<std::int64_t, std::int64_t>{1, 0}; }));
    CHECK(observer.push("booth.presence", [](const json& d) {
      return d["visitors"] == 1 && d["recruiters"] == 0 && d["online"].empty();
    }));
  }

  // Bad input and visibility: clear errors.
  CHECK(observer.error("presence.booth", {{"booth_id", "x"}})["field"] == "data.booth_id");
  CHECK(observer.error("presence.booth", {{"booth_id", 999999}})["code"] == "not_found");
  CHECK(observer.error("presence.booth", {{"booth_id", w.booth}, {"extra", 1}})["field"] == "data.extra");
  CHECK(observer.error("presence.hall", {{"fair_id", w.draft_fair}})["code"] == "not_found");
  CHECK(observer.error("presence.hall", {})["field"] == "data.fair_id");
}

TEST_CASE("presence: the hall gets at most one aggregate push per interval, and the last one is exact",
          "[presence][integration]") {
  constexpr int interval_ms = 1000;
  // The walkers send many commands: the per-connection command rate limit is lifted for them.
  server s(env{{"FUAR_PRESENCE_HALL_PUSH_INTERVAL_MS", std::to_string(interval_ms)},
               {"FUAR_WS_RATE_PER_S", "100000"},
               {"FUAR_WS_RATE_BURST", "100000"}});
  auto w = build_world(s);
  const auto fair = "fair:" + std::to_string(w.fair);
  live hall(s, actor(w, "jobseeker2"), {fair});
  auto first = hall.ok("presence.hall", {{"fair_id", w.fair}});
  CHECK(first["fair_id"] == w.fair);
  REQUIRE(first["booths"].size() == 2);
  CHECK(first["booths"][std::to_string(w.booth)] == json{{"visitors", 0}, {"recruiters", 0}});

  std::vector<authz_actor> people;
  for (int i = 0; i < 6; ++i)
    people.push_back(extra_jobseeker(s, "walker" + std::to_string(i) + "@presence.test", "Walker " + std::to_string(i)));
  std::vector<std::unique_ptr<live>> sockets;
  for (const auto& p : people) sockets.push_back(std::make_unique<live>(s, p));
  live recruiter(s, actor(w, "recruiter"));

  // About three intervals of people walking between the two booths (dozens of presence
  // changes), on a thread of its own while this one reads the hall's pushes as they arrive.
  // Final state: walkers 0..3 at booth, 4..5 at booth2, the recruiter online at booth.
  std::atomic<int> moves{0}, failures{0};
  std::atomic<bool> done{false};
  clock_type::time_point settled;
  auto start = clock_type::now();
  std::thread walk([&] {
    auto cmd = [&](live& who, const std::string& type, const std::string& topic) {
      auto r = who.ws.command(type, {{"topic", topic}});
      if (r.value("ok", false) != true) ++failures;
    };
    for (int round = 0; clock_type::now() - start < std::chrono::milliseconds(3 * interval_ms); ++round) {
      for (std::size_t i = 0; i < sockets.size(); ++i) {
        auto from = booth_topic((round + i) % 2 ? w.booth : w.booth2);
        auto to = booth_topic((round + i) % 2 ? w.booth2 : w.booth);
        if (round > 0) cmd(*sockets[i], "unsubscribe", from);
        cmd(*sockets[i], "subscribe", to);
        ++moves;
      }
      cmd(recruiter, round % 2 == 0 ? "subscribe" : "unsubscribe", staff_topic(w.booth));
      std::this_thread::sleep_for(10ms);
    }
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      for (const auto& t : {booth_topic(w.booth), booth_topic(w.booth2)}) sockets[i]->ws.command("unsubscribe", {{"topic", t}});
      cmd(*sockets[i], "subscribe", booth_topic(i < 4 ? w.booth : w.booth2));
    }
    recruiter.ws.command("subscribe", {{"topic", staff_topic(w.booth)}});  // ok, or conflict if already on
    settled = clock_type::now();
    done = true;
  });

  const json exact{{"fair_id", w.fair},
                   {"booths",
                    {{std::to_string(w.booth), {{"visitors", 4}, {"recruiters", 1}}},
                     {std::to_string(w.booth2), {{"visitors", 2}, {"recruiters", 0}}}}}};
  // Collect every hall push until the walk is over and nothing followed for 2.5 intervals. (A
  // read that times out ends the test client, and the table may stay the same for a while
  // during the walk — half the walkers on each side — so the wait is long until the walk ends.)
  std::vector<std::pair<clock_type::time_point, json>> pushes;
  for (;;) {
    bool walked = done;
    auto p = hall.ws.next_push(std::chrono::milliseconds(walked ? interval_ms * 5 / 2 : 15000), "hall.presence");
    if (p) {
      pushes.emplace_back(clock_type::now(), (*p)["data"]);
      if (pushes.size() > 40) break;
    } else {
      break;  // quiet after the walk (or the walk ended while waiting)
    }
  }
  walk.join();
  CHECK(failures == 0);
  CHECK(moves > 20);
  REQUIRE(!pushes.empty());
  REQUIRE(pushes.size() <= 40);
  CHECK(pushes.back().second == exact);
  // Never more often than the interval (a little slack for scheduling), and the exact table came
  // within two intervals of the last movement.
  for (std::size_t i = 1; i < pushes.size(); ++i)
    CHECK(pushes[i].first - pushes[i - 1].first >= std::chrono::milliseconds(interval_ms * 7 / 10));
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(pushes.back().first - start).count();
  CHECK(static_cast<std::int64_t>(pushes.size()) <= elapsed / interval_ms + 2);
  CHECK(pushes.back().first - settled <= std::chrono::milliseconds(2 * interval_ms + 500));
  // The pull after (re)subscribing agrees (a new socket: a read that timed out ends a client).
  live again(s, actor(w, "jobseeker2"), {fair});
  CHECK(again.ok("presence.hall", {{"fair_id", w.fair}}) == exact);
}

TEST_CASE("presence: recruiters see visitors who share their profile, never demographics", "[presence][integration]") {
  server s;
  auto w = build_world(s);
  const auto& ayse = actor(w, "jobseeker");
  put_json(s, ayse.token, "/api/me/profile",
           {{"phone", "+90 555 111 2233"}, {"city", "İzmir"}, {"education_level", "secondary"},
            {"occupations", {"waiter"}}, {"share_with_booths", true}});
  put_json(s, ayse.token, "/api/me/demographics",
           {{"gender", {{"value", "female"}, {"consent", true}}},
            {"birth_year", {{"value", 2001}, {"consent", true}}},
            {"disability", {{"value", true}, {"consent", true}}}});
  const auto& mehmet = actor(w, "jobseeker2");  // no profile: does not share
  auto zeynep = extra_jobseeker(s, "zeynep@presence.test", "Zeynep");
  put_json(s, zeynep.token, "/api/me/profile", {{"city", "Ankara"}, {"share_with_booths", false}});

  live recruiter(s, actor(w, "recruiter"), {staff_topic(w.booth)});
  live v1(s, ayse, {booth_topic(w.booth)});
  live v2(s, mehmet, {booth_topic(w.booth)});
  live v3(s, zeynep, {booth_topic(w.booth)});
  live elsewhere(s, extra_jobseeker(s, "other@presence.test", "Other"), {booth_topic(w.booth2)});

  auto d = recruiter.ok("presence.visitors", {{"booth_id", w.booth}});
  CHECK(d["booth_id"] == w.booth);
  CHECK(d["visitors"] == 3);
  CHECK(d["others"] == 2);
  CHECK(d["truncated"] == false);
  REQUIRE(d["shared"].size() == 1);
  const auto& card = d["shared"][0];
  CHECK(card["user_id"] == ayse.user_id);
  CHECK(card["city"] == "İzmir");
  CHECK(card["education_level"] == "secondary");
  REQUIRE(card["occupations"].size() == 1);
  CHECK(card["occupations"][0]["id"] == "waiter");
  std::set<std::string> keys;
  for (const auto& [k, v] : card.items()) keys.insert(k);
  CHECK(keys == std::set<std::string>{"user_id", "name", "city", "education_level", "occupations"});
  auto text = d.dump();
  for (const char* secret : {"female", "2001", "gender", "birth", "disab", "555", "phone", "email", "@"}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }

  // The staff topic gets the same list pushed, and a departure updates it.
  CHECK(recruiter.push("booth.visitors", [](const json& x) { return x["visitors"] == 3; }));
  v1.unsub(booth_topic(w.booth));
  auto after = recruiter.push("booth.visitors", [](const json& x) { return x["visitors"] == 2; });
  REQUIRE(after);
  CHECK((*after)["shared"].empty());
  CHECK((*after)["others"] == 2);

  // Only the booth's staff.
  CHECK(v2.error("presence.visitors", {{"booth_id", w.booth}})["code"] == "forbidden");
  live owner2(s, actor(w, "owner2"));
  CHECK(owner2.error("presence.visitors", {{"booth_id", w.booth}})["code"] == "forbidden");
  CHECK(recruiter.error("presence.visitors", {{"booth_id", 999999}})["code"] == "not_found");
  live organiser(s, actor(w, "organiser"));
  CHECK(organiser.error("presence.visitors", {{"booth_id", w.booth}})["code"] == "forbidden");
}

TEST_CASE("presence: recruiter availability is durable, pushed, and busy while in an interview", "[presence][integration]") {
  server s;
  auto w = build_world(s);
  const auto& rec = actor(w, "recruiter");
  live recruiter(s, rec, {staff_topic(w.booth)});
  live visitor(s, actor(w, "jobseeker2"), {booth_topic(w.booth)});
  auto state_of = [&](live& who) -> std::string {
    auto d = who.ok("presence.booth", {{"booth_id", w.booth}});
    for (const auto& o : d["online"])
      if (o["user_id"] == rec.user_id) return o["state"];
    return "offline";
  };
  CHECK(state_of(visitor) == "available");

  auto r = recruiter.ok("presence.availability", {{"booth_id", w.booth}, {"state", "away"}});
  CHECK(r == json{{"booth_id", w.booth}, {"set", "away"}, {"state", "away"}});
  auto pushed = visitor.push("booth.presence", [&](const json& d) {
    return d["online"].size() == 1 && d["online"][0]["state"] == "away";
  }, 3s);
  CHECK(pushed);
  CHECK(state_of(visitor) == "away");

  // Refused: bad state (busy is derived), other booth's owner, a jobseeker; nothing changes.
  CHECK(recruiter.error("presence.availability", {{"booth_id", w.booth}, {"state", "busy"}})["field"] == "data.state");
  CHECK(recruiter.error("presence.availability", {{"booth_id", w.booth}})["field"] == "data.state");
  CHECK(recruiter.error("presence.availability", {{"booth_id", w.booth}, {"state", ""}})["field"] == "data.state");
  live owner2(s, actor(w, "owner2"));
  CHECK(owner2.error("presence.availability", {{"booth_id", w.booth}, {"state", "available"}})["code"] == "forbidden");
  CHECK(visitor.error("presence.availability", {{"booth_id", w.booth}, {"state", "available"}})["code"] == "forbidden");
  CHECK(state_of(visitor) == "away");

  // Durable: reconnecting does not reset it.
  recruiter.ws.close();
  CHECK(eventually([&] { return state_of(visitor) == "offline"; }));
  live again(s, rec, {staff_topic(w.booth)});
  CHECK(state_of(visitor) == "away");

  // Busy while in an interview room (whatever was set), back to the set state when it ends.
  again.ok("presence.availability", {{"booth_id", w.booth}, {"state", "available"}});
  auto room = again.ok("room.create", {{"booth_id", w.booth}, {"application_id", w.application}});
  std::int64_t room_id = room["room"]["id"];
  again.ok("room.join", {{"room_id", room_id}});
  CHECK(state_of(visitor) == "busy");
  CHECK(visitor.push("booth.presence", [](const json& d) {
    return d["online"].size() == 1 && d["online"][0]["state"] == "busy";
  }));
  auto set = again.ok("presence.availability", {{"booth_id", w.booth}, {"state", "away"}});
  CHECK(set["set"] == "away");
  CHECK(set["state"] == "busy");
  again.ok("room.end", {{"room_id", room_id}});
  CHECK(state_of(visitor) == "away");
}
