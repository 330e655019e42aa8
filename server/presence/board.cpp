#include "server/presence/board.hpp"

namespace fuar::presence {

bool settable_state(std::string_view s) { return s == state_available || s == state_away; }

std::string shown_state(const std::optional<std::string>& stored, bool in_room) {
  if (in_room) return std::string(state_busy);
  if (stored && settable_state(*stored)) return *stored;
  return std::string(state_available);
}

std::int64_t count_of(const broker::presence_summary& s, const std::string& role) {
  auto it = s.by_role.find(role);
  return it == s.by_role.end() ? 0 : it->second;
}

nlohmann::json hall_json(std::int64_t fair_id, const hall_table& t) {
  nlohmann::json booths = nlohmann::json::object();
  for (const auto& [id, c] : t) booths[std::to_string(id)] = {{"visitors", c.visitors}, {"recruiters", c.recruiters}};
  return {{"fair_id", fair_id}, {"booths", std::move(booths)}};
}

bool change_gate::pass(std::int64_t key, const std::string& snapshot) {
  auto it = last_.find(key);
  if (it != last_.end() && it->second == snapshot) return false;
  last_[key] = snapshot;
  return true;
}

tick_plan plan_tick(const std::vector<std::int64_t>& costs, std::size_t cursor, std::int64_t budget) {
  tick_plan p;
  const std::size_t n = costs.size();
  if (n == 0) return p;
  cursor %= n;
  std::int64_t used = 0;
  std::size_t i = 0;
  for (; i < n; ++i) {
    std::size_t k = (cursor + i) % n;
    if (!p.fairs.empty() && used + costs[k] > budget) break;
    used += costs[k];
    p.fairs.push_back(k);
  }
  p.next_cursor = (cursor + i) % n;
  return p;
}

}  // namespace fuar::presence
