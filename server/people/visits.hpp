#pragma once
// fuar::people::visit_buffer — visits seen on this node and not yet stored (the organiser's
// report; migrations/012_visits.sql defines a visit: one jobseeker, one day in UTC, one place —
// a booth or the fair's lobby/hall).
//
// The subscribe path adds to it (add: one short mutex hold and a hash lookup, no store call); a
// periodic job on the blocking pool takes the whole set and writes it in one transaction
// (store::figures_store::record_visits, INSERT OR IGNORE), then tells the buffer what is stored,
// so today's reconnects and tab reloads of the same people are not written again. Visits are
// statistics, not acknowledged writes: what is pending when the process dies (at most one
// flush interval) is lost, and a full buffer drops new visits and counts them.
//
// Thread-safety: every member may be called from any thread.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/store/figures_store.hpp"

namespace fuar::people {

class visit_buffer {
public:
  // The place of a visit: the fair's lobby/hall (fair:{id}) or a booth (booth:{id}).
  enum class place { fair, booth };

  explicit visit_buffer(std::size_t max_pending = 100'000) : max_pending_(max_pending) {}

  // Notes that jobseeker `user_id` is at `place` `id` at `unix_s`. The same (place, id, user,
  // UTC day) seen again keeps its first time and costs nothing more. Returns false when the
  // visit was dropped because max_pending distinct visits are already waiting.
  bool add(place p, std::int64_t id, std::int64_t user_id, std::int64_t unix_s);

  // Takes every pending visit (the buffer is empty afterwards), in no particular order.
  std::vector<store::visit_mark> take();

  // Puts back visits a failed flush could not store, as far as the bound allows (so a store
  // hiccup does not lose them); an entry seen meanwhile keeps the earlier time.
  void restore(const std::vector<store::visit_mark>& marks);

  // After a successful flush: remembers these visits as stored, so add() skips them. Only the
  // newest day is remembered (a new day forgets the previous one), at most max_pending visits
  // (then it starts over; the store's OR IGNORE keeps a repeat harmless). Kept as a sorted
  // vector of packed keys (8 bytes a visit, not a hash node: it holds about two entries per
  // connected jobseeker all day); ids beyond the packed range are simply not remembered.
  void mark_recorded(const std::vector<store::visit_mark>& marks);

  std::size_t pending() const;
  // Visits dropped because the buffer was full, since start.
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

private:
  struct key {
    std::int64_t id;       // fair id or booth id
    std::int64_t user_id;
    std::int32_t day;      // days since 1970-01-01 (UTC)
    bool booth;
    bool operator==(const key&) const = default;
  };
  struct key_hash {
    std::size_t operator()(const key& k) const noexcept;
  };
  bool insert_locked(const key& k, std::int64_t at);
  static key key_of(const store::visit_mark& m);
  // (booth bit, id, user) in 64 bits when id < 2^31 and user < 2^32; 0 when out of range.
  static std::uint64_t packed(const key& k);
  bool recorded_locked(const key& k) const;

  const std::size_t max_pending_;
  mutable std::mutex mutex_;
  std::unordered_map<key, std::int64_t, key_hash> pending_;  // -> first time seen (unix s)
  std::vector<std::uint64_t> recorded_;                       // packed, sorted: stored on recorded_day_
  std::int32_t recorded_day_ = 0;
  std::atomic<std::uint64_t> dropped_{0};
};

// Day number (days since 1970-01-01, UTC) of a unix time, and its "YYYY-MM-DD" form. Times
// before 1970 floor to earlier days.
std::int32_t utc_day_number(std::int64_t unix_s);
std::string utc_day(std::int64_t unix_s);

}  // namespace fuar::people
