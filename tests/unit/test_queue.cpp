// Unit tests for the queue capability: the wait estimate, the disconnect-grace book, and the
// queues store on a real SQLite database in a temporary folder — the rules one by one, then
// the randomised invariants test: thousands of interleaved joins, leaves, calls,
// accepts, declines, expiries and disconnect removals, first against a reference model (exact
// positions, FIFO apart from explicit picks, holds), then from several threads over two
// connections to the same file, checking the invariants after every step.
#include "server/queue/estimate.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "server/store/queues_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/store.hpp"
#include "tests/shared/queue_invariants.hpp"
#include "tests/unit/fixtures.hpp"

namespace {

using namespace fuar;
using store::queue_error;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_queue_test_") {}
};

using fuar::test::t0;

// Two booths in a live fair, each with two recruiters, a general queue and a job queue; jobseekers.
struct fixture {
  temp_dir dir;
  std::unique_ptr<store::store> st = store::open({.sqlite_path = dir.db()});
  std::int64_t booth[2] = {0, 0};
  std::int64_t job[2] = {0, 0};
  std::vector<std::int64_t> recruiters[2];
  std::vector<std::int64_t> queues;  // booth 0 general, booth 0 job, booth 1 general, booth 1 job
  std::vector<std::int64_t> seekers;

  explicit fixture(int jobseekers = 8) {
    auto fair_id = fuar::test::create_live_fair(*st);
    for (int b = 0; b < 2; ++b) {
      store::booth bo;
      bo.fair_id = fair_id;
      bo.name = "Booth " + std::to_string(b);
      booth[b] = st->booths().create_booth(bo);
      for (int r = 0; r < 2; ++r) {
        auto u = st->create_user("r" + std::to_string(b) + std::to_string(r) + "@t.test", "Recruiter", store::role::employer, "x");
        st->booths().add_booth_member(booth[b], u->id, r == 0 ? "owner" : "recruiter");
        recruiters[b].push_back(u->id);
      }
      SQLite::Database db(dir.db(), SQLite::OPEN_READWRITE, 5000);
      SQLite::Statement ins(db, "INSERT INTO jobs (booth_id, title, created_at, updated_at) VALUES (?, 'Welder', ?, ?)");
      ins.bind(1, booth[b]);
      ins.bind(2, t0);
      ins.bind(3, t0);
      ins.exec();
      job[b] = db.getLastInsertRowid();
      for (auto target : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{job[b]}}) {
        auto r = st->queues().create_queue(booth[b], target, "", recruiters[b][0], t0);
        REQUIRE(r.error == queue_error::none);
        queues.push_back(*r.queue_id);
      }
    }
    for (int i = 0; i < jobseekers; ++i)
      seekers.push_back(st->create_user("js" + std::to_string(i) + "@t.test", "Seeker " + std::to_string(i),
                                        store::role::jobseeker, "x")->id);
  }
  store::queues_store& q() { return st->queues(); }
  std::vector<std::int64_t> line(std::int64_t queue) {
    std::vector<std::int64_t> out;
    for (const auto& p : q().active_places(queue))
      if (p.status == "waiting") out.push_back(p.id);
    return out;
  }
  std::string violations(std::int64_t k) {
    SQLite::Database db(dir.db(), SQLite::OPEN_READONLY, 5000);
    return test::queue_invariant_violations(db, k);
  }
};

}  // namespace

