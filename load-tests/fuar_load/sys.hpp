#pragma once
// fuar::load — process-level helpers of the load generator: file limits, CPU pinning, /proc
// readings, clocks and address ranges. Linux only; no Asio/Beast here.
#include <cstdint>
#include <string>
#include <vector>

namespace fuar::load {

// Raises the soft RLIMIT_NOFILE to the hard limit. Returns the soft limit now in force.
long raise_file_limit();

// Parses a CPU list such as "1", "0,2" or "2-5,7". Throws std::invalid_argument.
std::vector<int> parse_cpu_list(const std::string& text);
// Pins the calling process to `cpus` (sched_setaffinity). Returns false with errno set on failure.
bool pin_to_cpus(const std::vector<int>& cpus);

// Parses "127.0.0.2-127.0.0.50" or a single address into IPv4 addresses (host byte order).
// Throws std::invalid_argument (also for more than 65,536 addresses or a reversed range).
std::vector<std::uint32_t> parse_ipv4_range(const std::string& text);
std::string ipv4_to_string(std::uint32_t host_order);

// VmRSS of a process in KiB (from /proc/PID/status), -1 when unreadable. pid 0: this process.
long rss_kb(long pid);
// User + system CPU time of a process in seconds (from /proc/PID/stat), -1 when unreadable.
double cpu_seconds(long pid);

// Clocks: wall-clock nanoseconds (CLOCK_REALTIME, comparable across processes of this
// machine, carried in messages) and a monotonic clock for intervals.
std::int64_t wall_ns();
std::int64_t mono_ns();

}  // namespace fuar::load
