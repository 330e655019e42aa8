// RFC 6455 wire behaviour of GET /ws, pinned with a RAW TCP client: the upgrade is written by
// hand and every client frame is built byte by byte (FIN/RSV/opcode, mask bit and key, 7/16/64-bit
// lengths, any split across TCP writes), so the tests can send what a correct client never
// would. Every server frame is checked as it is parsed: never masked, no RSV bits, minimal length
// encoding, control frames final and at most 125 bytes.
//
// Written and checked against the Beast-based ws_session that fuar used before its own framing
// (server/net/ws_frame.hpp); four cases are stricter than Beast was: a key that is not base64
// of 16 bytes (Beast answered 101), an empty last fragment after a cut UTF-8 sequence (Beast
// let it through), binary messages (Beast handled them as text) and no reset after a server
// close while client bytes are in flight.
//
// Every wait is bounded (a few seconds at most).
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <thread>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------------------------
// Client frames, built by hand.

enum opcode : std::uint8_t { op_cont = 0, op_text = 1, op_binary = 2, op_close = 8, op_ping = 9, op_pong = 10 };

struct frame_spec {
  bool fin = true;
  std::uint8_t rsv = 0;  // the bits as they sit in the first byte: 0x40 RSV1, 0x20 RSV2, 0x10 RSV3
  std::uint8_t opcode = op_text;
  bool masked = true;
  std::string payload;
  int length_form = 0;  // 0: minimal; 7, 16 or 64: that encoding whatever the length
  std::uint64_t declared_length = UINT64_MAX;  // the length written in the header (default: the payload's)
};

std::array<std::uint8_t, 4> next_mask_key() {
  static std::mt19937 rng(20240611);
  std::array<std::uint8_t, 4> k{};
  for (auto& b : k) b = std::uint8_t(1 + rng() % 255);  // no zero byte: masking really changes every byte
  return k;
}

std::string encode(const frame_spec& f) {
  std::string out;
  out += char((f.fin ? 0x80 : 0) | (f.rsv & 0x70) | (f.opcode & 0x0f));
  std::uint64_t len = f.declared_length == UINT64_MAX ? f.payload.size() : f.declared_length;
  int form = f.length_form ? f.length_form : len <= 125 ? 7 : len <= 0xffff ? 16 : 64;
  std::uint8_t mask_bit = f.masked ? 0x80 : 0;
  if (form == 7) {
    out += char(mask_bit | std::uint8_t(len));
  } else if (form == 16) {
    out += char(mask_bit | 126);
    out += char((len >> 8) & 0xff);
    out += char(len & 0xff);
  } else {
    out += char(mask_bit | 127);
    for (int i = 7; i >= 0; --i) out += char((len >> (8 * i)) & 0xff);
  }
  if (!f.masked) return out + f.payload;
  auto key = next_mask_key();
  for (auto b : key) out += char(b);
  for (std::size_t i = 0; i < f.payload.size(); ++i) out += char(std::uint8_t(f.payload[i]) ^ key[i % 4]);
  return out;
}

std::string text(const std::string& payload, bool fin = true) { return encode({fin, 0, op_text, true, payload}); }
std::string cont(const std::string& payload, bool fin = true) { return encode({fin, 0, op_cont, true, payload}); }
std::string control(std::uint8_t op, const std::string& payload) { return encode({true, 0, op, true, payload}); }
std::string close_payload(std::uint16_t code, const std::string& reason = {}) {
  std::string p;
  p += char(code >> 8);
  p += char(code & 0xff);
  return p + reason;
}

std::string ping_command(const nlohmann::json& id) { return nlohmann::json{{"id", id}, {"type", "ping"}}.dump(); }

// ---------------------------------------------------------------------------------------------
// Server frames, parsed by hand.

struct server_frame {
  bool fin = false;
  std::uint8_t rsv = 0;
  std::uint8_t opcode = 0;
  bool masked = false;
  int length_form = 7;
  std::string payload;

  // The status code of a close frame; 0 when it has no payload.
  int close_code() const {
    if (payload.size() < 2) return 0;
    return (std::uint8_t(payload[0]) << 8) | std::uint8_t(payload[1]);
  }
  std::string close_reason() const { return payload.size() > 2 ? payload.substr(2) : std::string(); }
};

std::string describe(const server_frame& f) {
  std::string s = "opcode " + std::to_string(f.opcode) + (f.fin ? " FIN" : "") + ", " +
                  std::to_string(f.payload.size()) + " bytes";
  if (f.opcode == op_close) s += ", code " + std::to_string(f.close_code());
  if (f.opcode == op_text) s += ": " + f.payload.substr(0, 200);
  return s;
}

enum class ending { open, eof, reset, timeout };

const char* to_string(ending e) {
  switch (e) {
    case ending::open: return "open";
    case ending::eof: return "eof";
    case ending::reset: return "reset";
    case ending::timeout: return "timeout";
  }
  return "?";
}

struct http_reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

asio::io_context& io() {
  static asio::io_context ioc;
  return ioc;
}

// A TCP connection to the server with a byte-level WebSocket client on top. The socket is
// non-blocking; reads wait in poll() with a deadline, so nothing here can hang.
class raw_ws {
public:
  explicit raw_ws(unsigned short port) : sock_(io()) {
    sock_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    sock_.set_option(tcp::no_delay(true));  // each write goes out as its own segment
    sock_.non_blocking(true);
  }

