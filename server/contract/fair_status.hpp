#pragma once
// The status a fair shows, derived from the organiser's decision and the clock, and the public
// JSON shape of a fair (PROTOCOL.md §1, protocol/http/fairs.md).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/store/store.hpp"

namespace fuar::fair {

// draft stays draft; published becomes live at starts_at and closed at ends_at; live (opened,
// possibly early) becomes closed at ends_at; closed stays closed.
std::string effective_status(const store::fair& f, std::int64_t now);

// The public fair object: id, title {tr,en}, description {tr,en}, theme, timezone, starts_at,
// ends_at, status (effective at `now`), demo, capacity, min_age/max_age (null when unset).
nlohmann::json fair_json(const store::fair& f, std::int64_t now);
// The same with "target_groups": [keys].
nlohmann::json fair_json(const store::fair& f, std::int64_t now, const std::vector<std::string>& target_groups);

}  // namespace fuar::fair
