// Unit tests for the report's activity figures: the median, UTC day bucketing, the node's
// pending visit set (dedup, first time kept, bound), and the figures store on a temporary
// SQLite database (visits recorded once per place and day, deleted rows skipped, every figure
// of one fair and none of another).
#include "server/people/figures.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <tuple>

#include "server/people/visits.hpp"
#include "server/store/figures_store.hpp"
#include "server/store/chat_store.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

using namespace fuar;

namespace {

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_figures_test_") {}
};

// 2026-03-01T00:00:00Z.
constexpr std::int64_t march_2026 = 1772323200;

}  // namespace

TEST_CASE("figures: the median is the middle value, or the two middles' mean rounded down", "[figures]") {
  CHECK_FALSE(people::median({}).has_value());
  CHECK(people::median({7}) == 7);
  CHECK(people::median({9, 1, 5}) == 5);
  CHECK(people::median({600, 1200}) == 900);
  CHECK(people::median({1, 2}) == 1);  // 1.5 rounded down
  CHECK(people::median({40, 10, 30, 20}) == 25);
  CHECK(people::median({5, 5, 5, 100}) == 5);
  CHECK(people::median({-3, -2}) == -3);  // -2.5 rounded down
  CHECK(people::median({0, 0, 0}) == 0);
}

TEST_CASE("figures: visits are bucketed by calendar day in UTC", "[figures]") {
  CHECK(people::utc_day(0) == "1970-01-01");
  CHECK(people::utc_day(86399) == "1970-01-01");
  CHECK(people::utc_day(86400) == "1970-01-02");
  CHECK(people::utc_day(-1) == "1969-12-31");
  CHECK(people::utc_day_number(-1) == -1);
  CHECK(people::utc_day_number(-86400) == -1);
  CHECK(people::utc_day_number(-86401) == -2);
  CHECK(people::utc_day(march_2026) == "2026-03-01");
  CHECK(people::utc_day(march_2026 - 1) == "2026-02-28");
  // 2028-02-29T23:59:59Z is still the leap day; in Istanbul it is already 1 March (UTC decides).
  CHECK(people::utc_day(1835481599) == "2028-02-29");
  CHECK(people::utc_day(1835481600) == "2028-03-01");
}

TEST_CASE("figures: the pending visit set keeps one entry per place, jobseeker and day", "[figures]") {
  using place = people::visit_buffer::place;
  people::visit_buffer b(4);
  CHECK(b.add(place::booth, 7, 1, march_2026 + 500));
  CHECK(b.add(place::booth, 7, 1, march_2026 + 100));    // same day: one entry, the earlier time
  CHECK(b.add(place::booth, 7, 1, march_2026 + 900));
  CHECK(b.add(place::fair, 7, 1, march_2026 + 200));     // fair 7 is not booth 7
  CHECK(b.add(place::booth, 7, 1, march_2026 + 86400));  // the next day is another visit
  CHECK(b.pending() == 3);
  CHECK(b.add(place::booth, 8, 2, march_2026));
  CHECK(b.pending() == 4);
  // Full: a new visit is dropped and counted; one already pending still merges.
  CHECK_FALSE(b.add(place::booth, 9, 2, march_2026));
  CHECK(b.add(place::booth, 8, 2, march_2026 + 1));
  CHECK(b.dropped() == 1);

  auto marks = b.take();
  CHECK(b.pending() == 0);
  REQUIRE(marks.size() == 4);
  std::sort(marks.begin(), marks.end(), [](const auto& x, const auto& y) {
    return std::tie(x.booth_id, x.fair_id, x.at) < std::tie(y.booth_id, y.fair_id, y.at);
  });
  CHECK(marks[0].fair_id == 7);
  CHECK(marks[0].booth_id == 0);
  CHECK(marks[0].day == "2026-03-01");
  CHECK(marks[1].booth_id == 7);
  CHECK(marks[1].fair_id == 0);
  CHECK(marks[1].at == march_2026 + 100);
  CHECK(marks[1].day == "2026-03-01");
  CHECK(marks[2].booth_id == 7);
  CHECK(marks[2].day == "2026-03-02");
  CHECK(marks[3].booth_id == 8);
  CHECK(marks[3].user_id == 2);
  CHECK(marks[3].at == march_2026);

  // A failed flush puts them back, merging with what arrived meanwhile (earlier time wins).
  CHECK(b.add(place::booth, 8, 2, march_2026 + 5));
  b.restore(marks);
  CHECK(b.pending() == 4);
  auto again = b.take();
  for (const auto& m : again)
    if (m.booth_id == 8) CHECK(m.at == march_2026);
  CHECK(b.dropped() == 1);

  // Once stored, repeats on the newest stored day (reconnects, reloads) are not written again.
  // Only that day is remembered: an older day's repeat goes back to the store, whose OR IGNORE
  // drops it; a newer day forgets the previous one.
  b.mark_recorded(again);  // 1 and 2 March: 2 March is the newest
  CHECK(b.add(place::booth, 7, 1, march_2026 + 86400 + 60));
  CHECK(b.pending() == 0);
  CHECK(b.add(place::booth, 8, 2, march_2026 + 3600));
  REQUIRE(b.pending() == 1);
  CHECK(b.take()[0].day == "2026-03-01");
  b.mark_recorded({store::visit_mark{0, 9, 3, "2026-03-03", march_2026 + 2 * 86400}});
  CHECK(b.add(place::booth, 9, 3, march_2026 + 2 * 86400 + 5));
  CHECK(b.add(place::booth, 7, 1, march_2026 + 86400 + 120));  // 2 March is forgotten
  CHECK(b.pending() == 1);
  CHECK(b.dropped() == 1);
}

