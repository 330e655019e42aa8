// raw_peer: the "raw" reference target of the load benchmarks (load-tests/peers/README.md).
//
// A single-threaded, edge-triggered epoll WebSocket server with no protocol logic: every
// complete text message received from any client is framed once (server frame, unmasked) into
// one shared, reference-counted buffer and queued to every open connection, the sender
// included. Queued frames are written with writev() once per epoll batch, so messages that
// arrive in the same batch reach a client in one system call. It is the practical limit of
// this machine for a fan-out, and the yardstick for fuar's seminar scenario.
//
// Usage: raw_peer --port P [--host 127.0.0.1]
// Prints "raw: listening on HOST:PORT" once the socket listens. SIGINT/SIGTERM: close every
// connection, print counters to stderr and exit 0.
//
// WebSocket subset (RFC 6455): upgrade on any path (the request must carry
// Sec-WebSocket-Key); client frames must be masked; FIN frames only (a fragmented message
// closes the connection with 1003); payloads up to 64 KiB (larger: 1009); text messages are
// broadcast, binary messages ignored; ping answered with pong; close echoed, then the socket
// is closed once the echo is written. A connection with more than 1 MiB queued is closed
// at once (slow consumer).
//
// Build: g++ -std=c++20 -O2 -o build/load-tests/raw_peer load-tests/peers/raw/raw_peer.cpp

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr size_t kMaxPayload = 64 * 1024;
constexpr size_t kMaxQueued = 1024 * 1024;
constexpr size_t kMaxHandshake = 8192;
constexpr size_t kReadBuf = 256 * 1024;
constexpr int kMaxIov = 256;
constexpr int kMaxEvents = 1024;

// ---------------------------------------------------------------- SHA-1 and base64
void sha1(const unsigned char* msg, size_t len, unsigned char out[20]) {
  uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  auto rol = [](uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
  const uint64_t bits = uint64_t(len) * 8;
  const size_t total = ((len + 8) / 64 + 1) * 64;
  std::vector<unsigned char> m(total, 0);
  std::memcpy(m.data(), msg, len);
  m[len] = 0x80;
  for (int i = 0; i < 8; ++i) m[total - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  for (size_t off = 0; off < total; off += 64) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i)
      w[i] = uint32_t(m[off + 4 * i]) << 24 | uint32_t(m[off + 4 * i + 1]) << 16 |
             uint32_t(m[off + 4 * i + 2]) << 8 | uint32_t(m[off + 4 * i + 3]);
    for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999u;
      else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1u;
      else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
      else f = b ^ c ^ d, k = 0xCA62C1D6u;
      uint32_t t = rol(a, 5) + f + e + k + w[i];
      e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<unsigned char>(h[i] >> (24 - 8 * j));
}

std::string base64(const unsigned char* p, size_t n) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = uint32_t(p[i]) << 16 | (i + 1 < n ? uint32_t(p[i + 1]) << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    out += t[v >> 18 & 63];
    out += t[v >> 12 & 63];
    out += i + 1 < n ? t[v >> 6 & 63] : '=';
    out += i + 2 < n ? t[v & 63] : '=';
  }
  return out;
}

std::string accept_key(std::string_view key) {
  std::string s(key);
  s += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char d[20];
  sha1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  return base64(d, 20);
}

// ---------------------------------------------------------------- shared frames
// One allocation per outgoing frame, shared by every queue that holds it.
struct Frame {
  uint32_t refs;
  uint32_t len;
  char data[];
};

Frame* frame_alloc(size_t len) {
  auto* f = static_cast<Frame*>(std::malloc(sizeof(Frame) + len));
  if (!f) std::abort();
  f->refs = 0;
  f->len = static_cast<uint32_t>(len);
  return f;
}

