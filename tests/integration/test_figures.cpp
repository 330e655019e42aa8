// The organiser's report, "activity" section (protocol/http/people.md), driven through the real
// server: visits recorded from WebSocket subscriptions (both the store-checked and the cached
// fast path, flushed in batches, once per place, jobseeker and UTC day), booth chat and private
// threads, interview rooms (group, from a queue, one nobody joined), a queue call accepted and
// one not answered, slots booked and cancelled; another fair's activity stays out; only the
// fair's organiser reads it. A clean shutdown stores the visits still pending.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <functional>
#include <thread>

#include "tests/integration/harness.hpp"
#include "tests/integration/world.hpp"

namespace fuar::test {
namespace {

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json data_of(const json& reply) {
  CAPTURE(reply.dump());
  REQUIRE(reply["ok"] == true);
  return reply["data"];
}

void sub(ws_client& ws, const std::string& topic) {
  auto r = ws.command("subscribe", {{"topic", topic}});
  INFO("subscribe " << topic << " -> " << r.dump());
  REQUIRE(r["ok"] == true);
}

std::string fair_topic(std::int64_t id) { return "fair:" + std::to_string(id); }
std::string booth_topic(std::int64_t id) { return "booth:" + std::to_string(id); }

json must(const server& s, const std::string& token, const std::string& method, const std::string& target,
          const json& body = nullptr) {
  auto r = http_call(s.port(), method, target, body.is_null() ? std::string() : body.dump(), bearer(token));
  CAPTURE(method, target, r.status, r.body);
  REQUIRE(r.status >= 200);
  REQUIRE(r.status <= 299);
  return r.status == 204 ? json::object() : r.body_json();
}

json report(const server& s, const std::string& token, std::int64_t fair) {
  auto r = http_call(s.port(), "GET", "/api/fairs/" + std::to_string(fair) + "/report", "", bearer(token));
  CAPTURE(r.body);
  REQUIRE(r.status == 200);
  return r.body_json();
}

// Runs one SQL statement on the server's database (WAL: a second writer is fine).
void exec_sql(const server& s, const std::string& statement) {
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READWRITE, 10000);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(statement);
}

std::int64_t count_sql(const server& s, const std::string& query) {
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 10000);
  return db.execAndGet(query).getInt64();
}

// The next push of `event` whose data satisfies `pred`.
json push_where(ws_client& ws, const std::string& event, const std::function<bool(const json&)>& pred,
                std::chrono::milliseconds timeout = 10s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    REQUIRE(left.count() > 0);
    auto p = ws.next_push(left, event);
    REQUIRE(p);
    if (pred((*p)["data"])) return (*p)["data"];
  }
}

std::int64_t demo_fair(const server& s) {
  auto fairs = http_call(s.port(), "GET", "/api/fairs").body_json();
  for (const auto& f : fairs["fairs"])
    if (f.value("demo", false)) return f["id"].get<std::int64_t>();
  FAIL("no demo fair");
  return 0;
}

}  // namespace

