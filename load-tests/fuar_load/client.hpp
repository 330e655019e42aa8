#pragma once
// fuar::load::client — one WebSocket connection of the load generator.
//
// Beast over a plain TCP socket, callback style. Single-threaded: every call and every
// callback runs on the worker's io_context thread, so nothing here locks.
//
// Targets:
//  - fuar: authenticates at the upgrade (Authorization: Bearer, or the fuar_session cookie plus
//    Origin), subscribes to its topics (with "since" when it has seen the topic before, i.e.
//    after a reconnect: recovery), reads pushes (several per frame, newline-separated) and
//    replies, publishes with chat.send (id = sequence number).
//  - raw: no protocol; every text message is a payload; a publish is a text message.
//  - socketio: Engine.IO v4 framing ("0{open}" -> "40" -> "40{sid}"), answers pings ("2" ->
//    "3"), joins rooms with 42N["join",room] and publishes with 42N["publish",room,payload],
//    both acknowledged by the peer (43N[]), and receives 42["msg",payload].
//
// The client owns no policy. Its client_handler (the worker) decides when to connect, retry,
// drop or close, and is told what happened. Callbacks never call back into the client
// synchronously in a way that starts a new attempt (connect() is always deferred by the
// handler); the client re-checks its attempt generation after every callback.
//
// Lifetime: a client lives as long as its worker. Each attempt gets a fresh Beast stream; a
// stream that ends is destroyed from a posted handler, and completions of an old attempt are
// ignored (generation counter).
//
// Receive path (the generator's hot path: a viewer of a 10,000-viewer seminar reads one frame
// per publication, and the worker reads them one after another):
//  - the socket's executor is the io_context's own executor type, not any_io_executor: Asio
//    then runs completions inline instead of wrapping each one in a type-erased, heap-allocated
//    function, and work tracking is a counter instead of an executor copy;
//  - reads are websocket::stream::async_read_some into one buffer per connection (no
//    async_read composed operation on top); a message is complete when is_message_done(). The
//    buffer is kept between messages and only shrunk after a large replay;
//  - the receive time is read once per completed message, right after the read completes,
//    and passed down with it (client_handler::on_delivery);
//  - pushes, acks and payloads are recognised by the scanners in wire.hpp; nlohmann::json is
//    only used for subscribe replies, errors and lines in an unexpected shape.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/websocket/stream_fwd.hpp>

#include "load-tests/fuar_load/wire.hpp"

namespace fuar::load {

enum class target_kind { fuar, raw, socketio };
enum class auth_mode { bearer, cookie };

// Shared by every client of a worker.
struct client_config {
  target_kind target = target_kind::fuar;
  boost::asio::ip::tcp::endpoint server;
  std::string host_header;  // "HOST:PORT" for the Host header
  std::string path;         // request target: "/ws", "/", "/socket.io/?EIO=4&transport=websocket"
  auth_mode auth = auth_mode::bearer;
  std::string origin;       // cookie mode: the Origin header
};

class client;

class client_handler {
public:
  // The upgrade completed (successfully): the connect slot may be given to another client.
  virtual void on_handshake_done(client& c) = 0;
  // Connected and every topic subscribed (fuar), connected (raw), or namespace connected and
  // every room join acknowledged (socketio). recovered_all: every subscribe that asked "since" got
  // recovered:true.
  virtual void on_joined(client& c, bool recovered_all) = 0;
  // The current attempt failed before joining; the connection is gone. `reason` is short and
  // stable ("connect", "timeout", "http_503", "subscribe_not_found", ...).
  virtual void on_failed(client& c, const std::string& reason, bool retryable) = 0;
  // A joined connection ended without being asked to (server close code, 1006 without a
  // close frame). The connection is gone.
  virtual void on_closed(client& c, int code) = 0;
  // A payload arrived (live, or replayed inside a subscribe reply). `recv_wall_ns` is the
  // wall-clock time (wall_ns) at which the read of the message carrying it completed; every
  // payload of one message (a frame may carry several pushes) gets the same time.
  virtual void on_delivery(client& c, const wire::payload_fields& p, bool replayed, std::int64_t recv_wall_ns) = 0;
  // A publish was acknowledged (fuar: the chat.send reply; socketio: the 43N ack; raw: the
  // write completed, as the raw peer acknowledges nothing).
  virtual void on_ack(client& c, std::uint64_t seq, bool ok, std::string_view error_code) = 0;
  // A topic switch (switch_topic) finished.
  virtual void on_switched(client& c, bool ok) = 0;

protected:
  ~client_handler() = default;
};

// Counters a client keeps for the worker to sum at the end.
struct client_counters {
  std::uint64_t frames_in = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t presence = 0;        // fuar presence pushes
  std::uint64_t offset_gaps = 0;     // fuar: a push skipped offsets on its topic
  std::uint64_t offset_repeats = 0;  // fuar: a push repeated an offset already processed
  std::uint64_t recovered_false = 0; // fuar: subscribe with since answered recovered:false
  std::uint64_t unparsed = 0;        // messages that could not be read
};

class client {
public:
  enum class state : std::uint8_t { disconnected, connecting, handshaking, opening, subscribing, joined, closing };

