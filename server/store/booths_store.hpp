#pragma once
// fuar::store::booths_store — the booths capability's durable data (issue 4): booth profiles and
// logos, jobs, occupations and the fair hall's full-text index. Same guarantees as store.hpp:
// blocking, thread-safe, committed before returning, store_error on I/O failure.
// Schema: migrations/002_fair_domain.sql and 004_booths.sql (the hall_fts index, kept by
// triggers in the same transaction as every booth or job write, whoever makes it); presence's
// recruiter availability: 011_presence.sql.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

// The fields of a booth its staff edit (PATCH /api/booths/{id}).
struct booth_profile {
  std::string name, sector, city, website, video_url, description;
  std::optional<std::int64_t> opens_at, closes_at;  // both or neither (checked by the caller)
};

struct occupation {
  std::string id;                     // [a-z0-9_-], 1..60
  std::optional<std::string> isco08;  // ISCO-08 code when one fits
  std::string name_tr, name_en;
};

struct job {
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::string title;
  std::string occupation_id;  // "" = none
  std::string city;
  std::string work_mode = "onsite";           // onsite | remote | hybrid
  std::string employment_type = "full_time";  // full_time | part_time | temporary | seasonal | internship | apprenticeship
  std::string education_level = "none";      // none | primary | secondary | associate | bachelor | master | doctorate
  std::int64_t experience_years = 0;
  std::int64_t openings = 1;
  std::string disability = "none";  // none | suitable | reserved
  std::string description;
  std::optional<std::int64_t> closes_at;
  std::string status = "open";  // open | closed
  std::int64_t created_at = 0, updated_at = 0;
};

// A booth the user staffs, with their role there ("owner" or "recruiter").
struct staffed_booth {
  booth b;
  std::string member_role;
};

enum class delete_job_result { deleted, not_found, has_applications };

// Presence (issue 5, migration 011): the state a recruiter set for a booth. "busy" is never
// stored (it is derived from an open interview room), so `state` is "available" or "away".
struct recruiter_availability {
  std::int64_t user_id = 0;
  std::string state;
  std::int64_t updated_at = 0;
};

// Data export (server/privacy): a state the user set at one booth.
struct availability_record {
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::string state;  // available | away
  std::int64_t updated_at = 0;
};

// What a booth's staff see of a present visitor who shares their profile (profiles.
// share_with_booths): name, city, education and occupations. Never demographics, email or phone.
struct visitor_card {
  std::int64_t user_id = 0;
  std::string name;
  std::string city;
  std::optional<std::string> education_level;
  std::vector<occupation> occupations;  // by id (isco08 unset)
};

class booths_store {
public:
  virtual ~booths_store() = default;

  // Replaces the editable fields of the booth and sets updated_at = now. False when the booth
  // does not exist.
  virtual bool update_booth_profile(std::int64_t booth_id, const booth_profile& p, std::int64_t now) = 0;
  // Sets (file non-empty) or clears (file empty) the booth's logo and updated_at = now. Returns
  // the previous storage name ("" when there was none), or nullopt when the booth does not
  // exist. The caller removes the previous file after this returns (the commit).
  virtual std::optional<std::string> set_logo(std::int64_t booth_id, const std::string& file,
                                              const std::string& type, std::int64_t now) = 0;
  // "owner" / "recruiter", or nullopt when the user is not staff of the booth.
  virtual std::optional<std::string> member_role(std::int64_t booth_id, std::int64_t user_id) = 0;
  // The booths the user staffs, by fair start then booth name.
  virtual std::vector<staffed_booth> booths_of(std::int64_t user_id) = 0;

  // Jobs. create_job ignores j.id and returns the new id (created_at = updated_at = now).
  virtual std::int64_t create_job(const job& j, std::int64_t now) = 0;
  virtual std::optional<job> find_job(std::int64_t id) = 0;
  // Open jobs of a booth by id (closed too when include_closed).
  virtual std::vector<job> list_jobs(std::int64_t booth_id, bool include_closed) = 0;
  // All open jobs of the booths of a fair (for the hall), by booth then id.
  virtual std::vector<job> open_jobs_of_fair(std::int64_t fair_id) = 0;
  // Replaces every field but id, booth_id and created_at; updated_at = now. False when missing.
  virtual bool update_job(const job& j, std::int64_t now) = 0;
  // Deletes the job unless an application refers to it (checked in the same transaction).
  virtual delete_job_result delete_job(std::int64_t id) = 0;

  // Occupations, by id. create_occupation returns false when the id exists.
  virtual std::vector<occupation> list_occupations() = 0;
  virtual std::optional<occupation> find_occupation(const std::string& id) = 0;
  virtual bool create_occupation(const occupation& o) = 0;

  // Full-text search of the hall index of one fair. `fts_query` is an FTS5 expression built by
  // booth::fts_query (never raw user input). Returns the matching booth ids and job ids.
  struct search_hits {
    std::vector<std::int64_t> booths, jobs;
  };
  virtual search_hits search_hall(std::int64_t fair_id, const std::string& fts_query) = 0;

  // ---- presence (issue 5) ----
  // Stores the state ("available" or "away") a recruiter set at a booth (upsert, updated_at =
  // now). The caller checks membership and the value; a CHECK rejects anything else.
  virtual void set_availability(std::int64_t booth_id, std::int64_t user_id, const std::string& state,
                                std::int64_t now) = 0;
  // The states set at a booth, by user id (users without a row are "available").
  virtual std::vector<recruiter_availability> availability_of(std::int64_t booth_id) = 0;
  // The states the user set, at every booth, by booth id, at most `limit` (data export).
  virtual std::vector<availability_record> availability_of_user(std::int64_t user_id, int limit) = 0;
  // Of `user_ids` (at most 500 are looked at), the jobseekers whose profile has
  // share_with_booths on, by name then id.
  virtual std::vector<visitor_card> shared_visitor_cards(const std::vector<std::int64_t>& user_ids) = 0;
};

}  // namespace fuar::store