TEST_CASE("people: the report's activity counts visits, chats, interviews, queues and slots of its fair only",
          "[people][figures]") {
  // One shard, so a topic cached as public by one subscriber is the fast path for the next.
  server s(env{{"FUAR_SERVER_THREADS", "1"},
               {"FUAR_PRESENCE_VISIT_FLUSH_MS", "200"},
               {"FUAR_QUEUES_ACCEPT_TIMEOUT_S", "5"},
               {"FUAR_SLOTS_CANCEL_CUTOFF_MIN", "0"},
               {"FUAR_WS_RATE_PER_S", "1000"},
               {"FUAR_WS_RATE_BURST", "1000"}});
  auto w = build_world(s);
  const auto& org = actor(w, "organiser").token;
  const auto fair = w.fair;
  // A booth nobody staffs (a firm that never came): counted as a booth, not as a firm.
  exec_sql(s, "INSERT INTO booths (fair_id, name) VALUES (" + std::to_string(fair) + ", 'Empty stand')");
  // Another fair, by another organiser, and the demo fair: their activity must not count here.
  auto other = must(s, actor(w, "organiser2").token, "POST", "/api/fairs",
                    {{"title", {{"tr", "Öteki"}, {"en", "Other"}}},
                     {"timezone", "Europe/Istanbul"},
                     {"starts_at", now_s() - 3600},
                     {"ends_at", now_s() + 86400}})["fair"]["id"]
                   .get<std::int64_t>();
  must(s, actor(w, "organiser2").token, "POST", "/api/fairs/" + std::to_string(other) + "/publish");
  auto demo = demo_fair(s);
  auto demo_booth = s.demo_of("employer").booth_id;
  // Consented demographics for the breakdown of the people interviewed.
  must(s, actor(w, "jobseeker").token, "PUT", "/api/me/demographics", {{"gender", {{"value", "female"}, {"consent", true}}}});

  // Before anything happened: zeros, nulls, the firms.
  auto r0 = report(s, org, fair);
  auto a0 = r0["activity"];
  CHECK(a0["visits"] == json{{"unique_visitors", 0}, {"fair_visits", 0}, {"booth_visits", 0}, {"booths_visited", 0},
                             {"visitors_per_day", json::array()}});
  CHECK(a0["booths"] == json{{"total", 3}, {"participating_firms", 2}});
  CHECK(a0["interviews"]["duration_s"]["median"].is_null());
  CHECK(a0["queues"]["median_wait_s"].is_null());
  CHECK(r0.contains("report"));
  CHECK(r0["outcomes"]["applications"] == 1);

  ws_client ayse = ws_client::with_token(s, actor(w, "jobseeker").token);
  ws_client mehmet = ws_client::with_token(s, actor(w, "jobseeker2").token);
  ws_client mehmet_tab = ws_client::with_token(s, actor(w, "jobseeker2").token);
  ws_client owner = ws_client::with_token(s, actor(w, "owner").token);
  ws_client owner2 = ws_client::with_token(s, actor(w, "owner2").token);
  ws_client recruiter = ws_client::with_token(s, actor(w, "recruiter").token);
  ws_client organiser = ws_client::with_token(s, org);
  for (auto* c : {&ayse, &mehmet, &mehmet_tab, &owner, &owner2, &recruiter, &organiser}) REQUIRE(c->is_open());
  sub(ayse, "user:" + std::to_string(actor(w, "jobseeker").user_id));
  sub(mehmet, "user:" + std::to_string(actor(w, "jobseeker2").user_id));

  // ---- visits --------------------------------------------------------------------------------
  // Ayşe is the first on fair:{fair} and booth:{booth}: the store checks her subscriptions.
  sub(ayse, fair_topic(fair));
  sub(ayse, booth_topic(w.booth));
  // Staff and organisers are not visitors.
  sub(organiser, fair_topic(fair));
  sub(owner, booth_topic(w.booth));
  // booth2 is first subscribed by its owner, which caches it as public on the (only) shard: Ayşe
  // then takes the fast path without a store check, and her visit is recorded all the same.
  sub(owner2, booth_topic(w.booth2));
  sub(ayse, booth_topic(w.booth2));
  // Mehmet: the hall, one booth, twice on one socket and once more from a second tab — one
  // fair visit and one booth visit.
  sub(mehmet, fair_topic(fair));
  sub(mehmet, booth_topic(w.booth));
  REQUIRE(mehmet.command("unsubscribe", {{"topic", booth_topic(w.booth)}})["ok"] == true);
  sub(mehmet, booth_topic(w.booth));
  sub(mehmet_tab, booth_topic(w.booth));
  // Elsewhere: another fair's hall and the demo fair's booth.
  sub(ayse, fair_topic(other));
  sub(ayse, fair_topic(demo));
  sub(ayse, booth_topic(demo_booth));

  // Every visit reaches the store with a flush: 2 + 3 here, 1 at the other fair, 2 at the demo fair.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (count_sql(s, "SELECT count(*) FROM visits") < 8 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(300ms);  // one more flush: nothing else may arrive
  CHECK(count_sql(s, "SELECT count(*) FROM visits") == 8);
  CHECK(count_sql(s, "SELECT count(*) FROM visits WHERE fair_id = " + std::to_string(demo)) == 2);
  CHECK(count_sql(s, "SELECT count(*) FROM visits v JOIN users u ON u.id = v.user_id WHERE u.role <> 'jobseeker'") == 0);
  auto r1 = report(s, org, fair);
  auto today = r1["activity"]["visits"]["visitors_per_day"];
  CHECK(r1["activity"]["visits"]["unique_visitors"] == 2);
  CHECK(r1["activity"]["visits"]["fair_visits"] == 2);
  CHECK(r1["activity"]["visits"]["booth_visits"] == 3);
  CHECK(r1["activity"]["visits"]["booths_visited"] == 2);
  REQUIRE(today.size() == 1);
  CHECK(today[0]["count"] == 2);
  auto other_visits = report(s, actor(w, "organiser2").token, other)["activity"]["visits"];
  CHECK(other_visits["unique_visitors"] == 1);
  CHECK(other_visits["fair_visits"] == 1);
  CHECK(other_visits["booth_visits"] == 0);

  // A visit on an earlier day counts as another visit by the same visitor.
  auto yesterday = now_s() - 86400;
  exec_sql(s, "INSERT INTO visits (fair_id, booth_id, user_id, day, first_at) VALUES (" + std::to_string(fair) +
                  ", NULL, " + std::to_string(actor(w, "jobseeker").user_id) + ", strftime('%Y-%m-%d', " +
                  std::to_string(yesterday) + ", 'unixepoch'), " + std::to_string(yesterday) + ")");
  // Coming back today (a reconnect) changes nothing.
  {
    ws_client again = ws_client::with_token(s, actor(w, "jobseeker").token);
    sub(again, fair_topic(fair));
    sub(again, booth_topic(w.booth));
  }

  // ---- queue: Mehmet is called and accepts (an interview from a queue); Ayşe does not answer --
  auto queue = data_of(recruiter.command("queue.create", {{"booth_id", w.booth}}))["queue"]["id"].get<std::int64_t>();
  auto mehmet_place = data_of(mehmet.command("queue.join", {{"queue_id", queue}}))["place"]["id"].get<std::int64_t>();
  data_of(recruiter.command("queue.call", {{"queue_id", queue}}));
  auto accepted = data_of(mehmet.command("queue.accept", {{"place_id", mehmet_place}}));
  auto queue_room = accepted["room"]["id"].get<std::int64_t>();
  CHECK(accepted["room"]["source"] == "queue");
  data_of(recruiter.command("room.join", {{"room_id", queue_room}}));
  data_of(mehmet.command("room.join", {{"room_id", queue_room}}));
  data_of(recruiter.command("room.end", {{"room_id", queue_room}}));

  auto ayse_place = data_of(ayse.command("queue.join", {{"queue_id", queue}}))["place"]["id"].get<std::int64_t>();
  data_of(recruiter.command("queue.call", {{"queue_id", queue}}));
  auto called_at = now_s();

  // ---- chats (while Ayşe's call runs out) ----------------------------------------------------
  data_of(ayse.command("chat.send", {{"booth_id", w.booth}, {"text", "Merhaba"}}));
  data_of(ayse.command("chat.send", {{"booth_id", demo_booth}, {"text", "Another fair"}}));
  auto thread = data_of(ayse.command("thread.open", {{"booth_id", w.booth}}))["thread"]["id"].get<std::int64_t>();
  data_of(ayse.command("thread.send", {{"thread_id", thread}, {"text", "Kaynakçı arıyor musunuz?"}}));
  data_of(recruiter.command("thread.send", {{"thread_id", thread}, {"text", "Evet."}}));
  data_of(mehmet.command("thread.open", {{"booth_id", w.booth2}}));  // opened, never written in

  // ---- slots ---------------------------------------------------------------------------------
  auto slot = data_of(owner.command("slot.publish", {{"booth_id", w.booth},
                                                     {"starts_at", now_s() + 7200},
                                                     {"length_min", 15},
                                                     {"capacity", 2}}))["slot"]["id"];
  auto booking = data_of(ayse.command("slot.book", {{"slot_id", slot}}))["booking"]["id"];
  data_of(ayse.command("slot.cancel", {{"booking_id", booking}}));
  data_of(mehmet.command("slot.book", {{"slot_id", slot}}));

  // The unanswered call becomes a no-show.
  push_where(ayse, "queue.place", [&](const json& d) {
    return d["place"]["id"] == ayse_place && d["place"]["status"] == "no_show";
  }, 15s);
  CHECK(now_s() - called_at >= 4);

  // ---- a group interview started directly, and a room no candidate joined ----------------------
  auto app2 = must(s, actor(w, "jobseeker2").token, "POST", "/api/jobs/" + std::to_string(w.job) + "/applications",
                   {{"cv_id", w.cv2}, {"note", "Interested."}})["application"]["id"];
  auto group = data_of(owner.command("room.create", {{"booth_id", w.booth}, {"application_id", w.application}}))["room"]["id"]
                   .get<std::int64_t>();
  CHECK(data_of(owner.command("room.invite", {{"room_id", group}, {"application_id", app2}}))["room"]["kind"] == "group");
  auto group_start = now_s();
  data_of(owner.command("room.join", {{"room_id", group}}));
  data_of(ayse.command("room.join", {{"room_id", group}}));
  data_of(mehmet.command("room.join", {{"room_id", group}}));
  std::this_thread::sleep_for(1100ms);
  data_of(owner.command("room.end", {{"room_id", group}}));
  auto group_end = now_s();
  auto empty_room =
      data_of(owner.command("room.create", {{"booth_id", w.booth}, {"application_id", w.application}}))["room"]["id"];
  data_of(owner.command("room.join", {{"room_id", empty_room}}));
  data_of(owner.command("room.end", {{"room_id", empty_room}}));

  auto r2 = report(s, org, fair);
  auto a = r2["activity"];
  CAPTURE(a.dump());
  CHECK(a["visits"]["unique_visitors"] == 2);
  CHECK(a["visits"]["fair_visits"] == 3);
  CHECK(a["visits"]["booth_visits"] == 3);
  CHECK(a["visits"]["visitors_per_day"].size() == 2);
  CHECK(a["visits"]["visitors_per_day"][0]["count"] == 1);
  CHECK(a["visits"]["visitors_per_day"][1]["count"] == 2);
  CHECK(a["chats"] == json{{"public_messages", 1}, {"threads", 1}, {"thread_messages", 2}});
  auto iv = a["interviews"];
  CHECK(iv["held"] == 2);
  CHECK(iv["one_to_one"] == 1);
  CHECK(iv["group"] == 1);
  CHECK(iv["by_source"] == json{{"queue", 1}, {"slot", 0}, {"direct", 1}});
  CHECK(iv["candidates"] == 2);
  CHECK(iv["duration_s"]["measured"] == 2);
  // Real durations: each room from its start (a candidate and a recruiter in) to its end.
  CHECK(iv["duration_s"]["total"].get<std::int64_t>() >= 1);
  CHECK(iv["duration_s"]["total"].get<std::int64_t>() <= group_end - group_start + 2);
  CHECK(iv["interviewed_by"]["gender"] == json{{"female", "<5"}, {"male", 0}, {"other", 0}, {"unknown", "<5"}});
  CHECK(iv["interviewed_by"]["disability"]["unknown"] == "<5");
  CHECK(a["queues"]["joined"] == 2);
  CHECK(a["queues"]["called"] == 2);
  CHECK(a["queues"]["accepted"] == 1);
  CHECK(a["queues"]["declined"] == 0);
  CHECK(a["queues"]["no_shows"] == 1);
  CHECK(a["queues"]["median_wait_s"].get<std::int64_t>() >= 0);
  CHECK(a["slots"] == json{{"published", 1}, {"withdrawn", 0}, {"booked", 2}, {"cancelled", 1}, {"no_shows", 0}});
  CHECK(r2["outcomes"]["applications"] == 2);
  // Nothing in it names a person.
  auto body = r2.dump();
  CHECK(body.find("Ayşe") == std::string::npos);
  CHECK(body.find("world.test") == std::string::npos);

  // Exact durations and waits: 10 and 20 minutes; waits of 1 and 3 minutes.
  exec_sql(s, "UPDATE rooms SET started_at = 1000, ended_at = 1600 WHERE id = " + std::to_string(queue_room));
  exec_sql(s, "UPDATE rooms SET started_at = 2000, ended_at = 3200 WHERE id = " + std::to_string(group));
  exec_sql(s, "UPDATE queue_places SET joined_at = called_at - 60 WHERE user_id = " +
                  std::to_string(actor(w, "jobseeker2").user_id));
  exec_sql(s, "UPDATE queue_places SET joined_at = called_at - 180 WHERE user_id = " +
                  std::to_string(actor(w, "jobseeker").user_id));
  auto exact = report(s, org, fair)["activity"];
  CHECK(exact["interviews"]["duration_s"] == json{{"measured", 2}, {"total", 1800}, {"median", 900}});
  CHECK(exact["queues"]["median_wait_s"] == 120);

  // The other fair saw none of it.
  auto o = report(s, actor(w, "organiser2").token, other)["activity"];
  CHECK(o["chats"] == json{{"public_messages", 0}, {"threads", 0}, {"thread_messages", 0}});
  CHECK(o["interviews"]["held"] == 0);
  CHECK(o["queues"]["joined"] == 0);
  CHECK(o["slots"]["published"] == 0);
  CHECK(o["booths"]["total"] == 0);

  // Only the fair's organiser reads it.
  auto path = "/api/fairs/" + std::to_string(fair) + "/report";
  CHECK(http_call(s.port(), "GET", path, "", bearer(actor(w, "organiser2").token)).status == 403);
  for (const auto* who : {"owner", "recruiter", "jobseeker"})
    CHECK(http_call(s.port(), "GET", path, "", bearer(actor(w, who).token)).status == 403);
  CHECK(http_call(s.port(), "GET", path).status == 401);

  // Deleting an account takes its visits with it.
  auto del = http_call(s.port(), "POST", "/api/me/delete", json{{"password", "world password"}}.dump(),
                       bearer(actor(w, "jobseeker2").token));
  CAPTURE(del.body);
  REQUIRE(del.status == 204);
  CHECK(count_sql(s, "SELECT count(*) FROM visits WHERE user_id = " + std::to_string(actor(w, "jobseeker2").user_id)) == 0);
  CHECK(report(s, org, fair)["activity"]["visits"]["unique_visitors"] == 1);
}

TEST_CASE("people: visits still pending at a clean shutdown are stored", "[people][figures]") {
  // An interval far longer than the test: only the shutdown can store the visit.
  server s(env{{"FUAR_PRESENCE_VISIT_FLUSH_MS", "60000"}});
  auto token = register_user(s, "late@example.org", "Late Visitor");
  auto demo = demo_fair(s);
  {
    ws_client ws = ws_client::with_token(s, token);
    REQUIRE(ws.is_open());
    sub(ws, fair_topic(demo));
    sub(ws, booth_topic(s.demo_of("employer").booth_id));
    std::this_thread::sleep_for(300ms);
    CHECK(count_sql(s, "SELECT count(*) FROM visits") == 0);
    s.signal(SIGTERM);
    ws.wait_close(10s);
  }
  REQUIRE(s.wait_exit(20s) == 0);
  CHECK(count_sql(s, "SELECT count(*) FROM visits v JOIN users u ON u.id = v.user_id WHERE u.email = 'late@example.org'") ==
        2);
}

}  // namespace fuar::test
