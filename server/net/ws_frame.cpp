#include "server/net/ws_frame.hpp"

#include "server/util/digest.hpp"

namespace fuar::net::wsf {

bool utf8_valid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07;
    else return false;  // a continuation byte first, C0/C1 (always overlong) or F5..FF
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000)) return false;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

std::string accept_key(std::string_view key) {
  // base64 of 16 bytes: 22 significant characters and "==".
  if (key.size() != 24 || key.substr(22) != "==") return {};
  for (std::size_t i = 0; i < 22; ++i) {
    char c = key[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!ok) return {};
  }
  std::string s(key);
  s += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3
  auto d = util::sha1(s);
  return util::base64(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::size_t header(unsigned char out[10], opcode op, std::uint64_t len) {
  out[0] = 0x80 | op;
  if (len < 126) {
    out[1] = std::uint8_t(len);
    return 2;
  }
  if (len <= 0xFFFF) {
    out[1] = 126;
    out[2] = std::uint8_t(len >> 8);
    out[3] = std::uint8_t(len);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) out[2 + i] = std::uint8_t(len >> (56 - 8 * i));
  return 10;
}

std::string control_frame(opcode op, std::string_view payload) {
  if (payload.size() > 125) payload = payload.substr(0, 125);
  unsigned char h[10];
  auto hl = header(h, op, payload.size());
  std::string f(reinterpret_cast<const char*>(h), hl);
  f.append(payload);
  return f;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  // 123 bytes of reason at most, not ending inside a UTF-8 sequence.
  if (reason.size() > 123) {
    std::size_t n = 123;
    while (n > 0 && (std::uint8_t(reason[n]) & 0xC0) == 0x80) --n;
    reason = reason.substr(0, n);
  }
  std::string payload;
  payload += char(code >> 8);
  payload += char(code & 0xFF);
  payload.append(reason);
  return control_frame(op_close, payload);
}

namespace {

bool valid_close_code(std::uint16_t c) {
  // Codes a peer may send (RFC 6455 §7.4, IANA registry): not 1004-1006 or 1015, nothing
  // below 1000, 1016-2999 reserved; 3000-4999 for libraries and applications.
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
}

}  // namespace

std::size_t reader::fail(event& ev, std::uint16_t code, std::string_view why) {
  finished_ = true;
  ev.kind = event::error;
  ev.code = code;
  ev.data = why;
  return 1;  // any non-zero count: the caller stops because the reader is finished
}

std::size_t reader::next(char* p, std::size_t n, std::size_t max_message, event& ev) {
  if (n < 2) return 0;
  auto b0 = std::uint8_t(p[0]), b1 = std::uint8_t(p[1]);
  bool fin = b0 & 0x80;
  unsigned op = b0 & 0x0F;
  if (b0 & 0x70) return fail(ev, close_protocol_error, "reserved bits set (no extension was negotiated)");
  if (!(b1 & 0x80)) return fail(ev, close_protocol_error, "client frames must be masked");
  bool control = op >= 8;
  if (op != op_continuation && op != op_text && op != op_binary && op != op_close && op != op_ping && op != op_pong)
    return fail(ev, close_protocol_error, "unknown opcode");
  std::uint64_t len = b1 & 0x7F;
  if (control && (!fin || len > 125)) return fail(ev, close_protocol_error, "control frames must be final and at most 125 bytes");
  std::size_t hlen = 2;
  if (len == 126) {
    if (n < 4) return 0;
    len = (std::uint64_t(std::uint8_t(p[2])) << 8) | std::uint8_t(p[3]);
    if (len < 126) return fail(ev, close_protocol_error, "length not minimally encoded");
    hlen = 4;
  } else if (len == 127) {
    if (n < 10) return 0;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | std::uint8_t(p[2 + i]);
    if (len >> 63) return fail(ev, close_protocol_error, "length over 2^63");
    if (len <= 0xFFFF) return fail(ev, close_protocol_error, "length not minimally encoded");
    hlen = 10;
  }
  if (!control) {
    if (op == op_continuation && !in_message_) return fail(ev, close_protocol_error, "continuation frame without a message");
    if (op != op_continuation && in_message_) return fail(ev, close_protocol_error, "new message before the last one ended");
    if (op == op_binary) return fail(ev, close_unsupported, "binary messages are not supported; send JSON text");
    std::uint64_t total = (in_message_ ? message_.size() : 0) + len;
    if (total > max_message) return fail(ev, close_too_big, "message too big");
  }
  if (n < hlen + 4 + len) return 0;
  const auto* mask = reinterpret_cast<const unsigned char*>(p + hlen);
  char* payload = p + hlen + 4;
  for (std::size_t i = 0; i < len; ++i) payload[i] = char(std::uint8_t(payload[i]) ^ mask[i & 3]);
  std::string_view body(payload, std::size_t(len));
  std::size_t used = hlen + 4 + std::size_t(len);

  switch (op) {
    case op_ping: ev.kind = event::ping, ev.data = body; return used;
    case op_pong: ev.kind = event::pong; return used;
    case op_close:
      if (body.size() == 1) return fail(ev, close_protocol_error, "close frame with a 1-byte payload");
      if (body.empty()) {
        ev.code = close_no_status;
      } else {
        ev.code = std::uint16_t((std::uint8_t(body[0]) << 8) | std::uint8_t(body[1]));
        if (!valid_close_code(ev.code)) return fail(ev, close_protocol_error, "invalid close code");
        ev.data = body.substr(2);
        if (!utf8_valid(ev.data)) return fail(ev, close_invalid_data, "close reason is not UTF-8");
      }
      ev.kind = event::close;
      finished_ = true;
      return used;
    default: break;
  }
  // A text frame or a continuation.
  if (fin && !in_message_) {
    // The common case, one frame one message: handed over in place, no copy.
    if (!utf8_valid(body)) return fail(ev, close_invalid_data, "text is not valid UTF-8");
    ev.kind = event::message;
    ev.data = body;
    return used;
  }
  message_.append(body);
  in_message_ = !fin;
  if (fin) {
    if (!utf8_valid(message_)) return fail(ev, close_invalid_data, "text is not valid UTF-8");
    ev.kind = event::message;
    ev.data = message_;
  }
  return used;
}

}  // namespace fuar::net::wsf