  // Writes all bytes (bounded: 5 s). A write into a connection the server has already reset
  // is not an error of the test: the reset is remembered and shows in the reads.
  void send(std::string_view bytes) {
    auto deadline = steady::now() + 5s;
    while (!bytes.empty()) {
      boost::system::error_code ec;
      auto n = sock_.write_some(asio::buffer(bytes.data(), bytes.size()), ec);  // MSG_NOSIGNAL
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        if (steady::now() > deadline) FAIL("could not write " << bytes.size() << " bytes within 5 s");
        pollfd p{sock_.native_handle(), POLLOUT, 0};
        ::poll(&p, 1, 50);
        continue;
      }
      if (ec) {
        write_failed_ = true;
        return;
      }
      bytes.remove_prefix(n);
    }
  }

  // Writes the bytes in pieces of `piece` bytes, one TCP write each, with a short pause between
  // them so that they really arrive as separate segments.
  void send_in_pieces(std::string_view bytes, std::size_t piece, milliseconds pause = 1ms) {
    while (!bytes.empty()) {
      auto n = std::min(piece, bytes.size());
      send(bytes.substr(0, n));
      bytes.remove_prefix(n);
      if (!bytes.empty()) std::this_thread::sleep_for(pause);
    }
  }

  // Writes the bytes cut at the given offsets (one TCP write per piece).
  void send_cut(std::string_view bytes, std::vector<std::size_t> cuts, milliseconds pause = 5ms) {
    std::size_t at = 0;
    cuts.push_back(bytes.size());
    for (auto c : cuts) {
      send(bytes.substr(at, c - at));
      at = c;
      std::this_thread::sleep_for(pause);
    }
  }

  // Sends an upgrade request with `key` (omitted when empty), `version` and the extra headers,
  // and reads the HTTP response head (and the body of a refusal).
  http_reply upgrade(const std::map<std::string, std::string>& headers, const std::string& key,
                     const std::string& version = "13") {
    std::string req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    if (!key.empty()) req += "Sec-WebSocket-Key: " + key + "\r\n";
    if (!version.empty()) req += "Sec-WebSocket-Version: " + version + "\r\n";
    for (auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    req += "\r\n";
    send(req);
    http_reply r;
    auto deadline = steady::now() + 5s;
    std::size_t end;
    while ((end = in_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) FAIL("no HTTP response head (" << to_string(ending_) << "): " << in_);
    std::string head = in_.substr(0, end);
    in_.erase(0, end + 4);  // what follows a 101 is already WebSocket frames
    auto line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    REQUIRE(status_line.rfind("HTTP/1.1 ", 0) == 0);
    r.status = std::stoi(status_line.substr(9, 3));
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      auto e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      auto line = head.substr(pos, e - pos);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        auto v = line.substr(colon + 1);
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t") + 1);
        r.headers[lower(line.substr(0, colon))] = v;
      }
      pos = e + 2;
    }
    if (r.status != 101 && r.headers.count("content-length")) {
      std::size_t n = std::stoul(r.headers["content-length"]);
      while (in_.size() < n)
        if (!fill(deadline)) break;
      r.body = in_.substr(0, n);
      in_.erase(0, std::min(n, in_.size()));
    }
    return r;
  }

  // The next frame from the server; nullopt when the connection ended or nothing came in time
  // (ending() tells which). Checks the invariants every server frame must meet.
  std::optional<server_frame> read_frame(milliseconds timeout = 3s) {
    auto deadline = steady::now() + timeout;
    for (;;) {
      if (auto f = parse()) return f;
      if (!fill(deadline)) return std::nullopt;
    }
  }

  // After the server's close frame (or with none): waits until the server ends the TCP
  // connection. Returns eof (FIN), reset (RST) or timeout. Bytes that still arrive are kept
  // in late_bytes().
  ending wait_closed(milliseconds timeout = 3s) {
    auto deadline = steady::now() + timeout;
    while (fill(deadline)) {
    }
    late_bytes_ += in_;
    in_.clear();
    return ending_seen();
  }

  // eof or reset once the connection ended; otherwise timeout when the last wait ran out.
  ending ending_seen() const { return ending_ != ending::open ? ending_ : timed_out_ ? ending::timeout : ending::open; }
  const std::string& late_bytes() const { return late_bytes_; }
  bool write_failed() const { return write_failed_; }
  // The socket's pending error (SO_ERROR): ECONNRESET or EPIPE once a RST came in.
  int so_error() {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(sock_.native_handle(), SOL_SOCKET, SO_ERROR, &err, &len);
    return err;
  }
  // Bytes received but not parsed yet.
  std::size_t buffered() const { return in_.size(); }

