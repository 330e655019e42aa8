#pragma once
// RFC 6455 framing for the server side of /ws, written out so that an idle connection costs a
// few hundred bytes instead of a WebSocket stream object and a pending composed read (see
// ws_session.cpp and load-tests/RESULTS.md). No I/O and no Boost here: bytes in, events out,
// so tests/unit/test_ws_frame.cpp covers every rule without a socket.
//
// What fuar accepts from a client: masked frames, no extensions (RSV bits clear), text
// messages (fragmented or not) of valid UTF-8, ping/pong/close control frames. A binary
// message is refused with 1003 (the protocol is JSON text), a protocol violation with 1002,
// invalid UTF-8 with 1007, a message over the size limit with 1009 (decided from the frame
// header, before the payload is buffered).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/close_codes.hpp"

namespace fuar::net::wsf {

enum opcode : std::uint8_t { op_continuation = 0, op_text = 1, op_binary = 2, op_close = 8, op_ping = 9, op_pong = 10 };

// The RFC 6455 codes this layer sends, under the names of protocol/close_codes.hpp.
constexpr std::uint16_t close_normal = protocol::close_code::normal;
constexpr std::uint16_t close_protocol_error = protocol::close_code::protocol_error;
constexpr std::uint16_t close_unsupported = protocol::close_code::unsupported_data;
constexpr std::uint16_t close_no_status = protocol::close_code::no_status;  // never sent: "the peer's close had no code"
constexpr std::uint16_t close_invalid_data = protocol::close_code::invalid_data;
constexpr std::uint16_t close_too_big = protocol::close_code::too_big;

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool utf8_valid(std::string_view s);

// The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key, or "" when the key is not
// the base64 form of 16 bytes (the handshake is then refused with 400).
std::string accept_key(std::string_view key);

// Writes the header of an unmasked final server frame carrying `len` payload bytes, with the
// minimal length encoding. Returns its size: 2, 4 or 10.
std::size_t header(unsigned char out[10], opcode op, std::uint64_t len);
// A complete control frame (payload at most 125 bytes; longer is cut).
std::string control_frame(opcode op, std::string_view payload);
// A close frame with a status code and a reason (cut to fit 125 bytes on a UTF-8 boundary).
std::string close_frame(std::uint16_t code, std::string_view reason);

struct event {
  enum kind_t : std::uint8_t { none, message, ping, pong, close, error } kind = none;
  std::string_view data;   // message: the text; ping: its payload; close/error: the reason
  std::uint16_t code = 0;  // close: the peer's code (close_no_status when it sent none);
                           // error: the close code to answer with
};

// Turns the bytes of one connection into events. Holds memory only while a frame or a
// fragmented message is incomplete; an idle connection's reader is two empty strings.
class reader {
public:
  // Consumes `n` bytes (unmasked in place, so `data` must be writable) and calls on(event) for
  // every complete message, control frame or error, in order. After a close or an error the
  // reader is finished: the rest is ignored and feed returns false. `max_message` bounds a
  // message's total size. A message's `data` is valid only during the call.
  template <class F>
  bool feed(char* data, std::size_t n, std::size_t max_message, F&& on) {
    if (finished_) return false;
    if (partial_.empty()) {
      std::size_t off = 0;
      while (off < n && !finished_) {
        event ev;
        std::size_t used = next(data + off, n - off, max_message, ev);
        if (used == 0) {
          partial_.assign(data + off, n - off);  // an incomplete frame waits for more bytes
          break;
        }
        off += used;
        deliver(ev, on);
      }
    } else {
      partial_.append(data, n);
      std::size_t off = 0;
      while (off < partial_.size() && !finished_) {
        event ev;
        std::size_t used = next(partial_.data() + off, partial_.size() - off, max_message, ev);
        if (used == 0) break;
        off += used;
        deliver(ev, on);
      }
      if (finished_ || off == partial_.size()) std::string().swap(partial_);
      else partial_.erase(0, off);
    }
    return !finished_;
  }

  bool finished() const { return finished_; }

private:
  template <class F>
  void deliver(const event& ev, F& on) {
    if (ev.kind == event::none) return;
    on(ev);
    // A message assembled from fragments has been handled: give the memory back.
    if (ev.kind == event::message && !in_message_ && !message_.empty()) std::string().swap(message_);
  }

  // Parses one frame at p[0..n): returns the bytes it used (0 when the frame is incomplete)
  // and sets `ev` (none for a fragment that does not finish a message).
  std::size_t next(char* p, std::size_t n, std::size_t max_message, event& ev);
  std::size_t fail(event& ev, std::uint16_t code, std::string_view why);

  std::string partial_;  // bytes of an incomplete frame
  std::string message_;  // fragments of an unfinished message
  bool in_message_ = false;
  bool finished_ = false;
};

}  // namespace fuar::net::wsf
