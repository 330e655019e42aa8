#pragma once
// fuar::people rules — the pure decisions of the people capability (no store, no I/O), so they
// are unit-tested on their own: phone syntax, a fair's effective status and age rule, the
// report's buckets and its small-cell suppression.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "protocol/catalogue.hpp"
#include "server/store/store.hpp"

namespace fuar::people {

// Education levels a profile may carry, in order.
inline constexpr std::string_view education_levels[] = {"primary",  "secondary", "associate",
                                                        "bachelor", "master",    "doctorate"};
inline constexpr std::string_view genders[] = {"female", "male", "other"};

// A phone number as people type it: empty, or at most 30 characters of digits, spaces and
// + ( ) - with at least one digit.
bool valid_phone(std::string_view s);

// The calendar year (UTC) of a unix time.
std::int64_t utc_year(std::int64_t unix_s);

// The age used for a fair's eligibility: year of the fair's start (UTC) minus the birth year.
std::int64_t age_at_fair(const store::fair& f, std::int64_t birth_year);

// "ages 18–29", "ages 18 and over", "ages up to 29" (empty when the fair has no age range).
std::string age_range_text(const store::fair& f);

// Can this jobseeker register? Checked in this order: the fair has ended (fair::effective_status
// is closed); the fair has an age
// range and the birth year is not given (with consent); the age is out of range; the fair is
// full (only when `registered` is false: an existing registration stays valid).
struct eligibility {
  bool ok = true;
  std::string code;                                             // "" | ended | birth_year_needed | age_range | full
  std::string message;                                          // English, shown when no translation exists
  protocol::error_code error = protocol::error_code::conflict;  // the refusal's error code
};
eligibility check_eligibility(const store::fair& f, std::optional<std::int64_t> birth_year, bool registered,
                              std::int64_t registered_count, std::int64_t now);

// Report buckets (domain.md). Age groups at the fair's start year: under_15, 15-24, 25-29, 30+,
// not_given (no consented birth year).
std::string age_group(std::optional<std::int64_t> age);
// primary_or_below | secondary | associate_or_higher | not_given.
std::string education_group(const std::string& level);

// Small-cell suppression: a count of 1..4 people is reported as the string "<5", so no person
// can be singled out; 0 and 5+ are reported as numbers.
inline constexpr std::int64_t small_cell_limit = 5;
inline constexpr std::string_view small_cell_marker = "<5";
nlohmann::json reported_count(std::int64_t n);

// "2026-11-22T05:00:00Z".
std::string iso_utc(std::int64_t unix_s);

}  // namespace fuar::people
