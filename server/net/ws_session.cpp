// One WebSocket connection. Owns the socket, the read loop and the outbound queue; everything
// about meaning (commands, subscriptions, recovery) is in api::connection / api::api.
//
// Outbound queue: frames are shared immutable buffers. While a write is in flight, new frames
// wait; the next write sends all waiting frames as ONE WebSocket message, newline-separated,
// as a scatter list (no copy). The queue is bounded in bytes (ws.max_queue_bytes, counting the
// frames in flight): past it the client is "slow" and is closed with 4000, so a client that
// stops reading costs at most that much memory.
#include <iostream>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "server/net/listener.hpp"
#include "server/net/sessions.hpp"

namespace fuar::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint16_t close_slow = 4000;

class ws_session final : public api::connection {
public:
  ws_session(context& ctx, std::size_t shard, tcp::socket s, store::user u, std::string token_hash)
      : api::connection(shard, std::move(u), std::move(token_hash), ctx.api.new_conn_id()),
        ctx_(ctx), metrics_(ctx.metrics), ws_(std::move(s)) {}

  // May run inside ~io_context at shutdown, after ctx_ is gone: touch only metrics_, which
  // app.cpp declares before the io_contexts.
  ~ws_session() override {
    if (counted_) metrics_.open_connections.fetch_sub(1, std::memory_order_relaxed);
  }

  void run(http::request<http::string_body> req) {
    auto& cfg = ctx_.cfg.ws;
    websocket::stream_base::timeout t;
    t.handshake_timeout = std::chrono::milliseconds(cfg.handshake_timeout_ms);
    t.idle_timeout = std::chrono::milliseconds(cfg.idle_timeout_ms);
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.read_message_max(std::uint64_t(cfg.max_message_bytes));
    ws_.auto_fragment(false);
    ws_.text(true);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "fuar"); }));
    auto self = std::static_pointer_cast<ws_session>(shared_from_this());
    auto req_ptr = std::make_shared<http::request<http::string_body>>(std::move(req));
    ws_.async_accept(*req_ptr, [self, req_ptr](beast::error_code ec) { self->on_accept(ec); });
  }

  void send(std::shared_ptr<const std::string> frame, std::size_t messages) override {
    if (!open_ || closing_) return;
    // The bound is on what waits: one frame on an idle connection goes out whatever its size
    // (a large reply is not a sign of a slow client).
    bool idle = queue_.empty() && !writing_;
    queued_bytes_ += frame->size() + 1;
    if (!idle && queued_bytes_ > std::size_t(ctx_.cfg.ws.max_queue_bytes)) return slow();
    queue_.push_back({std::move(frame), messages});
    if (!writing_) schedule_flush();
  }

  void close(std::uint16_t code, const std::string& reason) override {
    if (!open_ || closing_) return;
    closing_ = true;
    drop_queue();
    close_code_ = code;
    close_reason_ = reason;
    if (!writing_) do_close();
  }

  bool is_open() const override { return open_ && !closing_; }

private:
  struct queued {
    std::shared_ptr<const std::string> frame;
    std::size_t messages;
  };

  std::shared_ptr<ws_session> self() { return std::static_pointer_cast<ws_session>(shared_from_this()); }

  // Writes are not started per message: a connection with something queued joins its shard's
  // flush list, and one posted handler per shard starts the writes after every fan-out already
  // queued on the shard has run. A connection that receives ten pushes in a burst then leaves
  // with one write (one syscall) instead of ten. Shards are single-threaded, so the list is
  // per thread.
  struct flush_list {
    std::vector<std::shared_ptr<ws_session>> sessions;
    bool posted = false;
  };
public:
  static flush_list& shard_flush_list() {
    static thread_local flush_list list;
    return list;
  }
