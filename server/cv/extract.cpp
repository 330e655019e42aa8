// CV text extraction in a separate process (extract.hpp).
#include "server/cv/extract.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <vector>

namespace fuar::cv {

namespace {

// Runs in the child between fork and exec: async-signal-safe calls only, no allocation.
[[noreturn]] void exec_child(int out_fd, const char* program, char* const* argv, const extract_options& opt,
                             long max_fd) {
  ::setpgid(0, 0);
  int devnull = ::open("/dev/null", O_RDWR);
  if (devnull < 0) ::_exit(126);
  if (::dup2(devnull, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(devnull, 2) < 0) ::_exit(126);
  // Every other descriptor (sockets, the database, other uploads) is closed.
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
    for (long fd = 3; fd < (max_fd > 0 ? max_fd : 65536); ++fd) ::close(int(fd));

  auto limit = [](int resource, rlim_t v) {
    rlimit rl{v, v};
    ::setrlimit(resource, &rl);
  };
  limit(RLIMIT_AS, rlim_t(opt.memory_mb) * 1024 * 1024);
  limit(RLIMIT_CPU, rlim_t((opt.timeout_ms + 999) / 1000 + 1));
  limit(RLIMIT_FSIZE, 0);
  limit(RLIMIT_NOFILE, 16);
  limit(RLIMIT_CORE, 0);
  ::execvp(program, argv);
  ::_exit(127);
}

}  // namespace

bool clean_text(std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_of[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp == '\f') out += '\n';
    else if (cp == '\n' || cp == '\t' || !(cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)))
      out.append(text, i, n);
    i += n;
  }
  text = std::move(out);
  return true;
}

extract_result extract_text(const extract_options& opt, const std::string& pdf_path) {
  extract_result r;
  // Everything the child needs is prepared before fork (no allocation after it).
  std::vector<std::string> args{opt.program, "-enc", "UTF-8", "-q", pdf_path, "-"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  long max_fd = ::sysconf(_SC_OPEN_MAX);  // asked here: the child may only make async-signal-safe calls
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    r.reason = "cannot start";
    return r;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    r.reason = "cannot start";
    return r;
  }
  if (pid == 0) exec_child(fds[1], opt.program.c_str(), argv.data(), opt, max_fd);
  ::setpgid(pid, pid);  // also here: whichever runs first, the group exists before any kill
  ::close(fds[1]);

  using clock = std::chrono::steady_clock;
  auto deadline = clock::now() + std::chrono::milliseconds(opt.timeout_ms);
  bool timed_out = false, capped = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int pr = ::poll(&p, 1, int(left));
    if (pr < 0 && errno == EINTR) continue;
    if (pr < 0) break;
    if (pr == 0) continue;  // the deadline check above ends it
    auto n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child closed its output (normally: it exited)
    std::size_t room = opt.max_text - r.text.size();
    r.text.append(buf, std::min<std::size_t>(std::size_t(n), room));
    if (r.text.size() >= opt.max_text) {
      capped = true;
      break;
    }
  }
  ::close(fds[0]);
  if (timed_out || capped) ::kill(-pid, SIGKILL);

  int status = 0;
  // After EOF the child may still be running (it could close stdout early): wait until the
  // deadline, then kill the group. waitpid always runs, so no zombie is left.
  for (;;) {
    auto w = ::waitpid(pid, &status, timed_out || capped ? 0 : WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) break;
    if (clock::now() >= deadline) {  // w == 0: still running
      timed_out = true;
      ::kill(-pid, SIGKILL);
      continue;
    }
    ::usleep(5000);
  }

  if (timed_out) {
    r.text.clear();
    r.reason = "timeout";
    return r;
  }
  if (capped) {
    // The first max_text bytes are kept; a multi-byte character cut at the end is dropped.
    std::size_t lead = r.text.size();
    while (lead > 0 && (static_cast<unsigned char>(r.text[lead - 1]) & 0xC0) == 0x80) --lead;
    if (lead > 0) {
      auto c = static_cast<unsigned char>(r.text[lead - 1]);
      std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
      if (lead - 1 + n > r.text.size()) r.text.resize(lead - 1);
    }
    r.truncated = true;
  } else if (WIFSIGNALED(status)) {
    r.text.clear();
    r.reason = "killed by signal " + std::to_string(WTERMSIG(status));
    return r;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    r.text.clear();
    r.reason = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "cannot start"
                                                                : "exit code " + std::to_string(WEXITSTATUS(status));
    return r;
  }
  if (!clean_text(r.text)) {
    r.text.clear();
    r.reason = "not UTF-8";
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace fuar::cv
