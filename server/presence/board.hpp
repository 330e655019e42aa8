#pragma once
// fuar::presence — the pure rules of the presence capability, apart from the commands so they
// can be tested without sockets: what a recruiter's availability shows as, the shape of the
// hall's per-booth table, and the gate that lets a snapshot through only when it changed.
//
// Counts (PROTOCOL.md §5): visitors of a booth = distinct jobseekers present on booth:{id};
// recruiters online = distinct employers present on staff:{id} (only the booth's staff can
// subscribe to it; organisers, who can too, are not counted).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/broker/broker.hpp"

namespace fuar::presence {

// The states a recruiter can set (stored), and the one derived from an open interview room.
inline constexpr std::string_view state_available = "available";
inline constexpr std::string_view state_away = "away";
inline constexpr std::string_view state_busy = "busy";

// True for the states a recruiter may set with presence.availability.
bool settable_state(std::string_view s);

// What visitors see: "busy" while the recruiter is in an open room (whatever they set), else
// the state they set, "available" when they never set one.
std::string shown_state(const std::optional<std::string>& stored, bool in_room);

// Distinct users of `role` in a presence summary (0 when the role is absent).
std::int64_t count_of(const broker::presence_summary& s, const std::string& role);

struct booth_counts {
  std::int64_t visitors = 0;
  std::int64_t recruiters = 0;
  bool operator==(const booth_counts&) const = default;
};
// booth id → counts; every booth of the fair appears, idle ones with zeros.
using hall_table = std::map<std::int64_t, booth_counts>;

// {"fair_id", "booths": {"<booth id>": {"visitors", "recruiters"}}}: the data of hall.presence
// and of the presence.hall reply.
nlohmann::json hall_json(std::int64_t fair_id, const hall_table& t);

// Remembers the last snapshot let through per key (a fair, a booth) and lets a new one through
// only when it differs. forget_except drops keys no longer in use, so memory follows the number
// of live fairs and booths, not their history. Not thread-safe: one owner (the periodic job,
// under its lock).
class change_gate {
public:
  // True (and remembered) when `snapshot` differs from the last one let through for `key`.
  bool pass(std::int64_t key, const std::string& snapshot);
  // Forces the next pass() for `key` through (e.g. after a push made elsewhere).
  void remember(std::int64_t key, const std::string& snapshot) { last_[key] = snapshot; }
  template <class Keep>
  void forget_except(Keep&& keep) {
    for (auto it = last_.begin(); it != last_.end();)
      it = keep(it->first) ? std::next(it) : last_.erase(it);
  }
  std::size_t size() const { return last_.size(); }

private:
  std::unordered_map<std::int64_t, std::string> last_;
};

// Bounds the presence queries of one tick of the hall job (each is one Redis round trip with
// the Redis broker). Fairs are visited in a rotating order starting at `cursor`; a fair is
// taken whole (1 + 2 × booths queries) while the budget lasts, and at least one fair is taken
// per tick, so every fair is refreshed within a few ticks however many there are.
struct tick_plan {
  std::vector<std::size_t> fairs;  // indexes into the costs, in visiting order
  std::size_t next_cursor = 0;     // where the next tick starts
};
tick_plan plan_tick(const std::vector<std::int64_t>& costs, std::size_t cursor, std::int64_t budget);

}  // namespace fuar::presence
