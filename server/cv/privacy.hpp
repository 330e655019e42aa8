#pragma once
// fuar::cv — what the organiser's report, account deletion and data export need from the cvs
// capability. The lead wires these into the report and the account routes.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/store/cvs_store.hpp"
#include "server/store/store.hpp"

namespace fuar::cv {

// Applications by status, CVs received, distinct applicants and hires of one fair, with the
// hires broken down by the consented demographics and education (aggregates only: a cell of
// 1–4 people is shown as the string "<5"; "unknown" counts those who did not consent).
// Anonymised applications (deleted accounts) count with the buckets frozen at deletion.
// {
//   "applications": 12, "cvs_received": 12, "distinct_applicants": 9,
//   "by_status": {"received": 5, "reviewed": 0, ..., "hired": 3, "rejected": 2},
//   "hired": 3,
//   "hired_by": {"gender": {"female": "<5", "male": 0, "other": 0, "unknown": 0},
//                "age_group": {"15-24": "<5", "25+": 0, "unknown": "<5"},
//                "disability": {"yes": 0, "no": "<5", "unknown": 0},
//                "education": {"primary": 0, "secondary": "<5", "associate_or_higher": 0, "unknown": 0}}
// }
nlohmann::json outcome_figures(store::store& st, std::int64_t fair_id);

// A small cell shown as "<5" (1–4), other counts as numbers.
nlohmann::json suppressed(std::int64_t n);

// The breakdown of a group of people (one bucket row each) as `hired_by` shows it: every bucket
// of gender, age_group, disability and education listed (zeros included, so a reader cannot
// infer a cell from its absence), each count through suppressed(). Used for the hires here and
// for the people interviewed (people/figures.hpp).
nlohmann::json demographic_cells(const std::vector<store::hired_row>& people);

// Account deletion, the cvs part: anonymises the user's applications (user_id, cv_id NULL,
// note '', anonymised=1, anon_* from the consented demographics and profile at this moment),
// deletes their CV rows and extracted texts, then removes the CV files under
// <files_dir>/cvs. Returns the storage names of the files removed. Call it BEFORE deleting
// the users row (the demographics are read from it).
std::vector<std::string> delete_user_files(store::store& st, const std::string& files_dir, std::int64_t user_id);

// Data export, the cvs part: {"cvs": [{id, name, size_bytes, uploaded_at, text_status, text,
// file_base64}], "applications": [jobseeker view + note]}.
nlohmann::json export_user(store::store& st, const std::string& files_dir, std::int64_t user_id);

}  // namespace fuar::cv
