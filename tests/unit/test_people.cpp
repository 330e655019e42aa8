// Unit tests for fuar::people rules and report cells: phone syntax, age eligibility, age-group
// and education bucketing, small-cell suppression.
#include "server/people/rules.hpp"

#include <catch2/catch.hpp>

#include "server/people/report.hpp"

using namespace fuar;

namespace {

// 2030-06-15T00:00:00Z and one day later.
constexpr std::int64_t june_2030 = 1907712000;

store::fair fair_at(std::string status, std::int64_t starts_at = june_2030, std::int64_t ends_at = june_2030 + 86400) {
  store::fair f;
  f.id = 1;
  f.status = std::move(status);
  f.starts_at = starts_at;
  f.ends_at = ends_at;
  return f;
}

}  // namespace

TEST_CASE("people: phone numbers allow digits, spaces and + ( ) - only, up to 30", "[people]") {
  CHECK(people::valid_phone(""));
  CHECK(people::valid_phone("05321234567"));
  CHECK(people::valid_phone("+90 (532) 123-45-67"));
  CHECK(people::valid_phone(std::string(30, '9')));
  CHECK_FALSE(people::valid_phone(std::string(31, '9')));
  CHECK_FALSE(people::valid_phone("0532 123 45 67 ext 5"));
  CHECK_FALSE(people::valid_phone("0532.123.45.67"));
  CHECK_FALSE(people::valid_phone("+-() "));  // no digit
  CHECK_FALSE(people::valid_phone("٠٥٣٢"));   // Arabic-Indic digits are not ASCII digits
  CHECK_FALSE(people::valid_phone("0532\n1234"));
}

TEST_CASE("people: age eligibility uses the fair's start year in UTC", "[people]") {
  auto f = fair_at("published");
  f.min_age = 18;
  f.max_age = 29;
  CHECK(people::utc_year(june_2030) == 2030);
  CHECK(people::utc_year(1893456000 - 1) == 2029);  // 2029-12-31T23:59:59Z
  CHECK(people::age_at_fair(f, 2000) == 30);
  CHECK(people::age_range_text(f) == "ages 18\u201329");

  auto none = people::check_eligibility(f, std::nullopt, false, 0, june_2030 - 10);
  CHECK_FALSE(none.ok);
  CHECK(none.code == "birth_year_needed");
  CHECK(none.error == protocol::error_code::conflict);
  auto old = people::check_eligibility(f, 2000, false, 0, june_2030 - 10);
  CHECK(old.code == "age_range");
  CHECK(old.message == "this fair is for ages 18\u201329");
  CHECK(old.error == protocol::error_code::forbidden);
  CHECK(people::check_eligibility(f, 2001, false, 0, june_2030 - 10).ok);        // 29
  CHECK(people::check_eligibility(f, 2012, false, 0, june_2030 - 10).ok);        // 18
  CHECK_FALSE(people::check_eligibility(f, 2013, false, 0, june_2030 - 10).ok);  // 17

  f.max_age.reset();
  CHECK(people::age_range_text(f) == "ages 18 and over");
  CHECK(people::check_eligibility(f, 1950, false, 0, june_2030 - 10).ok);

  auto ended = people::check_eligibility(fair_at("published"), 2000, false, 0, june_2030 + 86400);
  CHECK(ended.code == "ended");
  CHECK(ended.message == "this fair has ended");
}

TEST_CASE("people: capacity counts only for people not yet registered", "[people]") {
  auto f = fair_at("published");
  f.capacity = 2;
  CHECK(people::check_eligibility(f, std::nullopt, false, 1, june_2030 - 10).ok);
  auto full = people::check_eligibility(f, std::nullopt, false, 2, june_2030 - 10);
  CHECK(full.code == "full");
  CHECK(full.message == "the fair is full");
  CHECK(people::check_eligibility(f, std::nullopt, true, 2, june_2030 - 10).ok);
  f.capacity = 0;  // no limit
  CHECK(people::check_eligibility(f, std::nullopt, false, 100000, june_2030 - 10).ok);
}

TEST_CASE("people: age groups and education groups of the report", "[people]") {
  CHECK(people::age_group(std::nullopt) == "not_given");
  CHECK(people::age_group(14) == "under_15");
  CHECK(people::age_group(15) == "15-24");
  CHECK(people::age_group(24) == "15-24");
  CHECK(people::age_group(25) == "25-29");
  CHECK(people::age_group(29) == "25-29");
  CHECK(people::age_group(30) == "30+");
  CHECK(people::age_group(90) == "30+");
  CHECK(people::education_group("primary") == "primary_or_below");
  CHECK(people::education_group("secondary") == "secondary");
  for (auto l : {"associate", "bachelor", "master", "doctorate"})
    CHECK(people::education_group(l) == "associate_or_higher");
  CHECK(people::education_group("") == "not_given");
}

TEST_CASE("people: cells of 1 to 4 people are reported as <5", "[people]") {
  CHECK(people::reported_count(0) == 0);
  for (int n = 1; n <= 4; ++n) CHECK(people::reported_count(n) == "<5");
  CHECK(people::reported_count(5) == 5);
  CHECK(people::reported_count(1234) == 1234);

  auto cells = people::breakdown_cells({{"female", 7}, {"male", 3}, {"unexpected", 9}}, {"female", "male", "other"});
  REQUIRE(cells.size() == 3);
  CHECK(cells[0] == nlohmann::json{{"key", "female"}, {"count", 7}});
  CHECK(cells[1] == nlohmann::json{{"key", "male"}, {"count", "<5"}});
  CHECK(cells[2] == nlohmann::json{{"key", "other"}, {"count", 0}});
}

TEST_CASE("people: the city breakdown keeps the top cities and sums the rest", "[people]") {
  std::vector<std::pair<std::string, std::int64_t>> in = {
      {"", 6}, {"Ankara", 10}, {"Bursa", 2}, {"İzmir", 10}, {"Van", 3}};
  auto cells = people::city_cells(in, 2);
  REQUIRE(cells.size() == 4);
  CHECK(cells[0] == nlohmann::json{{"key", "city"}, {"name", "Ankara"}, {"count", 10}});  // ties by name
  CHECK(cells[1] == nlohmann::json{{"key", "city"}, {"name", "İzmir"}, {"count", 10}});
  CHECK(cells[2] == nlohmann::json{{"key", "other"}, {"count", 5}});  // Bursa 2 + Van 3: not small
  CHECK(cells[3] == nlohmann::json{{"key", "not_given"}, {"count", 6}});
  auto all = people::city_cells(in);
  CHECK(all.size() == 6);
  CHECK(all[2]["count"] == "<5");
  CHECK(all[4] == nlohmann::json{{"key", "other"}, {"count", 0}});
}

TEST_CASE("people: ISO times in UTC for the CSV", "[people]") {
  CHECK(people::iso_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(people::iso_utc(june_2030 + 3723) == "2030-06-15T01:02:03Z");
}
