#pragma once
// fuar::load::worker — one worker process of fuar-load: its share of the connections on one
// single-threaded io_context, driven through the phases of a scenario by the parent.
//
// Parent -> worker (control pipe, one word per line): "go", "drop", "stop", "finish".
// Worker -> parent (report pipe, "KIND {json}" per line):
//   ready      every client has joined or given up (join-storm: at once, nothing to do yet)
//   joined     join-storm: every client has joined or given up since "go"
//   recovered  reconnect-storm: every dropped viewer is back (or gave up) since "drop"
//   stopped    publishers stopped and their last acknowledgements are in (or 5 s passed)
//   result     the final counters and histograms; the worker then exits
// EOF on the control pipe (the parent died) ends the worker at once. An overall deadline
// (from the options) ends it too, so no worker outlives a run.
#include <cstdint>
#include <string>
#include <vector>

#include "load-tests/fuar_load/options.hpp"

namespace fuar::load {

// The share of one worker. Viewers are global indices [first_viewer, first_viewer + viewers);
// publishers are global publisher indices (0..M-1). Tokens: viewer v uses tokens[v],
// publisher k uses tokens[connections + k] (fuar only).
struct worker_plan {
  int index = 0;
  std::uint32_t first_viewer = 0;
  std::uint32_t viewers = 0;
  std::vector<std::uint32_t> publishers;
  std::int64_t fair_id = 1;
  std::vector<std::int64_t> booth_ids;  // the booths in use (at least one)
  std::int64_t topic_booth = 0;         // seminar / reconnect-storm: the booth publishers chat to
  std::string topic;                    // seminar / reconnect-storm: the viewers' topic
  std::string run_id;                   // unique per run: part of every chat nonce
  int max_connecting = 500;             // this worker's share
  double deadline_s = 600;              // the worker exits after this long, whatever happens
};

// Runs the worker until "finish" (or EOF/deadline). Returns the process exit code.
int run_worker(const options& o, const worker_plan& plan, const std::vector<std::string>& tokens,
               int control_fd, int report_fd);

}  // namespace fuar::load