TEST_CASE("the wait estimate averages recent interviews and divides the line among recruiters", "[queue]") {
  std::vector<std::int64_t> none;
  CHECK(queue::interview_length_s(none, 600) == 600);
  std::vector<std::int64_t> recent{300, 500};
  CHECK(queue::interview_length_s(recent, 600) == 400);
  // Clamped: a 5 s accident and a room left open all night do not swing it.
  std::vector<std::int64_t> odd{5, 100000};
  CHECK(queue::interview_length_s(odd, 600) == (60 + 3600) / 2);
  // Only the newest ten count.
  std::vector<std::int64_t> many(10, 120);
  many.push_back(3000);
  CHECK(queue::interview_length_s(many, 600) == 120);
  std::vector<std::int64_t> uneven{100, 101};
  CHECK(queue::interview_length_s(uneven, 600) == 101);  // rounded up

  CHECK(queue::wait_s(0, 400, 1) == 0);  // next
  CHECK(queue::wait_s(1, 400, 1) == 400);
  CHECK(queue::wait_s(3, 400, 1) == 1200);
  CHECK(queue::wait_s(3, 400, 2) == 800);  // two rounds with two recruiters
  CHECK(queue::wait_s(4, 400, 2) == 800);
  CHECK(queue::wait_s(5, 400, 0) == 2000);  // no recruiter counts as one
}

TEST_CASE("the absence book reports who has been gone past the grace", "[queue]") {
  queue::absence_book b;
  b.gone(7, 100);
  b.gone(3, 110);
  CHECK(b.due(150, 120).empty());
  CHECK(b.due(220, 120) == std::vector<std::int64_t>{7});
  CHECK(b.due(230, 120) == std::vector<std::int64_t>{3, 7});
  b.gone(7, 200);  // left again later: the grace starts again
  CHECK(b.due(230, 120) == std::vector<std::int64_t>{3});
  b.gone(7, 150);  // an older report does not shorten it
  CHECK(b.due(230, 120) == std::vector<std::int64_t>{3});
  b.back(3);
  CHECK_FALSE(b.contains(3));
  CHECK(b.due(1000, 120) == std::vector<std::int64_t>{7});
}

TEST_CASE("queues store: join, leave, limits, one open queue per target", "[queue][store]") {
  fixture fx(4);
  auto& q = fx.q();
  auto [a, b, c] = std::tuple{fx.seekers[0], fx.seekers[1], fx.seekers[2]};
  auto q0 = fx.queues[0];
  CHECK(q.create_queue(fx.booth[0], std::nullopt, "", fx.recruiters[0][0], t0).error == queue_error::exists);
  CHECK(q.create_queue(fx.booth[0], fx.job[1], "", fx.recruiters[0][0], t0).error == queue_error::not_found);

  for (auto u : {a, b, c}) REQUIRE(q.join(q0, u, t0, 3, 3).error == queue_error::none);
  CHECK(q.join(q0, a, t0, 3, 3).error == queue_error::already_in);
  CHECK(q.join(q0, fx.seekers[3], t0, 3, 3).error == queue_error::full);
  auto places = q.active_places(q0);
  REQUIRE(places.size() == 3);
  CHECK(places[0].user_id == a);
  CHECK(places[2].position == 3);
  CHECK(places[2].ahead == 2);

  // K = 2: the third queue is refused, and leaving frees a slot.
  CHECK(q.join(fx.queues[1], a, t0, 2, 10).error == queue_error::none);
  CHECK(q.join(fx.queues[2], a, t0, 2, 10).error == queue_error::limit);
  auto left = q.leave(q0, a, t0 + 1);
  REQUIRE(left.error == queue_error::none);
  CHECK(left.place->status == "left");
  CHECK(left.place->left_reason == "self");
  CHECK(q.join(fx.queues[2], a, t0, 2, 10).error == queue_error::none);
  auto after = q.active_places(q0);
  REQUIRE(after.size() == 2);
  CHECK(after[0].user_id == b);
  CHECK(after[0].position == 1);
  CHECK(after[1].position == 2);
  CHECK(q.leave(q0, a, t0).error == queue_error::not_found);

  // Closing ends every waiting place and refuses joins.
  auto closed = q.close_queue(q0, t0 + 2);
  REQUIRE(closed.error == queue_error::none);
  CHECK(closed.users.size() == 2);
  CHECK(q.active_places(q0).empty());
  CHECK(q.join(q0, a, t0, 3, 10).error == queue_error::closed);
  CHECK(q.close_queue(q0, t0).error == queue_error::closed);
  // A new general queue can be opened once the old one is closed.
  CHECK(q.create_queue(fx.booth[0], std::nullopt, "Walk-in", fx.recruiters[0][0], t0).error == queue_error::none);
  CHECK(fx.violations(3).empty());
}

