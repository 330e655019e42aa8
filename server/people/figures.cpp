// The "activity" section of the organiser's report (figures.hpp).
#include "server/people/figures.hpp"

#include <algorithm>
#include <numeric>

#include "server/cv/privacy.hpp"

namespace fuar::people {

using nlohmann::json;

std::optional<std::int64_t> median(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  auto mid = values.begin() + std::ptrdiff_t(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (values.size() % 2) return *mid;
  // The lower middle is the largest value before `mid` (nth_element left them unordered).
  auto lower = *std::max_element(values.begin(), mid);
  auto sum = lower + *mid;
  return sum >= 0 ? sum / 2 : (sum - 1) / 2;  // rounded down, also for negative sums
}

namespace {

json or_null(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json activity_json(const store::fair_figures& f) {
  auto per_day = json::array();
  for (const auto& [day, n] : f.visits.visitors_per_day) per_day.push_back({{"date", day}, {"count", n}});
  const auto& i = f.interviews;
  std::int64_t total_s = std::accumulate(i.durations_s.begin(), i.durations_s.end(), std::int64_t(0));
  return json{
      {"visits",
       {{"unique_visitors", f.visits.unique_visitors},
        {"fair_visits", f.visits.fair_visits},
        {"booth_visits", f.visits.booth_visits},
        {"booths_visited", f.visits.booths_visited},
        {"visitors_per_day", std::move(per_day)}}},
      {"booths", {{"total", f.booths.booths}, {"participating_firms", f.booths.participating_firms}}},
      {"chats",
       {{"public_messages", f.chats.public_messages},
        {"threads", f.chats.threads},
        {"thread_messages", f.chats.thread_messages}}},
      {"interviews",
       {{"held", i.held},
        {"one_to_one", i.one_to_one},
        {"group", i.group},
        {"by_source", {{"queue", i.from_queue}, {"slot", i.from_slot}, {"direct", i.direct}}},
        {"candidates", i.candidates},
        {"duration_s",
         {{"measured", std::int64_t(i.durations_s.size())}, {"total", total_s}, {"median", or_null(median(i.durations_s))}}},
        {"interviewed_by", cv::demographic_cells(i.candidate_buckets)}}},
      {"queues",
       {{"joined", f.queues.joined},
        {"called", f.queues.called},
        {"accepted", f.queues.accepted},
        {"declined", f.queues.declined},
        {"no_shows", f.queues.no_shows},
        {"median_wait_s", or_null(median(f.queues.waits_s))}}},
      {"slots",
       {{"published", f.slots.published},
        {"withdrawn", f.slots.withdrawn},
        {"booked", f.slots.booked},
        {"cancelled", f.slots.cancelled},
        {"no_shows", f.slots.no_shows}}},
  };
}

json activity_figures(store::store& st, std::int64_t fair_id) { return activity_json(st.figures().figures(fair_id)); }

}  // namespace fuar::people
