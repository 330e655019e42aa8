// Interview slots (protocol/ws/slot.md) against the real server: publishing rules, the
// booking race, the cancellation cut-off, waitlist offers, reminders (timely, once, durable
// across a restart), no-shows, calendar files and feed tokens, and starting the interview room.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <thread>

#include "tests/integration/live.hpp"

namespace fuar::test {
namespace {

// Fast sweeps, and no command rate limit getting in the way of the repeated race.
env slot_env() {
  return {{"FUAR_SLOTS_SWEEP_INTERVAL_MS", "200"}, {"FUAR_WS_RATE_PER_S", "1000"}, {"FUAR_WS_RATE_BURST", "1000"}};
}

json publish(ws_client& ws, std::int64_t booth, std::int64_t starts_at, std::int64_t capacity = 1,
             std::int64_t length = 30) {
  return ws.command("slot.publish",
                    {{"booth_id", booth}, {"starts_at", starts_at}, {"length_min", length}, {"capacity", capacity}});
}

std::string user_topic(const authz_world& w, const std::string& name) {
  return "user:" + std::to_string(actor(w, name).user_id);
}

}  // namespace

TEST_CASE("slots: publishing is validated against the fair's times, capacity and ownership", "[slot][integration]") {
  server s(slot_env());
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto owner2 = connect(s, w, "owner2");
  auto js = connect(s, w, "jobseeker");
  const auto now = unix_now();

  // The world's fair runs from an hour ago to a day from now.
  auto past = publish(owner, w.booth, now - 60);
  CHECK(err(past) == "invalid");
  CHECK(past["error"]["field"] == "data.starts_at");
  auto after_fair = publish(owner, w.booth, now + 86400 - 600);  // 30 minutes would end after the fair
  CHECK(err(after_fair) == "invalid");
  CHECK(after_fair["error"]["field"] == "data.starts_at");
  auto too_big = publish(owner, w.booth, now + 3600, 9);
  CHECK(err(too_big) == "invalid");
  CHECK(too_big["error"]["field"] == "data.capacity");
  auto zero = publish(owner, w.booth, now + 3600, 0);
  CHECK(err(zero) == "invalid");
  CHECK(zero["error"]["field"] == "data.capacity");
  auto short_slot = publish(owner, w.booth, now + 3600, 1, 3);
  CHECK(err(short_slot) == "invalid");
  CHECK(short_slot["error"]["field"] == "data.length_min");
  auto wrong_job = owner.command("slot.publish", {{"booth_id", w.booth},
                                                  {"starts_at", now + 3600},
                                                  {"length_min", 20},
                                                  {"capacity", 1},
                                                  {"job_id", w.job2}});
  CHECK(err(wrong_job) == "invalid");
  CHECK(wrong_job["error"]["field"] == "data.job_id");
  CHECK(err(publish(owner2, w.booth, now + 3600)) == "forbidden");  // another booth's owner
  CHECK(err(publish(js, w.booth, now + 3600)) == "forbidden");      // by role
  // Nothing of the above was stored.
  CHECK(ok(owner.command("slot.schedule", {{"booth_id", w.booth}}))["slots"].empty());

  auto good = ok(owner.command("slot.publish", {{"booth_id", w.booth},
                                                {"starts_at", now + 3600},
                                                {"length_min", 20},
                                                {"capacity", 3},
                                                {"job_id", w.job}}));
  CHECK(good["slot"]["capacity"] == 3);
  CHECK(good["slot"]["free"] == 3);
  CHECK(good["slot"]["ends_at"] == now + 3600 + 1200);
  CHECK(good["slot"]["job"]["id"] == w.job);
  auto listed = ok(js.command("slot.list", {{"booth_id", w.booth}}));
  REQUIRE(listed["slots"].size() == 1);
  CHECK(listed["fair"]["timezone"] == "Europe/Istanbul");
  CHECK(listed["slots"][0]["id"] == good["slot"]["id"]);
}

TEST_CASE("slots: two jobseekers booking the last place at once: exactly one wins, every time",
          "[slot][integration]") {
  server s(slot_env());
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto a = connect(s, w, "jobseeker");
  auto b = connect(s, w, "jobseeker2");
  const auto now = unix_now();
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    auto slot = ok(publish(owner, w.booth, now + 7200 + round * 1800))["slot"]["id"].get<std::int64_t>();
    // Both commands are on the wire before either reply is read: the server runs them at once.
    auto ia = a.send_command("slot.book", {{"slot_id", slot}});
    auto ib = b.send_command("slot.book", {{"slot_id", slot}});
    auto ra = a.wait_reply(ia);
    auto rb = b.wait_reply(ib);
    int wins = int(ra["ok"] == true) + int(rb["ok"] == true);
    CHECK(wins == 1);
    auto& loser = ra["ok"] == true ? rb : ra;
    CHECK(loser["error"]["code"] == "conflict");
    CHECK(loser["error"]["message"] == "this slot is full");
    auto sched = ok(owner.command("slot.schedule", {{"booth_id", w.booth}}));
    for (auto& sl : sched["slots"])
      if (sl["id"] == slot) {
        CHECK(sl["booked"] == 1);
        CHECK(sl["bookings"].size() == 1);
      }
  }
  // At most one live booking per slot and user.
  // (A fresh jobseeker: the two above may hold up to 20 bookings, the per-user limit.)
  auto c = ws_client::with_token(s, register_user(s, "cem@example.org", "Cem"));
  auto group = ok(publish(owner, w.booth, now + 3 * 3600, 2))["slot"]["id"];
  ok(c.command("slot.book", {{"slot_id", group}}));
  auto again = c.command("slot.book", {{"slot_id", group}});
  CHECK(err(again) == "conflict");
  CHECK(again["error"]["message"] == "you have already booked this slot");
}

