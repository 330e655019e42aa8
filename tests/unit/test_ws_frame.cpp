// fuar's RFC 6455 server framing (server/net/ws_frame.hpp): the handshake key, UTF-8 rules,
// server frame headers, and the reader fed with hand-made client frames split every way.
#include "server/net/ws_frame.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace fuar::net;

namespace {

// A client frame: FIN/RSV/opcode byte, masked, minimal length encoding unless `len_code`
// forces 126/127.
std::string client_frame(std::uint8_t first, std::string_view payload, bool masked = true, int len_code = 0) {
  std::string f;
  f += char(first);
  std::uint8_t mbit = masked ? 0x80 : 0;
  std::size_t n = payload.size();
  if ((n < 126 && len_code == 0) || len_code == 1) {
    f += char(mbit | n);
  } else if ((n <= 0xFFFF && len_code == 0) || len_code == 126) {
    f += char(mbit | 126);
    f += char(n >> 8);
    f += char(n & 0xFF);
  } else {
    f += char(mbit | 127);
    for (int i = 7; i >= 0; --i) f += char((std::uint64_t(n) >> (8 * i)) & 0xFF);
  }
  const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  if (masked) f.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < n; ++i) f += masked ? char(std::uint8_t(payload[i]) ^ key[i % 4]) : payload[i];
  return f;
}

std::string text(std::string_view s) { return client_frame(0x81, s); }

struct seen {
  wsf::event::kind_t kind;
  std::string data;
  std::uint16_t code;
};

// Feeds `bytes` in pieces of `chunk` bytes (0: all at once) and records the events.
std::vector<seen> feed(wsf::reader& r, std::string bytes, std::size_t chunk = 0, std::size_t max = 1 << 16) {
  std::vector<seen> out;
  auto on = [&](const wsf::event& e) { out.push_back({e.kind, std::string(e.data), e.code}); };
  if (chunk == 0) chunk = bytes.size() ? bytes.size() : 1;
  for (std::size_t off = 0; off < bytes.size(); off += chunk) {
    std::string piece = bytes.substr(off, chunk);
    r.feed(piece.data(), piece.size(), max, on);
  }
  return out;
}

std::vector<seen> feed(std::string bytes, std::size_t chunk = 0, std::size_t max = 1 << 16) {
  wsf::reader r;
  return feed(r, std::move(bytes), chunk, max);
}

std::uint16_t error_code_of(const std::vector<seen>& ev) {
  REQUIRE(!ev.empty());
  REQUIRE(ev.back().kind == wsf::event::error);
  return ev.back().code;
}

}  // namespace

TEST_CASE("ws handshake: the RFC 6455 example key, and malformed keys refused", "[ws_frame][unit]") {
  CHECK(wsf::accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  CHECK(wsf::accept_key("").empty());
  CHECK(wsf::accept_key("dGhlIHNhbXBsZSBub25jZQ").empty());      // no padding
  CHECK(wsf::accept_key("dGhlIHNhbXBsZSBub25jZQ=A").empty());
  CHECK(wsf::accept_key("dGhlIHNhbXBsZSBub25j*Q==").empty());    // not base64
  CHECK(wsf::accept_key("dGhlIHNhbXBsZSBub25jZSE=").empty());    // 17 bytes
}

TEST_CASE("utf-8: valid text passes; overlongs, surrogates, truncation and >U+10FFFF fail", "[ws_frame][unit]") {
  CHECK(wsf::utf8_valid(""));
  CHECK(wsf::utf8_valid("Merhaba! İş fuarı — Gül ağacı 🌹"));
  CHECK(wsf::utf8_valid("\xF4\x8F\xBF\xBF"));    // U+10FFFF
  CHECK(wsf::utf8_valid("\xEF\xBF\xBF"));        // U+FFFF
  CHECK_FALSE(wsf::utf8_valid("\xC3\x28"));      // bad continuation
  CHECK_FALSE(wsf::utf8_valid("\xC0\xAF"));      // overlong '/'
  CHECK_FALSE(wsf::utf8_valid("\xE0\x80\xAF"));  // overlong, 3 bytes
  CHECK_FALSE(wsf::utf8_valid("\xF0\x80\x80\xAF"));
  CHECK_FALSE(wsf::utf8_valid("\xED\xA0\x80"));  // surrogate U+D800
  CHECK_FALSE(wsf::utf8_valid("\xF4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(wsf::utf8_valid("\xE2\x82"));      // truncated
  CHECK_FALSE(wsf::utf8_valid("\x80"));
  CHECK_FALSE(wsf::utf8_valid("\xFF"));
}

TEST_CASE("server frame headers use the minimal length encoding", "[ws_frame][unit]") {
  unsigned char h[10];
  CHECK(wsf::header(h, wsf::op_text, 0) == 2);
  CHECK((h[0] == 0x81 && h[1] == 0));
  CHECK(wsf::header(h, wsf::op_text, 125) == 2);
  CHECK(h[1] == 125);
  CHECK(wsf::header(h, wsf::op_text, 126) == 4);
  CHECK((h[1] == 126 && h[2] == 0 && h[3] == 126));
  CHECK(wsf::header(h, wsf::op_text, 65535) == 4);
  CHECK(wsf::header(h, wsf::op_text, 65536) == 10);
  CHECK((h[1] == 127 && h[7] == 1 && h[8] == 0 && h[9] == 0));
  auto c = wsf::close_frame(4000, "slow");
  CHECK(c == std::string("\x88\x06\x0f\xa0slow", 8));
  // A long reason is cut on a character boundary: ş is two bytes and must not be split.
  std::string reason(122, 'a');
  reason += "ş";
  auto cut = wsf::close_frame(1000, reason);
  CHECK(cut.size() == 2 + 2 + 122);
  CHECK(wsf::control_frame(wsf::op_pong, "abc") == std::string("\x8a\x03" "abc"));
}

TEST_CASE("reader: messages whole, split at every byte, several per read, fragmented", "[ws_frame][unit]") {
  const std::string cmd = R"({"id":1,"type":"ping"})";
  auto one = feed(text(cmd));
  REQUIRE(one.size() == 1);
  CHECK(one[0].kind == wsf::event::message);
  CHECK(one[0].data == cmd);

  auto dribbled = feed(text(cmd) + text("{}"), 1);
  REQUIRE(dribbled.size() == 2);
  CHECK(dribbled[0].data == cmd);
  CHECK(dribbled[1].data == "{}");

  // text(non-final) + ping + continuation + continuation(final): the ping comes out first.
  std::string frag = client_frame(0x01, cmd.substr(0, 5)) + client_frame(0x89, "abc") +
                     client_frame(0x00, cmd.substr(5, 7)) + client_frame(0x80, cmd.substr(12));
  for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(3), std::size_t(7)}) {
    auto ev = feed(frag, chunk);
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].kind == wsf::event::ping);
    CHECK(ev[0].data == "abc");
    CHECK(ev[1].kind == wsf::event::message);
    CHECK(ev[1].data == cmd);
  }

  // 16- and 64-bit lengths.
  std::string mid(300, ' ');
  auto m = feed(text(mid + "{}"));
  REQUIRE(m.size() == 1);
  CHECK(m[0].data.size() == 302);
  std::string big(70000, 'x');
  auto b = feed(text(big), 4096, 200000);
  REQUIRE(b.size() == 1);
  CHECK(b[0].data == big);

  // Empty text message, pong, close with and without a code.
  auto misc = feed(text("") + client_frame(0x8A, "") + client_frame(0x88, std::string("\x03\xe8" "bye", 5)));
  REQUIRE(misc.size() == 3);
  CHECK(misc[0].kind == wsf::event::message);
  CHECK(misc[1].kind == wsf::event::pong);
  CHECK(misc[2].kind == wsf::event::close);
  CHECK(misc[2].code == 1000);
  CHECK(misc[2].data == "bye");
  auto bare = feed(client_frame(0x88, ""));
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].code == wsf::close_no_status);
}

