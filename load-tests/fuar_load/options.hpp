#pragma once
// fuar::load::options — the command line of fuar-load and its per-scenario defaults.
#include <cstdint>
#include <string>
#include <vector>

#include "load-tests/fuar_load/client.hpp"

namespace fuar::load {

enum class scenario { idle, seminar, booth_chat, join_storm, reconnect_storm };

std::string_view to_string(scenario s);
std::string_view to_string(target_kind t);

struct options {
  scenario scen = scenario::idle;
  target_kind target = target_kind::fuar;
  // Server endpoints; client i connects to targets[i mod count] (several fuar nodes). The
  // first one is also in host/port.
  struct endpoint {
    std::string host;
    int port = 0;
  };
  std::vector<endpoint> targets;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string path;    // default per target
  std::string origin;  // default http://HOST:PORT of each endpoint
  auth_mode auth = auth_mode::bearer;

  int connections = 0;   // viewers / clients (default per scenario)
  int publishers = -1;   // -1: default per scenario
  double rate = -1;      // messages per second per publisher; -1: default per scenario
  int size = 0;          // payload characters (0: just the timestamp fields)
  double duration = -1;  // seconds; -1: default per scenario
  int workers = 1;
  std::vector<int> cpus;
  std::string cpu_text;
  std::vector<std::uint32_t> source_ips;  // host byte order; empty: the kernel picks
  std::string source_ips_text;
  std::string tokens_file;
  std::vector<long> server_pids;  // RSS and CPU are summed over these
  std::string topic;      // seminar / reconnect-storm topic (fuar: booth:ID)
  int booths = 0;         // booths to spread over (0: all in the tokens file, or 4)
  std::int64_t fair_id = 0;  // 0: from the tokens file, or 1

  int max_connecting = 500;  // connection attempts in progress at once, over all workers
  double join_timeout = 15;  // seconds per attempt, from TCP connect to joined
  int retries = 3;           // further attempts after a failed one
  double ramp_timeout = 120; // seconds for every client to join before the run starts anyway
  double settle = -1;        // seconds between "all joined" and the start; -1: per scenario
  double grace = 2;          // seconds after the last publish for deliveries to arrive
  double drop_after = -1;    // reconnect-storm: seconds after the start; -1: duration / 3
  bool drop_rst = false;     // reconnect-storm: cut with RST instead of FIN
  double churn = 0.2;        // booth-chat: fraction of clients that hop between booths
  double churn_interval = 5; // booth-chat: seconds between two hops of one client
  bool quiet = false;        // print only the RESULT line
  std::string label;         // free text copied into the JSON
};

// Parses argv (argv[1] is the scenario). Throws std::invalid_argument with a message naming
// the option. Fills per-scenario defaults and checks the combination.
options parse_options(int argc, char** argv);
void print_usage(std::ostream& out);

}  // namespace fuar::load