TEST_CASE("slots: cancellation cut-off, and a freed place is offered to the waitlist in order",
          "[slot][integration]") {
  // The clients wait out a 1-minute hold without sending anything: the idle timeout (60 s by
  // default) must not cut them off at the same moment.
  server s(env{{"FUAR_SLOTS_SWEEP_INTERVAL_MS", "200"}, {"FUAR_SLOTS_CANCEL_CUTOFF_MIN", "60"},
               {"FUAR_SLOTS_OFFER_HOLD_MIN", "1"}, {"FUAR_WS_IDLE_TIMEOUT_MS", "600000"}});
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto a = connect(s, w, "jobseeker");
  auto b = connect(s, w, "jobseeker2");
  auto c_token = register_user(s, "cem@example.org", "Cem");
  auto c = ws_client::with_token(s, c_token);
  REQUIRE(c.is_open());
  const auto now = unix_now();

  // Cut-off: a slot 30 minutes away cannot be cancelled any more (60-minute cut-off).
  auto soon = ok(publish(owner, w.booth, now + 1800))["slot"]["id"];
  auto soon_booking = ok(a.command("slot.book", {{"slot_id", soon}}))["booking"]["id"];
  auto late = a.command("slot.cancel", {{"booking_id", soon_booking}});
  CHECK(err(late) == "conflict");
  CHECK(late["error"]["message"].get<std::string>().find("60 minutes before the start") != std::string::npos);
  // Someone else's booking is not found.
  CHECK(err(b.command("slot.cancel", {{"booking_id", soon_booking}})) == "not_found");

  // A full one-to-one slot two hours away; b and then c join the booth's waitlist.
  auto slot = ok(publish(owner, w.booth, now + 7200))["slot"]["id"];
  auto booking = ok(a.command("slot.book", {{"slot_id", slot}}))["booking"]["id"];
  CHECK(ok(b.command("slot.waitlist_join", {{"booth_id", w.booth}}))["position"] == 1);
  CHECK(ok(c.command("slot.waitlist_join", {{"booth_id", w.booth}}))["position"] == 2);
  CHECK(err(b.command("slot.waitlist_join", {{"booth_id", w.booth}})) == "conflict");
  subscribe(b, user_topic(w, "jobseeker2"));
  auto me_c = ok(c.command("hello"))["user"]["id"].get<std::int64_t>();
  subscribe(c, "user:" + std::to_string(me_c));

  ok(a.command("slot.cancel", {{"booking_id", booking}}));
  // The first in line is offered the place and it is held for them: c cannot take it.
  auto offer = b.next_push(5s, "slot.offer");
  REQUIRE(offer);
  CHECK((*offer)["data"]["slot"]["id"] == slot);
  CHECK((*offer)["data"]["expires_at"].get<std::int64_t>() <= unix_now() + 60);
  auto c_try = c.command("slot.book", {{"slot_id", slot}});
  CHECK(err(c_try) == "conflict");
  CHECK(c_try["error"]["message"] == "this slot is full");
  CHECK(ok(c.command("slot.mine"))["offers"].empty());  // not yet c's turn

  // b does not take it in time (1 minute hold): the offer moves on to c, who books it.
  auto c_offer = c.next_push(75s, "slot.offer");
  REQUIRE(c_offer);
  CHECK((*c_offer)["data"]["slot"]["id"] == slot);
  ok(c.command("slot.book", {{"slot_id", slot}}));
  // c got a place: off the waitlist; b is still on it (now first).
  auto mine_c = ok(c.command("slot.mine"));
  CHECK(mine_c["waitlists"].empty());
  REQUIRE(mine_c["bookings"].size() == 1);
  CHECK(mine_c["bookings"][0]["slot"]["id"] == slot);
  auto mine_b = ok(b.command("slot.mine"));
  REQUIRE(mine_b["waitlists"].size() == 1);
  CHECK(mine_b["waitlists"][0]["position"] == 1);
  CHECK(err(b.command("slot.book", {{"slot_id", slot}})) == "conflict");
}

