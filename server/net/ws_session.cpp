// One WebSocket connection: a non-blocking TCP socket, fuar's own RFC 6455 framing
// (ws_frame.hpp), and the outbound queue. Everything about meaning (commands, subscriptions,
// recovery) is in api::connection / api::api.
//
// Why not Beast's websocket::stream here: an idle connection is what a fair has most of, and
// with Beast each one held ~2.5 KiB of stream state plus ~2.3 KiB for the pending composed
// read and its timer (load-tests/RESULTS.md). Here an idle connection holds this object, the
// socket's reactor entry and one pending readiness wait, and nothing else:
// - Reads wait for readiness (no buffer), then read into a per-shard buffer and parse in place;
//   only an incomplete frame or a fragmented message is copied into the connection.
// - Writes go straight to the socket (non-blocking writev) from the shard's flush; only when the
//   kernel buffer is full does the connection wait for writability.
// - Pings, idle drops and handshake/close time limits come from one sweep per shard
//   (every ≤ 1 s over the shard's connections), not from a timer per connection.
//
// Outbound queue: frames are shared immutable buffers. Waiting frames go out as ONE WebSocket
// text message, newline-separated, gathered without a copy. The queue is bounded in bytes
// (ws.max_queue_bytes, counting what is being written): past it the client is "slow" and is
// closed with 4000, or cut when its kernel buffer is already full, so a client that stops
// reading costs at most that much memory.
#include <algorithm>
#include <array>
#include <chrono>
#include <span>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "protocol/close_codes.hpp"
#include "server/net/listener.hpp"
#include "server/net/sessions.hpp"
#include "server/net/ws_frame.hpp"
#include "server/util/clock.hpp"

namespace fuar::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::uint16_t close_slow = protocol::close_code::slow;
constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::size_t read_budget = 256 * 1024;  // per turn; then other connections run first
constexpr std::size_t max_shards = 257;           // server.threads is at most 256

bool would_block(const error_code& ec) {
  return ec == asio::error::would_block || ec == asio::error::try_again;
}

class ws_session;

// Per shard: its live sessions (an intrusive list, for the sweep) and the sweep timer. Static
// storage, not thread_local: a session destroyed with its io_context at shutdown runs on the
// main thread and still unlinks itself here (the shard threads have stopped by then).
struct shard_state {
  ws_session* head = nullptr;
  std::unique_ptr<asio::steady_timer> sweeper;
};
shard_state shard_states[max_shards];
thread_local shard_state* this_thread_state = nullptr;

char* shard_read_buffer() {
  static thread_local std::unique_ptr<char[]> buf(new char[read_chunk]);
  return buf.get();
}

// A ping with no payload is the same bytes for everyone.
const std::shared_ptr<const std::string>& ping_frame() {
  static const auto f = std::make_shared<const std::string>(wsf::control_frame(wsf::op_ping, {}));
  return f;
}

class ws_session final : public api::connection {
public:
  ws_session(context& ctx, std::size_t shard, tcp::socket s, store::user u, std::string token_hash)
      : api::connection(shard, std::move(u), std::move(token_hash), ctx.api.new_conn_id()),
        ctx_(ctx), metrics_(ctx.metrics), sock_(std::move(s)) {}

  // May run inside ~io_context at shutdown, after ctx_ is gone: touch only metrics_, which
  // app.cpp declares before the io_contexts, and the static shard list.
  ~ws_session() override {
    unlink();
    if (counted_) metrics_.open_connections.fetch_sub(1, std::memory_order_relaxed);
  }

  // Sends the 101 answer; the connection opens when it has been written.
  void run(const std::string& accept) {
    error_code ec;
    sock_.non_blocking(true, ec);
    sock_.set_option(tcp::no_delay(true), ec);  // pushes are batched already; do not wait for ACKs
    started_ms_ = last_in_ms_ = util::steady_ms();
    link();
    push(std::make_shared<const std::string>(
             "HTTP/1.1 101 Switching Protocols\r\nServer: fuar\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Accept: " + accept + "\r\n\r\n"),
         0, kind::handshake);
    try_write();
  }

  void send(std::shared_ptr<const std::string> frame, std::size_t messages) override {
    if (!is_open()) return;
    // The bound is on what waits: one frame on an idle connection goes out whatever its size
    // (a large reply is not a sign of a slow client).
    bool idle = queue_.empty() && sending_.empty();
    if (!idle && queued_bytes_ + frame->size() + 1 > std::size_t(ctx_.cfg.ws.max_queue_bytes)) return slow();
    push(std::move(frame), messages, kind::data);
    schedule_flush();
  }

  void close(std::uint16_t code, const std::string& reason) override {
    if (!is_open()) return;
    begin_close(code, reason);
  }

