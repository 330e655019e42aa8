// Login throttling: a sliding window of failures per key, with a bounded number of keys.
#include "server/auth/throttle.hpp"

#include <algorithm>

namespace fuar::auth {

// max_failures and max_keys below 1 are raised to 1: a throttle that never blocks or tracks
// nothing is a configuration mistake, not a useful setting.
throttle::throttle(std::size_t max_failures, std::chrono::seconds window, std::size_t max_keys)
    : max_failures_(std::max<std::size_t>(max_failures, 1)),
      window_(window),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

// Drops failures that have left the window (a failure at time t counts while now < t + window).
void throttle::prune(std::deque<clock::time_point>& q, clock::time_point now) {
  while (!q.empty() && q.front() + window_ <= now) q.pop_front();
}

// Blocked while the window holds max_failures failures; the wait is until the oldest of them
// leaves the window, rounded up to whole seconds (so never 0 while blocked).
long throttle::retry_after(const std::string& key, clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& q = it->second;
  prune(q, now);
  if (q.size() < max_failures_) return 0;
  auto wait = std::chrono::ceil<std::chrono::seconds>(q.front() + window_ - now);
  return std::max<long>(static_cast<long>(wait.count()), 1);
}

// Keeps at most max_failures timestamps per key: the oldest of the newest max_failures decides
// when the key is unblocked, so older ones carry no information. A new key beyond max_keys
// evicts the key tracked longest.
void throttle::record_failure(const std::string& key, clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    while (failures_.size() >= max_keys_ && !order_.empty()) {
      failures_.erase(order_.front());
      order_.pop_front();
    }
    it = failures_.emplace(key, std::deque<clock::time_point>{}).first;
    order_.push_back(key);
  }
  auto& q = it->second;
  prune(q, now);
  q.push_back(now);
  while (q.size() > max_failures_) q.pop_front();
}

// Forgets the key (e.g. after a successful login). O(1) for an untracked key; for a tracked
// one, a linear scan of order_ keeps order_ and failures_ holding the same keys exactly once.
void throttle::reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (failures_.erase(key) == 0) return;
  auto pos = std::find(order_.begin(), order_.end(), key);
  if (pos != order_.end()) order_.erase(pos);
}

void throttle::forget_latest(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it != failures_.end() && !it->second.empty()) it->second.pop_back();
}

}  // namespace fuar::auth