Frame* frame_ws(unsigned char opcode, const char* payload, size_t n) {
  size_t hdr = n < 126 ? 2 : n < 65536 ? 4 : 10;
  Frame* f = frame_alloc(hdr + n);
  auto* d = reinterpret_cast<unsigned char*>(f->data);
  d[0] = 0x80 | opcode;
  if (n < 126) {
    d[1] = static_cast<unsigned char>(n);
  } else if (n < 65536) {
    d[1] = 126, d[2] = static_cast<unsigned char>(n >> 8), d[3] = static_cast<unsigned char>(n);
  } else {
    d[1] = 127;
    for (int i = 0; i < 8; ++i) d[2 + i] = static_cast<unsigned char>(uint64_t(n) >> (56 - 8 * i));
  }
  if (n) std::memcpy(d + hdr, payload, n);
  return f;
}

inline void frame_release(Frame* f) {
  if (--f->refs == 0) std::free(f);
}

// ---------------------------------------------------------------- connections
enum class State : uint8_t { Handshake, Open, Closing, Dead };

struct Conn {
  int fd = -1;
  State state = State::Handshake;
  bool dirty = false;                // in the flush list of this batch
  bool reread = false;               // in g_reread
  uint32_t open_index = UINT32_MAX;  // position in g_open, or UINT32_MAX
  std::string in;                    // unparsed input (partial frame or request)
  // Output ring of frames; the head frame is written from head_off on.
  std::vector<Frame*> ring;
  size_t r_head = 0, r_count = 0, head_off = 0, queued = 0;
};

int g_ep = -1;
std::vector<Conn*> g_open;   // open WebSocket connections: the broadcast set
std::vector<Conn*> g_dirty;  // connections with output queued in this batch
std::vector<Conn*> g_dead;   // to close at the end of this batch
size_t g_conns = 0;
uint64_t g_messages = 0, g_deliveries = 0, g_slow_closed = 0;

void kill(Conn* c) {
  if (c->state == State::Dead) return;
  c->state = State::Dead;
  g_dead.push_back(c);
}

bool flush(Conn* c);

// Queues f on c (written at the end of the batch). Returns false if c is or became dead.
bool enqueue(Conn* c, Frame* f) {
  if (c->state == State::Dead) return false;
  if (c->queued + f->len > kMaxQueued && c->r_count) flush(c);  // before judging it slow
  if (c->state == State::Dead) return false;
  if (c->queued + f->len > kMaxQueued) {
    ++g_slow_closed;
    kill(c);
    return false;
  }
  if (c->r_count == c->ring.size()) {  // grow the ring, a power of two (amortised, not per message)
    std::vector<Frame*> bigger(c->ring.empty() ? 16 : c->ring.size() * 2);
    for (size_t i = 0; i < c->r_count; ++i) bigger[i] = c->ring[(c->r_head + i) & (c->ring.size() - 1)];
    c->ring.swap(bigger);
    c->r_head = 0;
  }
  c->ring[(c->r_head + c->r_count) & (c->ring.size() - 1)] = f;
  ++c->r_count;
  ++f->refs;
  c->queued += f->len;
  if (!c->dirty) {
    c->dirty = true;
    g_dirty.push_back(c);
  }
  return true;
}

// Writes as much of the queue as the socket takes. Returns false if the connection died.
bool flush(Conn* c) {
  while (c->r_count) {
    iovec iov[kMaxIov];
    int n = 0;
    const size_t wrap = c->ring.size() - 1;
    for (size_t i = 0; i < c->r_count && n < kMaxIov; ++i, ++n) {
      Frame* f = c->ring[(c->r_head + i) & wrap];
      size_t off = i == 0 ? c->head_off : 0;
      iov[n].iov_base = f->data + off;
      iov[n].iov_len = f->len - off;
    }
    ssize_t w = ::writev(c->fd, iov, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;  // EPOLLOUT (edge) resumes
      kill(c);
      return false;
    }
    size_t left = static_cast<size_t>(w);
    c->queued -= left;
    while (left) {
      Frame* f = c->ring[c->r_head];
      size_t rest = f->len - c->head_off;
      if (left < rest) {
        c->head_off += left;
        break;
      }
      left -= rest;
      c->head_off = 0;
      c->r_head = (c->r_head + 1) & wrap;
      --c->r_count;
      frame_release(f);
    }
  }
  if (c->state == State::Closing) kill(c);  // close echo written
  return true;
}

