// The cvs parts of the organiser's report, account deletion and data export (privacy.hpp).
#include "server/cv/privacy.hpp"

#include <unistd.h>

#include <map>

#include "protocol/status.hpp"
#include "server/cv/upload.hpp"
#include "server/cv/views.hpp"
#include "server/store/cvs_store.hpp"
#include "server/util/digest.hpp"

namespace fuar::cv {

using nlohmann::json;

json suppressed(std::int64_t n) { return n >= 1 && n <= 4 ? json("<5") : json(n); }

json demographic_cells(const std::vector<store::hired_row>& people) {
  // Every bucket is listed (zeros included) so a reader cannot infer a cell from its absence.
  std::map<std::string, std::map<std::string, std::int64_t>> cells{
      {"gender", {{"female", 0}, {"male", 0}, {"other", 0}, {"unknown", 0}}},
      {"age_group", {{"15-24", 0}, {"25+", 0}, {"unknown", 0}}},
      {"disability", {{"yes", 0}, {"no", 0}, {"unknown", 0}}},
      {"education", {{"primary", 0}, {"secondary", 0}, {"associate_or_higher", 0}, {"unknown", 0}}}};
  auto add = [&](const char* dim, const std::string& v) { ++cells[dim][v.empty() ? "unknown" : v]; };
  for (const auto& h : people) {
    add("gender", h.gender);
    add("age_group", h.age_group);
    add("disability", h.disability);
    add("education", h.education);
  }
  json out = json::object();
  for (auto& [dim, m] : cells)
    for (auto& [k, n] : m) out[dim][k] = suppressed(n);
  return out;
}

json outcome_figures(store::store& st, std::int64_t fair_id) {
  auto o = st.cvs().outcomes(fair_id);
  json by_status = json::object();
  for (auto s : {"received", "reviewed", "shortlisted", "interview", "offer", "hired", "rejected"}) by_status[s] = 0;
  std::int64_t hired = 0;
  for (auto& [status, n] : o.by_status) {
    by_status[status] = n;
    if (status == protocol::application_status::hired) hired = n;
  }
  auto hired_by = demographic_cells(o.hired);
  return json{{"applications", o.applications},
              {"cvs_received", o.cvs_received},
              {"distinct_applicants", o.distinct_applicants},
              {"by_status", by_status},
              {"hired", hired},
              {"hired_by", hired_by}};
}

std::vector<std::string> delete_user_files(store::store& st, const std::string& files_dir, std::int64_t user_id) {
  auto erased = st.cvs().anonymise_user(user_id);
  auto dir = files_dir + "/cvs/";
  for (auto& name : erased.storage_names) ::unlink((dir + name).c_str());
  return erased.storage_names;
}

json export_user(store::store& st, const std::string& files_dir, std::int64_t user_id) {
  json cvs = json::array();
  for (auto& c : st.cvs().list_cvs(user_id)) {
    auto j = cv_json(c);
    auto text = st.cvs().cv_text(c.id);
    j["text"] = text ? json(*text) : json(nullptr);
    auto bytes = read_file(files_dir + "/cvs/" + c.storage_name);
    j["file_base64"] = bytes ? json(util::base64(*bytes)) : json(nullptr);
    cvs.push_back(std::move(j));
  }
  json apps = json::array();
  for (auto& a : st.cvs().user_applications(user_id)) apps.push_back(applicant_view(a));
  return json{{"cvs", cvs}, {"applications", apps}};
}

}  // namespace fuar::cv
