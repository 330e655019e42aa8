#pragma once
// Login throttling: a sliding window of failed attempts per key (an account email, an IP
// address). Thread-safe (one mutex; login attempts are rare next to message traffic).
// Memory is bounded: at most `max_keys` keys are tracked; the oldest are forgotten first.
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fuar::auth {

class throttle {
public:
  using clock = std::chrono::steady_clock;
  throttle(std::size_t max_failures, std::chrono::seconds window, std::size_t max_keys = 100000);

  // Seconds the key must wait before its next attempt; 0 when it may try now.
  long retry_after(const std::string& key, clock::time_point now = clock::now());
  void record_failure(const std::string& key, clock::time_point now = clock::now());
  void reset(const std::string& key);
  // Takes back the most recent failure of `key` (an attempt counted up front that then
  // succeeded or could not be judged).
  void forget_latest(const std::string& key);

private:
  void prune(std::deque<clock::time_point>& q, clock::time_point now);
  std::size_t max_failures_;
  std::chrono::seconds window_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<clock::time_point>> failures_;
  std::deque<std::string> order_;  // insertion order, for bounded memory
};

}  // namespace fuar::auth