void open_add(Conn* c) {
  c->open_index = static_cast<uint32_t>(g_open.size());
  g_open.push_back(c);
}

void open_remove(Conn* c) {
  if (c->open_index == UINT32_MAX) return;
  Conn* last = g_open.back();
  g_open[c->open_index] = last;
  last->open_index = c->open_index;
  g_open.pop_back();
  c->open_index = UINT32_MAX;
}

void send_own(Conn* c, Frame* f) {  // a frame for one connection (handshake, pong, close)
  f->refs = 0;
  enqueue(c, f);
  if (f->refs == 0) std::free(f);  // not queued: connection died
}

void close_with(Conn* c, uint16_t code) {
  if (c->state != State::Open) {
    kill(c);
    return;
  }
  char p[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
  open_remove(c);
  send_own(c, frame_ws(0x8, p, 2));
  if (c->state != State::Dead) c->state = State::Closing;
}

void broadcast(const char* payload, size_t n) {
  Frame* f = frame_ws(0x1, payload, n);
  f->refs = 1;  // held while fanning out
  ++g_messages;
  for (Conn* c : g_open) {
    if (c->state != State::Open) continue;
    if (enqueue(c, f)) ++g_deliveries;
  }
  frame_release(f);
}

bool ieq_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
      return false;
  return true;
}

// Parses the upgrade request in c->in. Returns bytes consumed, 0 if incomplete, -1 on error.
ssize_t handshake(Conn* c, const char* p, size_t n) {
  std::string_view req(p, n);
  size_t end = req.find("\r\n\r\n");
  if (end == std::string_view::npos) return n > kMaxHandshake ? -1 : 0;
  std::string_view key;
  size_t pos = req.find("\r\n") + 2;
  while (pos < end) {
    size_t eol = req.find("\r\n", pos);
    std::string_view line = req.substr(pos, eol - pos);
    if (ieq_prefix(line, "sec-websocket-key:")) {
      key = line.substr(18);
      while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    }
    pos = eol + 2;
  }
  if (key.empty()) {
    static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    Frame* f = frame_alloc(sizeof bad - 1);
    std::memcpy(f->data, bad, sizeof bad - 1);
    send_own(c, f);
    if (c->state != State::Dead) c->state = State::Closing;
    return static_cast<ssize_t>(n);
  }
  std::string resp =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: " + accept_key(key) + "\r\n\r\n";
  Frame* f = frame_alloc(resp.size());
  std::memcpy(f->data, resp.data(), resp.size());
  send_own(c, f);
  if (c->state == State::Dead) return -1;
  c->state = State::Open;
  open_add(c);
  return static_cast<ssize_t>(end + 4);
}

void unmask(unsigned char* d, size_t n, const unsigned char key[4]) {
  uint32_t k32;
  std::memcpy(&k32, key, 4);
  uint64_t k64 = uint64_t(k32) << 32 | k32;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, d + i, 8);
    v ^= k64;
    std::memcpy(d + i, &v, 8);
  }
  for (; i < n; ++i) d[i] ^= key[i & 3];
}