TEST_CASE("slots: reminders arrive on time, once, to the booker and the staff", "[slot][integration]") {
  auto data_dir = make_temp_dir("fuar-slot-reminders");
  std::int64_t slot_starts = 0;
  authz_world w;
  {
    server s(slot_env(), data_dir);
    s.keep_data();
    w = build_world(s);
    auto owner = connect(s, w, "owner");
    auto js = connect(s, w, "jobseeker");
    slot_starts = unix_now() + 75;
    auto slot = ok(publish(owner, w.booth, slot_starts, 1, 15))["slot"]["id"];
    ok(js.command("slot.book", {{"slot_id", slot}}));
    // Stopped before the 1-minute reminder is due: the restarted server must still send it.
  }
  server s(slot_env(), data_dir);
  auto js = connect(s, w, "jobseeker");
  auto recruiter = connect(s, w, "recruiter");
  subscribe(js, user_topic(w, "jobseeker"));
  subscribe(recruiter, user_topic(w, "recruiter"));
  // Booked 75 s ahead: the 10-minute reminder was already past (skipped); the 1-minute one
  // comes at starts_at - 60, give or take the sweep period.
  auto r = js.next_push(std::chrono::seconds(std::max<std::int64_t>(5, slot_starts - 60 - unix_now() + 5)),
                        "slot.reminder");
  REQUIRE(r);
  auto arrived = unix_now();
  CHECK(arrived >= slot_starts - 61);
  CHECK(arrived <= slot_starts - 60 + 3);
  CHECK((*r)["data"]["minutes"] == 1);
  CHECK((*r)["data"]["role"] == "candidate");
  auto staff = recruiter.next_push(5s, "slot.reminder");
  REQUIRE(staff);
  CHECK((*staff)["data"]["minutes"] == 1);
  CHECK((*staff)["data"]["role"] == "staff");
  // Exactly once: nothing more, neither the skipped 10-minute one nor a repeat.
  CHECK(!js.next_push(2s, "slot.reminder"));
  s.signal(SIGTERM);
  s.wait_exit(15s);
  {
    // A restart does not repeat it.
    server again(slot_env(), data_dir);
    auto js2 = connect(again, w, "jobseeker");
    subscribe(js2, user_topic(w, "jobseeker"));
    CHECK(!js2.next_push(2s, "slot.reminder"));
  }
  remove_dir(data_dir);
}