TEST_CASE("queues store: the export's place history — past places too, with queue and booth, only the user's",
          "[queue][store]") {
  fixture fx(2);
  auto& q = fx.q();
  auto a = fx.seekers[0], b = fx.seekers[1];
  REQUIRE(q.join(fx.queues[0], a, t0, 3, 10).error == queue_error::none);
  REQUIRE(q.join(fx.queues[0], b, t0 + 1, 3, 10).error == queue_error::none);
  REQUIRE(q.leave(fx.queues[0], a, t0 + 5).error == queue_error::none);
  REQUIRE(q.join(fx.queues[1], a, t0 + 10, 3, 10).error == queue_error::none);
  auto called = q.call(fx.queues[1], fx.recruiters[0][0], std::nullopt, t0 + 20, t0 + 80);
  REQUIRE(called.error == queue_error::none);
  auto accepted = q.accept(called.place->id, a, t0 + 30);
  REQUIRE(accepted.error == queue_error::none);
  REQUIRE(q.join(fx.queues[2], a, t0 + 40, 3, 10).error == queue_error::none);

  auto h = q.place_history(a, 100);
  REQUIRE(h.size() == 3);
  CHECK(h[0].queue_id == fx.queues[0]);
  CHECK(h[0].booth_id == fx.booth[0]);
  CHECK(h[0].booth_name == "Booth 0");
  CHECK(h[0].job_title.empty());
  CHECK(h[0].status == "left");
  CHECK(h[0].left_reason == "self");
  CHECK(h[0].joined_at == t0);
  CHECK(h[0].ended_at == t0 + 5);
  CHECK(!h[0].called_at);
  CHECK(h[1].queue_id == fx.queues[1]);
  CHECK(h[1].job_title == "Welder");
  CHECK(h[1].status == "accepted");
  CHECK(h[1].left_reason.empty());
  CHECK(h[1].called_at == t0 + 20);
  CHECK(h[1].deadline_at == t0 + 80);
  CHECK(h[1].ended_at == t0 + 30);
  CHECK(h[1].room_id == accepted.room_id);
  CHECK(h[2].booth_name == "Booth 1");
  CHECK(h[2].status == "waiting");
  CHECK(!h[2].ended_at);
  CHECK(q.place_history(a, 2).size() == 2);
  auto hb = q.place_history(b, 100);
  REQUIRE(hb.size() == 1);
  CHECK(hb[0].joined_at == t0 + 1);
  CHECK(q.place_history(fx.recruiters[0][0], 100).empty());
}

