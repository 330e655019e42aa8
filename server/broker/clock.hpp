#pragma once
// Small helpers shared by the broker implementations (their clock is server/util/clock.hpp:
// publication timestamps are wall-clock time, compared across nodes).

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "server/util/clock.hpp"

namespace fuar::broker::detail {

// A new topic epoch: 64 random bits as 16 hex digits.
inline std::string random_epoch() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace fuar::broker::detail