TEST_CASE("slots: no-show, starting the interview room, withdrawal", "[slot][integration]") {
  server s(slot_env());
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto recruiter = connect(s, w, "recruiter");
  auto owner2 = connect(s, w, "owner2");
  auto a = connect(s, w, "jobseeker");
  auto b = connect(s, w, "jobseeker2");
  const auto now = unix_now();

  // A group slot starting in 3 s: both book, then it starts.
  auto slot = ok(publish(owner, w.booth, now + 3, 2, 15))["slot"]["id"];
  auto ka = ok(a.command("slot.book", {{"slot_id", slot}}))["booking"]["id"];
  auto kb = ok(b.command("slot.book", {{"slot_id", slot}}))["booking"]["id"];
  CHECK(err(recruiter.command("slot.no_show", {{"booking_id", kb}})) == "conflict");  // before the start
  subscribe(a, user_topic(w, "jobseeker"));
  subscribe(b, user_topic(w, "jobseeker2"));
  std::this_thread::sleep_for(std::chrono::seconds(std::max<std::int64_t>(0, now + 4 - unix_now())));

  CHECK(err(owner2.command("slot.no_show", {{"booking_id", kb}})) == "not_found");
  auto marked = ok(recruiter.command("slot.no_show", {{"booking_id", kb}}));
  CHECK(marked["booking"]["no_show"] == true);
  CHECK(err(b.command("slot.cancel", {{"booking_id", kb}})) == "conflict");  // past the cut-off anyway
  ok(recruiter.command("slot.no_show", {{"booking_id", kb}, {"no_show", 0}}));
  ok(recruiter.command("slot.no_show", {{"booking_id", kb}, {"no_show", 1}}));

  // Start: a one-to-one room with the candidate who came and the recruiter who started it.
  CHECK(err(owner2.command("slot.start", {{"slot_id", slot}})) == "forbidden");
  auto started = ok(recruiter.command("slot.start", {{"slot_id", slot}}));
  CHECK(started["created"] == true);
  CHECK(started["room"]["source"] == "slot");
  CHECK(started["room"]["kind"] == "one_to_one");
  auto room_id = started["room"]["id"];
  auto inv = a.next_push(5s, "room.invited");
  REQUIRE(inv);
  CHECK((*inv)["data"]["room"]["id"] == room_id);
  CHECK((*inv)["data"]["members"].size() == 2);
  for (auto& m : (*inv)["data"]["members"]) CHECK(m["user_id"] != actor(w, "jobseeker2").user_id);  // the no-show
  // Starting again gives the same room.
  auto again = ok(owner.command("slot.start", {{"slot_id", slot}}));
  CHECK(again["created"] == false);
  CHECK(again["room"]["id"] == room_id);

  // A group slot with two who came: a group room with both candidates and the recruiter.
  auto g = ok(publish(owner, w.booth, unix_now() + 2, 2, 15))["slot"]["id"];
  ok(a.command("slot.book", {{"slot_id", g}}));
  ok(b.command("slot.book", {{"slot_id", g}}));
  std::this_thread::sleep_for(2500ms);
  auto gs = ok(owner.command("slot.start", {{"slot_id", g}}));
  CHECK(gs["room"]["kind"] == "group");
  auto inv_b = b.next_push(5s, "room.invited");
  REQUIRE(inv_b);
  CHECK((*inv_b)["data"]["members"].size() == 3);

  // Withdrawing an upcoming slot tells its booker; a started one cannot be withdrawn.
  auto later = ok(publish(owner, w.booth, unix_now() + 7200))["slot"]["id"];
  ok(a.command("slot.book", {{"slot_id", later}}));
  CHECK(err(owner2.command("slot.withdraw", {{"slot_id", later}})) == "forbidden");
  auto wd = ok(owner.command("slot.withdraw", {{"slot_id", later}}));
  CHECK(wd["slot"]["status"] == "withdrawn");
  auto told = a.next_push(5s, "slot.withdrawn");
  REQUIRE(told);
  CHECK((*told)["data"]["slot"]["id"] == later);
  CHECK(err(owner.command("slot.withdraw", {{"slot_id", g}})) == "conflict");
  CHECK(err(a.command("slot.book", {{"slot_id", later}})) == "conflict");
}

