#include "load-tests/fuar_load/client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <iostream>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "load-tests/fuar_load/sys.hpp"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace fuar::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct client::handshake_response {
  websocket::response_type res;
};

namespace {
// The per-connection read buffer: its size at the first read, the least free space a read is
// given (below it the buffer doubles), and the sizes above which it is given back after a
// message (a large replay) and when an attempt ends.
constexpr std::size_t read_buffer_initial = 1024;
constexpr std::size_t read_min_free = 256;
constexpr std::size_t read_buffer_keep = 256 * 1024;
constexpr std::size_t read_buffer_keep_idle = 64 * 1024;
}  // namespace

client::client(asio::io_context& ioc, const client_config& cfg, client_handler& h, std::uint32_t id,
               std::string token, std::uint32_t source_ip)
    : ioc_(ioc), cfg_(cfg), h_(h), id_(id), token_(std::move(token)), source_ip_(source_ip) {}

client::~client() = default;

bool client::in_attempt() const {
  return state_ == state::connecting || state_ == state::handshaking || state_ == state::opening ||
         state_ == state::subscribing;
}

void client::set_topics(std::vector<std::string> topics) {
  topics_.clear();
  for (auto& t : topics) topics_.push_back({std::move(t), {}, 0, 0});
}

void client::connect(std::int64_t deadline_ns) {
  if (state_ != state::disconnected) return;
  ++generation_;
  deadline_ns_ = deadline_ns;
  attempt_started_ns_ = mono_ns();
  recovered_all_ = true;
  state_ = state::connecting;
  ws_ = std::make_unique<ws_stream>(ioc_);
  ws_->secure_prng(false);  // masking keys need no cryptographic quality here
  auto& sock = ws_->next_layer();
  boost::system::error_code ec;
  sock.open(tcp::v4(), ec);
  if (!ec && source_ip_ != 0) {
    // Let connect() pick the port for the full 4-tuple: without this, bind() would reserve
    // a port per source address and exhaust them sooner.
    int one = 1;
    ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sock.bind(tcp::endpoint(asio::ip::address_v4(source_ip_), 0), ec);
  }
  if (ec) {
    // Out of file descriptors or a bad source address: report on the next turn, not from
    // inside connect(), so the handler never re-enters.
    asio::post(ioc_, [this, g = generation_, why = ec.message()] {
      if (g == generation_) fail("socket", true);
    });
    return;
  }
  sock.async_connect(cfg_.server, [this, g = generation_](const boost::system::error_code& e) {
    if (g == generation_) on_connect(e);
  });
}

void client::on_connect(const boost::system::error_code& ec) {
  if (ec) return fail("connect", true);
  boost::system::error_code ignored;
  ws_->next_layer().set_option(tcp::no_delay(true), ignored);
  // Our own deadlines (expire) bound every phase; Beast's timers would cost one per stream.
  websocket::stream_base::timeout t{websocket::stream_base::none(), websocket::stream_base::none(), false};
  ws_->set_option(t);
  ws_->read_message_max(64 * 1024 * 1024);
  ws_->auto_fragment(false);
  ws_->set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set(http::field::user_agent, "fuar-load");
    if (cfg_.target != target_kind::fuar) return;
    if (cfg_.auth == auth_mode::bearer) {
      req.set(http::field::authorization, "Bearer " + token_);
    } else {
      req.set(http::field::cookie, "fuar_session=" + token_);
      req.set(http::field::origin, cfg_.origin);
    }
  }));
  state_ = state::handshaking;
  res_ = std::make_unique<handshake_response>();
  ws_->async_handshake(res_->res, cfg_.host_header, cfg_.path,
                       [this, g = generation_](const boost::system::error_code& e) {
                         if (g == generation_) on_handshake(e);
                       });
}

