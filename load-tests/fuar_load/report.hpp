#pragma once
// fuar::load::report — merges the workers' results into one run summary, prints the human
// table and builds the RESULT JSON line.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "load-tests/fuar_load/options.hpp"

namespace fuar::load {

// What the parent measured itself (times in seconds from the start of the run, RSS in KiB;
// -1 when not measured).
struct run_facts {
  std::string url;
  double ramp_s = 0;          // until every worker reported ready
  bool ramp_complete = true;  // false: --ramp-timeout expired first
  double window_s = 0;        // from "go" to "stop"
  double total_s = 0;
  long server_rss_before_kb = -1, server_rss_joined_kb = -1, server_rss_end_kb = -1;
  double server_cpu_s = -1;   // server CPU time between "go" and "stop"
  std::uint64_t viewers_joined = 0, publishers_joined = 0;  // at the start ("ready")
  double join_storm_s = -1;   // join-storm: until all joined (max over workers)
  bool join_storm_complete = true;
  double recovery_s = -1;     // reconnect-storm: from the drop until all recovered (max)
  bool recovery_complete = true;
  std::uint64_t dropped = 0;
  int workers_lost = 0;       // workers that died without a result
  std::string run_id;
};

// Merges the per-worker "result" objects and the run facts into the RESULT object, including
// "checks_failed" (empty when the run passed).
nlohmann::json summarise(const options& o, const run_facts& f, const std::vector<nlohmann::json>& results);
// The human table for a summary.
void print_table(std::ostream& out, const nlohmann::json& summary);

}  // namespace fuar::load