// Parses frames in p[0, n) (mutable: unmasked in place). Returns bytes consumed.
size_t frames(Conn* c, char* p, size_t n) {
  size_t used = 0;
  while (c->state == State::Open || c->state == State::Handshake) {
    if (c->state == State::Handshake) {
      ssize_t k = handshake(c, p + used, n - used);
      if (k < 0) {
        kill(c);
        return n;
      }
      if (k == 0) return used;
      used += static_cast<size_t>(k);
      continue;
    }
    auto* d = reinterpret_cast<unsigned char*>(p + used);
    size_t avail = n - used;
    if (avail < 2) return used;
    bool fin = d[0] & 0x80;
    unsigned op = d[0] & 0x0f;
    bool masked = d[1] & 0x80;
    uint64_t len = d[1] & 0x7f;
    size_t hdr = 2;
    if (len == 126) {
      if (avail < 4) return used;
      len = uint64_t(d[2]) << 8 | d[3];
      hdr = 4;
    } else if (len == 127) {
      if (avail < 10) return used;
      len = 0;
      for (int i = 0; i < 8; ++i) len = len << 8 | d[2 + i];
      hdr = 10;
    }
    if (!masked || (d[0] & 0x70)) {
      close_with(c, 1002);
      return n;
    }
    if (len > kMaxPayload) {
      close_with(c, 1009);
      return n;
    }
    if (!fin || op == 0x0) {
      close_with(c, 1003);  // fragmented messages are not supported
      return n;
    }
    if (avail < hdr + 4 + len) return used;
    unsigned char* payload = d + hdr + 4;
    unmask(payload, len, d + hdr);
    used += hdr + 4 + len;
    switch (op) {
      case 0x1: broadcast(reinterpret_cast<char*>(payload), len); break;
      case 0x2: break;  // binary: ignored
      case 0x9:
        if (len <= 125) send_own(c, frame_ws(0xA, reinterpret_cast<char*>(payload), len));
        else close_with(c, 1002);
        break;
      case 0xA: break;
      case 0x8: {
        uint16_t code = len >= 2 ? uint16_t(payload[0] << 8 | payload[1]) : 1000;
        close_with(c, code);
        return n;
      }
      default: close_with(c, 1002); return n;
    }
  }
  return n;  // closing or dead: discard the rest
}

char g_rbuf[kReadBuf];

// Connections whose input was not drained within their read budget; read again next round.
std::vector<Conn*> g_reread;
constexpr int kReadsPerEvent = 4;

void on_readable(Conn* c, bool until_eof) {
  for (int reads = 0;; ++reads) {
    if (reads == kReadsPerEvent) {  // fairness: let the others (and the flush) go first
      if (!c->reread) {
        c->reread = true;
        g_reread.push_back(c);
      }
      return;
    }
    if (c->state == State::Dead) return;
    ssize_t r = ::read(c->fd, g_rbuf, sizeof g_rbuf);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) kill(c);
      return;
    }
    if (r == 0) {
      kill(c);
      return;
    }
    if (c->state == State::Closing) continue;  // drain and ignore
    if (c->in.empty()) {
      size_t used = frames(c, g_rbuf, static_cast<size_t>(r));
      if (used < static_cast<size_t>(r) && c->state != State::Dead) c->in.assign(g_rbuf + used, r - used);
    } else {
      c->in.append(g_rbuf, static_cast<size_t>(r));
      size_t used = frames(c, c->in.data(), c->in.size());
      c->in.erase(0, used);
    }
    if (!until_eof && static_cast<size_t>(r) < sizeof g_rbuf) return;  // short read: drained
  }
}

int g_listen = -1;
int g_spare = -1;  // kept to shed connections on EMFILE

