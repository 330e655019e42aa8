// The slot capability's pure parts: the RFC 5545 writer (server/slot/ics.hpp) and the calendar
// event of a booking (server/slot/views.hpp); and the store's reads for the data export.
#include "server/slot/ics.hpp"

#include <catch2/catch.hpp>

#include <sstream>

#include "server/slot/views.hpp"
#include "server/store/slots_store.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace fuar::slot {
namespace {

// The physical lines of an iCalendar text (split on CRLF); fails on a bare LF or CR.
std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends with CRLF
    auto line = text.substr(pos, end - pos);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    out.push_back(line);
    pos = end + 2;
  }
  return out;
}

// Unfolds (RFC 5545 §3.1): a line starting with a space continues the previous one.
std::vector<std::string> logical_lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& l : physical_lines(text)) {
    if (!l.empty() && l[0] == ' ') {
      REQUIRE(!out.empty());
      out.back() += l.substr(1);
    } else {
      out.push_back(l);
    }
  }
  return out;
}

bool valid_utf8_boundaries(const std::string& s) {
  // A physical line never starts with a continuation byte (after the folding space).
  std::size_t start = s.size() && s[0] == ' ' ? 1 : 0;
  return start >= s.size() || (static_cast<unsigned char>(s[start]) & 0xC0) != 0x80;
}

}  // namespace

TEST_CASE("ics: TEXT escaping of backslash, semicolon, comma and newlines", "[slot][unit]") {
  CHECK(ics::escape_text("a,b;c\\d") == "a\\,b\\;c\\\\d");
  CHECK(ics::escape_text("line1\nline2") == "line1\\nline2");
  CHECK(ics::escape_text("line1\r\nline2\rline3") == "line1\\nline2\\nline3");
  CHECK(ics::escape_text("tab\tok") == "tab\tok");
  CHECK(ics::escape_text(std::string("bell\x07") + "x") == "bellx");  // other controls are dropped
  CHECK(ics::escape_text("Çağrı Ltd. Şti.") == "Çağrı Ltd. Şti.");
}

TEST_CASE("ics: lines are folded at 75 octets without splitting UTF-8", "[slot][unit]") {
  CHECK(ics::fold("SHORT:x") == "SHORT:x\r\n");
  std::string exact(75, 'a');
  CHECK(ics::fold(exact) == exact + "\r\n");
  std::string over(76, 'a');
  CHECK(ics::fold(over) == std::string(75, 'a') + "\r\n a\r\n");

  // Two-octet letters around the boundary: no physical line over 75 octets, none starting inside
  // a character, and unfolding gives back the original.
  std::string turkish = "SUMMARY:";
  for (int i = 0; i < 60; ++i) turkish += "ğü";
  auto folded = ics::fold(turkish);
  auto lines = physical_lines(folded);
  CHECK(lines.size() > 3);
  for (auto& l : lines) {
    CAPTURE(l);
    CHECK(l.size() <= 75);
    CHECK(valid_utf8_boundaries(l));
  }
  auto logical = logical_lines(folded);
  REQUIRE(logical.size() == 1);
  CHECK(logical[0] == turkish);
}

TEST_CASE("ics: UTC times with the Z suffix", "[slot][unit]") {
  CHECK(ics::utc_time(0) == "19700101T000000Z");
  CHECK(ics::utc_time(1795000000) == "20261118T110640Z");
}

TEST_CASE("ics: a booking's calendar has the required properties", "[slot][unit]") {
  store::slot s;
  s.id = 4;
  s.booth_id = 9;
  s.starts_at = 1795000000;
  s.length_min = 30;
  s.job_title = "Kaynakçı, MIG/MAG; vardiyalı";
  auto e = booking_event(s, "Ege Metal A.Ş.", "slot-booking-12@fuar", 1794990000, "https://fuar.example.org", false,
                         "Line one\nLine two");
  auto text = ics::calendar({e}, "fuar");
  auto lines = logical_lines(text);
  for (auto& l : physical_lines(text)) CHECK(l.size() <= 75);

  auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  CHECK(has("VERSION:2.0"));
  CHECK(has("METHOD:PUBLISH"));
  CHECK(has("BEGIN:VEVENT"));
  CHECK(has("END:VEVENT"));
  CHECK(has("UID:slot-booking-12@fuar"));
  CHECK(has("DTSTAMP:20261118T082000Z"));
  CHECK(has("DTSTART:20261118T110640Z"));
  CHECK(has("DTEND:20261118T113640Z"));
  CHECK(has("SUMMARY:Interview: Ege Metal A.Ş. (Kaynakçı\\, MIG/MAG\\; vardiyalı)"));
  CHECK(has("DESCRIPTION:Line one\\nLine two"));
  CHECK(has("URL:https://fuar.example.org/#/booth/9"));
  CHECK(has("STATUS:CONFIRMED"));
  // PRODID is required too.
  bool prodid = false;
  for (auto& l : lines) prodid = prodid || l.rfind("PRODID:", 0) == 0;
  CHECK(prodid);

  auto cancelled = booking_event(s, "X", "u@fuar", 0, "", true, "");
  auto ctext = ics::calendar({cancelled});
  CHECK(ctext.find("STATUS:CANCELLED\r\n") != std::string::npos);
  CHECK(ctext.find("URL:") == std::string::npos);          // no base: no link
  CHECK(ctext.find("DESCRIPTION:") == std::string::npos);  // empty: omitted
}

