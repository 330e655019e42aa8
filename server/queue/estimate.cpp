#include "server/queue/estimate.hpp"

#include <algorithm>

namespace fuar::queue {

std::int64_t interview_length_s(std::span<const std::int64_t> recent, std::int64_t default_s) {
  auto n = std::min<std::size_t>(recent.size(), recent_interviews);
  if (n == 0) return default_s;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::clamp(recent[i], min_interview_s, max_interview_s);
  auto count = static_cast<std::int64_t>(n);
  return (sum + count - 1) / count;
}

std::int64_t wait_s(std::int64_t ahead, std::int64_t length_s, std::int64_t recruiters) {
  if (ahead <= 0) return 0;
  recruiters = std::max<std::int64_t>(recruiters, 1);
  return (ahead + recruiters - 1) / recruiters * length_s;
}

void absence_book::gone(std::int64_t user, std::int64_t at) {
  std::lock_guard lock(mutex_);
  auto& since = since_[user];
  since = std::max(since, at);
}

void absence_book::back(std::int64_t user) {
  std::lock_guard lock(mutex_);
  since_.erase(user);
}

std::vector<std::int64_t> absence_book::due(std::int64_t now, std::int64_t grace_s) const {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> out;
  for (auto [user, since] : since_)
    if (now - since >= grace_s) out.push_back(user);
  return out;
}

bool absence_book::contains(std::int64_t user) const {
  std::lock_guard lock(mutex_);
  return since_.count(user) > 0;
}

}  // namespace fuar::queue
