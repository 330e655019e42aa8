// Visits seen on this node and not yet stored (visits.hpp).
#include "server/people/visits.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace fuar::people {

std::int32_t utc_day_number(std::int64_t unix_s) {
  // Floor division, so a time before 1970 lands on the day it belongs to.
  auto d = unix_s / 86400;
  if (unix_s % 86400 < 0) --d;
  return std::int32_t(d);
}

std::string utc_day(std::int64_t unix_s) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{utc_day_number(unix_s)}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return buf;
}

std::size_t visit_buffer::key_hash::operator()(const key& k) const noexcept {
  // splitmix64-style mixing of the three numbers; the place kind flips the top bit.
  auto mix = [](std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  std::uint64_t h = mix(std::uint64_t(k.id) ^ (k.booth ? 0x8000000000000000ULL : 0));
  h = mix(h ^ std::uint64_t(k.user_id));
  h = mix(h ^ std::uint64_t(std::uint32_t(k.day)));
  return std::size_t(h);
}

bool visit_buffer::insert_locked(const key& k, std::int64_t at) {
  if (auto it = pending_.find(k); it != pending_.end()) {
    if (at < it->second) it->second = at;
    return true;
  }
  if (pending_.size() >= max_pending_) return false;
  pending_.emplace(k, at);
  return true;
}

visit_buffer::key visit_buffer::key_of(const store::visit_mark& m) {
  return key{m.booth_id ? m.booth_id : m.fair_id, m.user_id, utc_day_number(m.at), m.booth_id != 0};
}

std::uint64_t visit_buffer::packed(const key& k) {
  if (k.id <= 0 || k.id >= (std::int64_t(1) << 31) || k.user_id <= 0 || k.user_id >= (std::int64_t(1) << 32)) return 0;
  return (std::uint64_t(k.booth) << 63) | (std::uint64_t(k.id) << 32) | std::uint64_t(k.user_id);
}

bool visit_buffer::recorded_locked(const key& k) const {
  if (k.day != recorded_day_) return false;
  auto p = packed(k);
  return p != 0 && std::binary_search(recorded_.begin(), recorded_.end(), p);
}

bool visit_buffer::add(place p, std::int64_t id, std::int64_t user_id, std::int64_t unix_s) {
  key k{id, user_id, utc_day_number(unix_s), p == place::booth};
  bool ok;
  {
    std::lock_guard lock(mutex_);
    if (recorded_locked(k)) return true;  // stored earlier today: nothing to do
    ok = insert_locked(k, unix_s);
  }
  if (!ok) dropped_.fetch_add(1, std::memory_order_relaxed);
  return ok;
}

std::vector<store::visit_mark> visit_buffer::take() {
  std::unordered_map<key, std::int64_t, key_hash> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  // Formatting happens outside the lock: the subscribe path never waits for it.
  std::vector<store::visit_mark> out;
  out.reserve(taken.size());
  for (const auto& [k, at] : taken) {
    store::visit_mark m;
    (k.booth ? m.booth_id : m.fair_id) = k.id;
    m.user_id = k.user_id;
    m.day = utc_day(at);
    m.at = at;
    out.push_back(std::move(m));
  }
  return out;
}

void visit_buffer::restore(const std::vector<store::visit_mark>& marks) {
  std::size_t lost = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& m : marks)
      if (!insert_locked(key_of(m), m.at)) ++lost;
  }
  if (lost) dropped_.fetch_add(lost, std::memory_order_relaxed);
}

void visit_buffer::mark_recorded(const std::vector<store::visit_mark>& marks) {
  std::vector<std::pair<std::int32_t, std::uint64_t>> keys;  // (day, packed)
  keys.reserve(marks.size());
  for (const auto& m : marks) {
    auto k = key_of(m);
    if (auto p = packed(k)) keys.emplace_back(k.day, p);
  }
  if (keys.empty()) return;
  std::lock_guard lock(mutex_);
  std::int32_t newest = recorded_day_;
  for (const auto& [day, p] : keys) newest = std::max(newest, day);
  if (newest > recorded_day_) {  // a new day: yesterday's visits cannot repeat
    recorded_.clear();
    recorded_day_ = newest;
  }
  std::vector<std::uint64_t> add;
  add.reserve(keys.size());
  for (const auto& [day, p] : keys)
    if (day == recorded_day_) add.push_back(p);
  std::sort(add.begin(), add.end());
  if (recorded_.size() + add.size() > max_pending_) recorded_.clear();  // start over
  auto middle = recorded_.size();
  recorded_.insert(recorded_.end(), add.begin(), add.end());
  std::inplace_merge(recorded_.begin(), recorded_.begin() + std::ptrdiff_t(middle), recorded_.end());
  recorded_.erase(std::unique(recorded_.begin(), recorded_.end()), recorded_.end());
}

std::size_t visit_buffer::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

}  // namespace fuar::people