TEST_CASE("figures: the stored-visit memory is bounded and forgets ids it cannot pack", "[figures]") {
  using place = people::visit_buffer::place;
  people::visit_buffer b(3);
  const std::int64_t day = march_2026;
  const std::int64_t huge = std::int64_t(1) << 40;  // beyond the packed range
  b.mark_recorded({store::visit_mark{0, 1, 1, "2026-03-01", day}, store::visit_mark{0, 2, 1, "2026-03-01", day},
                   store::visit_mark{0, 3, huge, "2026-03-01", day}});
  CHECK(b.add(place::booth, 1, 1, day + 10));
  CHECK(b.add(place::booth, 2, 1, day + 10));
  CHECK(b.pending() == 0);                        // both remembered
  CHECK(b.add(place::booth, 3, huge, day + 10));  // not remembered: pending again (the store ignores it)
  CHECK(b.pending() == 1);
  b.take();
  // Two more would exceed the bound of 3: the memory starts over with just them.
  b.mark_recorded({store::visit_mark{0, 4, 1, "2026-03-01", day}, store::visit_mark{0, 5, 1, "2026-03-01", day}});
  CHECK(b.add(place::booth, 4, 1, day + 20));
  CHECK(b.add(place::booth, 5, 1, day + 20));
  CHECK(b.pending() == 0);
  CHECK(b.add(place::booth, 1, 1, day + 20));  // forgotten by the start-over
  CHECK(b.pending() == 1);
}