void on_accept() {
  for (;;) {
    int fd = ::accept4(g_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if ((errno == EMFILE || errno == ENFILE) && g_spare >= 0) {
        ::close(g_spare);
        int x = ::accept(g_listen, nullptr, nullptr);
        if (x >= 0) ::close(x);
        g_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        continue;
      }
      return;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto* c = new Conn;
    c->fd = fd;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = c;
    if (::epoll_ctl(g_ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
      ::close(fd);
      delete c;
      continue;
    }
    ++g_conns;
  }
}

void destroy(Conn* c) {
  open_remove(c);
  if (c->reread) std::erase(g_reread, c);
  for (size_t i = 0; i < c->r_count; ++i) frame_release(c->ring[(c->r_head + i) & (c->ring.size() - 1)]);
  ::close(c->fd);
  --g_conns;
  delete c;
}

void end_of_batch() {
  for (size_t i = 0; i < g_dirty.size(); ++i) {
    Conn* c = g_dirty[i];
    c->dirty = false;
    if (c->state != State::Dead) flush(c);
  }
  g_dirty.clear();
  for (Conn* c : g_dead) destroy(c);
  g_dead.clear();
}

int usage() {
  std::fprintf(stderr, "usage: raw_peer --port P [--host 127.0.0.1]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const char* host = "127.0.0.1";
  int port = -1;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--port" && i + 1 < argc) port = std::atoi(argv[++i]);
    else if (a == "--host" && i + 1 < argc) host = argv[++i];
    else if (a == "--help" || a == "-h") return usage(), 0;
    else return usage();
  }
  if (port < 0 || port > 65535) return usage();

  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  ::signal(SIGPIPE, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &mask, nullptr);
  int sfd = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    std::fprintf(stderr, "raw: bad IPv4 address %s\n", host);
    return 2;
  }
  g_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(g_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(g_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 || ::listen(g_listen, 65535) < 0) {
    std::fprintf(stderr, "raw: cannot listen on %s:%d: %s\n", host, port, std::strerror(errno));
    return 1;
  }
  socklen_t alen = sizeof addr;
  ::getsockname(g_listen, reinterpret_cast<sockaddr*>(&addr), &alen);
  g_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

  g_ep = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLET;
  ev.data.ptr = &g_listen;
  ::epoll_ctl(g_ep, EPOLL_CTL_ADD, g_listen, &ev);
  ev.events = EPOLLIN;
  ev.data.ptr = &sfd;
  ::epoll_ctl(g_ep, EPOLL_CTL_ADD, sfd, &ev);

  std::printf("raw: listening on %s:%d\n", host, ntohs(addr.sin_port));
  std::fflush(stdout);

  epoll_event evs[kMaxEvents];
  bool running = true;
  while (running) {
    int n = ::epoll_wait(g_ep, evs, kMaxEvents, g_reread.empty() ? -1 : 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("raw: epoll_wait");
      return 1;
    }
    if (!g_reread.empty()) {  // input left over from the previous round (edge-triggered)
      static std::vector<Conn*> again;
      again.clear();
      again.swap(g_reread);
      for (Conn* c : again) {
        c->reread = false;
        if (c->state != State::Dead) on_readable(c, false);
      }
    }
    for (int i = 0; i < n; ++i) {
      void* p = evs[i].data.ptr;
      if (p == &g_listen) {
        on_accept();
        continue;
      }
      if (p == &sfd) {
        running = false;
        continue;
      }
      auto* c = static_cast<Conn*>(p);
      uint32_t e = evs[i].events;
      if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) on_readable(c, e & (EPOLLRDHUP | EPOLLHUP | EPOLLERR));
      if (e & (EPOLLHUP | EPOLLERR)) kill(c);
      if ((e & EPOLLOUT) && c->state != State::Dead && c->r_count && !c->dirty) {
        c->dirty = true;
        g_dirty.push_back(c);
      }
    }
    end_of_batch();
  }

  uint64_t messages = g_messages, deliveries = g_deliveries, slow = g_slow_closed;
  std::vector<Conn*> all = g_open;
  for (Conn* c : all) kill(c);
  end_of_batch();  // open connections; those mid-handshake or closing are dropped with the process
  std::fprintf(stderr, "raw: stopped; messages=%llu deliveries=%llu slow_closed=%llu\n",
               static_cast<unsigned long long>(messages), static_cast<unsigned long long>(deliveries),
               static_cast<unsigned long long>(slow));
  return 0;
}
