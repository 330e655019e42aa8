#pragma once
// Counters for /metrics (Prometheus text format 0.0.4). Hot counters (messages and bytes) are
// kept per shard, each shard on its own cache line, so shard threads never contend; the
// scrape sums them. Everything is a relaxed atomic: a scrape may see a counter a few
// increments behind, never a torn value.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fuar::app {

class histogram {
public:
  // Upper bounds in seconds; values are observed in microseconds.
  static constexpr std::array<double, 13> bounds{0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                 0.025,  0.05,   0.1,   0.25,   0.5,   1.0, 2.5};
  void observe_us(std::int64_t us);
  void render(std::string& out, const std::string& name, const std::string& help) const;

private:
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};  // last: +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_us_{0};
};

struct alignas(64) shard_counters {
  std::atomic<std::uint64_t> messages_in{0};
  std::atomic<std::uint64_t> messages_out{0};  // messages, not frames (a frame may carry several)
  std::atomic<std::uint64_t> bytes_in{0};
  std::atomic<std::uint64_t> bytes_out{0};
};

enum class reject_reason { unauthenticated, origin, node_full, user_limit, timeout, bad_request, count_ };
const char* to_string(reject_reason r);

class metrics {
public:
  explicit metrics(std::size_t shards);

  shard_counters& shard(std::size_t i) { return *shards_[i]; }

  std::atomic<std::int64_t> open_connections{0};
  std::atomic<std::int64_t> open_http_connections{0};
  std::atomic<std::uint64_t> http_connections_refused{0};
  std::atomic<std::uint64_t> ws_upgrades{0};
  std::atomic<std::uint64_t> slow_closes{0};
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> visits_dropped{0};  // report visits not noted: the pending set was full
  std::array<std::atomic<std::uint64_t>, std::size_t(reject_reason::count_)> rejected{};
  histogram delivery_latency;  // broker publish -> frame queued on each connection of a shard
  histogram store_latency;     // one store call on the blocking pool

  void reject(reject_reason r) { rejected[std::size_t(r)].fetch_add(1, std::memory_order_relaxed); }
  std::string render() const;

private:
  std::vector<std::unique_ptr<shard_counters>> shards_;
};

}  // namespace fuar::app