TEST_CASE("figures: the store records visits once and counts every figure of one fair only", "[figures]") {
  temp_dir dir;
  auto db_path = dir.db();
  auto st = store::open({.sqlite_path = db_path});
  store::fair f;
  f.title_en = "Fair";
  f.timezone = "UTC";
  f.starts_at = march_2026;
  f.ends_at = march_2026 + 2 * 86400;
  f.status = "live";
  auto fair = st->fairs().create_fair(f, {}, f.created_at);
  auto other_fair = st->fairs().create_fair(f, {}, f.created_at);
  auto booth = st->booths().create_booth(store::booth{0, fair, "Demir Çelik", "metal", "İzmir", ""});
  auto booth2 = st->booths().create_booth(store::booth{0, fair, "Ege Tekstil", "textile", "Manisa", ""});
  auto empty_booth = st->booths().create_booth(store::booth{0, fair, "Nobody", "", "", ""});
  auto other_booth = st->booths().create_booth(store::booth{0, other_fair, "Elsewhere", "", "", ""});
  auto ayse = st->create_user("ayse@example.org", "Ayşe", store::role::jobseeker, "x")->id;
  auto mehmet = st->create_user("mehmet@example.org", "Mehmet", store::role::jobseeker, "x")->id;
  auto gone = st->create_user("gone@example.org", "Gone", store::role::jobseeker, "x")->id;
  auto rec = st->create_user("rec@example.org", "Rec", store::role::employer, "x")->id;
  auto rec2 = st->create_user("rec2@example.org", "Rec 2", store::role::employer, "x")->id;
  st->booths().add_booth_member(booth, rec, "owner");
  st->booths().add_booth_member(booth2, rec2, "owner");
  st->booths().add_booth_member(other_booth, rec2, "recruiter");

  auto& fig = st->figures();
  auto day1 = march_2026 + 3600, day2 = march_2026 + 86400 + 3600;
  auto mark = [](std::int64_t fair_id, std::int64_t booth_id, std::int64_t user, std::int64_t at) {
    return store::visit_mark{fair_id, booth_id, user, people::utc_day(at), at};
  };
  CHECK(fig.record_visits({}) == 0);
  CHECK(fig.record_visits({mark(fair, 0, ayse, day1), mark(0, booth, ayse, day1), mark(0, booth2, ayse, day1),
                           mark(fair, 0, mehmet, day1), mark(0, booth, mehmet, day1),
                           mark(other_fair, 0, ayse, day1), mark(0, other_booth, ayse, day1)}) == 7);
  // A second flush the same day adds nothing (the lobby's NULL booth included) and keeps the
  // first time; the next day counts again. Marks of deleted rows are skipped, not failing.
  CHECK(fig.record_visits({mark(fair, 0, ayse, day1 + 60), mark(0, booth, ayse, day1 + 60), mark(fair, 0, ayse, day2),
                           mark(0, 999999, ayse, day1), mark(999999, 0, ayse, day1), mark(fair, 0, 999999, day1)}) == 1);
  {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT first_at FROM visits WHERE booth_id IS NULL AND user_id = " + std::to_string(ayse) +
                        " AND fair_id = " + std::to_string(fair) + " AND day = '2026-03-01'")
              .getInt64() == day1);
  }
  // An account deleted after its visit was stored takes the visit with it.
  CHECK(fig.record_visits({mark(fair, 0, gone, day2), mark(0, booth, gone, day2)}) == 2);
  CHECK(st->delete_user(gone));

  // Chats, interviews, queues and slots: rows written directly, as the capabilities would.
  {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys = ON");
    auto n = [](std::int64_t v) { return std::to_string(v); };
    st->chat().add_chat_message(booth, ayse, "Merhaba", "", 1);
    st->chat().add_chat_message(booth2, rec2, "Hoş geldiniz", "", 2);
    st->chat().add_chat_message(other_booth, ayse, "Elsewhere", "", 3);
    db.exec("INSERT INTO chat_threads (booth_id, jobseeker_id, created_at) VALUES (" + n(booth) + ", " + n(ayse) +
            ", 0), (" + n(booth2) + ", " + n(ayse) + ", 0), (" + n(other_booth) + ", " + n(ayse) + ", 0)");
    db.exec("INSERT INTO thread_messages (thread_id, author_id, text, sent_at_ms) SELECT id, " + n(ayse) +
            ", 'hi', 1 FROM chat_threads WHERE booth_id IN (" + n(booth) + ", " + n(other_booth) + ")");
    db.exec("INSERT INTO thread_messages (thread_id, author_id, text, sent_at_ms) SELECT id, " + n(rec) +
            ", 'hello', 2 FROM chat_threads WHERE booth_id = " + n(booth));
    // Rooms: a 1:1 from a queue (10 min), a group from a slot (20 min), a direct one still open
    // (a candidate joined: held, no duration), one nobody joined, one at the other fair.
    auto room = [&](std::int64_t b, const char* kind, const char* source, const char* status, const char* started,
                    const char* ended) {
      db.exec(std::string("INSERT INTO rooms (booth_id, kind, source, status, created_at, started_at, ended_at) VALUES (") +
              n(b) + ", '" + kind + "', '" + source + "', '" + status + "', 0, " + started + ", " + ended + ")");
      return db.getLastInsertRowid();
    };
    auto member = [&](std::int64_t r, std::int64_t user, const char* role, const char* joined) {
      db.exec("INSERT INTO room_members (room_id, user_id, role, joined_at) VALUES (" + n(r) + ", " + n(user) + ", '" +
              role + "', " + joined + ")");
    };
    auto r1 = room(booth, "one_to_one", "queue", "ended", "1000", "1600");
    member(r1, ayse, "candidate", "1000");
    member(r1, rec, "recruiter", "990");
    auto r2 = room(booth2, "group", "slot", "ended", "2000", "3200");
    member(r2, ayse, "candidate", "2000");
    member(r2, mehmet, "candidate", "2001");
    member(r2, rec2, "recruiter", "1999");
    auto r3 = room(booth, "one_to_one", "direct", "open", "5000", "NULL");
    member(r3, mehmet, "candidate", "5000");
    auto r4 = room(booth, "one_to_one", "direct", "ended", "NULL", "6000");
    member(r4, ayse, "candidate", "NULL");
    auto r5 = room(other_booth, "one_to_one", "direct", "ended", "1", "9999");
    member(r5, mehmet, "candidate", "1");
    // Consented demographics of one candidate: a woman of 21 at the fair's start, with a degree.
    db.exec("INSERT INTO demographics (user_id, gender, gender_consent_at, birth_year, birth_year_consent_at) VALUES (" +
            n(ayse) + ", 'female', 1, 2005, 1)");
    db.exec("INSERT INTO profiles (user_id, education_level, updated_at) VALUES (" + n(ayse) + ", 'bachelor', 0)");
    // Queues: waits of 60 and 180 s for the two called places; one still waiting.
    db.exec("INSERT INTO queues (booth_id, created_at) VALUES (" + n(booth) + ", 0)");
    auto q = db.getLastInsertRowid();
    db.exec("INSERT INTO queues (booth_id, created_at) VALUES (" + n(other_booth) + ", 0)");
    auto q_other = db.getLastInsertRowid();
    db.exec("INSERT INTO queue_places (queue_id, user_id, status, joined_at, called_at, deadline_at, ended_at) VALUES (" +
            n(q) + ", " + n(ayse) + ", 'accepted', 100, 160, 220, 170), (" + n(q) + ", " + n(mehmet) +
            ", 'no_show', 100, 280, 340, 340), (" + n(q_other) + ", " + n(mehmet) + ", 'declined', 0, 5000, 5060, 5001)");
    db.exec("INSERT INTO queue_places (queue_id, user_id, status, position, joined_at) VALUES (" + n(q) + ", " +
            n(mehmet) + ", 'waiting', 1, 400)");
    // Slots: two published (one withdrawn), three bookings (one cancelled, one no-show).
    db.exec("INSERT INTO slots (booth_id, starts_at, length_min, capacity, created_at) VALUES (" + n(booth) +
            ", 10000, 15, 2, 0), (" + n(other_booth) + ", 10000, 15, 1, 0)");
    auto slot = db.execAndGet("SELECT min(id) FROM slots").getInt64();
    db.exec("INSERT INTO slots (booth_id, starts_at, length_min, capacity, created_at, status, withdrawn_at) VALUES (" +
            n(booth2) + ", 20000, 15, 1, 0, 'withdrawn', 5)");
    db.exec("INSERT INTO slot_bookings (slot_id, user_id, status, booked_at, cancelled_at, no_show) VALUES (" + n(slot) +
            ", " + n(ayse) + ", 'cancelled', 1, 2, 0), (" + n(slot) + ", " + n(ayse) + ", 'booked', 3, NULL, 1), (" +
            n(slot) + ", " + n(mehmet) + ", 'booked', 4, NULL, 0)");
  }

  auto x = fig.figures(fair);
  CHECK(x.visits.unique_visitors == 2);
  CHECK(x.visits.fair_visits == 3);   // Ayşe on two days, Mehmet on one
  CHECK(x.visits.booth_visits == 3);  // Ayşe at two booths, Mehmet at one
  CHECK(x.visits.booths_visited == 2);
  REQUIRE(x.visits.visitors_per_day.size() == 2);
  CHECK(x.visits.visitors_per_day[0] == std::pair<std::string, std::int64_t>{"2026-03-01", 2});
  CHECK(x.visits.visitors_per_day[1] == std::pair<std::string, std::int64_t>{"2026-03-02", 1});
  CHECK(x.booths.booths == 3);
  CHECK(x.booths.participating_firms == 2);
  CHECK(x.chats.public_messages == 2);
  CHECK(x.chats.threads == 1);  // booth2's thread has no message
  CHECK(x.chats.thread_messages == 2);
  CHECK(x.interviews.held == 3);
  CHECK(x.interviews.one_to_one == 2);
  CHECK(x.interviews.group == 1);
  CHECK(x.interviews.from_queue == 1);
  CHECK(x.interviews.from_slot == 1);
  CHECK(x.interviews.direct == 1);
  CHECK(x.interviews.candidates == 2);
  std::sort(x.interviews.durations_s.begin(), x.interviews.durations_s.end());
  CHECK(x.interviews.durations_s == std::vector<std::int64_t>{600, 1200});
  CHECK(x.queues.joined == 3);
  CHECK(x.queues.called == 2);
  CHECK(x.queues.accepted == 1);
  CHECK(x.queues.declined == 0);
  CHECK(x.queues.no_shows == 1);
  std::sort(x.queues.waits_s.begin(), x.queues.waits_s.end());
  CHECK(x.queues.waits_s == std::vector<std::int64_t>{60, 180});
  CHECK(x.slots.published == 2);
  CHECK(x.slots.withdrawn == 1);
  CHECK(x.slots.booked == 3);
  CHECK(x.slots.cancelled == 1);
  CHECK(x.slots.no_shows == 1);

  auto j = people::activity_json(x);
  CHECK(j["visits"]["unique_visitors"] == 2);
  CHECK(j["visits"]["visitors_per_day"][0] == nlohmann::json{{"date", "2026-03-01"}, {"count", 2}});
  CHECK(j["booths"]["participating_firms"] == 2);
  CHECK(j["interviews"]["by_source"] == nlohmann::json{{"queue", 1}, {"slot", 1}, {"direct", 1}});
  CHECK(j["interviews"]["duration_s"] == nlohmann::json{{"measured", 2}, {"total", 1800}, {"median", 900}});
  CHECK(j["queues"]["median_wait_s"] == 120);
  // Two candidates: every cell of 1–4 is "<5", every bucket listed.
  auto& by = j["interviews"]["interviewed_by"];
  CHECK(by["gender"] == nlohmann::json{{"female", "<5"}, {"male", 0}, {"other", 0}, {"unknown", "<5"}});
  CHECK(by["age_group"] == nlohmann::json{{"15-24", "<5"}, {"25+", 0}, {"unknown", "<5"}});
  CHECK(by["disability"] == nlohmann::json{{"yes", 0}, {"no", 0}, {"unknown", "<5"}});
  CHECK(by["education"] == nlohmann::json{{"primary", 0}, {"secondary", 0}, {"associate_or_higher", "<5"}, {"unknown", "<5"}});

  // The other fair sees only its own rows; a fair without anything is all zeros and nulls.
  auto o = fig.figures(other_fair);
  CHECK(o.visits.unique_visitors == 1);
  CHECK(o.visits.fair_visits == 1);
  CHECK(o.visits.booth_visits == 1);
  CHECK(o.booths.participating_firms == 1);
  CHECK(o.chats.public_messages == 1);
  CHECK(o.chats.threads == 1);
  CHECK(o.interviews.held == 1);
  CHECK(o.queues.declined == 1);
  CHECK(o.slots.published == 1);
  CHECK(o.slots.booked == 0);
  auto none = people::activity_json(fig.figures(999999));
  CHECK(none["visits"]["unique_visitors"] == 0);
  CHECK(none["visits"]["visitors_per_day"].empty());
  CHECK(none["interviews"]["duration_s"]["median"].is_null());
  CHECK(none["queues"]["median_wait_s"].is_null());
  CHECK(none["booths"]["total"] == 0);

  // Deleting a booth deletes its visits (ON DELETE CASCADE).
  {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("DELETE FROM booths WHERE id = " + std::to_string(empty_booth));
    db.exec("DELETE FROM booths WHERE id = " + std::to_string(booth2));
  }
  CHECK(fig.figures(fair).visits.booth_visits == 2);
}