void client::on_handshake(const boost::system::error_code& ec) {
  if (ec) {
    int status = res_ ? res_->res.result_int() : 0;
    if (ec == websocket::error::upgrade_declined && status != 0) {
      // 5xx may pass (node_full during a drain, store hiccup); 4xx will not.
      return fail("http_" + std::to_string(status), status >= 500);
    }
    return fail("handshake", true);
  }
  res_.reset();
  ws_->text(true);
  h_.on_handshake_done(*this);
  if (state_ != state::handshaking) return;  // the handler dropped us
  do_read();
  after_open();
}

// First step after the upgrade, per target.
void client::after_open() {
  switch (cfg_.target) {
    case target_kind::raw:
      state_ = state::joined;
      h_.on_joined(*this, true);
      return;
    case target_kind::socketio:
      state_ = state::opening;  // wait for the Engine.IO open packet
      return;
    case target_kind::fuar:
      if (topics_.empty()) {
        state_ = state::joined;
        h_.on_joined(*this, true);
        return;
      }
      state_ = state::subscribing;
      subscribe_all();
      return;
  }
}

void client::subscribe_all() {
  pending_subscribes_ = int(topics_.size());
  for (auto& t : topics_) {
    t.pending = next_control_id_++;
    // A topic seen before is resumed from its last processed offset (recovery).
    send(wire::fuar_subscribe(t.pending, t.name, t.epoch, t.offset, !t.epoch.empty()));
  }
}

// Reads the next piece of the current message (usually all of it: one frame) into the free
// end of in_. websocket::stream::async_read_some handles control frames and UTF-8 checks as
// async_read does; it returns payload bytes, and is_message_done() says when the message is
// complete.
void client::do_read() {
  if (in_.size() - in_used_ < read_min_free) in_.resize(std::max(read_buffer_initial, in_.size() * 2));
  ws_->async_read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_),
                       [this, g = generation_](const boost::system::error_code& ec, std::size_t n) {
                         if (g == generation_) on_read(ec, n);
                       });
}

void client::on_read(const boost::system::error_code& ec, std::size_t n) {
  if (ec) {
    int code = 1006;
    if (ec == websocket::error::closed) code = ws_->reason().code;
    return ended(code);
  }
  in_used_ += n;
  if (!ws_->is_message_done()) return do_read();  // a long or fragmented message: read on
  // The latency clock: read once per message, as soon as its last byte is in.
  auto recv_ns = wall_ns();
  auto g = generation_;
  counters.frames_in++;
  counters.bytes_in += in_used_;
  // A raw publisher receives every message too (the peer echoes to all): skip the parse.
  // `msg` points into in_, which stays untouched until this attempt ends; every step below
  // stops once a callback has ended the attempt (generation changed).
  if (!(discard_ && cfg_.target == target_kind::raw)) on_message(std::string_view(in_.data(), in_used_), recv_ns);
  if (g != generation_ || !ws_) return;  // a callback ended this attempt
  in_used_ = 0;
  if (in_.size() > read_buffer_keep) trim_read_buffer();  // after a large replay
  do_read();
}

void client::trim_read_buffer() {
  in_used_ = 0;
  std::vector<char>().swap(in_);  // the next read allocates read_buffer_initial again
}

void client::on_message(std::string_view msg, std::int64_t recv_ns) {
  switch (cfg_.target) {
    case target_kind::raw:
      if (auto p = wire::parse_payload(msg)) h_.on_delivery(*this, *p, false, recv_ns);
      else counters.unparsed++;
      return;
    case target_kind::socketio:
      return on_sio_frame(msg, recv_ns);
    case target_kind::fuar: {
      auto g = generation_;
      // One frame may carry several messages, newline-separated.
      while (!msg.empty() && g == generation_) {
        auto nl = msg.find('\n');
        on_fuar_line(msg.substr(0, nl), recv_ns);
        if (nl == std::string_view::npos) break;
        msg.remove_prefix(nl + 1);
      }
      return;
    }
  }
}