TEST_CASE("ics: an empty feed is still a valid calendar", "[slot][unit]") {
  auto lines = logical_lines(ics::calendar({}, "fuar"));
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  CHECK(std::find(lines.begin(), lines.end(), "BEGIN:VEVENT") == lines.end());
}

TEST_CASE("slot views: free places never negative, withdrawn has none", "[slot][unit]") {
  store::slot s;
  s.capacity = 2;
  s.booked = 1;
  s.held = 1;
  s.status = "open";
  CHECK(slot_json(s)["free"] == 0);
  s.held = 0;
  CHECK(slot_json(s)["free"] == 1);
  s.status = "withdrawn";
  CHECK(slot_json(s)["free"] == 0);
  s.job_id = 3;
  s.job_title = "Aşçı";
  CHECK(slot_json(s)["job"]["title"] == "Aşçı");
}

TEST_CASE("slots store: the export's reads — every booking with its slot and booth, waitlists with positions",
          "[slot][store]") {
  using fuar::test::t0;
  fuar::test::temp_dir dir("fuar_slot_test_");
  auto st = store::open({.sqlite_path = dir.db()});
  auto fair_id = fuar::test::create_live_fair(*st);
  auto booth = st->booths().create_booth(store::booth{0, fair_id, "Demir Çelik", "metal", "İzmir", ""});
  auto booth2 = st->booths().create_booth(store::booth{0, fair_id, "Ege Tekstil", "textile", "İzmir", ""});
  auto rec = st->create_user("rec@t.test", "Rec", store::role::employer, "x")->id;
  auto ayse = st->create_user("ayse@t.test", "Ayşe", store::role::jobseeker, "x")->id;
  auto can = st->create_user("can@t.test", "Can", store::role::jobseeker, "x")->id;
  auto& ss = st->slots();
  auto publish = [&](std::int64_t b, std::int64_t starts) {
    store::new_slot n;
    n.booth_id = b;
    n.starts_at = starts;
    n.length_min = 20;
    n.capacity = 2;
    n.created_by = rec;
    n.created_at = t0;
    auto s = ss.create_slot(n, t0, 100, starts - 600, starts - 60);
    REQUIRE(s);
    return s->id;
  };
  auto s1 = publish(booth, t0 + 3600);
  auto s2 = publish(booth2, t0 + 7200);
  auto b1 = ss.book(s1, ayse, t0 + 1, t0 + 3000, t0 + 3540);
  REQUIRE(b1.result == store::book_result::booked);
  REQUIRE(ss.cancel_booking(b1.booking->id, ayse, t0 + 2));
  auto b2 = ss.book(s1, ayse, t0 + 3, t0 + 3000, t0 + 3540);
  REQUIRE(b2.result == store::book_result::booked);
  REQUIRE(ss.set_no_show(b2.booking->id, true, rec, t0 + 3700));
  REQUIRE(ss.book(s2, can, t0 + 4, t0 + 6600, t0 + 7140).result == store::book_result::booked);
  REQUIRE(ss.join_waitlist(booth2, can, t0 + 5, 100) == store::waitlist_result::joined);
  REQUIRE(ss.join_waitlist(booth2, ayse, t0 + 6, 100) == store::waitlist_result::joined);
  REQUIRE(ss.join_waitlist(booth, ayse, t0 + 7, 100) == store::waitlist_result::joined);

  // Both of Ayşe's bookings, the cancelled one too (a past slot stays: `from` plays no part).
  auto mine = ss.bookings_of(ayse, 100);
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].id == b1.booking->id);
  CHECK(mine[0].slot_id == s1);
  CHECK(mine[0].booth_id == booth);
  CHECK(mine[0].booth_name == "Demir Çelik");
  CHECK(mine[0].starts_at == t0 + 3600);
  CHECK(mine[0].length_min == 20);
  CHECK(mine[0].slot_status == "open");
  CHECK(mine[0].status == "cancelled");
  CHECK(mine[0].cancelled_at == t0 + 2);
  CHECK(!mine[0].no_show);
  CHECK(mine[1].status == "booked");
  CHECK(mine[1].booked_at == t0 + 3);
  CHECK(mine[1].no_show);
  CHECK(mine[1].no_show_at == t0 + 3700);
  CHECK(!mine[1].job_id);
  CHECK(ss.bookings_of(ayse, 1).size() == 1);
  auto cans = ss.bookings_of(can, 100);
  REQUIRE(cans.size() == 1);
  CHECK(cans[0].booth_name == "Ege Tekstil");

  // Waitlists by joining time, with the position in each line.
  auto lists = ss.waitlists_of(ayse, 100);
  REQUIRE(lists.size() == 2);
  CHECK(lists[0].booth_id == booth2);
  CHECK(lists[0].booth_name == "Ege Tekstil");
  CHECK(lists[0].joined_at == t0 + 6);
  CHECK(lists[0].position == 2);  // behind Can
  CHECK(lists[1].booth_id == booth);
  CHECK(lists[1].position == 1);
  CHECK(ss.waitlists_of(ayse, 1).size() == 1);
  CHECK(ss.waitlists_of(rec, 100).empty());
}

}  // namespace fuar::slot