TEST_CASE("reader: after close or an error nothing more comes out", "[ws_frame][unit]") {
  wsf::reader r;
  auto ev = feed(r, client_frame(0x88, "") + text("{}"));
  REQUIRE(ev.size() == 1);
  CHECK(r.finished());
  CHECK(feed(r, text("{}")).empty());

  wsf::reader r2;
  auto ev2 = feed(r2, client_frame(0x81, "{}", false) + text("{}"));
  REQUIRE(ev2.size() == 1);
  CHECK(ev2[0].code == wsf::close_protocol_error);
  CHECK(feed(r2, text("{}")).empty());
}

TEST_CASE("reader: protocol errors, binary, bad UTF-8 and size limits give their close codes", "[ws_frame][unit]") {
  const std::uint16_t proto = wsf::close_protocol_error;
  CHECK(error_code_of(feed(client_frame(0x81, "{}", false))) == proto);                 // unmasked
  CHECK(error_code_of(feed(client_frame(0xC1, "{}"))) == proto);                        // RSV1
  CHECK(error_code_of(feed(client_frame(0x83, "{}"))) == proto);                        // opcode 3
  CHECK(error_code_of(feed(client_frame(0x8B, ""))) == proto);                          // opcode 11
  CHECK(error_code_of(feed(client_frame(0x89, std::string(126, 'p')))) == proto);       // long ping
  CHECK(error_code_of(feed(client_frame(0x09, "p"))) == proto);                         // fragmented ping
  CHECK(error_code_of(feed(client_frame(0x80, "{}"))) == proto);                        // lone continuation
  CHECK(error_code_of(feed(client_frame(0x01, "{") + text("}"))) == proto);             // text inside a message
  CHECK(error_code_of(feed(client_frame(0x88, "\x03"))) == proto);                      // 1-byte close
  for (std::uint16_t bad : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
    std::string p{char(bad >> 8), char(bad & 0xFF)};
    CHECK(error_code_of(feed(client_frame(0x88, p))) == proto);
  }
  CHECK(error_code_of(feed(client_frame(0x81, "{}", true, 126))) == proto);             // non-minimal 16-bit
  CHECK(error_code_of(feed(client_frame(0x81, "{}", true, 127))) == proto);             // non-minimal 64-bit

  CHECK(error_code_of(feed(client_frame(0x82, "{}"))) == wsf::close_unsupported);       // binary
  CHECK(error_code_of(feed(text("\xC3\x28"))) == wsf::close_invalid_data);
  CHECK(error_code_of(feed(client_frame(0x01, "\xE2\x82") + client_frame(0x80, "\x28"))) == wsf::close_invalid_data);
  CHECK(error_code_of(feed(client_frame(0x88, std::string("\x03\xe8\xC0\xAF", 4)))) == wsf::close_invalid_data);

  // Too big: decided from the header alone (only the header is fed), and across fragments.
  std::string big = text(std::string(5000, 'x'));
  CHECK(error_code_of(feed(big.substr(0, 8), 0, 4096)) == wsf::close_too_big);
  std::string parts = client_frame(0x01, std::string(3000, 'x')) + client_frame(0x80, std::string(3000, 'x'));
  CHECK(error_code_of(feed(parts, 0, 4096)) == wsf::close_too_big);
  CHECK(feed(text(std::string(4096, 'x')), 0, 4096).back().kind == wsf::event::message);  // exactly the limit
}