private:
  // Reads what is available (waiting until the deadline); false when the connection ended or
  // the deadline passed.
  bool fill(steady::time_point deadline) {
    if (ending_ != ending::open) return false;
    timed_out_ = false;
    for (;;) {
      auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now()).count();
      if (left < 0) left = 0;
      pollfd p{sock_.native_handle(), POLLIN, 0};
      int r = ::poll(&p, 1, int(left));
      if (r == 0) {
        if (steady::now() >= deadline) {
          timed_out_ = true;  // not final: a later read may still get something
          return false;
        }
        continue;
      }
      char buf[65536];
      boost::system::error_code ec;
      auto n = sock_.read_some(asio::buffer(buf), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) continue;
      if (ec == asio::error::eof) {
        ending_ = ending::eof;
        return false;
      }
      if (ec) {  // connection_reset, broken_pipe (a reset after the peer's FIN reads as EPIPE)
        ending_ = ending::reset;
        return false;
      }
      in_.append(buf, n);
      return true;
    }
  }

  std::optional<server_frame> parse() {
    if (in_.size() < 2) return std::nullopt;
    auto b0 = std::uint8_t(in_[0]), b1 = std::uint8_t(in_[1]);
    server_frame f;
    f.fin = b0 & 0x80;
    f.rsv = b0 & 0x70;
    f.opcode = b0 & 0x0f;
    f.masked = b1 & 0x80;
    std::uint64_t len = b1 & 0x7f;
    std::size_t at = 2;
    if (len == 126) {
      if (in_.size() < 4) return std::nullopt;
      len = (std::uint64_t(std::uint8_t(in_[2])) << 8) | std::uint8_t(in_[3]);
      f.length_form = 16;
      at = 4;
    } else if (len == 127) {
      if (in_.size() < 10) return std::nullopt;
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | std::uint8_t(in_[2 + i]);
      f.length_form = 64;
      at = 10;
    }
    std::array<std::uint8_t, 4> key{};
    if (f.masked) {
      if (in_.size() < at + 4) return std::nullopt;
      for (int i = 0; i < 4; ++i) key[i] = std::uint8_t(in_[at + i]);
      at += 4;
    }
    REQUIRE(len < (std::uint64_t(1) << 32));  // nothing the server sends is anywhere near that
    if (in_.size() < at + len) return std::nullopt;
    f.payload = in_.substr(at, std::size_t(len));
    if (f.masked)
      for (std::size_t i = 0; i < f.payload.size(); ++i) f.payload[i] = char(std::uint8_t(f.payload[i]) ^ key[i % 4]);
    in_.erase(0, at + std::size_t(len));

    // What every server frame must be.
    INFO("server frame: " << describe(f));
    CHECK_FALSE(f.masked);  // RFC 6455 5.1: a server never masks
    CHECK(f.rsv == 0);      // no extension is negotiated
    if (f.length_form == 7) CHECK(len <= 125);
    if (f.length_form == 16) CHECK((len >= 126 && len <= 0xffff));  // minimal encoding (5.2)
    if (f.length_form == 64) CHECK(len > 0xffff);
    bool known = f.opcode == op_cont || f.opcode == op_text || f.opcode == op_binary || f.opcode == op_close ||
                 f.opcode == op_ping || f.opcode == op_pong;
    CHECK(known);
    if (f.opcode >= 8) {
      CHECK(f.fin);  // control frames are never fragmented
      CHECK(f.payload.size() <= 125);
    }
    return f;
  }

  tcp::socket sock_;
  std::string in_;
  std::string late_bytes_;
  ending ending_ = ending::open;
  bool timed_out_ = false;
  bool write_failed_ = false;
};

// ---------------------------------------------------------------------------------------------
// One server per configuration, started on first use and shared by the cases of this file
// (each case opens its own connections). The user may hold many sockets at once.

struct shared_node {
  std::unique_ptr<server> s;
  std::string token;
};

shared_node& node(const env& extra = {}) {
  static std::map<env, shared_node> nodes;
  auto& n = nodes[extra];
  if (!n.s) {
    env e = extra;
    e["FUAR_WS_MAX_CONNECTIONS_PER_USER"] = "1000";
    n.s = std::make_unique<server>(e);
    n.token = register_user(*n.s, "frames@example.org", "Frames");
  }
  return n;
}

const env big_messages{{"FUAR_WS_MAX_MESSAGE_BYTES", "200000"}};
const env small_messages{{"FUAR_WS_MAX_MESSAGE_BYTES", "4096"}};
const env fast_idle{{"FUAR_WS_IDLE_TIMEOUT_MS", "1000"}};

const std::string sample_key = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455 1.3
const std::string sample_accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const std::string other_key = "AQIDBAUGBwgJCgsMDQ4PEA==";  // base64 of the bytes 1..16
const std::string other_accept = "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=";

std::map<std::string, std::string> auth_headers(const shared_node& n) {
  return {{"Authorization", "Bearer " + n.token}, {"Origin", n.s->origin()}};
}

bool has_token(const std::string& list, const std::string& token) {
  auto l = lower(list);
  std::size_t pos = 0;
  while (pos <= l.size()) {
    auto comma = l.find(',', pos);
    auto item = l.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item == token) return true;
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return false;
}

// An upgraded connection (101 checked, with its Sec-WebSocket-Accept).
std::unique_ptr<raw_ws> open_ws(shared_node& n) {
  auto c = std::make_unique<raw_ws>(n.s->port());
  auto r = c->upgrade(auth_headers(n), other_key);
  INFO("upgrade answered " << r.status << " " << r.body);
  REQUIRE(r.status == 101);
  REQUIRE(r.headers["sec-websocket-accept"] == other_accept);
  return c;
}

