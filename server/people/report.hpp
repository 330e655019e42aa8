#pragma once
// fuar::people report — the organiser's report of one fair (GET /api/fairs/{id}/report,
// protocol/http/people.md). Aggregates only: every breakdown cell of 1..4 people is reported as
// "<5" (rules.hpp), and no row ever names a person.
//
// Extending it: build_report assembles the report from sections (registrations, breakdowns,
// registrations_per_day); a new figure (applications, placements) is one more function that
// adds its key to the object.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "server/store/store.hpp"

namespace fuar::people {

// The report of the fair `fair_id`. Precondition: the fair exists (the caller has loaded it to
// check the organiser); throws std::out_of_range otherwise. Blocking (store reads).
nlohmann::json build_report(store::store& st, std::int64_t fair_id);

// One breakdown as the report shows it: [{"key", "count"}...] in the order of `keys`, each
// count passed through the small-cell rule. Counts whose key is not in `keys` are dropped.
// (Exposed for unit tests.)
nlohmann::json breakdown_cells(const std::vector<std::pair<std::string, std::int64_t>>& counts,
                               std::initializer_list<const char*> keys);

// The city breakdown: the 20 cities with the most registrations (ties by name) as
// {"key": "city", "name", "count"}, then {"key": "other"} (the rest) and {"key": "not_given"}.
nlohmann::json city_cells(const std::vector<std::pair<std::string, std::int64_t>>& counts, std::size_t top = 20);

}  // namespace fuar::people
