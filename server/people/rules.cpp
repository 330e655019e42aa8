// Pure rules of the people capability (rules.hpp).
#include "server/people/rules.hpp"

#include <chrono>
#include <cstdio>

#include "server/contract/fair_status.hpp"
#include "protocol/status.hpp"

namespace fuar::people {

bool valid_phone(std::string_view s) {
  if (s.empty()) return true;
  if (s.size() > 30) return false;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') {
      return false;
    }
  }
  return digit;
}

std::int64_t utc_year(std::int64_t unix_s) {
  using namespace std::chrono;
  auto day = floor<days>(sys_seconds{seconds{unix_s}});
  return std::int64_t(int(year_month_day{day}.year()));
}

std::int64_t age_at_fair(const store::fair& f, std::int64_t birth_year) { return utc_year(f.starts_at) - birth_year; }

std::string age_range_text(const store::fair& f) {
  if (f.min_age && f.max_age) return "ages " + std::to_string(*f.min_age) + "\u2013" + std::to_string(*f.max_age);
  if (f.min_age) return "ages " + std::to_string(*f.min_age) + " and over";
  if (f.max_age) return "ages up to " + std::to_string(*f.max_age);
  return "";
}

eligibility check_eligibility(const store::fair& f, std::optional<std::int64_t> birth_year, bool registered,
                              std::int64_t registered_count, std::int64_t now) {
  using protocol::error_code;
  if (fair::effective_status(f, now) == protocol::fair_status::closed) return {false, "ended", "this fair has ended", error_code::conflict};
  if (f.min_age || f.max_age) {
    auto range = age_range_text(f);
    if (!birth_year)
      return {false, "birth_year_needed",
              "this fair is for " + range +
                  ": add your birth year (with its consent) in My profile, under \"Optional: for anonymous "
                  "statistics\", then register",
              error_code::conflict};
    auto age = age_at_fair(f, *birth_year);
    if ((f.min_age && age < *f.min_age) || (f.max_age && age > *f.max_age))
      return {false, "age_range", "this fair is for " + range, error_code::forbidden};
  }
  if (!registered && f.capacity > 0 && registered_count >= f.capacity)
    return {false, "full", "the fair is full", error_code::conflict};
  return {};
}

std::string age_group(std::optional<std::int64_t> age) {
  if (!age) return "not_given";
  if (*age < 15) return "under_15";
  if (*age <= 24) return "15-24";
  if (*age <= 29) return "25-29";
  return "30+";
}

std::string education_group(const std::string& level) {
  if (level == "primary") return "primary_or_below";
  if (level == "secondary") return "secondary";
  if (level == "associate" || level == "bachelor" || level == "master" || level == "doctorate")
    return "associate_or_higher";
  return "not_given";
}

nlohmann::json reported_count(std::int64_t n) {
  if (n > 0 && n < small_cell_limit) return std::string(small_cell_marker);
  return n;
}

std::string iso_utc(std::int64_t unix_s) {
  using namespace std::chrono;
  sys_seconds t{seconds{unix_s}};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

}  // namespace fuar::people