  bool is_open() const override { return open_ && !closing_; }

  // One sweep step: pings, idle drop, time limits on the handshake and the closing handshake.
  void check(std::int64_t now) {
    const auto& cfg = ctx_.cfg.ws;
    if (!open_) {
      if (now - started_ms_ >= cfg.handshake_timeout_ms) {
        ctx_.metrics.reject(app::reject_reason::timeout);
        teardown();
      }
      return;
    }
    if (closing_) {
      if (now - closing_since_ms_ >= cfg.handshake_timeout_ms) teardown();
      return;
    }
    auto quiet = now - last_in_ms_;
    if (quiet >= cfg.idle_timeout_ms) return teardown();  // no close frame: the client sees 1006
    if (quiet >= cfg.idle_timeout_ms / 2 && !ping_sent_) {
      ping_sent_ = true;
      push(ping_frame(), 0, kind::control);
      schedule_flush();
    }
  }

  static void sweep(shard_state& st, std::int64_t tick_ms) {
    auto now = util::steady_ms();
    for (ws_session* s = st.head; s;) {
      ws_session* next = s->next_;  // check() may unlink s, never another session
      s->check(now);
      s = next;
    }
    st.sweeper->expires_after(std::chrono::milliseconds(tick_ms));
    st.sweeper->async_wait([&st, tick_ms](error_code ec) {
      if (!ec) sweep(st, tick_ms);
    });
  }

  // Writes are not started per message: a connection with something queued joins its shard's
  // flush list, and one posted handler per shard writes after every fan-out already queued on
  // the shard has run. A connection that receives ten pushes in a burst then leaves with one
  // write (one syscall) instead of ten. Shards are single-threaded, so the list is per thread.
  struct flush_list {
    std::vector<std::shared_ptr<ws_session>> sessions;
    bool posted = false;
  };
  static flush_list& shard_flush_list() {
    static thread_local flush_list list;
    return list;
  }

private:
  enum class kind : std::uint8_t { data, control, handshake };
  struct queued {
    std::shared_ptr<const std::string> bytes;  // data: a message's text; otherwise a whole frame
    std::uint32_t messages;
    kind k;
  };

  std::shared_ptr<ws_session> self() { return std::static_pointer_cast<ws_session>(shared_from_this()); }

  void link() {
    auto& st = shard_states[shard()];
    this_thread_state = &st;
    next_ = st.head;
    if (next_) next_->prev_ = this;
    st.head = this;
    linked_ = true;
    if (!st.sweeper) {
      // The shard's first connection starts its sweep. A tick of an eighth of the shortest
      // limit (at most 1 s; 1 s with the defaults) keeps pings and drops within that of their time.
      const auto& cfg = ctx_.cfg.ws;
      std::int64_t tick = std::clamp<std::int64_t>(std::min(cfg.idle_timeout_ms, cfg.handshake_timeout_ms) / 8, 20, 1000);
      st.sweeper = std::make_unique<asio::steady_timer>(sock_.get_executor());
      st.sweeper->expires_after(std::chrono::milliseconds(tick));
      st.sweeper->async_wait([&st, tick](error_code ec) {
        if (!ec) sweep(st, tick);
      });
    }
  }

  void unlink() {
    if (!linked_) return;
    linked_ = false;
    auto& st = shard_states[shard()];
    if (prev_) prev_->next_ = next_;
    else st.head = next_;
    if (next_) next_->prev_ = prev_;
    prev_ = next_ = nullptr;
  }

  void push(std::shared_ptr<const std::string> bytes, std::size_t messages, kind k) {
    queued_bytes_ += bytes->size() + 1;
    queue_.push_back({std::move(bytes), std::uint32_t(messages), k});
  }

  void schedule_flush() {
    if (flush_pending_ || torn_) return;
    flush_pending_ = true;
    auto& list = shard_flush_list();
    list.sessions.push_back(self());
    if (list.posted) return;
    list.posted = true;
    asio::post(sock_.get_executor(), [] {
      auto& l = shard_flush_list();
      auto batch = std::move(l.sessions);
      l.sessions.clear();
      l.posted = false;
      for (auto& s : batch) {
        s->flush_pending_ = false;
        s->try_write();
      }
    });
  }

  // ---- opening ----

  void opened() {
    open_ = true;
    counted_ = true;
    ctx_.metrics.open_connections.fetch_add(1, std::memory_order_relaxed);
    ctx_.metrics.ws_upgrades.fetch_add(1, std::memory_order_relaxed);
    ctx_.api.on_open(self());
    if (!torn_) read_ready();  // a client may have sent its first frames right after the 101
  }

  // ---- reading ----

