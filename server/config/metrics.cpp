#include "server/config/metrics.hpp"

#include <cstdio>

namespace fuar::app {

namespace {
constexpr auto relaxed = std::memory_order_relaxed;

void line(std::string& out, const std::string& name, std::uint64_t v) {
  out += name;
  out += ' ';
  out += std::to_string(v);
  out += '\n';
}
void header(std::string& out, const std::string& name, const char* type, const std::string& help) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}
std::string fmt_double(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}
}  // namespace

void histogram::observe_us(std::int64_t us) {
  if (us < 0) us = 0;
  double s = double(us) / 1e6;
  std::size_t i = 0;
  while (i < bounds.size() && s > bounds[i]) ++i;
  buckets_[i].fetch_add(1, relaxed);
  count_.fetch_add(1, relaxed);
  sum_us_.fetch_add(std::uint64_t(us), relaxed);
}

void histogram::render(std::string& out, const std::string& name, const std::string& help) const {
  header(out, name, "histogram", help);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += buckets_[i].load(relaxed);
    line(out, name + "_bucket{le=\"" + fmt_double(bounds[i]) + "\"}", cumulative);
  }
  cumulative += buckets_[bounds.size()].load(relaxed);
  line(out, name + "_bucket{le=\"+Inf\"}", cumulative);
  out += name + "_sum " + fmt_double(double(sum_us_.load(relaxed)) / 1e6) + "\n";
  line(out, name + "_count", count_.load(relaxed));
}

const char* to_string(reject_reason r) {
  switch (r) {
    case reject_reason::unauthenticated: return "unauthenticated";
    case reject_reason::origin: return "origin";
    case reject_reason::node_full: return "node_full";
    case reject_reason::user_limit: return "user_limit";
    case reject_reason::timeout: return "timeout";
    case reject_reason::bad_request: return "bad_request";
    case reject_reason::count_: break;
  }
  return "unknown";
}

metrics::metrics(std::size_t shards) {
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<shard_counters>());
}

std::string metrics::render() const {
  std::string out;
  std::uint64_t in = 0, outm = 0, bin = 0, bout = 0;
  for (const auto& s : shards_) {
    in += s->messages_in.load(relaxed);
    outm += s->messages_out.load(relaxed);
    bin += s->bytes_in.load(relaxed);
    bout += s->bytes_out.load(relaxed);
  }
  header(out, "fuar_open_connections", "gauge", "Open WebSocket connections.");
  out += "fuar_open_connections " + std::to_string(open_connections.load(relaxed)) + "\n";
  header(out, "fuar_open_http_connections", "gauge", "Open HTTP connections (not upgraded).");
  out += "fuar_open_http_connections " + std::to_string(open_http_connections.load(relaxed)) + "\n";
  header(out, "fuar_http_connections_refused_total", "counter", "HTTP connections refused at http.max_connections.");
  line(out, "fuar_http_connections_refused_total", http_connections_refused.load(relaxed));
  header(out, "fuar_ws_upgrades_total", "counter", "Accepted WebSocket upgrades.");
  line(out, "fuar_ws_upgrades_total", ws_upgrades.load(relaxed));
  header(out, "fuar_handshake_rejected_total", "counter", "Refused WebSocket upgrades by reason.");
  for (std::size_t i = 0; i < rejected.size(); ++i)
    line(out, std::string("fuar_handshake_rejected_total{reason=\"") +
                  to_string(reject_reason(i)) + "\"}",
         rejected[i].load(relaxed));
  header(out, "fuar_messages_in_total", "counter", "WebSocket messages received.");
  line(out, "fuar_messages_in_total", in);
  header(out, "fuar_messages_out_total", "counter", "WebSocket messages sent (replies and pushes).");
  line(out, "fuar_messages_out_total", outm);
  header(out, "fuar_bytes_in_total", "counter", "WebSocket payload bytes received.");
  line(out, "fuar_bytes_in_total", bin);
  header(out, "fuar_bytes_out_total", "counter", "WebSocket payload bytes sent.");
  line(out, "fuar_bytes_out_total", bout);
  header(out, "fuar_slow_client_closes_total", "counter",
         "Connections closed because their outbound queue overflowed.");
  line(out, "fuar_slow_client_closes_total", slow_closes.load(relaxed));
  header(out, "fuar_http_requests_total", "counter", "HTTP requests served.");
  line(out, "fuar_http_requests_total", http_requests.load(relaxed));
  header(out, "fuar_visits_dropped_total", "counter",
         "Visits for the organiser's report not recorded because the node's pending set was full.");
  line(out, "fuar_visits_dropped_total", visits_dropped.load(relaxed));
  delivery_latency.render(out, "fuar_delivery_latency_seconds",
                          "Publish to frame queued on the subscriber connections.");
  store_latency.render(out, "fuar_store_latency_seconds", "Duration of one store call.");
  return out;
}

}  // namespace fuar::app
