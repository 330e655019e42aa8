#pragma once
// fuar::store::booths_store — the booths capability's durable data: booths, their staff,
// profiles and logos, jobs, occupations, the fair hall's search and the recruiters'
// availability. The guarantees of store.hpp hold. The hall search sees every booth and job
// write as soon as the write has returned, whichever part made it (a booth created by an
// invitation, the demo seed).
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

struct staff_member {
  std::int64_t user_id = 0;
  std::string name, email;
  std::string member_role;  // owner | recruiter
};

// A booth the user staffs, with their role there ("owner" or "recruiter").
struct staffed_booth {
  booth b;
  std::string member_role;
};

enum class delete_job_result { deleted, not_found, has_applications };

// Presence: the state a recruiter set for a booth. "busy" is never
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

  // ---- booths ----
  // Inserts a booth (b.id ignored) with its fair_id, name, sector, city, description and
  // is_demo; the other fields start empty (updated_at 0). Returns the id. An unknown fair
  // throws store_error.
  virtual std::int64_t create_booth(const booth& b) = 0;
  // The fair's booths by name (byte order), then id.
  virtual std::vector<booth> list_booths(std::int64_t fair_id) = 0;
  virtual std::optional<booth> find_booth(std::int64_t id) = 0;
  // Replaces the editable fields of the booth and sets updated_at = now. False when the booth
  // does not exist.
  virtual bool update_booth_profile(std::int64_t booth_id, const booth_profile& p, std::int64_t now) = 0;
  // Sets (file non-empty) or clears (file empty) the booth's logo and updated_at = now. Returns
  // the previous storage name ("" when there was none), or nullopt when the booth does not
  // exist. The caller removes the previous file after this returns (the commit).
  virtual std::optional<std::string> set_logo(std::int64_t booth_id, const std::string& file,
                                              const std::string& type, std::int64_t now) = 0;

  // ---- staff ----
  // Adds the user to the booth's staff as member_role ("owner" or "recruiter"); an existing
  // member gets the new role. An unknown booth or user, or another role, throws store_error.
  virtual void add_booth_member(std::int64_t booth_id, std::int64_t user_id, const std::string& member_role) = 0;
  virtual bool is_booth_member(std::int64_t booth_id, std::int64_t user_id) = 0;
  // "owner" / "recruiter", or nullopt when the user is not staff of the booth.
  virtual std::optional<std::string> member_role(std::int64_t booth_id, std::int64_t user_id) = 0;
  // The booth's staff, owners first, then by name, then user id.
  virtual std::vector<staff_member> booth_members(std::int64_t booth_id) = 0;
  // Removes a recruiter (never an owner). False when there was no such recruiter.
  virtual bool remove_recruiter(std::int64_t booth_id, std::int64_t user_id) = 0;
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

  // The hall search of one fair (store.hpp, text_search): the booths whose name, sector, city
  // or description, and the jobs whose title, description, city or occupation names (Turkish
  // and English) contain every word. Job filters (occupation, city, education, work mode) are
  // the caller's: it holds the rows for the facets anyway. No words: nothing found. Ids in no
  // particular order.
  struct search_hits {
    std::vector<std::int64_t> booths, jobs;
  };
  virtual search_hits search_hall(std::int64_t fair_id, const text_search& words) = 0;

  // ---- presence ----
  // Stores the state ("available" or "away") a recruiter set at a booth (replacing an earlier
  // one, updated_at = now). The caller checks membership and the value; another value throws
  // store_error.
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