TEST_CASE("slots: .ics per booking for its booker and the booth's staff; the feed token", "[slot][integration]") {
  server s(slot_env());
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto a = connect(s, w, "jobseeker");
  const auto now = unix_now();
  auto slot = ok(publish(owner, w.booth, now + 7200, 1, 30))["slot"]["id"].get<std::int64_t>();
  auto booking = ok(a.command("slot.book", {{"slot_id", slot}}))["booking"]["id"].get<std::int64_t>();
  const std::string path = "/api/slot-bookings/" + std::to_string(booking) + "/calendar.ics";

  for (const char* who : {"jobseeker", "owner", "recruiter"}) {
    CAPTURE(who);
    auto r = http_call(s.port(), "GET", path, "", bearer(actor(w, who).token));
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"].rfind("text/calendar", 0) == 0);
    CHECK(r.body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CHECK(r.body.find("UID:slot-booking-" + std::to_string(booking) + "@fuar\r\n") != std::string::npos);
    CHECK(r.body.find("STATUS:CONFIRMED\r\n") != std::string::npos);
    CHECK(r.body.find("/#/booth/" + std::to_string(w.booth)) != std::string::npos);
    // No bare LF: every line break is CRLF.
    for (std::size_t i = 0; i < r.body.size(); ++i)
      if (r.body[i] == '\n') CHECK((i > 0 && r.body[i - 1] == '\r'));
  }
  for (const char* who : {"jobseeker2", "owner2", "organiser"}) {
    CAPTURE(who);
    CHECK(http_call(s.port(), "GET", path, "", bearer(actor(w, who).token)).status == 404);
  }
  CHECK(http_call(s.port(), "GET", path).status == 401);

  // The feed: no session, only the token; rotating it makes the old URL 404.
  auto first = ok(a.command("slot.feed_rotate"))["path"].get<std::string>();
  auto feed = http_call(s.port(), "GET", first);
  REQUIRE(feed.status == 200);
  CHECK(feed.body.find("UID:slot-booking-" + std::to_string(booking) + "@fuar\r\n") != std::string::npos);
  auto second = ok(a.command("slot.feed_rotate"))["path"].get<std::string>();
  CHECK(second != first);
  CHECK(http_call(s.port(), "GET", first).status == 404);
  CHECK(http_call(s.port(), "GET", second).status == 200);
  CHECK(http_call(s.port(), "GET", "/api/calendar/feed.ics?token=nope").status == 404);
  CHECK(http_call(s.port(), "GET", "/api/calendar/feed.ics").status == 404);
  // The token is stored hashed: the database does not contain it.
  auto token = second.substr(second.find("token=") + 6);
  std::ifstream db(s.data_dir() + "/fuar.db", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  std::ifstream wal(s.data_dir() + "/fuar.db-wal", std::ios::binary);
  bytes += std::string((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  CHECK(bytes.find(token) == std::string::npos);
  // The staff's feed lists the booked slot too.
  auto staff_feed = ok(owner.command("slot.feed_rotate"))["path"].get<std::string>();
  auto sf = http_call(s.port(), "GET", staff_feed);
  REQUIRE(sf.status == 200);
  CHECK(sf.body.find("UID:slot-" + std::to_string(slot) + "@fuar\r\n") != std::string::npos);
  // After cancelling, the booking leaves the jobseeker's feed and its file says CANCELLED.
  ok(a.command("slot.cancel", {{"booking_id", booking}}));
  CHECK(http_call(s.port(), "GET", second).body.find("BEGIN:VEVENT") == std::string::npos);
  auto cancelled = http_call(s.port(), "GET", path, "", bearer(actor(w, "jobseeker").token));
  CHECK(cancelled.body.find("STATUS:CANCELLED\r\n") != std::string::npos);
}

}  // namespace fuar::test

namespace fuar::test {

TEST_CASE("slots: the booking race across two nodes sharing one database", "[slot][integration][cluster]") {
  server a(slot_env());
  auto w = build_world(a);
  env b_env = slot_env();
  b_env["FUAR_STORE_SQLITE_PATH"] = a.data_dir() + "/fuar.db";
  b_env["FUAR_SERVER_DEMO"] = "0";
  server b(b_env);
  auto owner = ws_client::with_token(a, actor(w, "owner").token);
  auto js1 = ws_client::with_token(a, actor(w, "jobseeker").token);
  auto js2 = ws_client::with_token(b, actor(w, "jobseeker2").token);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (int round = 0; round < 10; ++round) {
    CAPTURE(round);
    auto r = owner.command("slot.publish", {{"booth_id", w.booth},
                                            {"starts_at", now + 7200 + round * 1800},
                                            {"length_min", 30},
                                            {"capacity", 1}});
    REQUIRE(r["ok"] == true);
    auto slot = r["data"]["slot"]["id"];
    auto i1 = js1.send_command("slot.book", {{"slot_id", slot}});
    auto i2 = js2.send_command("slot.book", {{"slot_id", slot}});
    auto r1 = js1.wait_reply(i1);
    auto r2 = js2.wait_reply(i2);
    CAPTURE(r1.dump(), r2.dump());
    CHECK(int(r1["ok"] == true) + int(r2["ok"] == true) == 1);
    auto& loser = r1["ok"] == true ? r2 : r1;
    CHECK(loser["error"]["message"] == "this slot is full");
  }
}

}  // namespace fuar::test