// The messages of the next server frame, which must be a complete text frame.
std::vector<nlohmann::json> messages_of(const server_frame& f) {
  INFO("server frame: " << describe(f));
  REQUIRE(f.opcode == op_text);
  REQUIRE(f.fin);  // the server does not fragment its messages
  std::vector<nlohmann::json> out;
  std::size_t pos = 0;
  while (pos <= f.payload.size()) {
    auto nl = f.payload.find('\n', pos);
    auto part = f.payload.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    auto j = nlohmann::json::parse(part, nullptr, false);
    INFO("message: " << part);
    REQUIRE_FALSE(j.is_discarded());
    out.push_back(std::move(j));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

// Reads text frames until every id in `ids` has its reply (in any order, any grouping into
// frames); a frame of another kind fails the test.
std::map<nlohmann::json, nlohmann::json> expect_replies(raw_ws& c, std::vector<nlohmann::json> ids,
                                                        milliseconds timeout = 3s) {
  std::map<nlohmann::json, nlohmann::json> got;
  auto deadline = steady::now() + timeout;
  while (got.size() < ids.size()) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
    auto f = c.read_frame(std::max(left, 0ms));
    INFO("waiting for replies; connection " << to_string(c.ending_seen()));
    REQUIRE(f);
    for (auto& m : messages_of(*f))
      if (m.contains("id") && std::find(ids.begin(), ids.end(), m["id"]) != ids.end()) got[m["id"]] = m;
  }
  return got;
}

nlohmann::json expect_reply(raw_ws& c, const nlohmann::json& id, milliseconds timeout = 3s) {
  auto r = expect_replies(c, {id}, timeout)[id];
  INFO("reply: " << r.dump());
  CHECK(r["ok"] == true);
  return r;
}

// The next frame must be a close frame with `code`, after which the server ends the TCP
// connection with a FIN (the client reads EOF).
void expect_close(raw_ws& c, int code, milliseconds timeout = 3s) {
  auto f = c.read_frame(timeout);
  INFO("expected a close frame with " << code << "; connection " << to_string(c.ending_seen()));
  REQUIRE(f);
  INFO("got " << describe(*f));
  REQUIRE(f->opcode == op_close);
  CHECK(f->close_code() == code);
  auto end = c.wait_closed(3s);
  INFO("after the close frame: " << to_string(end) << ", " << c.late_bytes().size() << " more bytes");
  CHECK(end == ending::eof);
  CHECK(c.late_bytes().empty());
}

}  // namespace

// =============================================================================================
// 1. Handshake

TEST_CASE("wsframes: the upgrade answers 101 with the right Sec-WebSocket-Accept", "[wsframes]") {
  auto& n = node();
  for (auto [key, accept] : {std::pair{sample_key, sample_accept}, std::pair{other_key, other_accept}}) {
    raw_ws c(n.s->port());
    auto r = c.upgrade(auth_headers(n), key);
    INFO("key " << key << ": " << r.status << " " << r.body);
    REQUIRE(r.status == 101);
    CHECK(r.headers["sec-websocket-accept"] == accept);
    CHECK(lower(r.headers["upgrade"]) == "websocket");
    CHECK(has_token(r.headers["connection"], "upgrade"));
    CHECK(r.headers.count("sec-websocket-extensions") == 0);  // no extension: RSV bits stay reserved
    c.send(text(ping_command(1)));
    expect_reply(c, 1);
  }
}

TEST_CASE("wsframes: a bearer client without Origin may upgrade", "[wsframes]") {
  auto& n = node();
  raw_ws c(n.s->port());
  auto r = c.upgrade({{"Authorization", "Bearer " + n.token}}, sample_key);
  REQUIRE(r.status == 101);
  c.send(text(ping_command("no-origin")));
  expect_reply(c, "no-origin");
}

namespace {
// A refused upgrade: after the response nothing WebSocket happens on the connection; the
// server closes it (a frame sent anyway gets no answer).
void expect_no_websocket(raw_ws& c) {
  c.send(text(ping_command(99)));
  auto end = c.wait_closed(3s);
  INFO("after the refusal: " << to_string(end) << ", then " << c.late_bytes().size() << " bytes: " << c.late_bytes());
  CHECK((end == ending::eof || end == ending::reset));
  CHECK(c.late_bytes().find("\"id\":99") == std::string::npos);
  CHECK(c.late_bytes().find("101") == std::string::npos);
}
}  // namespace

TEST_CASE("wsframes: Sec-WebSocket-Version other than 13 is refused with 426", "[wsframes]") {
  auto& n = node();
  raw_ws c(n.s->port());
  auto r = c.upgrade(auth_headers(n), sample_key, "8");
  CHECK(r.status == 426);
  CHECK(r.headers["sec-websocket-version"] == "13");
  CHECK(r.headers.count("sec-websocket-accept") == 0);
  expect_no_websocket(c);
}

TEST_CASE("wsframes: a missing Sec-WebSocket-Version or Sec-WebSocket-Key is refused with 400", "[wsframes]") {
  auto& n = node();
  SECTION("no version") {
    raw_ws c(n.s->port());
    auto r = c.upgrade(auth_headers(n), sample_key, "");
    CHECK(r.status == 400);
    expect_no_websocket(c);
  }
  SECTION("no key") {
    raw_ws c(n.s->port());
    auto r = c.upgrade(auth_headers(n), "");
    CHECK(r.status == 400);
    CHECK(r.headers.count("sec-websocket-accept") == 0);
    expect_no_websocket(c);
  }
  SECTION("a key too long to be 16 bytes in base64") {
    raw_ws c(n.s->port());
    auto r = c.upgrade(auth_headers(n), "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");  // 32 bytes
    CHECK(r.status == 400);
    CHECK(r.headers.count("sec-websocket-accept") == 0);
    expect_no_websocket(c);
  }
}