void client::on_fuar_line(std::string_view line, std::int64_t recv_ns) {
  wire::fuar_push p;
  if (wire::parse_fuar_push(line, p)) return on_fuar_push(p, false, recv_ns);
  std::uint64_t id = 0;
  if (wire::parse_fuar_reply_ok(line, id)) return on_fuar_reply(id, true, {}, line, nullptr, recv_ns);
  // Not in the server's usual shape (or an error reply): parse it properly.
  auto j = nlohmann::json::parse(line, nullptr, false);
  bool ok = false;
  std::string code;
  if (!j.is_discarded() && wire::parse_fuar_reply(j, id, ok, code)) return on_fuar_reply(id, ok, code, line, &j, recv_ns);
  if (!j.is_discarded()) {
    if (auto canon = wire::canonical_push(j); canon && wire::parse_fuar_push(*canon, p))
      return on_fuar_push(p, false, recv_ns);
  }
  counters.unparsed++;
}

void client::on_fuar_push(const wire::fuar_push& p, bool replayed, std::int64_t recv_ns) {
  if (p.event == "presence") {
    counters.presence++;
    return;
  }
  topic_slot* slot = nullptr;
  for (auto& t : topics_)
    if (t.name == p.topic) slot = &t;
  if (!slot || slot->pending != 0) return;  // a topic we left (churn), or not yet confirmed
  if (p.offset >= 0) {
    if (p.offset <= slot->offset) {
      counters.offset_repeats++;
    } else {
      if (p.offset > slot->offset + 1) counters.offset_gaps++;
      slot->offset = p.offset;
    }
  }
  if (p.event != "chat.message") return;
  if (auto f = wire::chat_payload(p.data)) h_.on_delivery(*this, *f, replayed, recv_ns);
  else counters.unparsed++;
}

void client::on_fuar_reply(std::uint64_t id, bool ok, const std::string& error_code, std::string_view line,
                           const nlohmann::json* parsed, std::int64_t recv_ns) {
  if (id < wire::control_id_base) return h_.on_ack(*this, std::uint32_t(id), ok, error_code);
  if (id == pending_unsubscribe_) {
    pending_unsubscribe_ = 0;
    return;
  }
  topic_slot* slot = nullptr;
  for (auto& t : topics_)
    if (t.pending == id) slot = &t;
  if (!slot) return;
  nlohmann::json own;
  if (!parsed) {
    own = nlohmann::json::parse(line, nullptr, false);
    if (own.is_discarded()) {
      counters.unparsed++;
      return fail("subscribe_unparsed", true);
    }
    parsed = &own;
  }
  const auto& j = *parsed;
  if (!ok) {
    const std::string& code = error_code;
    slot->pending = 0;
    if (switching_) {
      switching_ = false;
      h_.on_switched(*this, false);
      return;
    }
    // The connection is fine, but without its topics it is of no use to the scenario.
    return fail("subscribe_" + code, code == "unavailable" || code == "rate_limited");
  }
  if (!j.contains("data") || !j["data"].is_object()) {
    static bool said = false;
    if (!said) std::cerr << "fuar-load: subscribe reply without data: " << j.dump().substr(0, 300) << "\n";
    said = true;
    slot->pending = 0;
    return fail("subscribe_bad_reply", false);
  }
  const auto& data = j["data"];
  bool asked = !slot->epoch.empty();
  bool recovered = data.value("recovered", false);
  std::string epoch = data.value("epoch", "");
  std::int64_t top = data.value("offset", std::int64_t(0));
  slot->pending = 0;
  if (asked && !recovered) {
    counters.recovered_false++;
    recovered_all_ = false;
  }
  if (asked && recovered) {
    // Replay the missed pushes in order; they are deliveries like live ones.
    auto g = generation_;
    for (const auto& pub : data.value("publications", nlohmann::json::array())) {
      auto canon = wire::canonical_push(pub);
      wire::fuar_push p;
      if (canon && wire::parse_fuar_push(*canon, p)) on_fuar_push(p, true, recv_ns);
      else counters.unparsed++;
      if (g != generation_) return;
    }
  }
  slot->epoch = epoch;
  slot->offset = std::max(asked && recovered ? slot->offset : top, top);
  if (switching_) {
    switching_ = false;
    h_.on_switched(*this, true);
    return;
  }
  if (--pending_subscribes_ == 0 && state_ == state::subscribing) {
    state_ = state::joined;
    h_.on_joined(*this, recovered_all_);
  }
}

