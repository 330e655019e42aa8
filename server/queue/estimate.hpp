#pragma once
// The queue's wait estimate and the disconnect-grace book: pure logic, no I/O (unit-tested in
// tests/unit/test_queue.cpp). The formula is documented in protocol/ws/queue.md.
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <vector>

namespace fuar::queue {

// How many recent interviews the estimate averages, and the range each one is clamped to (a
// room left open by mistake, or closed after a few seconds, must not swing the estimate).
inline constexpr int recent_interviews = 10;
inline constexpr std::int64_t min_interview_s = 60;
inline constexpr std::int64_t max_interview_s = 3600;

// The interview length the estimate assumes: the mean of the first `recent_interviews` values
// of `recent` (the booth's latest ended interviews, seconds), each clamped to
// [min_interview_s, max_interview_s], rounded up; `default_s` when there is none.
std::int64_t interview_length_s(std::span<const std::int64_t> recent, std::int64_t default_s);

// The wait of someone with `ahead` callable people before them (held places are skipped, so
// they do not count) when `recruiters` (at least 1) interview in parallel:
// ceil(ahead / recruiters) × length_s. 0 means "you are next".
std::int64_t wait_s(std::int64_t ahead, std::int64_t length_s, std::int64_t recruiters);

// Who has been gone since when: filled when a jobseeker's last connection may have closed,
// emptied when they turn out to be back. Thread-safe.
class absence_book {
public:
  // `user` was seen leaving at `at` (unix seconds); a later leave replaces an earlier one.
  void gone(std::int64_t user, std::int64_t at);
  // `user` is connected again (or has nothing left to keep).
  void back(std::int64_t user);
  // Users gone for at least `grace_s` at `now`, in user id order.
  std::vector<std::int64_t> due(std::int64_t now, std::int64_t grace_s) const;
  bool contains(std::int64_t user) const;

private:
  mutable std::mutex mutex_;
  std::map<std::int64_t, std::int64_t> since_;
};

}  // namespace fuar::queue