// NEW BEHAVIOUR. RFC 6455 4.2.1: the key is the base64 of 16 bytes. Today's server (Beast)
// only refuses an empty key or one longer than 24 characters: these keys are accepted with 101.
TEST_CASE("wsframes: a key that is not base64 of 16 bytes is refused with 400", "[wsframes]") {
  auto& n = node();
  for (std::string key : {"abc", "AAAAAAAAAAAAAAAAAAAA",  // base64 of 15 bytes
                          "!!!!!!!!!!!!!!!!!!!!!!==", "AQIDBAUGBwgJCgsMDQ4PEA"}) {
    DYNAMIC_SECTION("key " << key) {
      raw_ws c(n.s->port());
      auto r = c.upgrade(auth_headers(n), key);
      CHECK(r.status == 400);
      if (r.status != 101) expect_no_websocket(c);
    }
  }
}

// =============================================================================================
// 2. Frames that must work

TEST_CASE("wsframes: a command in one masked text frame gets its reply", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  c->send(text(ping_command(1)));
  auto r = expect_reply(*c, 1);
  CHECK(r["data"].contains("server_time_ms"));
  // A reply longer than 125 bytes comes with a 16-bit length (checked minimal by the parser).
  c->send(text(R"({"id":"hello","type":"hello"})"));
  auto f = c->read_frame(3s);
  REQUIRE(f);
  CHECK(f->payload.size() > 125);
  CHECK(f->length_form == 16);
  auto msgs = messages_of(*f);
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0]["id"] == "hello");
  CHECK(msgs[0]["ok"] == true);
  c->send(text(ping_command(2)));
  expect_reply(*c, 2);
}

TEST_CASE("wsframes: a fragmented message with a ping between fragments", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  std::string cmd = ping_command("frag");
  auto a = cmd.substr(0, 5), b = cmd.substr(5, 7), d = cmd.substr(12);
  // The last fragment, then (unless already read) the pong, then the reply to the command.
  auto finish = [&](bool pong_read) {
    c->send(cont(d, true));
    if (!pong_read) {
      auto pong = c->read_frame(3s);
      REQUIRE(pong);
      CHECK(pong->opcode == op_pong);
      CHECK(pong->payload == "abc");
    }
    auto f = c->read_frame(3s);
    REQUIRE(f);
    auto msgs = messages_of(*f);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0]["id"] == "frag");
    CHECK(msgs[0]["ok"] == true);
  };

  SECTION("the pong comes while the message is still open, the reply after the last fragment") {
    c->send(text(a, false));
    c->send(control(op_ping, "abc"));
    auto pong = c->read_frame(2s);
    REQUIRE(pong);
    CHECK(pong->opcode == op_pong);
    CHECK(pong->payload == "abc");
    c->send(cont(b, false));
    CHECK_FALSE(c->read_frame(200ms));  // nothing to answer yet: the message is not complete
    CHECK(c->ending_seen() == ending::timeout);
    finish(true);
  }
  SECTION("all in one write: pong first, then the reply") {
    c->send(text(a, false) + control(op_ping, "abc") + cont(b, false));
    finish(false);
  }
  SECTION("every byte in its own TCP write") {
    c->send_in_pieces(text(a, false) + control(op_ping, "abc") + cont(b, false), 1);
    finish(false);
  }
}

TEST_CASE("wsframes: frame bytes dribbled one per TCP write, frames cut anywhere", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  SECTION("one byte per write") {
    c->send_in_pieces(text(ping_command(7)), 1);
    expect_reply(*c, 7);
  }
  SECTION("cut inside the header, the mask key and the payload") {
    auto f = text(std::string(300, ' ') + ping_command(8));  // 16-bit length: header 2+2+4 bytes
    c->send_cut(f, {1, 3, 6, 9, 100});
    expect_reply(*c, 8);
  }
  SECTION("a multi-byte character split across two fragments") {
    std::string cmd = ping_command("\xC5\x9F");  // "ş": C5 9F
    auto at = cmd.find('\xC5') + 1;
    c->send(text(cmd.substr(0, at), false));
    c->send(cont(cmd.substr(at), true));
    expect_reply(*c, "\xC5\x9F");
  }
  SECTION("empty fragments") {
    std::string cmd = ping_command("empty");
    c->send(text("", false) + cont(cmd, false) + cont("", true));
    expect_reply(*c, "empty");
  }
}

TEST_CASE("wsframes: two frames in one TCP write both get replies", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  c->send(text(ping_command(4)) + text(ping_command(5)));
  auto got = expect_replies(*c, {4, 5});  // one frame with both, newline-separated, or two frames
  CHECK(got[4]["ok"] == true);
  CHECK(got[5]["ok"] == true);
}

TEST_CASE("wsframes: 16-bit and 64-bit payload lengths", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  SECTION("16-bit") {
    auto payload = std::string(300, ' ') + ping_command(16);
    auto f = text(payload);
    REQUIRE(std::uint8_t(f[1]) == (0x80 | 126));
    c->send(f);
    expect_reply(*c, 16);
  }
  SECTION("16-bit at its largest, 65535 bytes") {
    auto cmd = ping_command(65535);
    auto f = text(std::string(65535 - cmd.size(), ' ') + cmd);
    REQUIRE(std::uint8_t(f[1]) == (0x80 | 126));
    c->send(f);
    expect_reply(*c, 65535);
  }
  SECTION("64-bit") {
    auto payload = std::string(70000, ' ') + ping_command(64);
    auto f = text(payload);
    REQUIRE(std::uint8_t(f[1]) == (0x80 | 127));
    c->send(f);
    expect_reply(*c, 64);
  }
  SECTION("64-bit, split in fragments") {
    auto cmd = ping_command(6464);
    c->send(text(std::string(70000, ' '), false) + cont(std::string(100000, ' '), false) + cont(cmd, true));
    expect_reply(*c, 6464);
  }
  c->send(text(ping_command("after")));
  expect_reply(*c, "after");
}

