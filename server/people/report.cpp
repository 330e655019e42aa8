// The organiser's report of a fair (report.hpp).
#include "server/people/report.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "server/people/rules.hpp"

namespace fuar::people {

using counts = std::vector<std::pair<std::string, std::int64_t>>;

nlohmann::json breakdown_cells(const counts& in, std::initializer_list<const char*> keys) {
  std::map<std::string, std::int64_t> by_key(in.begin(), in.end());
  auto out = nlohmann::json::array();
  for (const char* k : keys) {
    auto it = by_key.find(k);
    out.push_back({{"key", k}, {"count", reported_count(it == by_key.end() ? 0 : it->second)}});
  }
  return out;
}

nlohmann::json city_cells(const counts& in, std::size_t top) {
  counts named;
  std::int64_t not_given = 0;
  for (const auto& [city, n] : in) {
    if (city.empty())
      not_given += n;
    else
      named.emplace_back(city, n);
  }
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  auto out = nlohmann::json::array();
  std::int64_t other = 0;
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (i < top)
      out.push_back({{"key", "city"}, {"name", named[i].first}, {"count", reported_count(named[i].second)}});
    else
      other += named[i].second;
  }
  out.push_back({{"key", "other"}, {"count", reported_count(other)}});
  out.push_back({{"key", "not_given"}, {"count", reported_count(not_given)}});
  return out;
}

namespace {

// Regroups raw keys into report buckets, summing counts.
template <class F>
counts regroup(const counts& in, F bucket) {
  std::map<std::string, std::int64_t> sums;
  for (const auto& [k, n] : in) sums[bucket(k)] += n;
  return {sums.begin(), sums.end()};
}

nlohmann::json breakdowns(store::people_store& ps, const store::fair& f) {
  using store::breakdown;
  auto gender = regroup(ps.registration_breakdown(f.id, breakdown::gender),
                        [](const std::string& k) { return k.empty() ? std::string("not_given") : k; });
  auto age = regroup(ps.registration_breakdown(f.id, breakdown::birth_year), [&](const std::string& k) {
    return age_group(k.empty() ? std::nullopt : std::optional<std::int64_t>(age_at_fair(f, std::stoll(k))));
  });
  auto disability = regroup(ps.registration_breakdown(f.id, breakdown::disability), [](const std::string& k) {
    return k == "1" ? std::string("yes") : k == "0" ? std::string("no") : std::string("not_given");
  });
  auto education = regroup(ps.registration_breakdown(f.id, breakdown::education), education_group);
  return {
      {"gender", breakdown_cells(gender, {"female", "male", "other", "not_given"})},
      {"age_group", breakdown_cells(age, {"under_15", "15-24", "25-29", "30+", "not_given"})},
      {"disability", breakdown_cells(disability, {"yes", "no", "not_given"})},
      {"education", breakdown_cells(education, {"primary_or_below", "secondary", "associate_or_higher", "not_given"})},
      {"city", city_cells(ps.registration_breakdown(f.id, breakdown::city))},
  };
}

// Per day (UTC): counts of registrations carry no personal attribute, so they are not suppressed.
nlohmann::json per_day(store::people_store& ps, std::int64_t fair_id) {
  auto out = nlohmann::json::array();
  for (const auto& [day, n] : ps.registration_breakdown(fair_id, store::breakdown::day))
    out.push_back({{"date", day}, {"count", n}});
  return out;
}

}  // namespace

nlohmann::json build_report(store::store& st, std::int64_t fair_id) {
  auto f = st.fairs().find_fair(fair_id);
  if (!f) throw std::out_of_range("build_report: no such fair");
  auto& ps = st.people();
  return {
      {"fair_id", fair_id},
      {"small_cells", {{"limit", small_cell_limit}, {"marker", small_cell_marker}}},
      {"registered", ps.registration_count(fair_id)},
      {"breakdowns", breakdowns(ps, *f)},
      {"registrations_per_day", per_day(ps, fair_id)},
  };
}

}  // namespace fuar::people