  client(boost::asio::io_context& ioc, const client_config& cfg, client_handler& h, std::uint32_t id,
         std::string token, std::uint32_t source_ip);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  std::uint32_t id() const { return id_; }
  state current() const { return state_; }
  bool joined() const { return state_ == state::joined; }
  bool disconnected() const { return state_ == state::disconnected; }
  // Transient: connecting, handshaking, opening or subscribing.
  bool in_attempt() const;
  std::int64_t attempt_started_ns() const { return attempt_started_ns_; }

  // Topics (fuar) or rooms (socketio) to subscribe on each connect. Forgets positions.
  void set_topics(std::vector<std::string> topics);
  const std::string& topic(std::size_t i) const { return topics_[i].name; }
  // Do not read payloads from incoming messages (publishers: the raw and Socket.IO peers
  // send every message to them too). Protocol traffic (acks, pings) is still handled.
  void set_discard_incoming(bool d) { discard_ = d; }

  // Starts an attempt. Precondition: disconnected(). `deadline_ns` (mono clock) bounds the
  // whole attempt up to joined; expire() enforces it.
  void connect(std::int64_t deadline_ns);
  // Fails the attempt with "timeout" when it is past its deadline. Cheap; call periodically.
  void expire(std::int64_t now_ns);
  // Cuts the connection without a close frame (FIN, or RST when `rst`). No callback follows.
  void drop(bool rst);
  // Sends a close frame (1000) once pending writes are out; the connection then ends quietly.
  void close();

  // Publishes one payload (fuar: chat.send to booth `booth_id` with `nonce`; raw: the text;
  // socketio: 42["publish",room,text]). Ignored unless joined.
  void publish(std::int64_t booth_id, std::string_view room, const std::string& text, std::uint32_t seq,
               const std::string& nonce);
  // Replaces topic `slot` by `topic` (fuar: unsubscribe + subscribe; socketio: join).
  // on_switched follows (at once for raw). Ignored unless joined.
  void switch_topic(std::size_t slot, std::string topic);
  // Messages waiting to be written (including one in flight).
  std::size_t queued() const { return out_.size(); }

  client_counters counters;

private:
  // A TCP socket on the io_context's concrete executor (see the receive path above).
  using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
  using ws_stream = boost::beast::websocket::stream<socket_type, true>;
  struct topic_slot {
    std::string name;
    std::string epoch;       // empty until the first subscribe reply
    std::int64_t offset = 0; // last offset processed
    std::uint64_t pending = 0;  // id of the subscribe in flight, 0 when none
  };
  struct outgoing {
    std::string text;
    std::uint32_t ack_seq = 0;  // raw: acknowledge this publish when written
  };

  void on_connect(const boost::system::error_code& ec);
  void on_handshake(const boost::system::error_code& ec);
  void after_open();
  void subscribe_all();
  void do_read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  // One complete message, received at `recv_ns` (wall clock).
  void on_message(std::string_view msg, std::int64_t recv_ns);
  void on_fuar_line(std::string_view line, std::int64_t recv_ns);
  void on_fuar_push(const wire::fuar_push& p, bool replayed, std::int64_t recv_ns);
  void on_fuar_reply(std::uint64_t id, bool ok, const std::string& error_code, std::string_view line,
                     const nlohmann::json* parsed, std::int64_t recv_ns);
  void on_sio_frame(std::string_view frame, std::int64_t recv_ns);
  // Releases the read buffer after a large message (a replay); the next read allocates the
  // usual size again.
  void trim_read_buffer();
  void send(std::string text, std::uint32_t ack_seq = 0);
  void do_write();
  void do_close();
  void fail(const std::string& reason, bool retryable);
  void ended(int code);
  // Ends the attempt: bumps the generation, destroys the stream later, clears queues.
  void teardown();
  void start_attempt_state(state s) { state_ = s; }

  boost::asio::io_context& ioc_;
  const client_config& cfg_;
  client_handler& h_;
  std::uint32_t id_;
  // What every received message touches comes first, so that it shares a few cache lines
  // (a worker cycles through thousands of clients per publication, none of them in cache).
  std::uint32_t generation_ = 0;
  state state_ = state::disconnected;
  bool discard_ = false;
  std::unique_ptr<ws_stream> ws_;
  // The message being read: in_[0, in_used_). Allocated at the first read, kept between
  // messages, grown (doubling) while a message does not fit; Beast bounds a message by
  // read_message_max.
  std::vector<char> in_;
  std::size_t in_used_ = 0;
  std::vector<topic_slot> topics_;
  // The rest: connecting, subscribing, writing.
  std::string token_;
  std::uint32_t source_ip_;
  struct handshake_response;  // the upgrade response, kept only during the handshake
  std::unique_ptr<handshake_response> res_;
  std::deque<outgoing> out_;
  std::uint64_t next_control_id_ = wire::control_id_base;
  std::uint64_t pending_unsubscribe_ = 0;
  std::int64_t deadline_ns_ = 0;
  std::int64_t attempt_started_ns_ = 0;
  int pending_subscribes_ = 0;
  bool recovered_all_ = true;
  bool writing_ = false;
  bool close_after_write_ = false;
  bool switching_ = false;
};

}  // namespace fuar::load
