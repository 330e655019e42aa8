#pragma once
// Small helpers shared by the broker implementations.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace fuar::broker::detail {

// Wall-clock time: publication timestamps are compared across nodes.
inline std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
inline std::int64_t wall_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// A new topic epoch: 64 random bits as 16 hex digits.
inline std::string random_epoch() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace fuar::broker::detail