TEST_CASE("queues store: calls hold other places, accept creates the room, holds end with it", "[queue][store]") {
  fixture fx(3);
  auto& q = fx.q();
  auto a = fx.seekers[0], b = fx.seekers[1];
  auto qa = fx.queues[0], qb = fx.queues[2];  // booth 0 and booth 1
  auto ra = fx.recruiters[0][0], rb = fx.recruiters[1][0];
  REQUIRE(q.join(qa, a, t0, 3, 10).error == queue_error::none);
  REQUIRE(q.join(qb, a, t0, 3, 10).error == queue_error::none);
  REQUIRE(q.join(qb, b, t0, 3, 10).error == queue_error::none);

  auto call = q.call(qa, ra, std::nullopt, t0, t0 + 60);
  REQUIRE(call.error == queue_error::none);
  CHECK(call.place->user_id == a);
  CHECK(call.place->status == "called");
  CHECK(call.place->deadline_at == t0 + 60);
  CHECK(std::find(call.queues.begin(), call.queues.end(), qb) != call.queues.end());  // a's place there is now held
  CHECK(q.call(qa, ra, std::nullopt, t0, t0 + 60).error == queue_error::caller_busy);

  // Booth 1 cannot call a, who is held: call-next skips to b; a chosen call is refused.
  auto line_b = q.active_places(qb);
  REQUIRE(line_b[0].user_id == a);
  CHECK(line_b[0].held);
  CHECK(line_b[1].ahead == 0);  // the held place ahead does not count
  CHECK(q.call(qb, rb, line_b[0].id, t0, t0 + 60).error == queue_error::held);
  auto next_b = q.call(qb, rb, std::nullopt, t0, t0 + 60);
  REQUIRE(next_b.error == queue_error::none);
  CHECK(next_b.place->user_id == b);
  CHECK(fx.violations(3).empty());

  // Someone else's place: not found. Accepting after the deadline: expired.
  CHECK(q.accept(call.place->id, b, t0).error == queue_error::not_found);
  CHECK(q.accept(call.place->id, a, t0 + 60).error == queue_error::expired);
  auto acc = q.accept(call.place->id, a, t0 + 5);
  REQUIRE(acc.error == queue_error::none);
  REQUIRE(acc.room_id);
  CHECK(acc.place->status == "accepted");
  auto room = fx.st->rooms().find_room(*acc.room_id);
  REQUIRE(room);
  CHECK(room->kind == "one_to_one");
  CHECK(room->source == "queue");
  CHECK(room->source_id == call.place->id);
  auto members = fx.st->rooms().members(*acc.room_id);
  REQUIRE(members.size() == 2);
  CHECK(fx.st->rooms().is_member(*acc.room_id, a));
  CHECK(fx.st->rooms().is_member(*acc.room_id, ra));
  CHECK(q.accept(call.place->id, a, t0 + 6).error == queue_error::not_called);

  // In the room, a's place at booth 1 stays held; when the room ends, the sweep releases it.
  auto place_of = [&](std::int64_t queue, std::int64_t user) {
    for (const auto& p : q.active_places(queue))
      if (p.user_id == user) return p;
    FAIL("no place of user " << user);
    return store::place_row{};
  };
  CHECK(place_of(qb, a).held);
  CHECK(q.reconcile_holds(t0 + 10).empty());
  fx.st->rooms().end_room(*acc.room_id, t0 + 300);
  auto released = q.reconcile_holds(t0 + 301);
  REQUIRE(released.size() == 1);
  CHECK(released[0].user_id == a);
  CHECK_FALSE(released[0].held);
  CHECK(fx.violations(3).empty());

  // b's call runs out: no-show.
  auto expired = q.expire_calls(t0 + 60);
  REQUIRE(expired.size() == 1);
  CHECK(expired[0].place.status == "no_show");
  CHECK(expired[0].caller == rb);
  CHECK(q.recent_calls(qb, 10).size() == 1);
  CHECK(fx.violations(3).empty());
}

TEST_CASE("queues store: decline, leave while called, disconnect removal, account deletion keep the line whole",
          "[queue][store]") {
  fixture fx(5);
  auto& q = fx.q();
  auto q0 = fx.queues[0];
  for (auto u : fx.seekers) REQUIRE(q.join(q0, u, t0, 3, 10).error == queue_error::none);
  auto r = fx.recruiters[0][0];
  // A chosen person (position 3) out of turn.
  auto third = q.active_places(q0)[2];
  auto pick = q.call(q0, r, third.id, t0, t0 + 60);
  REQUIRE(pick.error == queue_error::none);
  CHECK(pick.place->picked);
  CHECK(q.decline(pick.place->id, fx.seekers[0], t0).error == queue_error::not_found);
  auto dec = q.decline(pick.place->id, fx.seekers[2], t0 + 1);
  REQUIRE(dec.error == queue_error::none);
  CHECK(dec.place->status == "declined");
  CHECK(fx.line(q0).size() == 4);
  // Leaving while called counts as declining.
  auto c2 = q.call(fx.queues[0], fx.recruiters[0][1], std::nullopt, t0, t0 + 60);
  REQUIRE(c2.place->user_id == fx.seekers[0]);
  auto lv = q.leave(q0, fx.seekers[0], t0 + 2);
  CHECK(lv.place->status == "declined");
  // Disconnect removal.
  auto removed = q.remove_waiting_places(fx.seekers[1], t0 + 3);
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].left_reason == "disconnect");
  CHECK(fx.violations(3).empty());
  // Deleting an account in the middle of the line closes the gap (trigger).
  auto mid = q.active_places(q0);
  REQUIRE(mid.size() == 2);
  REQUIRE(fx.st->delete_user(mid[0].user_id));
  auto rest = q.active_places(q0);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].position == 1);
  CHECK(fx.violations(3).empty());
  CHECK(q.users_waiting() == std::vector<std::int64_t>{rest[0].user_id});
}

