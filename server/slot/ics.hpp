#pragma once
// iCalendar (RFC 5545) output for interview bookings: one file per booking and a personal feed.
// Pure functions, no I/O (unit-tested in tests/unit/test_slot.cpp).
//
// What the output guarantees: every line ends with CRLF; content lines longer than 75 octets are
// folded (CRLF + one space) without splitting a UTF-8 sequence; TEXT values escape backslash,
// semicolon, comma and newlines; times are UTC with the Z suffix (no time zone blocks needed).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fuar::slot::ics {

struct event {
  std::string uid;           // globally unique and stable: "slot-booking-12@fuar"
  std::int64_t stamp = 0;    // DTSTAMP (unix seconds)
  std::int64_t start = 0;    // DTSTART
  std::int64_t end = 0;      // DTEND
  std::string summary;       // TEXT
  std::string description;   // TEXT, may be empty
  std::string url;           // URI, may be empty (written as is; must not contain CR or LF)
  bool cancelled = false;    // STATUS:CANCELLED instead of CONFIRMED
  std::int64_t sequence = 0; // SEQUENCE: grows when the event changes (e.g. cancelled)
};

// TEXT escaping (RFC 5545 §3.3.11): \ ; , and newlines (CRLF, LF, CR → \n).
std::string escape_text(std::string_view s);
// One content line folded at 75 octets, with its CRLF.
std::string fold(std::string_view line);
// 20261122T080000Z
std::string utc_time(std::int64_t unix_seconds);
// A VCALENDAR (METHOD:PUBLISH) with the events; `name` becomes X-WR-CALNAME when non-empty.
std::string calendar(const std::vector<event>& events, std::string_view name = {});

}  // namespace fuar::slot::ics