private:

  void schedule_flush() {
    if (flush_pending_) return;
    flush_pending_ = true;
    auto& list = shard_flush_list();
    list.sessions.push_back(self());
    if (list.posted) return;
    list.posted = true;
    asio::post(ws_.get_executor(), [] {
      auto& l = shard_flush_list();
      auto batch = std::move(l.sessions);
      l.sessions.clear();
      l.posted = false;
      for (auto& s : batch) {
        s->flush_pending_ = false;
        if (!s->writing_ && !s->queue_.empty() && s->open_) s->do_write();
      }
    });
  }

  void on_accept(beast::error_code ec) {
    if (ec) {
      ctx_.api.on_close(self());  // releases the admission slot taken before the upgrade
      if (ec == beast::error::timeout) ctx_.metrics.reject(app::reject_reason::timeout);
      return;
    }
    open_ = true;
    counted_ = true;
    ctx_.metrics.open_connections.fetch_add(1, std::memory_order_relaxed);
    ctx_.metrics.ws_upgrades.fetch_add(1, std::memory_order_relaxed);
    ctx_.api.on_open(self());
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_, [self = self()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish();
    if (!closing_) {
      auto data = buffer_.cdata();
      ctx_.api.on_message(self(), std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    // Give the read buffer back: most connections are idle most of the time, and an idle
    // connection should not hold a message-sized buffer (it is allocated again when the next
    // message arrives; client commands are rare next to pushes).
    buffer_.clear();
    buffer_.shrink_to_fit();
    do_read();
  }

  void do_write() {
    in_flight_.clear();
    bufs_.clear();
    std::size_t messages = 0;
    static const char newline = '\n';
    for (auto& q : queue_) {
      if (!bufs_.empty()) bufs_.emplace_back(&newline, 1);
      bufs_.emplace_back(q.frame->data(), q.frame->size());
      messages += q.messages;
      in_flight_.push_back(std::move(q.frame));
    }
    queue_.clear();
    writing_ = true;
    auto& counters = ctx_.metrics.shard(shard());
    counters.messages_out.fetch_add(messages, std::memory_order_relaxed);
    // One frame (the common case): a single buffer, which Beast's write operation holds
    // without copying a buffer vector (that copy was an allocation per write in the profile).
    if (bufs_.size() == 1)
      ws_.async_write(bufs_.front(), [self = self()](beast::error_code ec, std::size_t n) { self->on_write(ec, n); });
    else
      ws_.async_write(bufs_, [self = self()](beast::error_code ec, std::size_t n) { self->on_write(ec, n); });
  }

  void on_write(beast::error_code ec, std::size_t n) {
    writing_ = false;
    ctx_.metrics.shard(shard()).bytes_out.fetch_add(n, std::memory_order_relaxed);
    for (const auto& f : in_flight_) queued_bytes_ -= std::min(queued_bytes_, f->size() + 1);
    in_flight_.clear();
    if (queue_.empty() && in_flight_.capacity() > 256) {
      // A burst is over: do not keep its bookkeeping for the idle time that follows.
      std::vector<std::shared_ptr<const std::string>>().swap(in_flight_);
      std::vector<asio::const_buffer>().swap(bufs_);
      std::vector<queued>().swap(queue_);
    }
    if (ec) return;  // the read side sees the failure too and finishes the session
    if (closing_) {
      if (close_code_) do_close();
      return;
    }
    if (!queue_.empty()) schedule_flush();
  }

  void do_close() {
    auto code = *close_code_;
    close_code_.reset();
    websocket::close_reason why;
    why.code = code;  // application codes (4000-4999) are not in Beast's close_code enum
    why.reason = close_reason_;
    ws_.async_close(why, [self = self()](beast::error_code) {});
  }

  // The client is not reading fast enough. Drop what is queued; if a write is stuck in the
  // kernel, the close frame could never go out behind it, so cut the TCP connection instead.
  void slow() {
    ctx_.metrics.slow_closes.fetch_add(1, std::memory_order_relaxed);
    closing_ = true;
    drop_queue();
    if (writing_) {
      beast::error_code ec;
      beast::get_lowest_layer(ws_).close(ec);
    } else {
      close_code_ = close_slow;
      close_reason_ = "slow";
      do_close();
    }
  }

  void drop_queue() {
    for (const auto& q : queue_) queued_bytes_ -= std::min(queued_bytes_, q.frame->size() + 1);
    queue_.clear();
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    open_ = false;
    ctx_.api.on_close(self());
  }

  context& ctx_;
  app::metrics& metrics_;
  // On a plain socket: the WebSocket layer has its own handshake and idle timers, and a
  // beast::tcp_stream would add its own timer state to every connection (~0.5 KiB).
  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buffer_;
  std::vector<queued> queue_;  // not std::deque: libstdc++ allocates ~600 bytes for an empty one
  std::vector<std::shared_ptr<const std::string>> in_flight_;  // keeps buffers alive during a write
  std::vector<asio::const_buffer> bufs_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool flush_pending_ = false;
  bool open_ = false;
  bool closing_ = false;
  bool finished_ = false;
  bool counted_ = false;
  std::optional<std::uint16_t> close_code_;
  std::string close_reason_;
};

}  // namespace

void release_thread_state() {
  auto& l = ws_session::shard_flush_list();
  l.sessions.clear();
  l.posted = false;
}

void start_ws_session(context& ctx, std::size_t shard, tcp::socket socket,
                      http::request<http::string_body> req, store::user user, std::string token_hash) {
  auto s = std::make_shared<ws_session>(ctx, shard, std::move(socket), std::move(user), std::move(token_hash));
  s->run(std::move(req));
}

}  // namespace fuar::net
