#include "load-tests/fuar_load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fuar::load {

// Buckets 0..127 hold 0..127 exactly. Above, with m the position of the highest set bit
// (m >= 7) and shift = m - 6, v >> shift lies in [64, 128): bucket 128 + (shift - 1) * 64 +
// (v >> shift) - 64 covers the 2^shift values sharing that prefix.
std::size_t histogram::index_of(std::uint64_t v) {
  if (v < 128) return std::size_t(v);
  int shift = int(std::bit_width(v)) - 1 - 6;
  return 128 + std::size_t(shift - 1) * 64 + std::size_t((v >> shift) - 64);
}

std::uint64_t histogram::upper_of(std::size_t index) {
  if (index < 128) return index;
  int shift = int((index - 128) / 64) + 1;
  std::uint64_t sub = (index - 128) % 64 + 64;
  return ((sub + 1) << shift) - 1;
}

void histogram::record(std::uint64_t v) {
  v = std::min(v, top_value);
  std::size_t i = index_of(v);
  if (i >= buckets_.size()) buckets_.resize(std::max(i + 1, std::size_t(512)));
  ++buckets_[i];
  if (count_ == 0 || v < min_) min_ = v;
  max_ = std::max(max_, v);
  sum_ += v;
  ++count_;
}

void histogram::merge(const histogram& other) {
  if (other.count_ == 0) return;
  if (other.buckets_.size() > buckets_.size()) buckets_.resize(other.buckets_.size());
  for (std::size_t i = 0; i < other.buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
  count_ += other.count_;
}

std::uint64_t histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  if (p >= 100.0) return max_;
  auto rank = std::uint64_t(std::ceil(p / 100.0 * double(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(upper_of(i), max_);
  }
  return max_;
}

nlohmann::json histogram::to_json() const {
  auto b = nlohmann::json::array();
  for (std::size_t i = 0; i < buckets_.size(); ++i)
    if (buckets_[i]) b.push_back({i, buckets_[i]});
  return {{"n", count_}, {"min", min()}, {"max", max_}, {"sum", sum_}, {"b", std::move(b)}};
}

histogram histogram::from_json(const nlohmann::json& j) {
  histogram h;
  h.count_ = j.value("n", std::uint64_t(0));
  h.min_ = j.value("min", std::uint64_t(0));
  h.max_ = j.value("max", std::uint64_t(0));
  h.sum_ = j.value("sum", std::uint64_t(0));
  for (const auto& pair : j.value("b", nlohmann::json::array())) {
    auto i = pair.at(0).get<std::size_t>();
    if (i > index_of(top_value)) continue;  // not ours: ignore rather than allocate
    if (i >= h.buckets_.size()) h.buckets_.resize(i + 1);
    h.buckets_[i] += pair.at(1).get<std::uint64_t>();
  }
  return h;
}

nlohmann::json histogram::summary_ms() const {
  auto ms = [](std::uint64_t us) { return std::round(double(us)) / 1000.0; };
  return {{"count", count_},         {"p50", ms(percentile(50))},   {"p90", ms(percentile(90))},
          {"p99", ms(percentile(99))}, {"p999", ms(percentile(99.9))}, {"max", ms(max_)},
          {"mean", std::round(mean()) / 1000.0}};
}

}  // namespace fuar::load
