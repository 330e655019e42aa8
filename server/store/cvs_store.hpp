#pragma once
// fuar::store::cvs_store — the cvs capability's durable data: uploaded CVs and their extracted
// text, applications (to a job, or a CV dropped at a booth), their status history, and the log
// of CV downloads. The guarantees of store.hpp hold.
//
// The store never touches files: callers write a CV's file before insert_cv and remove the
// files named by the storage names that delete_cv / anonymise_user return.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

struct cv_record {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string storage_name;   // random, under <files_dir>/cvs
  std::string original_name;  // sanitised, display and download name only
  std::int64_t size_bytes = 0;
  std::int64_t uploaded_at = 0;
  std::string text_status;    // pending | ok | unavailable
};

// Result of insert_cv: `row` is empty when the user already has `count` >= the quota.
struct cv_insert {
  std::optional<cv_record> row;
  std::int64_t count = 0;  // the user's CVs before this insert
};

// Where an application goes: a job (job_id set) or a booth (job_id empty), with what the
// handler needs to decide whether applying is allowed now.
struct application_target {
  std::int64_t fair_id = 0;
  std::int64_t booth_id = 0;
  std::optional<std::int64_t> job_id;
  std::string job_title;       // "" for a booth
  std::string job_status;      // open | closed ("" for a booth)
  std::optional<std::int64_t> job_closes_at;  // the job's application deadline, if any
  std::string booth_name;
  std::string fair_status;     // the stored decision: draft | published | live | closed
  std::int64_t fair_ends_at = 0;
  std::int64_t fair_created_by = 0;
};

// One application with everything either side may see; the route layer chooses the view
// (jobseeker or booth staff). Fields from joined rows are empty when those rows are gone.
struct application_row {
  std::int64_t id = 0;
  std::int64_t fair_id = 0, booth_id = 0;
  std::optional<std::int64_t> job_id, user_id, cv_id;
  std::string note;
  std::string status, status_message;
  std::optional<std::int64_t> rating;
  std::string recruiter_notes;
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> hired_at;
  bool anonymised = false;
  // joined
  std::string job_title, booth_name, fair_title_tr, fair_title_en;
  std::string applicant_name, applicant_email, applicant_city;
  std::optional<std::string> applicant_education;
  std::string cv_name, cv_text_status;
};

struct new_application {
  application_target target;
  std::int64_t user_id = 0;
  std::int64_t cv_id = 0;
  std::string note;
  std::int64_t now = 0;
};

enum class apply_result { created, duplicate, cv_gone };

// Employer list of a booth's applications.
struct application_query {
  std::int64_t booth_id = 0;
  std::optional<std::int64_t> job_id;  // applications to this job (drops_only: those without a job)
  bool drops_only = false;
  std::string status;                  // "" = any
  text_search words;                   // in the CV's text or the application's note (store.hpp); none = any
  std::string sort = "created";        // created | updated | rating | status
  bool descending = true;
  int limit = 50, offset = 0;
};

struct application_page {
  std::vector<application_row> rows;
  std::int64_t total = 0;
};

// A staff change of an application. Fields left empty are kept.
struct application_change {
  std::optional<std::string> status;   // the new status (already checked by the caller)
  std::optional<std::string> message;  // status message shown to the applicant
  bool set_rating = false;
  std::optional<std::int64_t> rating;  // with set_rating: the value, or empty to clear it
  std::optional<std::string> notes;    // recruiter notes
};

enum class change_result { changed, not_found, stale };

struct cv_download_row {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> application_id;
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::string job_title;
  std::optional<std::int64_t> downloaded_by;
  std::string downloader_name;
};

// Aggregates for the organiser's report (never a row about one person).
struct hired_row {
  std::string gender;      // female | male | other | "" (not consented)
  std::string age_group;   // 15-24 | 25+ | "" (not consented)
  std::string disability;  // yes | no | ""
  std::string education;   // primary | secondary | associate_or_higher | ""
};
struct fair_outcomes {
  std::vector<std::pair<std::string, std::int64_t>> by_status;
  std::int64_t applications = 0;
  std::int64_t cvs_received = 0;        // applications that carried a CV when made
  std::int64_t distinct_applicants = 0; // anonymised rows count once each
  std::vector<hired_row> hired;
};

// What an account deletion removed: the storage names of the CV files to delete.
struct user_erasure {
  std::vector<std::string> storage_names;
  std::int64_t applications_anonymised = 0;
};

class cvs_store {
public:
  virtual ~cvs_store() = default;

  // ---- CVs ----
  // In one transaction: counts the user's CVs and inserts the row (text_status pending) only
  // when the count is below `max_per_user`.
  virtual cv_insert insert_cv(std::int64_t user_id, const std::string& storage_name,
                              const std::string& original_name, std::int64_t size_bytes, std::int64_t now,
                              std::int64_t max_per_user) = 0;
  virtual std::vector<cv_record> list_cvs(std::int64_t user_id) = 0;  // newest first
  virtual std::optional<cv_record> find_cv(std::int64_t cv_id) = 0;
  virtual std::optional<std::string> cv_text(std::int64_t cv_id) = 0;  // empty when none
  virtual std::vector<cv_record> pending_cvs() = 0;
  // Stores the extraction's outcome; false when the CV was deleted meanwhile.
  virtual bool set_cv_text(std::int64_t cv_id, const std::string& text_status,
                           const std::optional<std::string>& text) = 0;
  // Deletes the user's CV (its text with it, and from the search; applications keep their row
  // without a cv_id). Returns the deleted row, or empty when it is not this user's CV.
  virtual std::optional<cv_record> delete_cv(std::int64_t cv_id, std::int64_t user_id) = 0;

  // ---- applications ----
  virtual std::optional<application_target> job_target(std::int64_t job_id) = 0;
  virtual std::optional<application_target> booth_target(std::int64_t booth_id) = 0;
  // Inserts the application and its first event (received). `id` is set when created.
  virtual apply_result apply(const new_application& a, std::int64_t& id) = 0;
  virtual std::optional<application_row> find_application(std::int64_t id) = 0;
  virtual std::vector<application_row> user_applications(std::int64_t user_id) = 0;  // newest first
  // Deletes the applicant's own application (and its events) when its status is still
  // `expected_status`. Returns false when it is not theirs or the status moved meanwhile.
  virtual bool withdraw(std::int64_t id, std::int64_t user_id, const std::string& expected_status) = 0;
  virtual application_page booth_applications(const application_query& q) = 0;
  // Applies `c` when the status is still `expected_status`; writes an application_events row
  // (actor, status, message) when the status or the message changes; sets hired_at on hired.
  virtual change_result change_application(std::int64_t id, const std::string& expected_status,
                                           const application_change& c, std::int64_t actor_id,
                                           std::int64_t now) = 0;

  // ---- downloads ----
  virtual void record_cv_download(std::int64_t application_id, std::optional<std::int64_t> cv_id,
                                  std::int64_t booth_id, std::int64_t fair_id, std::int64_t user_id,
                                  std::int64_t now) = 0;
  virtual std::vector<cv_download_row> cv_downloads(std::int64_t fair_id) = 0;  // newest first

  // ---- reports and privacy ----
  virtual fair_outcomes outcomes(std::int64_t fair_id) = 0;
  // Account deletion, in one transaction: anonymises the user's applications (no user_id or
  // cv_id, note "", anonymised, the report buckets frozen from the consented demographics and
  // the profile now) and deletes their CVs and texts. The caller removes the returned files.
  virtual user_erasure anonymise_user(std::int64_t user_id) = 0;
};

}  // namespace fuar::store