namespace {

// ---- the reference model for the randomised test -------------------------------------------

struct model {
  struct place {
    std::int64_t queue = 0, user = 0;
    std::string status;
    std::optional<std::int64_t> caller;
    std::int64_t deadline = 0;
  };
  struct room {
    std::int64_t id = 0, user = 0, created = 0;
    bool open = true;
  };
  std::map<std::int64_t, place> places;
  std::map<std::int64_t, std::vector<std::int64_t>> lines;
  std::vector<room> rooms;

  bool called(std::int64_t user) const {
    for (const auto& [id, p] : places)
      if (p.user == user && p.status == "called") return true;
    return false;
  }
  bool held(std::int64_t user, std::int64_t now) const {
    if (called(user)) return true;
    for (const auto& r : rooms)
      if (r.open && r.user == user && r.created > now - 600) return true;
    return false;
  }
  int active(std::int64_t user) const {
    int n = 0;
    for (const auto& [id, p] : places) n += p.user == user && (p.status == "waiting" || p.status == "called");
    return n;
  }
  std::optional<std::int64_t> active_in(std::int64_t queue, std::int64_t user) const {
    for (const auto& [id, p] : places)
      if (p.queue == queue && p.user == user && (p.status == "waiting" || p.status == "called")) return id;
    return std::nullopt;
  }
  bool caller_busy(std::int64_t caller) const {
    for (const auto& [id, p] : places)
      if (p.status == "called" && p.caller == caller) return true;
    return false;
  }
  void out_of_line(std::int64_t id) {
    auto& l = lines[places[id].queue];
    l.erase(std::find(l.begin(), l.end(), id));
  }
};

}  // namespace