void client::on_sio_frame(std::string_view f, std::int64_t recv_ns) {
  switch (wire::sio_classify(f)) {
    case wire::sio_packet::ping:
      send("3");
      return;
    case wire::sio_packet::open:
      if (state_ == state::opening) send("40");
      return;
    case wire::sio_packet::connect:
      if (state_ != state::opening) return;
      if (topics_.empty()) {
        state_ = state::joined;
        h_.on_joined(*this, true);
        return;
      }
      // Joins ask for an acknowledgement, so "joined" means the server has done it.
      state_ = state::subscribing;
      pending_subscribes_ = int(topics_.size());
      for (auto& t : topics_) {
        t.pending = next_control_id_++;
        send(wire::sio_event("join", t.name, t.pending));
      }
      return;
    case wire::sio_packet::ack: {
      std::uint64_t id = 0;
      if (!wire::sio_ack_id(f, id)) {
        counters.unparsed++;
        return;
      }
      if (id < wire::control_id_base) return h_.on_ack(*this, id, true, {});
      for (auto& t : topics_) {
        if (t.pending != id) continue;
        t.pending = 0;
        if (switching_) {
          switching_ = false;
          h_.on_switched(*this, true);
        } else if (--pending_subscribes_ == 0 && state_ == state::subscribing) {
          state_ = state::joined;
          h_.on_joined(*this, true);
        }
        return;
      }
      return;
    }
    case wire::sio_packet::connect_error:
      return fail("sio_connect_error", false);
    case wire::sio_packet::disconnect:
    case wire::sio_packet::close: {
      auto before = state_;
      drop(false);
      if (before == state::joined) h_.on_closed(*this, 1000);
      else if (before != state::closing) h_.on_failed(*this, "sio_disconnect", true);
      return;
    }
    case wire::sio_packet::event:
      if (discard_) return;
      if (wire::sio_event_name(f) != "msg") return;
      if (auto p = wire::sio_payload(f)) h_.on_delivery(*this, *p, false, recv_ns);
      else counters.unparsed++;
      return;
    case wire::sio_packet::other:
      counters.unparsed++;
      return;
  }
}

void client::publish(std::int64_t booth_id, std::string_view room, const std::string& text, std::uint32_t seq,
                     const std::string& nonce) {
  if (state_ != state::joined) return;
  switch (cfg_.target) {
    case target_kind::fuar: return send(wire::fuar_chat_send(seq, booth_id, text, nonce));
    case target_kind::raw: return send(text, seq);
    // Acknowledged by the server (43<seq>[]), like fuar's chat.send reply.
    case target_kind::socketio: return send(wire::sio_event("publish", room, text, seq));
  }
}

void client::switch_topic(std::size_t slot, std::string topic) {
  if (state_ != state::joined || slot >= topics_.size() || switching_) return;
  auto& t = topics_[slot];
  switch (cfg_.target) {
    case target_kind::fuar:
      pending_unsubscribe_ = next_control_id_++;
      send(wire::fuar_unsubscribe(pending_unsubscribe_, t.name));
      t = topic_slot{std::move(topic), {}, 0, next_control_id_++};
      switching_ = true;
      send(wire::fuar_subscribe(t.pending, t.name, {}, 0, false));
      return;
    case target_kind::socketio:
      // The peer has no "leave": the old room keeps delivering (counted, not checked).
      t = topic_slot{std::move(topic), {}, 0, next_control_id_++};
      switching_ = true;
      send(wire::sio_event("join", t.name, t.pending));
      return;
    case target_kind::raw:
      t = topic_slot{std::move(topic), {}, 0, 0};
      h_.on_switched(*this, true);
      return;
  }
}

