#include "load-tests/fuar_load/report.hpp"

#include <cmath>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>

#include "load-tests/fuar_load/histogram.hpp"

namespace fuar::load {

using json = nlohmann::json;

namespace {

double round_to(double v, int digits) {
  double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

void add_map(json& into, const json& from) {
  for (auto it = from.begin(); it != from.end(); ++it)
    into[it.key()] = into.value(it.key(), std::uint64_t(0)) + it.value().get<std::uint64_t>();
}

std::uint64_t sum_of(const std::vector<json>& rs, const char* key) {
  std::uint64_t n = 0;
  for (const auto& r : rs) n += r.value(key, std::uint64_t(0));
  return n;
}

}  // namespace

json summarise(const options& o, const run_facts& f, const std::vector<json>& rs) {
  json s;
  s["tool"] = "fuar-load";
  s["scenario"] = to_string(o.scen);
  s["target"] = to_string(o.target);
  s["url"] = f.url;
  if (!o.label.empty()) s["label"] = o.label;
  s["run_id"] = f.run_id;
  s["connections"] = o.connections;
  s["publishers"] = o.publishers;
  if (o.publishers > 0) {
    s["rate_per_publisher"] = o.rate;
    s["size"] = o.size;
  }
  s["duration_s"] = o.duration;
  s["workers"] = o.workers;
  s["cpu"] = o.cpu_text;
  s["source_ips"] = o.source_ips.size();
  if (o.scen == scenario::booth_chat) {
    s["churn"] = o.churn;
    s["churn_interval_s"] = o.churn_interval;
  }

  // Merge.
  histogram join, latency, ack, recovery, sw;
  json failures = json::object(), closes = json::object(), send_errors = json::object();
  std::map<std::uint64_t, std::uint64_t> expect, recv, ok;
  std::uint64_t sent = 0, acked = 0, errors = 0, unconfirmed = 0, skipped = 0, late = 0, pubs_joined_end = 0;
  double worker_cpu = 0, worker_window_cpu = 0;
  long client_rss = 0;
  for (const auto& r : rs) {
    const auto& h = r["hist"];
    join.merge(histogram::from_json(h["join"]));
    latency.merge(histogram::from_json(h["latency"]));
    ack.merge(histogram::from_json(h["ack"]));
    recovery.merge(histogram::from_json(h["recovery"]));
    sw.merge(histogram::from_json(h["switch"]));
    add_map(failures, r["failures"]);
    add_map(closes, r["closes"]);
    add_map(send_errors, r["send_errors"]);
    for (const auto& e : r["expect"]) expect[e[0].get<std::uint64_t>()] += e[1].get<std::uint64_t>();
    for (const auto& e : r["recv"]) recv[e[0].get<std::uint64_t>()] += e[1].get<std::uint64_t>();
    for (const auto& p : r["pubs"]) {
      ok[p["k"].get<std::uint64_t>()] += p["ok"].get<std::uint64_t>();
      sent += p["sent"].get<std::uint64_t>();
      acked += p["ok"].get<std::uint64_t>();
      errors += p["errors"].get<std::uint64_t>();
      unconfirmed += p["unconfirmed"].get<std::uint64_t>();
      skipped += p["skipped"].get<std::uint64_t>();
      late += p["late"].get<std::uint64_t>();
      pubs_joined_end += p["joined"].get<bool>() ? 1 : 0;
    }
    worker_cpu += r.value("cpu_s", 0.0);
    worker_window_cpu += r.value("window_cpu_s", 0.0);
    client_rss += r.value("rss_kb", 0L);
  }
  std::uint64_t lost = 0, extra = 0, expected_total = 0;
  for (const auto& [k, viewers] : expect) {
    std::uint64_t want = viewers * ok[k];
    std::uint64_t got = recv.count(k) ? recv[k] : 0;
    expected_total += want;
    if (got < want) lost += want - got;
    else extra += got - want;
  }

  std::uint64_t viewers_joined = f.viewers_joined;
  s["joined"] = viewers_joined;
  s["publishers_joined"] = f.publishers_joined;
  s["ramp_s"] = round_to(f.ramp_s, 3);
  s["failed"] = sum_of(rs, "failed");
  s["failures"] = failures;
  s["closes"] = closes;
  s["reconnects"] = sum_of(rs, "reconnects");
  s["join_ms"] = join.summary_ms();
  s["joined_at_end"] = sum_of(rs, "joined_end");

  if (o.scen == scenario::join_storm) {
    s["time_to_all_joined_ms"] = round_to(f.join_storm_s * 1000, 1);
    s["all_joined"] = f.join_storm_complete;
    std::uint64_t joined_total = join.count();
    s["joined"] = joined_total;
    s["joins_per_s"] = f.join_storm_s > 0 ? round_to(double(joined_total) / f.join_storm_s, 1) : 0.0;
  }
  if (o.publishers > 0) {
    s["sent"] = sent;
    s["acked"] = acked;
    s["send_errors"] = send_errors;
    s["unconfirmed"] = unconfirmed;
    s["skipped"] = skipped;
    s["late"] = late;
    s["ack_ms"] = ack.summary_ms();
    std::uint64_t window_deliveries = sum_of(rs, "window_deliveries");
    s["deliveries"] = sum_of(rs, "deliveries");
    s["deliveries_per_s"] = f.window_s > 0 ? round_to(double(window_deliveries) / f.window_s, 1) : 0.0;
    s["accounted_viewers"] = sum_of(rs, "accounted");
    if (o.scen == scenario::seminar || o.scen == scenario::reconnect_storm || o.target == target_kind::raw)
      s["expected_deliveries_per_s"] = round_to(double(sum_of(rs, "accounted")) * o.publishers * o.rate, 1);
    s["expected_deliveries"] = expected_total;
    s["latency_ms"] = latency.summary_ms();
    s["lost"] = lost;
    s["duplicated"] = sum_of(rs, "dups");
    s["unaccounted_extra"] = extra;
    s["replayed"] = sum_of(rs, "replayed");
  }
  if (o.target == target_kind::fuar) {
    s["presence_pushes"] = sum_of(rs, "presence");
    s["offset_gaps"] = sum_of(rs, "offset_gaps");
    s["offset_repeats"] = sum_of(rs, "offset_repeats");
    s["recovered_false"] = sum_of(rs, "recovered_false");
  }
  if (o.scen == scenario::reconnect_storm) {
    s["dropped"] = f.dropped;
    s["time_to_all_recovered_ms"] = round_to(f.recovery_s * 1000, 1);
    s["all_recovered"] = f.recovery_complete;
    s["recovery_ms"] = recovery.summary_ms();
  }
  if (o.scen == scenario::booth_chat) {
    s["switches"] = sum_of(rs, "switches");
    s["switch_failures"] = sum_of(rs, "switch_failures");
    s["switch_ms"] = sw.summary_ms();
  }
  s["frames_in"] = sum_of(rs, "frames_in");
  s["bytes_in"] = sum_of(rs, "bytes_in");
  s["unparsed"] = sum_of(rs, "unparsed");

  json server = json::object();
  std::uint64_t conns = viewers_joined + f.publishers_joined;
  if (f.server_rss_before_kb > 0) {
    server["rss_before_kb"] = f.server_rss_before_kb;
    server["rss_joined_kb"] = f.server_rss_joined_kb;
    if (f.server_rss_end_kb > 0) server["rss_end_kb"] = f.server_rss_end_kb;
    if (conns > 0 && f.server_rss_joined_kb > 0)
      server["rss_per_connection_bytes"] =
          round_to(double(f.server_rss_joined_kb - f.server_rss_before_kb) * 1024.0 / double(conns), 0);
    if (conns > 0 && f.server_rss_end_kb > 0)
      server["rss_per_connection_end_bytes"] =
          round_to(double(f.server_rss_end_kb - f.server_rss_before_kb) * 1024.0 / double(conns), 0);
  }
  if (f.server_cpu_s >= 0 && f.window_s > 0) server["cpu_pct"] = round_to(100.0 * f.server_cpu_s / f.window_s, 1);
  s["server"] = server;
  // The generator's CPU in the run window, as a share of one core: near 100 % per core it
  // pins, the generator (not the server) may be what limits the figures.
  s["generator"] = {{"cpu_s", round_to(worker_cpu, 2)},
                    {"cpu_pct", f.window_s > 0 ? round_to(100.0 * worker_window_cpu / f.window_s, 1) : 0.0},
                    {"rss_kb", client_rss},
                    {"workers_lost", f.workers_lost}};
  s["window_s"] = round_to(f.window_s, 3);
  s["total_s"] = round_to(f.total_s, 3);

  // Checks: what must hold for the run to count.
  json checks = json::array();
  if (f.workers_lost > 0) checks.push_back("a worker died");
  if (!f.ramp_complete) checks.push_back("not every client joined before --ramp-timeout");
  if (o.scen != scenario::join_storm && viewers_joined < std::uint64_t(o.connections))
    checks.push_back("viewers joined " + std::to_string(viewers_joined) + " of " + std::to_string(o.connections));
  if (o.scen == scenario::join_storm && (!f.join_storm_complete || join.count() < std::uint64_t(o.connections)))
    checks.push_back("join-storm: " + std::to_string(join.count()) + " of " + std::to_string(o.connections) + " joined");
  if (o.publishers > 0) {
    if (s["duplicated"].get<std::uint64_t>() > 0) checks.push_back("duplicated messages");
    // The raw and Socket.IO peers have no recovery: losses across a reconnect are their result,
    // not a failed run. fuar must lose nothing.
    if (o.target == target_kind::fuar && lost > 0) checks.push_back("lost messages");
    if (o.target == target_kind::fuar && errors > 0) checks.push_back("publish errors");
  }
  if (o.scen == scenario::reconnect_storm && !f.recovery_complete) checks.push_back("not every viewer recovered");
  if (o.scen == scenario::reconnect_storm && o.target == target_kind::fuar && s["recovered_false"].get<std::uint64_t>() > 0)
    checks.push_back("recovered:false after the drop");
  s["checks_failed"] = checks;
  s["ok"] = checks.empty();
  return s;
}

namespace {

std::string fmt(double v, int digits = 1) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(digits) << v;
  return o.str();
}

std::string ms_line(const json& h) {
  if (h.value("count", 0) == 0) return "-";
  return "p50 " + fmt(h["p50"].get<double>(), 2) + "  p90 " + fmt(h["p90"].get<double>(), 2) + "  p99 " +
         fmt(h["p99"].get<double>(), 2) + "  p99.9 " + fmt(h["p999"].get<double>(), 2) + "  max " +
         fmt(h["max"].get<double>(), 2) + "  (n=" + std::to_string(h["count"].get<std::uint64_t>()) + ")";
}

std::string map_line(const json& m) {
  if (m.empty()) return "none";
  std::string s;
  for (auto it = m.begin(); it != m.end(); ++it) s += (s.empty() ? "" : ", ") + it.key() + "=" + it.value().dump();
  return s;
}

}  // namespace

void print_table(std::ostream& out, const json& s) {
  auto row = [&](const std::string& k, const std::string& v) { out << "  " << std::left << std::setw(22) << k << v << "\n"; };
  out << "fuar-load " << s["scenario"].get<std::string>() << " -> " << s["target"].get<std::string>() << " "
      << s["url"].get<std::string>() << "\n";
  row("workers / cpu", std::to_string(s["workers"].get<int>()) + " / " +
                           (s["cpu"].get<std::string>().empty() ? "any" : s["cpu"].get<std::string>()) +
                           ", source addresses " + std::to_string(s["source_ips"].get<std::size_t>()));
  row("connections", std::to_string(s["connections"].get<int>()) + " viewers + " +
                         std::to_string(s["publishers"].get<int>()) + " publishers; joined " +
                         s["joined"].dump() + " + " + s["publishers_joined"].dump() + " (ramp " +
                         fmt(s["ramp_s"].get<double>(), 2) + " s)");
  row("join latency ms", ms_line(s["join_ms"]));
  row("failed attempts", map_line(s["failures"]) + "; gave up " + s["failed"].dump());
  row("closes by server", map_line(s["closes"]) + "; reconnects " + s["reconnects"].dump());
  if (s.contains("joins_per_s"))
    row("join-storm", s["joined"].dump() + " joined in " + fmt(s["time_to_all_joined_ms"].get<double>(), 0) +
                          " ms = " + fmt(s["joins_per_s"].get<double>(), 0) + " joins/s" +
                          (s["all_joined"].get<bool>() ? "" : " (INCOMPLETE)"));
  if (s.contains("sent")) {
    row("published", s["sent"].dump() + " sent, " + s["acked"].dump() + " acked, errors " +
                         map_line(s["send_errors"]) + ", unconfirmed " + s["unconfirmed"].dump() + ", skipped " +
                         s["skipped"].dump() + ", late " + s["late"].dump());
    row("ack ms", ms_line(s["ack_ms"]));
    std::string d = s["deliveries"].dump() + " (" + fmt(s["deliveries_per_s"].get<double>(), 0) + "/s";
    if (s.contains("expected_deliveries_per_s")) d += ", expected " + fmt(s["expected_deliveries_per_s"].get<double>(), 0) + "/s";
    d += "), replayed " + s["replayed"].dump();
    row("deliveries", d);
    row("latency ms", ms_line(s["latency_ms"]));
    row("lost / duplicated", s["lost"].dump() + " / " + s["duplicated"].dump() + "  (of " +
                                 s["expected_deliveries"].dump() + " expected)");
  }
  if (s.contains("time_to_all_recovered_ms"))
    row("reconnect-storm", s["dropped"].dump() + " dropped, all back in " +
                               fmt(s["time_to_all_recovered_ms"].get<double>(), 0) + " ms" +
                               (s["all_recovered"].get<bool>() ? "" : " (INCOMPLETE)") + "; recovered:false " +
                               s.value("recovered_false", json(0)).dump());
  if (s.contains("recovery_ms")) row("recovery ms", ms_line(s["recovery_ms"]));
  if (s.contains("switches"))
    row("booth hops", s["switches"].dump() + " (failed " + s["switch_failures"].dump() + "), " + ms_line(s["switch_ms"]));
  if (s.contains("presence_pushes"))
    row("fuar checks", "presence pushes " + s["presence_pushes"].dump() + ", offset gaps " + s["offset_gaps"].dump() +
                           ", offset repeats " + s["offset_repeats"].dump());
  const auto& sv = s["server"];
  if (sv.contains("rss_before_kb")) {
    std::string r = fmt(sv["rss_before_kb"].get<double>() / 1024.0) + " MiB -> " +
                    fmt(sv["rss_joined_kb"].get<double>() / 1024.0) + " MiB joined";
    if (sv.contains("rss_end_kb")) r += " -> " + fmt(sv["rss_end_kb"].get<double>() / 1024.0) + " MiB end";
    if (sv.contains("rss_per_connection_bytes"))
      r += "; " + fmt(sv["rss_per_connection_bytes"].get<double>() / 1024.0, 2) + " KiB per connection";
    row("server RSS", r);
  }
  if (sv.contains("cpu_pct")) row("server CPU", fmt(sv["cpu_pct"].get<double>()) + " % of one core (run window)");
  const auto& g = s["generator"];
  row("generator", "CPU " + fmt(g["cpu_pct"].get<double>()) + " % of one core (run window), RSS " +
                       fmt(g["rss_kb"].get<double>() / 1024.0) + " MiB");
  row("window / total", fmt(s["window_s"].get<double>(), 2) + " s / " + fmt(s["total_s"].get<double>(), 2) + " s");
  row("result", s["ok"].get<bool>() ? std::string("ok") : "CHECKS FAILED: " + s["checks_failed"].dump());
}

}  // namespace fuar::load