TEST_CASE("queues store: randomised operations match a reference model and keep the invariants", "[queue][store][invariants]") {
  fixture fx(10);
  auto& q = fx.q();
  model m;
  const std::int64_t k = 3, max_len = 6;
  std::mt19937 rng(20261122);
  auto pick = [&](auto& v) -> auto& { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
  auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };
  auto booth_of = [&](std::int64_t queue) { return queue == fx.queues[0] || queue == fx.queues[1] ? 0 : 1; };
  std::map<std::string, int> seen;  // outcomes, to prove the run covered every path

  const int steps = 3000;
  std::int64_t now = t0;
  for (int step = 0; step < steps; ++step) {
    now += 1;
    int op = std::uniform_int_distribution<int>(0, 99)(rng);
    std::string what;
    if (op < 35) {  // join
      auto queue = pick(fx.queues);
      auto user = pick(fx.seekers);
      auto r = q.join(queue, user, now, k, max_len);
      queue_error want = m.active_in(queue, user)      ? queue_error::already_in
                         : m.active(user) >= k          ? queue_error::limit
                         : m.lines[queue].size() >= max_len ? queue_error::full
                                                         : queue_error::none;
      REQUIRE(r.error == want);
      if (want == queue_error::none) {
        m.places[r.place->id] = {queue, user, "waiting", std::nullopt, 0};
        m.lines[queue].push_back(r.place->id);
      }
      what = "join:" + std::to_string(int(want));
    } else if (op < 50) {  // leave
      auto queue = pick(fx.queues);
      auto user = pick(fx.seekers);
      auto r = q.leave(queue, user, now);
      auto id = m.active_in(queue, user);
      REQUIRE(r.error == (id ? queue_error::none : queue_error::not_found));
      if (id) {
        auto& p = m.places[*id];
        if (p.status == "waiting") {
          m.out_of_line(*id);
          p.status = "left";
        } else {
          p.status = "declined";
        }
        REQUIRE(r.place->status == p.status);
      }
      what = "leave:" + std::to_string(int(r.error));
    } else if (op < 70) {  // call next, or a chosen place
      auto queue = pick(fx.queues);
      auto caller = pick(fx.recruiters[booth_of(queue)]);
      std::optional<std::int64_t> chosen;
      if (chance(30) && !m.lines[queue].empty()) chosen = pick(m.lines[queue]);
      auto r = q.call(queue, caller, chosen, now, now + 3);
      queue_error want = queue_error::none;
      std::optional<std::int64_t> expect;
      if (m.caller_busy(caller)) want = queue_error::caller_busy;
      else if (chosen) {
        if (m.held(m.places[*chosen].user, now)) want = queue_error::held;
        else expect = chosen;
      } else {
        // FIFO: the first place in line whose owner is not held.
        for (auto id : m.lines[queue])
          if (!m.held(m.places[id].user, now)) {
            expect = id;
            break;
          }
        if (!expect) want = queue_error::empty;
      }
      REQUIRE(r.error == want);
      if (want == queue_error::none) {
        REQUIRE(r.place->id == *expect);
        m.out_of_line(*expect);
        auto& p = m.places[*expect];
        p.status = "called";
        p.caller = caller;
        p.deadline = now + 3;
      }
      what = std::string(chosen ? "pick:" : "call:") + std::to_string(int(want));
    } else if (op < 82) {  // answer a call
      std::vector<std::int64_t> calls;
      for (const auto& [id, p] : m.places)
        if (p.status == "called") calls.push_back(id);
      if (calls.empty()) continue;
      auto id = pick(calls);
      auto& p = m.places[id];
      if (chance(70)) {
        auto r = q.accept(id, p.user, now);
        if (p.deadline <= now) {
          REQUIRE(r.error == queue_error::expired);
        } else {
          REQUIRE(r.error == queue_error::none);
          p.status = "accepted";
          m.rooms.push_back({*r.room_id, p.user, now, true});
        }
        what = "accept:" + std::to_string(int(r.error));
      } else {
        auto r = q.decline(id, p.user, now);
        REQUIRE(r.error == queue_error::none);
        p.status = "declined";
        what = "decline";
      }
    } else if (op < 90) {  // the sweep's expiry
      auto expired = q.expire_calls(now);
      std::size_t want = 0;
      for (auto& [id, p] : m.places)
        if (p.status == "called" && p.deadline <= now) {
          p.status = "no_show";
          ++want;
        }
      REQUIRE(expired.size() == want);
      for (const auto& e : expired) REQUIRE(m.places[e.place.id].status == "no_show");
      what = want ? "expire" : "expire:none";
    } else if (op < 95) {  // an interview room ends
      std::vector<model::room*> open;
      for (auto& r : m.rooms)
        if (r.open) open.push_back(&r);
      if (open.empty()) continue;
      auto* r = pick(open);
      fx.st->rooms().end_room(r->id, now);
      r->open = false;
      what = "room_end";
    } else {  // the disconnect grace ran out
      auto user = pick(fx.seekers);
      auto removed = q.remove_waiting_places(user, now);
      std::size_t want = 0;
      for (auto& [id, p] : m.places)
        if (p.user == user && p.status == "waiting") {
          m.out_of_line(id);
          p.status = "left";
          ++want;
        }
      REQUIRE(removed.size() == want);
      what = "gone";
    }
    ++seen[what];

    // Invariants as every operation leaves them, before any sweep.
    auto bad = fx.violations(k);
    if (!bad.empty()) FAIL("step " << step << " (" << what << "): " << bad);
    // The sweep's hold reconciliation (rooms ended, old invitations), then the exact state.
    q.reconcile_holds(now);
    for (auto queue : fx.queues) {
      auto actual = q.active_places(queue);
      std::vector<std::int64_t> waiting;
      std::int64_t ahead = 0;
      for (const auto& p : actual) {
        if (p.status != "waiting") continue;
        waiting.push_back(p.id);
        REQUIRE(p.position == static_cast<std::int64_t>(waiting.size()));
        REQUIRE(p.held == m.held(p.user_id, now));
        REQUIRE(p.ahead == ahead);
        if (!p.held) ++ahead;
      }
      REQUIRE(waiting == m.lines[queue]);
    }
    for (const auto& [id, p] : m.places)
      if (step % 100 == 0) REQUIRE(q.find_place(id)->status == p.status);
  }
  // The run exercised every path (seeded: the same run every time).
  for (auto key : {"join:0", "join:4", "join:5", "join:6", "leave:0", "leave:1", "call:0", "call:7", "call:10", "pick:0",
                   "pick:8", "accept:0", "accept:12", "decline", "expire", "room_end", "gone"}) {
    CAPTURE(key);
    CHECK(seen[key] > 0);
  }
}

