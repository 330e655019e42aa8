// Unit tests for the presence capability: the availability rules, the hall table's shape, the
// change gate that throttles pushes, the tick planner that bounds presence queries, and the
// store part (availability rows, visitor cards) on a real SQLite database in a temporary folder,
// with "busy" derived from a real interview room.
#include "server/presence/board.hpp"

#include <catch2/catch.hpp>

#include "server/store/booths_store.hpp"
#include "server/store/people_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace {

using namespace fuar;
using namespace fuar::presence;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_presence_test_") {}
};

using fuar::test::t0;

}  // namespace

TEST_CASE("presence: what visitors see of a recruiter's availability", "[presence]") {
  CHECK(settable_state("available"));
  CHECK(settable_state("away"));
  CHECK_FALSE(settable_state("busy"));
  CHECK_FALSE(settable_state(""));
  CHECK_FALSE(settable_state("Away"));
  CHECK(shown_state(std::nullopt, false) == "available");
  CHECK(shown_state(std::string("away"), false) == "away");
  CHECK(shown_state(std::string("available"), false) == "available");
  // In an interview: busy, whatever was set.
  CHECK(shown_state(std::string("away"), true) == "busy");
  CHECK(shown_state(std::nullopt, true) == "busy");
  // A value that is not a settable state never leaks through.
  CHECK(shown_state(std::string("busy"), false) == "available");
}

TEST_CASE("presence: counts by role and the hall table's shape", "[presence]") {
  broker::presence_summary s;
  s.count = 5;
  s.by_role = {{"jobseeker", 3}, {"employer", 2}};
  CHECK(count_of(s, "jobseeker") == 3);
  CHECK(count_of(s, "employer") == 2);
  CHECK(count_of(s, "organiser") == 0);

  hall_table t{{4, {0, 0}}, {3, {12, 2}}};
  auto j = hall_json(1, t);
  CHECK(j == nlohmann::json::parse(R"({"fair_id":1,"booths":{"3":{"visitors":12,"recruiters":2},"4":{"visitors":0,"recruiters":0}}})"));
  CHECK(hall_json(2, {}) == nlohmann::json::parse(R"({"fair_id":2,"booths":{}})"));
}

TEST_CASE("presence: the change gate lets a snapshot through only when it changed", "[presence]") {
  change_gate g;
  CHECK(g.pass(1, "a"));
  CHECK_FALSE(g.pass(1, "a"));
  CHECK_FALSE(g.pass(1, "a"));
  CHECK(g.pass(2, "a"));  // per key
  CHECK(g.pass(1, "b"));
  CHECK(g.pass(1, "a"));  // back to an earlier value is a change too
  g.remember(1, "c");     // pushed elsewhere: the same snapshot is not pushed again
  CHECK_FALSE(g.pass(1, "c"));
  g.forget_except([](std::int64_t k) { return k == 2; });
  CHECK(g.size() == 1);
  CHECK(g.pass(1, "c"));  // forgotten: passes again
  CHECK_FALSE(g.pass(2, "a"));
}

TEST_CASE("presence: a tick's presence queries stay within the budget and every fair gets its turn", "[presence]") {
  // Empty: nothing to do.
  auto p = plan_tick({}, 3, 100);
  CHECK(p.fairs.empty());
  CHECK(p.next_cursor == 0);
  // All fit: every fair, in order from the cursor, and the next tick starts at the same place.
  p = plan_tick({10, 20, 30}, 1, 100);
  CHECK(p.fairs == std::vector<std::size_t>{1, 2, 0});
  CHECK(p.next_cursor == 1);
  // Over budget: whole fairs while the budget lasts, then the next tick goes on from there.
  std::vector<std::int64_t> costs{501, 501, 501, 501, 501};
  p = plan_tick(costs, 0, 2000);
  CHECK(p.fairs == std::vector<std::size_t>{0, 1, 2});
  CHECK(p.next_cursor == 3);
  p = plan_tick(costs, p.next_cursor, 2000);
  CHECK(p.fairs == std::vector<std::size_t>{3, 4, 0});
  CHECK(p.next_cursor == 1);
  // One fair larger than the whole budget is still refreshed (alone), never starved.
  p = plan_tick({5000, 10}, 0, 2000);
  CHECK(p.fairs == std::vector<std::size_t>{0});
  CHECK(p.next_cursor == 1);
  p = plan_tick({5000, 10}, 1, 2000);
  CHECK(p.fairs == std::vector<std::size_t>{1});
  CHECK(p.next_cursor == 0);
  // A stale cursor (fairs closed meanwhile) wraps.
  p = plan_tick({1, 1}, 7, 2000);
  CHECK(p.fairs.size() == 2);
  // Over many ticks every fair is visited equally often.
  std::vector<int> visits(5, 0);
  std::size_t cursor = 0;
  for (int tick = 0; tick < 50; ++tick) {
    auto q = plan_tick(costs, cursor, 2000);
    std::int64_t used = 0;
    for (auto k : q.fairs) {
      ++visits[k];
      used += costs[k];
    }
    CHECK(used <= 2000);
    cursor = q.next_cursor;
  }
  for (int v : visits) CHECK(v == 30);
}

