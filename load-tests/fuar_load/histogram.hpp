#pragma once
// fuar::load::histogram — a log-linear histogram of non-negative integers (HdrHistogram-like).
//
// Values below 128 have a bucket each; above, every power-of-two range is split into 64 equal
// buckets, so a reported percentile is within 1/64 (1.6 %) of the true value. Values above
// 2^40 are counted in the top bucket. Recording is O(1) with no allocation after the first
// value; merging adds bucket counts, so workers' histograms combine exactly.
// Not thread-safe (one per worker process).
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace fuar::load {

class histogram {
public:
  void record(std::uint64_t v);
  void merge(const histogram& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }
  double mean() const { return count_ ? double(sum_) / double(count_) : 0.0; }
  // The value at or below which `p` percent of the recorded values lie (0 < p <= 100),
  // reported as the upper edge of its bucket and never above max(). 0 when empty.
  std::uint64_t percentile(double p) const;

  // {"n", "min", "max", "sum", "b": [[bucket, count], ...]} with only non-empty buckets.
  nlohmann::json to_json() const;
  static histogram from_json(const nlohmann::json& j);

  // Summary in milliseconds for values recorded in microseconds:
  // {"count", "p50", "p90", "p99", "p999", "max", "mean"}.
  nlohmann::json summary_ms() const;

private:
  static constexpr std::uint64_t top_value = std::uint64_t(1) << 40;
  static std::size_t index_of(std::uint64_t v);
  static std::uint64_t upper_of(std::size_t index);

  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace fuar::load
