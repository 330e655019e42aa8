#pragma once
// fuar::store::people_store — the people capability's durable data: jobseekers' profiles and
// consented demographics, and fair registrations. The guarantees of store.hpp hold.
//
// Privacy: demographics are special categories of personal data. Nothing here joins them into a
// row an employer route could read; the only reader besides the owner is registration_breakdown,
// which returns counts.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

// A jobseeker's profile; the name and email stay in `users`.
struct profile {
  std::int64_t user_id = 0;
  std::string phone;
  std::string city;
  std::optional<std::string> education_level;  // primary | secondary | associate | bachelor | master | doctorate
  std::vector<std::string> occupations;        // occupation ids, sorted
  bool share_with_booths = false;
  std::int64_t updated_at = 0;  // 0: never saved
};

// Names of an occupation / a target group, as the profile form and the join page show them.
// (Own small types: booths_store.hpp and fairs_store.hpp have richer ones for their editors.)
struct occupation_name {
  std::string id;
  std::string name_tr, name_en;
};
struct group_label {
  std::string key;
  std::string label_tr, label_en;
};

// Each item is stored only together with the time its consent was given.
struct demographics {
  std::optional<std::string> gender;  // female | male | other
  std::optional<std::int64_t> gender_consent_at;
  std::optional<std::int64_t> birth_year;
  std::optional<std::int64_t> birth_year_consent_at;
  std::optional<bool> disability;
  std::optional<std::int64_t> disability_consent_at;
};

// One item of a demographics update: either a value given with consent, or a withdrawal
// (which deletes the value and the consent time).
template <class T>
struct consent_change {
  bool withdraw = false;
  T value{};
};
struct demographics_update {
  std::optional<consent_change<std::string>> gender;  // nullopt: leave as is
  std::optional<consent_change<std::int64_t>> birth_year;
  std::optional<consent_change<bool>> disability;
};

enum class register_outcome { created, existing, full };
struct registration_result {
  register_outcome outcome = register_outcome::full;
  std::int64_t registered_at = 0;  // created/existing: the registration's time
};

struct my_registration {
  std::int64_t fair_id = 0;
  std::int64_t registered_at = 0;
};

// A row of the organiser's registrations list (no demographics, ever).
struct registrant {
  std::int64_t user_id = 0;
  std::string name, email, phone, city;
  std::optional<std::string> education_level;
  std::int64_t registered_at = 0;
};
struct registrant_page {
  std::vector<registrant> rows;
  std::int64_t total = 0;  // matching rows over all pages
};

// What one breakdown of a fair's registrations is grouped by. Keys are returned as text; a
// missing value (no consent, empty city) is the key "".
enum class breakdown {
  gender,      // "female" | "male" | "other" | ""
  birth_year,  // decimal year | ""
  disability,  // "1" | "0" | ""
  education,   // education level | ""
  city,        // as typed (one spelling per group), grouped after trimming and folding case and
               // Turkish letter forms like the search | ""
  day,         // "YYYY-MM-DD" of registered_at in UTC
};

class people_store {
public:
  virtual ~people_store() = default;

  // Profile. find_profile returns nullopt when the user never saved one.
  virtual std::optional<profile> find_profile(std::int64_t user_id) = 0;
  // Replaces the profile and its occupations in one transaction. Unknown occupation ids throw
  // store_error (foreign key): callers check them with unknown_occupations first.
  virtual void save_profile(const profile& p, std::int64_t now) = 0;
  // The ids among `ids` that are not in the occupations list.
  virtual std::vector<std::string> unknown_occupations(const std::vector<std::string>& ids) = 0;
  virtual std::vector<occupation_name> occupation_names() = 0;  // by id

  // Demographics: all items empty when nothing was ever consented.
  virtual demographics find_demographics(std::int64_t user_id) = 0;
  // Applies the update in one transaction: a given value keeps an earlier consent time or takes
  // `now`; a withdrawal clears value and consent time. Returns the stored result.
  virtual demographics update_demographics(std::int64_t user_id, const demographics_update& u, std::int64_t now) = 0;

  // Registration for a fair, in one transaction (two racing registrations never exceed the
  // capacity): an existing registration is returned
  // as `existing`; otherwise, when capacity > 0 and the fair already has `capacity`
  // registrations, nothing is written and the outcome is `full`; else the row is inserted.
  virtual registration_result register_for_fair(std::int64_t fair_id, std::int64_t user_id, std::int64_t capacity,
                                                std::int64_t now) = 0;
  // The registration time, or nullopt when not registered.
  virtual std::optional<std::int64_t> find_registration(std::int64_t fair_id, std::int64_t user_id) = 0;
  // false when there was nothing to delete.
  virtual bool unregister(std::int64_t fair_id, std::int64_t user_id) = 0;
  virtual std::int64_t registration_count(std::int64_t fair_id) = 0;
  // The user's registrations, newest first.
  virtual std::vector<my_registration> registrations_of(std::int64_t user_id) = 0;

  // Organiser's list: `q` (may be empty) matches name, email or city as a substring,
  // ignoring case and Turkish letter forms (İ/ı/i, ş/s, ç/c, ğ/g, ö/o, ü/u: "izmir" finds
  // "İzmir"); % and _ in q match themselves. Ordered by
  // registered_at, then user id. limit < 0: all rows.
  virtual registrant_page list_registrants(std::int64_t fair_id, const std::string& q, std::int64_t offset,
                                           std::int64_t limit) = 0;
  // Counts of the fair's registered jobseekers per key (see `breakdown`), by key.
  virtual std::vector<std::pair<std::string, std::int64_t>> registration_breakdown(std::int64_t fair_id,
                                                                                   breakdown by) = 0;

  // The fair's target groups (read here for the public join page), by key.
  virtual std::vector<group_label> fair_group_labels(std::int64_t fair_id) = 0;
};

}  // namespace fuar::store