TEST_CASE("queues store: concurrent operations from several threads and two connections keep the invariants",
          "[queue][store][invariants]") {
  fixture fx(12);
  // A second store on the same file: another connection, as a second process would have.
  auto other = store::open({.sqlite_path = fx.dir.db()});
  const std::int64_t k = 3, max_len = 8;
  std::atomic<int> done{0}, calls{0}, accepts{0};
  std::atomic<bool> failed{false};
  std::string failure;
  std::mutex failure_mutex;
  auto worker = [&](store::store& st, unsigned seed, int steps) {
    std::mt19937 rng(seed);
    auto any = [&](const auto& v) { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
    SQLite::Database reader(fx.dir.db(), SQLite::OPEN_READONLY, 10000);
    for (int i = 0; i < steps && !failed; ++i) {
      std::int64_t now = t0 + i;
      auto queue = any(fx.queues);
      int booth = queue == fx.queues[0] || queue == fx.queues[1] ? 0 : 1;
      int op = std::uniform_int_distribution<int>(0, 99)(rng);
      if (op < 40) st.queues().join(queue, any(fx.seekers), now, k, max_len);
      else if (op < 55) st.queues().leave(queue, any(fx.seekers), now);
      else if (op < 75) {
        auto r = st.queues().call(queue, any(fx.recruiters[booth]), std::nullopt, now, now + 2);
        if (r.error == queue_error::none) ++calls;
      } else if (op < 88) {
        for (const auto& p : st.queues().active_places(queue))
          if (p.status == "called") {
            auto r = (op % 2) ? st.queues().accept(p.id, p.user_id, now) : st.queues().decline(p.id, p.user_id, now);
            if (r.room_id) {
              ++accepts;
              st.rooms().end_room(*r.room_id, now + 1);
            }
            break;
          }
      } else if (op < 95) {
        st.queues().expire_calls(now);
        st.queues().reconcile_holds(now);
      } else {
        st.queues().remove_waiting_places(any(fx.seekers), now);
      }
      auto bad = test::queue_invariant_violations(reader, k);
      if (!bad.empty()) {
        std::lock_guard lock(failure_mutex);
        failure = "step " + std::to_string(i) + ": " + bad;
        failed = true;
      }
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 4; ++t) threads.emplace_back(worker, std::ref(t % 2 ? *other : *fx.st), 1000 + t, 600);
  for (auto& t : threads) t.join();
  INFO(failure);
  CHECK_FALSE(failed);
  CHECK(done == 2400);
  CHECK(calls > 50);
  CHECK(accepts > 5);
}
