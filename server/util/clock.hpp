#pragma once
// The clocks the server reads, in one place. Wall-clock (unix) time is what is stored, sent on
// the wire and compared across nodes; steady time measures durations and rate-limit windows on
// one node and never jumps when the system clock is set.
#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace fuar::util {

// Unix time (UTC) in seconds, milliseconds and microseconds.
inline std::int64_t unix_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}
inline std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
inline std::int64_t unix_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// Monotonic time since an unspecified start (boot), for intervals on this node only.
inline std::int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
inline std::int64_t steady_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

// Unix seconds `t` formatted in UTC with strftime's `format` (at most 63 characters out).
inline std::string format_utc(std::int64_t t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  auto n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

// ISO 8601 / RFC 3339 in UTC: "2026-01-02T03:04:05Z" (CSV exports, logs).
inline std::string iso_time(std::int64_t t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace fuar::util
