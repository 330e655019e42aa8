#pragma once
// JSON shapes of the booths capability (protocol/http/booths.md).
#include <optional>

#include <nlohmann/json.hpp>

#include "server/store/store.hpp"

namespace fuar::booth {

// The full public booth object: PROTOCOL.md §1 fields plus website, video_url, logo_url
// ("/api/booths/<id>/logo?v=<updated_at>" or null), opens_at and closes_at (null: the fair's
// hours). Never contains the logo's storage name.
nlohmann::json booth_json(const store::booth& b);

// {id, isco08, name: {tr, en}}
nlohmann::json occupation_json(const store::occupation& o);

// A job with its booth's name and fair, and its occupation (null when none or unknown).
nlohmann::json job_json(const store::job& j, const store::booth& b, const std::optional<store::occupation>& o);

}  // namespace fuar::booth