// =============================================================================================
// 3. Protocol errors: close 1002

TEST_CASE("wsframes: protocol errors close with 1002", "[wsframes]") {
  auto& n = node(big_messages);
  std::string cmd = ping_command(1);
  frame_spec unmasked{true, 0, op_text, false, cmd};
  frame_spec rsv1{true, 0x40, op_text, true, cmd};
  frame_spec rsv2{true, 0x20, op_text, true, cmd};
  frame_spec rsv3_ping{true, 0x10, op_ping, true, "x"};
  frame_spec opcode3{true, 0, 3, true, cmd};
  frame_spec opcode11{true, 0, 11, true, ""};
  frame_spec big_ping{true, 0, op_ping, true, std::string(126, 'p')};
  frame_spec big_close{true, 0, op_close, true, close_payload(1000, std::string(124, 'r'))};
  frame_spec ping_no_fin{false, 0, op_ping, true, "abc"};
  frame_spec close_one_byte{true, 0, op_close, true, std::string(1, '\x03')};
  frame_spec len16_short{true, 0, op_text, true, cmd, 16};   // 16-bit form for a length <= 125
  frame_spec len64_short{true, 0, op_text, true, cmd, 64};   // 64-bit form for a length <= 65535
  struct bad {
    std::string name;
    std::string bytes;
  };
  std::vector<bad> cases{
      {"unmasked client frame", encode(unmasked)},
      {"RSV1 set (no extension negotiated)", encode(rsv1)},
      {"RSV2 set", encode(rsv2)},
      {"RSV3 set on a ping", encode(rsv3_ping)},
      {"reserved data opcode 3", encode(opcode3)},
      {"reserved control opcode 11", encode(opcode11)},
      {"ping with a 126-byte payload", encode(big_ping)},
      {"close with a 126-byte payload", encode(big_close)},
      {"fragmented ping (no FIN)", encode(ping_no_fin)},
      {"continuation with no message started", cont(cmd)},
      {"new text frame while a fragmented message is open", text("{\"id\":", false) + text(cmd)},
      {"binary frame while a fragmented text message is open", text("{\"id\":", false) + encode({true, 0, op_binary, true, cmd})},
      {"close frame with a 1-byte payload", encode(close_one_byte)},
      {"non-minimal 16-bit length", encode(len16_short)},
      {"non-minimal 64-bit length", encode(len64_short)},
  };
  // Close codes a peer may not send (RFC 6455 7.4.1 / 7.4.2, Autobahn 7.9.x). Codes of 5000 and
  // above are left out: the RFC does not say (Autobahn 7.13.x), and today's server echoes them.
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999})
    cases.push_back({"close code " + std::to_string(code), control(op_close, close_payload(std::uint16_t(code)))});
  for (auto& bc : cases) {
    DYNAMIC_SECTION(bc.name) {
      auto c = open_ws(n);
      c->send(text(ping_command("before")));
      expect_reply(*c, "before");
      c->send(bc.bytes);
      expect_close(*c, 1002);
    }
  }
}

TEST_CASE("wsframes: valid close codes from the client are answered with a close frame", "[wsframes]") {
  auto& n = node(big_messages);
  // The server answers with a close frame and ends the connection; for the codes of 7.4.1 and
  // the registered/private ranges it echoes the code (that is what today's server does).
  for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
    DYNAMIC_SECTION("close code " << code) {
      auto c = open_ws(n);
      c->send(control(op_close, close_payload(std::uint16_t(code), "bye")));
      expect_close(*c, code);
    }
  }
}

// Close with an invalid UTF-8 reason: RFC 6455 allows 1002 or 1007 here (Autobahn 7.5.1);
// today's server sends 1002.
TEST_CASE("wsframes: a close reason that is not UTF-8 fails the connection", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  c->send(control(op_close, close_payload(1000, "\xC3\x28")));
  auto f = c->read_frame(3s);
  REQUIRE(f);
  REQUIRE(f->opcode == op_close);
  CHECK((f->close_code() == 1002 || f->close_code() == 1007));
  CHECK(c->wait_closed(3s) == ending::eof);
}

// =============================================================================================
// 4. Invalid UTF-8: close 1007