  void arm_read() {
    sock_.async_wait(tcp::socket::wait_read, [self = self()](error_code ec) {
      if (ec) {
        if (ec != asio::error::operation_aborted) self->teardown();
        return;
      }
      self->read_ready();
    });
  }

  void read_ready() {
    if (torn_) return;
    char* buf = shard_read_buffer();
    std::size_t total = 0;
    for (;;) {
      error_code ec;
      std::size_t n = sock_.read_some(asio::buffer(buf, read_chunk), ec);
      if (would_block(ec)) return arm_read();
      if (ec) return teardown();  // EOF or reset
      last_in_ms_ = util::steady_ms();
      ping_sent_ = false;
      total += n;
      if (!reader_.finished()) {
        reader_.feed(buf, n, std::size_t(ctx_.cfg.ws.max_message_bytes), [this](const wsf::event& ev) { on_event(ev); });
        if (torn_) return;
      }
      // After a close or a protocol error the reader is finished and bytes are dropped until
      // the peer closes (or the closing time limit passes).
      if (n < read_chunk) return arm_read();  // drained: the next arrival wakes the wait
      if (total >= read_budget) {
        asio::post(sock_.get_executor(), [self = self()] { self->read_ready(); });
        return;
      }
    }
  }

  void on_event(const wsf::event& ev) {
    switch (ev.kind) {
      case wsf::event::message:
        if (!closing_) ctx_.api.on_message(self(), ev.data);
        break;
      case wsf::event::ping:
        if (!closing_) {
          push(std::make_shared<const std::string>(wsf::control_frame(wsf::op_pong, ev.data)), 0, kind::control);
          schedule_flush();
        }
        break;
      case wsf::event::pong: break;  // arrival already counted as activity
      case wsf::event::close:
        if (closing_) return teardown();  // the answer to our close: done
        // The peer closes: echo its code, then close the TCP connection (the server's part).
        closing_ = true;
        closing_since_ms_ = util::steady_ms();
        drop_queue();
        push(std::make_shared<const std::string>(
                 wsf::close_frame(ev.code == wsf::close_no_status ? wsf::close_normal : ev.code, {})),
             0, kind::control);
        teardown_after_write_ = true;
        schedule_flush();
        break;
      case wsf::event::error:
        if (closing_) return teardown();
        begin_close(ev.code, std::string(ev.data));
        break;
      case wsf::event::none: break;
    }
  }

  // ---- writing ----

  // Writes what is queued until it is all out or the kernel buffer is full.
  void try_write() {
    while (!torn_ && !waiting_write_) {
      if (sending_.empty() && !start_batch()) return drained();
      static const char newline = '\n';
      std::array<asio::const_buffer, 64> bufs;
      std::size_t nb = 0, skip = sent_;
      auto add = [&](const void* p, std::size_t len) {
        if (nb == bufs.size()) return;
        if (skip >= len) {
          skip -= len;
          return;
        }
        bufs[nb++] = asio::const_buffer(static_cast<const char*>(p) + skip, len - skip);
        skip = 0;
      };
      if (hdr_len_) add(hdr_, hdr_len_);
      for (std::size_t i = 0; i < sending_.size() && nb < bufs.size(); ++i) {
        if (i) add(&newline, 1);
        add(sending_[i].bytes->data(), sending_[i].bytes->size());
      }
      error_code ec;
      std::size_t n = sock_.write_some(std::span<const asio::const_buffer>(bufs.data(), nb), ec);
      if (would_block(ec)) return arm_write();
      if (ec) return teardown();  // the peer is gone; the read side would see it too
      ctx_.metrics.shard(shard()).bytes_out.fetch_add(n, std::memory_order_relaxed);
      sent_ += n;
      if (sent_ == batch_bytes_) finish_batch();
    }
  }

  // Takes the next frame off the queue: one control frame (or the 101 answer) as it is, or
  // the run of data messages up to the next control frame as one text message.
  bool start_batch() {
    if (queue_.empty()) return false;
    sent_ = 0;
    if (queue_.front().k != kind::data) {
      sending_.push_back(std::move(queue_.front()));
      queue_.erase(queue_.begin());
      hdr_len_ = 0;
      batch_bytes_ = sending_.front().bytes->size();
      return true;
    }
    std::size_t k = 0, payload = 0, messages = 0;
    while (k < queue_.size() && queue_[k].k == kind::data) {
      payload += queue_[k].bytes->size() + (k ? 1 : 0);
      messages += queue_[k].messages;
      ++k;
    }
    if (k == queue_.size()) {
      sending_.swap(queue_);
    } else {
      std::move(queue_.begin(), queue_.begin() + std::ptrdiff_t(k), std::back_inserter(sending_));
      queue_.erase(queue_.begin(), queue_.begin() + std::ptrdiff_t(k));
    }
    hdr_len_ = std::uint8_t(wsf::header(hdr_, wsf::op_text, payload));
    batch_bytes_ = hdr_len_ + payload;
    ctx_.metrics.shard(shard()).messages_out.fetch_add(messages, std::memory_order_relaxed);
    return true;
  }

