// Fair status by the clock, and the fair's JSON shape (status.hpp).
#include "server/contract/fair_status.hpp"

#include "protocol/status.hpp"

namespace fuar::fair {

std::string effective_status(const store::fair& f, std::int64_t now) {
  if (f.status == protocol::fair_status::draft || f.status == protocol::fair_status::closed) return f.status;
  if (now >= f.ends_at) return "closed";
  // An organiser may open a published fair early; the clock opens it at starts_at otherwise.
  if (f.status == protocol::fair_status::live || now >= f.starts_at) return "live";
  return "published";
}

nlohmann::json fair_json(const store::fair& f, std::int64_t now) {
  nlohmann::json j{{"id", f.id},
                   {"title", {{"tr", f.title_tr}, {"en", f.title_en}}},
                   {"description", {{"tr", f.description_tr}, {"en", f.description_en}}},
                   {"theme", f.theme},
                   {"timezone", f.timezone},
                   {"starts_at", f.starts_at},
                   {"ends_at", f.ends_at},
                   {"status", effective_status(f, now)},
                   {"demo", f.is_demo},
                   {"capacity", f.capacity}};
  j["min_age"] = f.min_age ? nlohmann::json(*f.min_age) : nlohmann::json(nullptr);
  j["max_age"] = f.max_age ? nlohmann::json(*f.max_age) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json fair_json(const store::fair& f, std::int64_t now, const std::vector<std::string>& target_groups) {
  auto j = fair_json(f, now);
  j["target_groups"] = target_groups;
  return j;
}

}  // namespace fuar::fair