void client::send(std::string text, std::uint32_t ack_seq) {
  if (!ws_ || state_ == state::closing) return;
  out_.push_back({std::move(text), ack_seq});
  if (!writing_) do_write();
}

void client::do_write() {
  writing_ = true;
  ws_->async_write(asio::buffer(out_.front().text),
                   [this, g = generation_](const boost::system::error_code& ec, std::size_t) {
                     if (g != generation_) return;
                     writing_ = false;
                     if (ec) return;  // the read side sees the failure and ends the attempt
                     auto seq = out_.front().ack_seq;
                     out_.pop_front();
                     if (seq != 0) {
                       h_.on_ack(*this, seq, true, {});
                       if (g != generation_) return;
                     }
                     if (close_after_write_) return do_close();
                     if (!out_.empty()) do_write();
                   });
}

void client::close() {
  if (!ws_ || state_ == state::disconnected) return;
  if (state_ == state::closing) return;
  if (state_ == state::connecting || state_ == state::handshaking) {
    drop(false);
    return;
  }
  state_ = state::closing;
  deadline_ns_ = mono_ns() + 3'000'000'000;  // then expire() cuts it
  // Keep only what is already being written; then the close frame.
  while (out_.size() > (writing_ ? 1u : 0u)) out_.pop_back();
  if (writing_) {
    close_after_write_ = true;
    return;
  }
  do_close();
}

void client::do_close() {
  close_after_write_ = false;
  ws_->async_close(websocket::close_code::normal, [this, g = generation_](const boost::system::error_code&) {
    // The read loop ends with `closed` once the server answers; nothing to do here.
    (void)g;
  });
}

void client::expire(std::int64_t now_ns) {
  if (in_attempt() && now_ns > deadline_ns_) {
    auto what = state_ == state::connecting    ? "timeout_connect"
                : state_ == state::handshaking ? "timeout_handshake"
                : state_ == state::opening     ? "timeout_open"
                                               : "timeout_subscribe";
    fail(what, true);
  } else if (state_ == state::closing && now_ns > deadline_ns_) {
    drop(false);
  }
}

void client::drop(bool rst) {
  if (!ws_) {
    state_ = state::disconnected;
    return;
  }
  boost::system::error_code ec;
  auto& sock = ws_->next_layer();
  if (rst) sock.set_option(asio::socket_base::linger(true, 0), ec);
  sock.close(ec);
  teardown();
}

void client::fail(const std::string& reason, bool retryable) {
  bool was_attempt = in_attempt();
  drop(false);
  if (was_attempt) h_.on_failed(*this, reason, retryable);
}

void client::ended(int code) {
  auto before = state_;
  drop(false);
  if (before == state::joined) h_.on_closed(*this, code);
  else if (before != state::closing) h_.on_failed(*this, "closed_" + std::to_string(code), true);
}

void client::teardown() {
  ++generation_;
  state_ = state::disconnected;
  writing_ = false;
  close_after_write_ = false;
  switching_ = false;
  pending_unsubscribe_ = 0;
  pending_subscribes_ = 0;
  out_.clear();
  res_.reset();
  for (auto& t : topics_) t.pending = 0;
  in_used_ = 0;
  if (in_.size() > read_buffer_keep_idle) trim_read_buffer();
  // Destroy the stream on a later turn: we may be inside one of its completion handlers.
  // Pending operations of the old stream complete with operation_aborted and are ignored.
  if (ws_) asio::post(ioc_, [old = std::shared_ptr<ws_stream>(std::move(ws_))] {});
}

}  // namespace fuar::load