TEST_CASE("wsframes: invalid UTF-8 in a text message closes with 1007", "[wsframes]") {
  auto& n = node(big_messages);
  struct bad {
    std::string name;
    std::string bytes;
  };
  auto in_command = [](const std::string& raw) { return std::string(R"({"id":1,"type":"ping","x":")") + raw + "\"}"; };
  std::vector<bad> cases{
      {"C3 28 (bad continuation byte)", text(in_command("\xC3\x28"))},
      {"C0 AF (overlong '/')", text(in_command("\xC0\xAF"))},
      {"E0 80 AF (overlong 3-byte)", text(in_command("\xE0\x80\xAF"))},
      {"ED A0 80 (UTF-16 surrogate)", text(in_command("\xED\xA0\x80"))},
      {"F4 90 80 80 (above U+10FFFF)", text(in_command("\xF4\x90\x80\x80"))},
      {"FF", text(in_command("\xFF"))},
      {"lone continuation byte 80", text(in_command("\x80"))},
      {"truncated sequence at the end of the message", text(std::string(R"({"id":1,"type":"ping"})") + "\xE2\x82")},
      {"invalid bytes in a later fragment", text(R"({"id":1,)", false) + cont(R"("type":"ping","x":")" "\xC0\xAF" "\"}")},
      {"truncated sequence at the end of a fragmented message",
       text(R"({"id":1,"type":"ping"})", false) + cont("\xE2\x82", true)},
      {"a sequence cut by the end of a fragment and not completed by the next",
       text(std::string(R"({"id":1,"type":"ping","x":")") + "\xE2\x82", false) + cont("(\"}", true)},
  };
  for (auto& bc : cases) {
    DYNAMIC_SECTION(bc.name) {
      auto c = open_ws(n);
      c->send(bc.bytes);
      expect_close(*c, 1007);
    }
  }
}

// NEW BEHAVIOUR: a message whose last frame is an empty continuation must still be checked for
// a UTF-8 sequence left incomplete. Today's server (Beast 1.81) skips that final check when the
// FIN frame has no payload: the message is handed on, and the command parser answers
// {"id":null,"ok":false,"error":{"code":"malformed"}} with the socket left open.
TEST_CASE("wsframes: a truncated UTF-8 sequence before an empty final fragment closes with 1007",
          "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  c->send(text(R"({"id":1,"type":"ping"})", false) + cont("\xE2\x82", false) + cont("", true));
  expect_close(*c, 1007);
}

// =============================================================================================
// 5. Message size limit: close 1009

TEST_CASE("wsframes: a message over ws.max_message_bytes closes with 1009", "[wsframes]") {
  auto& n = node(small_messages);  // 4096 bytes
  auto c = open_ws(n);
  SECTION("exactly at the limit is fine") {
    auto cmd = ping_command("limit");
    c->send(text(std::string(4096 - cmd.size(), ' ') + cmd));
    expect_reply(*c, "limit");
    // ... and so is the same size in fragments.
    auto cmd2 = ping_command("limit2");
    c->send(text(std::string(2000, ' '), false) + cont(std::string(4096 - 2000 - cmd2.size(), ' ') + cmd2, true));
    expect_reply(*c, "limit2");
  }
  SECTION("one byte over, in one frame") {
    auto cmd = ping_command("over");
    c->send(text(std::string(4097 - cmd.size(), ' ') + cmd));
    expect_close(*c, 1009);
  }
  SECTION("5000 bytes in one frame") {
    c->send(text(std::string(5000, ' ') + ping_command(1)));
    expect_close(*c, 1009);
  }
  SECTION("fragments each under the limit, together over it") {
    c->send(text(std::string(2000, ' '), false));
    c->send(cont(std::string(2000, ' '), false));
    c->send(cont(std::string(2000, ' ') + ping_command(1), true));
    expect_close(*c, 1009);
  }
  SECTION("a 64-bit length far over the limit, with no payload sent") {
    frame_spec huge{true, 0, op_text, true, "", 64, std::uint64_t(1) << 40};
    c->send(encode(huge));
    expect_close(*c, 1009);
  }
}

// =============================================================================================
// 6. Binary frames: close 1003 — NEW BEHAVIOUR

// NEW BEHAVIOUR: the protocol is text-only, so a binary message must close with 1003
// (unsupported data). Today's Beast-based server takes a binary message like a text one (the
// session never looks at the opcode): the command in it gets its reply and the socket stays
// open. Expected to fail until the new framing code lands.
TEST_CASE("wsframes: a binary message closes with 1003", "[wsframes]") {
  auto& n = node(big_messages);
  SECTION("one binary frame") {
    auto c = open_ws(n);
    c->send(encode({true, 0, op_binary, true, ping_command("bin")}));
    expect_close(*c, 1003);
  }
  SECTION("binary, fragmented") {
    auto c = open_ws(n);
    auto cmd = ping_command("bin2");
    c->send(encode({false, 0, op_binary, true, cmd.substr(0, 4)}) + cont(cmd.substr(4), true));
    expect_close(*c, 1003);
  }
}

// =============================================================================================
// 7. Closing handshake started by the client

TEST_CASE("wsframes: a client close 1000 'bye' is answered with close 1000, then FIN", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  c->send(text(ping_command(1)));
  expect_reply(*c, 1);
  SECTION("close with code and reason") {
    c->send(control(op_close, close_payload(1000, "bye")));
    expect_close(*c, 1000);
  }
  SECTION("close split over three TCP writes") {
    c->send_in_pieces(control(op_close, close_payload(1000, "bye")), 3);
    expect_close(*c, 1000);
  }
  SECTION("close without a status code") {
    // RFC 6455 5.5.1: the answer echoes the status or has none; today's server answers 1000.
    c->send(control(op_close, ""));
    auto f = c->read_frame(3s);
    REQUIRE(f);
    REQUIRE(f->opcode == op_close);
    CHECK((f->close_code() == 1000 || f->payload.empty()));
    CHECK(c->wait_closed(3s) == ending::eof);
  }
  SECTION("close in the middle of a fragmented message") {
    c->send(text("{\"id\":", false) + control(op_close, close_payload(1000, "bye")));
    expect_close(*c, 1000);
  }
  SECTION("frames after the close are ignored") {
    c->send(control(op_close, close_payload(1000, "bye")) + text(ping_command(2)));
    expect_close(*c, 1000);  // checks that no reply (no frame at all) follows the close frame
  }
}

