// fuar-load: the load generator of fuar (load-tests/README.md). The parent process parses
// the options, forks the workers (worker.hpp), walks them through the phases of the scenario
// over pipes, and merges their results into a table and one "RESULT {json}" line.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "load-tests/fuar_load/options.hpp"
#include "load-tests/fuar_load/report.hpp"
#include "load-tests/fuar_load/sys.hpp"
#include "load-tests/fuar_load/worker.hpp"

namespace fuar::load {
namespace {

using json = nlohmann::json;
constexpr std::int64_t s_ns = 1'000'000'000;

// The tokens file of `fuar admin provision-load`: "# fair_id=F", "# booth_ids=1,2", tokens.
struct tokens_file {
  std::int64_t fair_id = 0;
  std::vector<std::int64_t> booth_ids;
  std::vector<std::string> tokens;
};

tokens_file read_tokens(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read tokens file " + path);
  tokens_file t;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string key = line.substr(1, eq - 1);
      key.erase(0, key.find_first_not_of(' '));
      std::string value = line.substr(eq + 1);
      if (key == "fair_id") t.fair_id = std::stoll(value);
      if (key == "booth_ids") {
        std::stringstream ss(value);
        std::string id;
        while (std::getline(ss, id, ','))
          if (!id.empty()) t.booth_ids.push_back(std::stoll(id));
      }
      continue;
    }
    t.tokens.push_back(line);
  }
  return t;
}

struct worker_proc {
  pid_t pid = -1;
  int control_fd = -1;
  int report_fd = -1;
  std::string buf;
  bool alive = true;
  bool ready = false, joined = false, recovered = false, stopped = false, has_result = false;
  json ready_info, joined_info, recovered_info, result;
};

class coordinator {
public:
  explicit coordinator(std::vector<worker_proc>& w) : w_(w) {}

  // Reads worker reports until `done()` holds or `deadline` (mono ns) passes. Returns done().
  bool pump_until(const std::function<bool()>& done, std::int64_t deadline) {
    for (;;) {
      if (done()) return true;
      auto now = mono_ns();
      if (now >= deadline) return false;
      std::vector<pollfd> fds;
      std::vector<std::size_t> which;
      for (std::size_t i = 0; i < w_.size(); ++i)
        if (w_[i].alive) {
          fds.push_back({w_[i].report_fd, POLLIN, 0});
          which.push_back(i);
        }
      int timeout_ms = int(std::min<std::int64_t>(100, (deadline - now) / 1'000'000 + 1));
      if (fds.empty()) {
        ::usleep(useconds_t(timeout_ms) * 1000);
        continue;
      }
      int n = ::poll(fds.data(), fds.size(), timeout_ms);
      if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
      for (std::size_t j = 0; n > 0 && j < fds.size(); ++j)
        if (fds[j].revents) read_from(w_[which[j]]);
    }
  }

  // Waits, still reading reports, until `deadline`.
  void sleep_until(std::int64_t deadline) { pump_until([] { return false; }, deadline); }

  bool all(bool worker_proc::*flag) const {
    for (const auto& w : w_)
      if (w.alive && !(w.*flag)) return false;
    return true;
  }

  void broadcast(const char* cmd) {
    std::string line = std::string(cmd) + "\n";
    for (auto& w : w_) {
      if (!w.alive) continue;
      // A worker that died has closed its end: ignore EPIPE (SIGPIPE is ignored).
      [[maybe_unused]] auto n = ::write(w.control_fd, line.data(), line.size());
    }
  }

private:
  void read_from(worker_proc& w) {
    char buf[65536];
    auto n = ::read(w.report_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) return;
    if (n <= 0) {
      w.alive = false;
      ::close(w.report_fd);
      return;
    }
    w.buf.append(buf, std::size_t(n));
    for (auto nl = w.buf.find('\n'); nl != std::string::npos; nl = w.buf.find('\n')) {
      std::string line = w.buf.substr(0, nl);
      w.buf.erase(0, nl + 1);
      auto sp = line.find(' ');
      std::string kind = line.substr(0, sp);
      json j = sp == std::string::npos ? json::object() : json::parse(line.substr(sp + 1), nullptr, false);
      if (j.is_discarded()) {
        std::cerr << "fuar-load: unreadable report from a worker: " << line.substr(0, 200) << "\n";
        continue;
      }
      if (kind == "ready") w.ready = true, w.ready_info = j;
      else if (kind == "joined") w.joined = true, w.joined_info = j;
      else if (kind == "recovered") w.recovered = true, w.recovered_info = j;
      else if (kind == "stopped") w.stopped = true;
      else if (kind == "result") w.has_result = true, w.result = j;
    }
  }

