#pragma once
// fuar::people figures — the "activity" section of the organiser's report (GET
// /api/fairs/{id}/report, protocol/http/people.md): visits, participating firms, chats,
// interviews, queues and slots of one fair, from store::figures_store. Aggregates only; the
// breakdown of the people interviewed uses the buckets and the small-cell rule of the hires
// (cv::demographic_cells).
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/store/figures_store.hpp"
#include "server/store/store.hpp"

namespace fuar::people {

// The median of `values` (any order; the vector is reordered): the middle value, or for an even
// count the mean of the two middle values rounded down. nullopt when empty.
std::optional<std::int64_t> median(std::vector<std::int64_t> values);

// The "activity" object built from figures already read (exposed for unit tests).
nlohmann::json activity_json(const store::fair_figures& f);

// Reads the fair's figures (one store snapshot) and builds the "activity" object. Blocking.
nlohmann::json activity_figures(store::store& st, std::int64_t fair_id);

}  // namespace fuar::people