// =============================================================================================
// 8. Pings from the server (ws.idle_timeout_ms = 1000: pings at half of it)

TEST_CASE("wsframes: the server pings a silent client, and drops it when no pong comes", "[wsframes]") {
  auto& n = node(fast_idle);
  auto c = open_ws(n);
  auto opened = steady::now();
  auto f = c->read_frame(2s);
  auto first = std::chrono::duration_cast<milliseconds>(steady::now() - opened);
  REQUIRE(f);
  CHECK(f->opcode == op_ping);
  INFO("first ping after " << first.count() << " ms");
  CHECK(first < 1000ms);  // ~500 ms (half the idle timeout, swept every 125 ms); before the drop
  CHECK(first >= 300ms);
  // No answer: the TCP connection is dropped (no close frame needed) about one idle timeout
  // after the last thing the client sent.
  std::optional<server_frame> g;
  while (steady::now() - opened < 3s && (g = c->read_frame(1s)))
    CHECK((g->opcode == op_ping || g->opcode == op_close));  // only pings; a close frame is allowed
  auto dropped = std::chrono::duration_cast<milliseconds>(steady::now() - opened);
  INFO("dropped after " << dropped.count() << " ms: " << to_string(c->ending_seen()));
  CHECK((c->ending_seen() == ending::eof || c->ending_seen() == ending::reset));
  CHECK(dropped >= 800ms);
  CHECK(dropped <= 2000ms);
}

// The server counts every frame it receives as activity (as Beast did), so a client that only
// answers pings stays connected for as long as it does.
TEST_CASE("wsframes: answering pings with pongs (and nothing else) keeps the connection", "[wsframes]") {
  auto& n = node(fast_idle);
  auto c = open_ws(n);
  auto until = steady::now() + 3500ms;  // three and a half idle timeouts
  int pings = 0;
  while (steady::now() < until) {
    auto f = c->read_frame(1500ms);
    INFO("connection " << to_string(c->ending_seen()) << " after " << pings << " pings");
    REQUIRE(f);
    REQUIRE(f->opcode == op_ping);
    ++pings;
    c->send(control(op_pong, f->payload));
  }
  CHECK(pings >= 5);  // one every ~500 ms
  c->send(text(ping_command("alive")));
  // A ping may come before the reply: answer it and keep reading.
  auto deadline = steady::now() + 3s;
  for (;;) {
    auto f = c->read_frame(std::max(std::chrono::duration_cast<milliseconds>(deadline - steady::now()), 0ms));
    REQUIRE(f);
    if (f->opcode == op_ping) {
      c->send(control(op_pong, f->payload));
      continue;
    }
    auto msgs = messages_of(*f);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0]["id"] == "alive");
    CHECK(msgs[0]["ok"] == true);
    break;
  }
}

TEST_CASE("wsframes: a client ping is answered with a pong with the same payload", "[wsframes]") {
  auto& n = node(big_messages);
  auto c = open_ws(n);
  for (std::string payload : {std::string(), std::string("abc"), std::string(125, 'z')}) {
    c->send(control(op_ping, payload));
    auto f = c->read_frame(2s);
    REQUIRE(f);
    CHECK(f->opcode == op_pong);
    CHECK(f->payload == payload);
  }
  // An unsolicited pong needs no answer and changes nothing.
  c->send(control(op_pong, "unsolicited") + text(ping_command(3)));
  auto f = c->read_frame(2s);
  REQUIRE(f);
  auto msgs = messages_of(*f);
  CHECK(msgs[0]["id"] == 3);
}

// =============================================================================================
// 9. A close started by the server reaches the client, then a FIN

TEST_CASE("wsframes: a server close reaches the client although its bytes are still in flight", "[wsframes]") {
  auto& n = node(small_messages);  // 4096 bytes
  auto c = open_ws(n);
  c->send(text(ping_command(1)));
  expect_reply(*c, 1);
  // A 60 000-byte message: the server refuses it on its header, with most of the payload (and
  // a frame after it) still unread in its socket. The close frame must still get through,
  // followed by a FIN: the client reads the close frame and then EOF, not a reset.
  c->send(text(std::string(60000, ' ') + ping_command(2)) + text(ping_command(3)));
  expect_close(*c, 1009);
  CHECK_FALSE(c->write_failed());
}

// NEW BEHAVIOUR: a lingering close. After its close frame and FIN the server should keep reading
// (and dropping) what the client still sends, until the client's FIN or a timeout, and only
// then release the socket: closing a socket with unread bytes makes the kernel send a RST,
// which on a real network can destroy the close frame before the client has read it. Today's
// server (Beast's teardown) reads at most one 2 KiB chunk after its FIN and then closes, so a
// RST follows the FIN: the client reads the close frame and EOF, but SO_ERROR then says EPIPE.
TEST_CASE("wsframes: a server close with client bytes in flight sends no RST", "[wsframes]") {
  auto& n = node(small_messages);
  auto c = open_ws(n);
  c->send(text(std::string(60000, ' ') + ping_command(2)) + text(ping_command(3)));
  expect_close(*c, 1009);
  std::this_thread::sleep_for(300ms);  // we have not closed our side: a lingering server waits
  INFO("SO_ERROR after EOF (32 = EPIPE: a RST came after the FIN)");
  CHECK(c->so_error() == 0);
}