  void finish_batch() {
    bool handshake = sending_.front().k == kind::handshake;
    for (const auto& q : sending_) queued_bytes_ -= std::min(queued_bytes_, q.bytes->size() + 1);
    sending_.clear();
    sent_ = batch_bytes_ = 0;
    hdr_len_ = 0;
    if (handshake) opened();
  }

  // Everything queued is out.
  void drained() {
    if (sending_.capacity() > 256) {
      // A burst is over: do not keep its bookkeeping for the idle time that follows.
      std::vector<queued>().swap(sending_);
      std::vector<queued>().swap(queue_);
    }
    if (teardown_after_write_) return teardown();
    if (closing_ && !shut_) {
      // Our close frame is out: send FIN and read (and drop) until the peer closes too, so
      // unread bytes of the peer's never turn our close into a reset.
      shut_ = true;
      error_code ec;
      sock_.shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  void arm_write() {
    waiting_write_ = true;
    sock_.async_wait(tcp::socket::wait_write, [self = self()](error_code ec) {
      self->waiting_write_ = false;
      if (!ec) self->try_write();
    });
  }

  // ---- closing ----

  void begin_close(std::uint16_t code, const std::string& reason) {
    closing_ = true;
    closing_since_ms_ = util::steady_ms();
    drop_queue();
    push(std::make_shared<const std::string>(wsf::close_frame(code, reason)), 0, kind::control);
    schedule_flush();
  }

  // The client is not reading fast enough. Drop what is queued; if a write is stuck in the
  // kernel, the close frame could never go out behind it, so cut the TCP connection instead.
  void slow() {
    ctx_.metrics.slow_closes.fetch_add(1, std::memory_order_relaxed);
    if (!waiting_write_) return begin_close(close_slow, "slow");
    // send() runs inside a fan-out over the topic's subscribers: the API must not forget this
    // connection (and unsubscribe it) in the middle of that loop, so only the socket is cut
    // now and the rest follows in a handler of its own.
    closing_ = true;
    drop_queue();
    error_code ec;
    sock_.close(ec);
    asio::post(sock_.get_executor(), [self = self()] { self->teardown(); });
  }

  void drop_queue() {
    for (const auto& q : queue_) queued_bytes_ -= std::min(queued_bytes_, q.bytes->size() + 1);
    queue_.clear();
  }

  // The end: the socket closes (pending waits finish with operation_aborted and release their
  // references), and the API forgets the connection. Exactly once.
  void teardown() {
    if (torn_) return;
    torn_ = true;
    open_ = false;
    error_code ec;
    sock_.close(ec);
    unlink();
    queue_.clear();
    sending_.clear();
    queued_bytes_ = 0;
    ctx_.api.on_close(self());  // also releases the admission slot of a never-opened socket
  }

  context& ctx_;
  app::metrics& metrics_;
  tcp::socket sock_;
  wsf::reader reader_;
  std::vector<queued> queue_;    // waiting; not std::deque (libstdc++ allocates ~600 bytes for an empty one)
  std::vector<queued> sending_;  // the frame being written
  std::size_t queued_bytes_ = 0;
  std::size_t sent_ = 0;         // bytes of the frame being written that are out
  std::size_t batch_bytes_ = 0;
  std::int64_t started_ms_ = 0;
  std::int64_t last_in_ms_ = 0;
  std::int64_t closing_since_ms_ = 0;
  ws_session* prev_ = nullptr;
  ws_session* next_ = nullptr;
  unsigned char hdr_[10];
  std::uint8_t hdr_len_ = 0;
  bool linked_ = false;
  bool open_ = false;
  bool closing_ = false;
  bool shut_ = false;
  bool torn_ = false;
  bool teardown_after_write_ = false;
  bool waiting_write_ = false;
  bool flush_pending_ = false;
  bool ping_sent_ = false;
  bool counted_ = false;
};

}  // namespace

void release_thread_state() {
  auto& l = ws_session::shard_flush_list();
  l.sessions.clear();
  l.posted = false;
  if (this_thread_state) this_thread_state->sweeper.reset();  // its io_context still exists here
}

void start_ws_session(context& ctx, std::size_t shard, tcp::socket socket, const std::string& accept_key,
                      store::user user, std::string token_hash) {
  auto s = std::make_shared<ws_session>(ctx, shard, std::move(socket), std::move(user), std::move(token_hash));
  s->run(accept_key);
}

}  // namespace fuar::net