  std::vector<worker_proc>& w_;
};

std::string random_run_id() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}

int run(int argc, char** argv) {
  options o;
  try {
    o = parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "fuar-load: " << e.what() << "\n\n";
    print_usage(std::cerr);
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  const long nofile = raise_file_limit();

  // Fair, booths, topic and tokens.
  tokens_file tf;
  if (!o.tokens_file.empty()) tf = read_tokens(o.tokens_file);
  std::int64_t fair_id = o.fair_id ? o.fair_id : (tf.fair_id ? tf.fair_id : 1);
  std::vector<std::int64_t> booths = tf.booth_ids;
  if (booths.empty()) {
    if (o.target == target_kind::fuar) throw std::runtime_error("the tokens file names no booths (# booth_ids=...)");
    for (int i = 1; i <= (o.booths ? o.booths : 4); ++i) booths.push_back(i);
  }
  if (o.booths > 0) {
    if (std::size_t(o.booths) > booths.size())
      throw std::runtime_error("--booths " + std::to_string(o.booths) + ": the tokens file has only " +
                               std::to_string(booths.size()) + " booths (provision more with --booths)");
    booths.resize(std::size_t(o.booths));
  }
  std::string topic = o.topic.empty() ? "booth:" + std::to_string(booths.front()) : o.topic;
  std::int64_t topic_booth = 0;
  if (topic.rfind("booth:", 0) == 0) topic_booth = std::atoll(topic.c_str() + 6);
  bool publishing = o.publishers > 0;
  if (o.target == target_kind::fuar && publishing && o.scen != scenario::booth_chat && topic_booth <= 0)
    throw std::runtime_error("--topic must be booth:ID when publishing to fuar (chat.send goes to a booth)");
  std::size_t needed = std::size_t(o.connections) + std::size_t(o.publishers);
  if (o.target == target_kind::fuar && tf.tokens.size() < needed)
    throw std::runtime_error("the tokens file has " + std::to_string(tf.tokens.size()) + " tokens; this run needs " +
                             std::to_string(needed) + " (connections + publishers; one account each keeps clear " +
                             "of ws.max_connections_per_user)");

  // One node (process) holds fewer connections than its file limit.
  std::size_t per_worker = (needed + std::size_t(o.workers) - 1) / std::size_t(o.workers);
  if (long(per_worker) + 64 > nofile)
    throw std::runtime_error("each worker would hold " + std::to_string(per_worker) + " connections but may open " +
                             std::to_string(nofile) + " files: use more --workers");

  run_facts facts;
  for (const auto& t : o.targets)
    facts.url += (facts.url.empty() ? "" : " ") + ("ws://" + t.host + ":" + std::to_string(t.port) + o.path);
  facts.run_id = random_run_id();
  if (!o.cpus.empty() && !pin_to_cpus(o.cpus))
    throw std::runtime_error(std::string("--cpu: sched_setaffinity failed: ") + std::strerror(errno));

  // Plans: viewers in contiguous slices, publishers round robin.
  std::vector<worker_plan> plans(std::size_t(o.workers));
  double deadline_s = o.ramp_timeout + o.settle + o.duration + o.grace + 60;
  std::uint32_t next = 0;
  for (int i = 0; i < o.workers; ++i) {
    auto& p = plans[std::size_t(i)];
    p.index = i;
    p.first_viewer = next;
    p.viewers = std::uint32_t(o.connections / o.workers + (i < o.connections % o.workers ? 1 : 0));
    next += p.viewers;
    for (int k = i; k < o.publishers; k += o.workers) p.publishers.push_back(std::uint32_t(k));
    p.fair_id = fair_id;
    p.booth_ids = booths;
    p.topic = topic;
    p.topic_booth = topic_booth;
    p.run_id = facts.run_id;
    p.max_connecting = std::max(1, o.max_connecting / o.workers);
    p.deadline_s = deadline_s;
  }

  const auto t0 = mono_ns();
  // Sums over the server processes; -1 when not asked for or one is unreadable.
  const bool servers = !o.server_pids.empty();
  auto servers_rss = [&]() -> long {
    long sum = 0;
    for (long pid : o.server_pids) {
      long kb = rss_kb(pid);
      if (kb < 0) return -1;
      sum += kb;
    }
    return servers ? sum : -1;
  };
  auto servers_cpu = [&]() -> double {
    double sum = 0;
    for (long pid : o.server_pids) {
      double c = cpu_seconds(pid);
      if (c < 0) return -1;
      sum += c;
    }
    return servers ? sum : -1;
  };
  facts.server_rss_before_kb = servers_rss();
  if (servers && facts.server_rss_before_kb < 0) throw std::runtime_error("--server-pid: no such process");

  // Fork the workers.
  std::vector<worker_proc> workers(plans.size());
  std::vector<int> all_fds;
  std::cout.flush();
  std::cerr.flush();
  for (std::size_t i = 0; i < plans.size(); ++i) {
    int control[2], report[2];
    if (::pipe(control) != 0 || ::pipe(report) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      for (int fd : all_fds) ::close(fd);
      ::close(control[1]);
      ::close(report[0]);
      if (!o.cpus.empty()) pin_to_cpus({o.cpus[i % o.cpus.size()]});
      int rc = 1;
      try {
        rc = run_worker(o, plans[i], tf.tokens, control[0], report[1]);
      } catch (const std::exception& e) {
        std::cerr << "fuar-load: worker " << i << ": " << e.what() << "\n";
      }
      ::_exit(rc);
    }
    ::close(control[0]);
    ::close(report[1]);
    workers[i].pid = pid;
    workers[i].control_fd = control[1];
    workers[i].report_fd = report[0];
    all_fds.push_back(control[1]);
    all_fds.push_back(report[0]);
  }

  coordinator co(workers);
  auto secs = [](double s) { return std::int64_t(s * double(s_ns)); };

  // 1. Ramp: everybody connects and subscribes (join-storm: nothing yet).
  facts.ramp_complete = co.pump_until([&] { return co.all(&worker_proc::ready); }, t0 + secs(o.ramp_timeout));
  facts.ramp_s = double(mono_ns() - t0) / 1e9;
  std::uint64_t ready_viewers = 0, ready_publishers = 0;
  for (const auto& w : workers) {
    ready_viewers += w.ready_info.value("viewers_joined", std::uint64_t(0));
    ready_publishers += w.ready_info.value("publishers_joined", std::uint64_t(0));
  }
  if (!o.quiet && o.scen != scenario::join_storm)
    std::cerr << "fuar-load: " << to_string(o.scen) << ": " << ready_viewers << " viewers and " << ready_publishers
              << " publishers joined in " << facts.ramp_s << " s" << (facts.ramp_complete ? "" : " (ramp timeout)")
              << "\n";
  // Nobody to measure: skip the run window (the summary reports the failed joins).
  bool nothing = o.scen != scenario::join_storm && facts.ramp_complete && ready_viewers == 0;

  // 2. Settle, measure, go.
  const double settle = nothing ? 0 : o.settle, duration = nothing ? 0 : o.duration;
  const double drop_after = nothing ? 0 : o.drop_after, grace = nothing ? 0 : o.grace;
  co.sleep_until(mono_ns() + secs(settle));
  if (servers) facts.server_rss_joined_kb = servers_rss();
  double cpu_go = servers_cpu();
  co.broadcast("go");
  const auto t_go = mono_ns();

  // 3. Run.
  if (o.scen == scenario::reconnect_storm) {
    co.sleep_until(t_go + secs(drop_after));
    co.broadcast("drop");
  }
  if (o.scen == scenario::join_storm) {
    facts.join_storm_complete = co.pump_until([&] { return co.all(&worker_proc::joined); }, t_go + secs(duration));
    if (servers) facts.server_rss_joined_kb = servers_rss();
  } else
    co.sleep_until(t_go + secs(duration));
  if (o.scen == scenario::idle && servers) facts.server_rss_end_kb = servers_rss();
  co.broadcast("stop");
  const auto t_stop = mono_ns();
  facts.window_s = double(t_stop - t_go) / 1e9;
  if (servers && cpu_go >= 0) facts.server_cpu_s = servers_cpu() - cpu_go;

  // 4. Publishers drain, deliveries arrive, reconnect-storm viewers finish recovering.
  co.pump_until([&] { return co.all(&worker_proc::stopped); }, t_stop + secs(8));
  if (publishing) co.sleep_until(mono_ns() + secs(grace));
  if (o.scen == scenario::reconnect_storm)
    facts.recovery_complete = co.pump_until([&] { return co.all(&worker_proc::recovered); }, mono_ns() + secs(grace));

  // 5. Finish: close connections, collect results.
  co.broadcast("finish");
  co.pump_until([&] { return co.all(&worker_proc::has_result); }, mono_ns() + secs(15));
  facts.total_s = double(mono_ns() - t0) / 1e9;
  for (auto& w : workers) ::close(w.control_fd);

  std::vector<json> results;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    auto& w = workers[i];
    if (w.has_result) {
      results.push_back(w.result);
      // Joined = joined when the run started ("go"): those are the viewers whose deliveries
      // are checked.
      if (o.scen != scenario::join_storm) facts.viewers_joined += w.result.value("accounted", std::uint64_t(0));
      facts.publishers_joined += w.result.value("publishers_at_go", std::uint64_t(0));
    } else {
      facts.workers_lost++;
    }
    // A worker that never reached a phase reported nothing for it (null): count it as
    // incomplete rather than reading fields from nothing.
    if (!w.joined_info.is_object()) w.joined_info = json::object();
    if (!w.recovered_info.is_object()) w.recovered_info = json::object();
    if (o.scen == scenario::join_storm) {
      facts.viewers_joined += w.joined_info.value("joined", std::uint64_t(0));
      double e = w.joined_info.value("elapsed_ms", -1.0) / 1000.0;
      facts.join_storm_s = std::max(facts.join_storm_s, e);
      if (!w.joined) facts.join_storm_complete = false;
    }
    if (o.scen == scenario::reconnect_storm) {
      double e = w.recovered_info.value("elapsed_ms", -1.0) / 1000.0;
      facts.recovery_s = std::max(facts.recovery_s, e);
      facts.dropped += w.recovered_info.value("dropped", std::uint64_t(0));
      if (!w.recovered) facts.recovery_complete = false;
    }
    // Reap; a worker that does not exit promptly is killed (it is bounded anyway).
    int status = 0;
    auto until = mono_ns() + secs(3);
    while (::waitpid(w.pid, &status, WNOHANG) == 0) {
      if (mono_ns() > until) {
        ::kill(w.pid, SIGKILL);
        ::waitpid(w.pid, &status, 0);
        break;
      }
      ::usleep(10000);
    }
  }
  if (o.scen == scenario::join_storm && facts.join_storm_s < 0) facts.join_storm_s = facts.window_s;

  json summary = summarise(o, facts, results);
  if (!o.quiet) print_table(std::cout, summary);
  std::cout << "RESULT " << summary.dump() << std::endl;
  if (facts.workers_lost == int(workers.size())) return 1;
  return summary["ok"].get<bool>() ? 0 : 3;
}

}  // namespace
}  // namespace fuar::load

int main(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    fuar::load::print_usage(std::cout);
    return 0;
  }
  try {
    return fuar::load::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "fuar-load: " << e.what() << "\n";
    return 1;
  }
}
