// JSON shapes of the booths capability (json.hpp).
#include "server/booth/json.hpp"

namespace fuar::booth {
namespace {

nlohmann::json opt(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

nlohmann::json booth_json(const store::booth& b) {
  nlohmann::json logo;
  if (!b.logo_file.empty()) logo = "/api/booths/" + std::to_string(b.id) + "/logo?v=" + std::to_string(b.updated_at);
  return {{"id", b.id},
          {"fair_id", b.fair_id},
          {"name", b.name},
          {"sector", b.sector},
          {"city", b.city},
          {"description", b.description},
          {"demo", b.is_demo},
          {"website", b.website},
          {"video_url", b.video_url},
          {"logo_url", logo},
          {"opens_at", opt(b.opens_at)},
          {"closes_at", opt(b.closes_at)}};
}

nlohmann::json occupation_json(const store::occupation& o) {
  return {{"id", o.id},
          {"isco08", o.isco08 ? nlohmann::json(*o.isco08) : nlohmann::json()},
          {"name", {{"tr", o.name_tr}, {"en", o.name_en}}}};
}

nlohmann::json job_json(const store::job& j, const store::booth& b, const std::optional<store::occupation>& o) {
  return {{"id", j.id},
          {"booth_id", j.booth_id},
          {"booth_name", b.name},
          {"fair_id", b.fair_id},
          {"title", j.title},
          {"occupation", o ? occupation_json(*o) : nlohmann::json()},
          {"city", j.city},
          {"work_mode", j.work_mode},
          {"employment_type", j.employment_type},
          {"education_level", j.education_level},
          {"experience_years", j.experience_years},
          {"openings", j.openings},
          {"disability", j.disability},
          {"description", j.description},
          {"closes_at", opt(j.closes_at)},
          {"status", j.status},
          {"created_at", j.created_at},
          {"updated_at", j.updated_at}};
}

}  // namespace fuar::booth