TEST_CASE("presence store: availability rows, visitor cards without demographics, busy from a room",
          "[presence][store]") {
  temp_dir dir;
  auto st = store::open({.sqlite_path = dir.db()});
  auto fair_id = fuar::test::create_live_fair(*st);
  store::booth b;
  b.fair_id = fair_id;
  b.name = "Demir Çelik";
  auto booth = st->booths().create_booth(b);
  b.name = "Other";
  auto booth2 = st->booths().create_booth(b);
  auto rec = st->create_user("rec@t.test", "Deniz", store::role::employer, "x")->id;
  st->booths().add_booth_member(booth, rec, "recruiter");

  auto& bs = st->booths();
  CHECK(bs.availability_of(booth).empty());
  bs.set_availability(booth, rec, "away", t0);
  bs.set_availability(booth2, rec, "available", t0);  // per booth
  auto rows = bs.availability_of(booth);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].user_id == rec);
  CHECK(rows[0].state == "away");
  CHECK(rows[0].updated_at == t0);
  bs.set_availability(booth, rec, "available", t0 + 5);  // upsert
  rows = bs.availability_of(booth);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].state == "available");
  CHECK(rows[0].updated_at == t0 + 5);
  // The schema refuses a state that is not settable (busy is derived, never stored).
  CHECK_THROWS_AS(bs.set_availability(booth, rec, "busy", t0), store::store_error);
  CHECK(bs.availability_of(booth)[0].state == "available");

  // Visitor cards: sharing jobseekers only, by name, with occupations; never demographics.
  auto ayse = st->create_user("ayse@t.test", "Ayşe", store::role::jobseeker, "x")->id;
  auto mehmet = st->create_user("mehmet@t.test", "Mehmet", store::role::jobseeker, "x")->id;
  auto can = st->create_user("can@t.test", "Can", store::role::jobseeker, "x")->id;
  auto nobody = st->create_user("nobody@t.test", "Nobody", store::role::jobseeker, "x")->id;  // no profile
  store::profile p;
  p.user_id = ayse;
  p.phone = "+90 555 000 0000";
  p.city = "İzmir";
  p.education_level = "secondary";
  p.occupations = {"cleaner", "waiter"};
  p.share_with_booths = true;
  st->people().save_profile(p, t0);
  store::demographics_update du;
  du.gender = store::consent_change<std::string>{false, "female"};
  st->people().update_demographics(ayse, du, t0);
  p = {};
  p.user_id = mehmet;
  p.city = "Ankara";
  p.share_with_booths = false;
  st->people().save_profile(p, t0);
  p = {};
  p.user_id = can;
  p.share_with_booths = true;
  st->people().save_profile(p, t0);

  auto cards = bs.shared_visitor_cards({mehmet, ayse, nobody, can, rec, 999999});
  REQUIRE(cards.size() == 2);
  CHECK(cards[0].user_id == ayse);  // by name: Ayşe, Can
  CHECK(cards[0].name == "Ayşe");
  CHECK(cards[0].city == "İzmir");
  CHECK(cards[0].education_level == std::optional<std::string>("secondary"));
  REQUIRE(cards[0].occupations.size() == 2);
  CHECK(cards[0].occupations[0].id == "cleaner");
  CHECK(cards[0].occupations[1].id == "waiter");
  CHECK_FALSE(cards[0].occupations[1].name_en.empty());
  CHECK(cards[1].user_id == can);
  CHECK(cards[1].city.empty());
  CHECK_FALSE(cards[1].education_level);
  CHECK(cards[1].occupations.empty());
  CHECK(bs.shared_visitor_cards({}).empty());
  CHECK(bs.shared_visitor_cards({mehmet, nobody}).empty());

  // Busy: an open room the recruiter has joined, until it ends.
  store::new_room r;
  r.booth_id = booth;
  r.kind = "one_to_one";
  r.source = "direct";
  r.created_by = rec;
  r.created_at = t0;
  r.members = {{ayse, "candidate", std::nullopt}, {rec, "recruiter", std::nullopt}};
  auto room = st->rooms().create_room(r);
  auto stored = [&]() -> std::optional<std::string> {
    auto all = bs.availability_of(booth);
    return all.empty() ? std::nullopt : std::optional(all[0].state);
  };
  auto shown = [&] { return shown_state(stored(), st->rooms().active_room_of(rec).has_value()); };
  CHECK(shown() == "available");  // invited, not joined yet
  REQUIRE(st->rooms().join(room.id, rec, "node/1", t0 + 10).status == store::join_status::joined);
  CHECK(shown() == "busy");
  bs.set_availability(booth, rec, "away", t0 + 20);
  CHECK(shown() == "busy");
  REQUIRE(st->rooms().end_room(room.id, t0 + 30));
  CHECK(shown() == "away");

  // Deleting the account removes its availability rows (foreign key cascade).
  REQUIRE(st->delete_user(rec));
  CHECK(bs.availability_of(booth).empty());
  CHECK(bs.availability_of(booth2).empty());
}
