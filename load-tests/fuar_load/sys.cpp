#include "load-tests/fuar_load/sys.hpp"

#include <arpa/inet.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fuar::load {

long raise_file_limit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit want = rl;
    want.rlim_cur = rl.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) rl = want;
  }
  return rl.rlim_cur == RLIM_INFINITY ? 1L << 30 : long(rl.rlim_cur);
}

namespace {

int parse_int(const std::string& s, int lo, int hi) {
  std::size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size() || v < lo || v > hi) throw std::invalid_argument("not a number in range: \"" + s + "\"");
  return v;
}

std::uint32_t parse_ipv4(const std::string& s) {
  in_addr a{};
  if (::inet_pton(AF_INET, s.c_str(), &a) != 1) throw std::invalid_argument("not an IPv4 address: \"" + s + "\"");
  return ntohl(a.s_addr);
}

}  // namespace

std::vector<int> parse_cpu_list(const std::string& text) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    auto dash = part.find('-');
    if (dash == std::string::npos) {
      out.push_back(parse_int(part, 0, CPU_SETSIZE - 1));
    } else {
      int a = parse_int(part.substr(0, dash), 0, CPU_SETSIZE - 1);
      int b = parse_int(part.substr(dash + 1), 0, CPU_SETSIZE - 1);
      if (b < a) throw std::invalid_argument("reversed CPU range: \"" + part + "\"");
      for (int c = a; c <= b; ++c) out.push_back(c);
    }
  }
  if (out.empty()) throw std::invalid_argument("empty CPU list");
  return out;
}

bool pin_to_cpus(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) CPU_SET(c, &set);
  return ::sched_setaffinity(0, sizeof set, &set) == 0;
}

std::vector<std::uint32_t> parse_ipv4_range(const std::string& text) {
  auto dash = text.find('-');
  std::uint32_t a = parse_ipv4(text.substr(0, dash));
  std::uint32_t b = dash == std::string::npos ? a : parse_ipv4(text.substr(dash + 1));
  if (b < a) throw std::invalid_argument("reversed address range: \"" + text + "\"");
  if (b - a >= 65536) throw std::invalid_argument("address range too large: \"" + text + "\"");
  std::vector<std::uint32_t> out;
  for (std::uint64_t x = a; x <= b; ++x) out.push_back(std::uint32_t(x));
  return out;
}

std::string ipv4_to_string(std::uint32_t host_order) {
  in_addr a{};
  a.s_addr = htonl(host_order);
  char buf[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

long rss_kb(long pid) {
  std::ifstream in(pid == 0 ? std::string("/proc/self/status") : "/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

double cpu_seconds(long pid) {
  std::ifstream in(pid == 0 ? std::string("/proc/self/stat") : "/proc/" + std::to_string(pid) + "/stat");
  std::string all;
  if (!std::getline(in, all)) return -1;
  // The command name (field 2) may contain spaces; fields after the last ')' are plain.
  auto close = all.rfind(')');
  if (close == std::string::npos) return -1;
  std::stringstream ss(all.substr(close + 2));
  std::string field;
  // After ')': field 3 is the state; utime and stime are fields 14 and 15.
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && ss >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  long hz = ::sysconf(_SC_CLK_TCK);
  return hz > 0 ? double(utime + stime) / double(hz) : -1;
}

std::int64_t wall_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::int64_t mono_ns() {
  // steady_clock, so these values convert to Asio steady_timer time points exactly.
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace fuar::load
