// RFC 5545 writer (ics.hpp).
#include "server/slot/ics.hpp"

#include <ctime>

#include "server/util/clock.hpp"

namespace fuar::slot::ics {

std::string escape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;  // CRLF is one line break
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters are not allowed in TEXT; drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        if (c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

std::string fold(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  std::size_t used = 0;  // octets on the current physical line
  std::size_t i = 0;
  while (i < line.size()) {
    // The whole UTF-8 sequence starting at i moves together.
    std::size_t len = 1;
    auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (i + len > line.size()) len = line.size() - i;
    if (used + len > 75) {
      out += "\r\n ";
      used = 1;  // the leading space counts
    }
    out.append(line.substr(i, len));
    used += len;
    i += len;
  }
  out += "\r\n";
  return out;
}

std::string utc_time(std::int64_t unix_seconds) { return util::format_utc(unix_seconds, "%Y%m%dT%H%M%SZ"); }

std::string calendar(const std::vector<event>& events, std::string_view name) {
  std::string out;
  out += fold("BEGIN:VCALENDAR");
  out += fold("VERSION:2.0");
  out += fold("PRODID:-//fuar//interview slots//EN");
  out += fold("CALSCALE:GREGORIAN");
  out += fold("METHOD:PUBLISH");
  if (!name.empty()) out += fold("X-WR-CALNAME:" + escape_text(name));
  for (const auto& e : events) {
    out += fold("BEGIN:VEVENT");
    out += fold("UID:" + escape_text(e.uid));
    out += fold("DTSTAMP:" + utc_time(e.stamp));
    out += fold("DTSTART:" + utc_time(e.start));
    out += fold("DTEND:" + utc_time(e.end));
    out += fold("SUMMARY:" + escape_text(e.summary));
    if (!e.description.empty()) out += fold("DESCRIPTION:" + escape_text(e.description));
    if (!e.url.empty()) out += fold("URL:" + e.url);
    out += fold(std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED"));
    out += fold("SEQUENCE:" + std::to_string(e.sequence));
    out += fold("END:VEVENT");
  }
  out += fold("END:VCALENDAR");
  return out;
}

}  // namespace fuar::slot::ics
