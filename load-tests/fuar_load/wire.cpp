#include "load-tests/fuar_load/wire.hpp"

#include <charconv>

namespace fuar::load::wire {

namespace {

// Reads an unsigned decimal at s[pos...]; advances pos. False when no digit is there.
template <class T>
bool read_number(std::string_view s, std::size_t& pos, T& out) {
  auto first = s.data() + pos;
  auto [p, ec] = std::from_chars(first, s.data() + s.size(), out);
  if (ec != std::errc{} || p == first) return false;
  pos += std::size_t(p - first);
  return true;
}

bool expect(std::string_view s, std::size_t& pos, std::string_view what) {
  if (s.substr(pos, what.size()) != what) return false;
  pos += what.size();
  return true;
}

// Reads a JSON string body up to its closing quote; refuses strings with escapes (the server
// only escapes what our topics and event names never contain).
bool read_plain_string(std::string_view s, std::size_t& pos, std::string_view& out) {
  auto end = s.find('"', pos);
  if (end == std::string_view::npos) return false;
  out = s.substr(pos, end - pos);
  if (out.find('\\') != std::string_view::npos) return false;
  pos = end + 1;
  return true;
}

std::string quoted(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

}  // namespace

std::string payload(std::int64_t t_ns, std::uint32_t seq, std::uint32_t pub, std::size_t size) {
  std::string s = "t=" + std::to_string(t_ns) + " seq=" + std::to_string(seq) + " pub=" + std::to_string(pub);
  if (size > s.size() + 1) {
    s += ' ';
    s.append(size - s.size(), 'x');
  }
  return s;
}

std::optional<payload_fields> parse_payload(std::string_view s) {
  payload_fields f;
  std::size_t pos = 0;
  if (!expect(s, pos, "t=") || !read_number(s, pos, f.t_ns)) return std::nullopt;
  if (!expect(s, pos, " seq=") || !read_number(s, pos, f.seq)) return std::nullopt;
  if (!expect(s, pos, " pub=") || !read_number(s, pos, f.pub)) return std::nullopt;
  return f;
}

std::string fuar_subscribe(std::uint64_t id, std::string_view topic, std::string_view epoch,
                           std::int64_t offset, bool with_since) {
  std::string s = R"({"id":)" + std::to_string(id) + R"(,"type":"subscribe","data":{"topic":)" + quoted(topic);
  if (with_since) s += R"(,"since":{"epoch":)" + quoted(epoch) + R"(,"offset":)" + std::to_string(offset) + "}";
  s += "}}";
  return s;
}

std::string fuar_unsubscribe(std::uint64_t id, std::string_view topic) {
  return R"({"id":)" + std::to_string(id) + R"(,"type":"unsubscribe","data":{"topic":)" + quoted(topic) + "}}";
}

std::string fuar_chat_send(std::uint64_t id, std::int64_t booth_id, std::string_view text, std::string_view nonce) {
  std::string s = R"({"id":)" + std::to_string(id) + R"(,"type":"chat.send","data":{"booth_id":)" +
                  std::to_string(booth_id) + R"(,"text":)" + quoted(text);
  if (!nonce.empty()) s += R"(,"nonce":)" + quoted(nonce);
  s += "}}";
  return s;
}

bool parse_fuar_push(std::string_view line, fuar_push& out) {
  std::size_t pos = 0;
  if (!expect(line, pos, R"({"topic":")") || !read_plain_string(line, pos, out.topic)) return false;
  out.offset = -1;
  if (expect(line, pos, R"(,"offset":)")) {
    if (!read_number(line, pos, out.offset)) return false;
  }
  if (!expect(line, pos, R"(,"event":")") || !read_plain_string(line, pos, out.event)) return false;
  if (!expect(line, pos, R"(,"data":)")) return false;
  if (line.empty() || line.back() != '}') return false;
  out.data = line.substr(pos, line.size() - 1 - pos);
  return true;
}

std::optional<std::string> canonical_push(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("topic") || !j["topic"].is_string() || !j.contains("event") ||
      !j["event"].is_string())
    return std::nullopt;
  std::string s = R"({"topic":)" + j["topic"].dump();
  if (j.contains("offset") && j["offset"].is_number_integer()) s += R"(,"offset":)" + j["offset"].dump();
  s += R"(,"event":)" + j["event"].dump() + R"(,"data":)" + (j.contains("data") ? j["data"].dump() : "null") + "}";
  return s;
}

bool parse_fuar_reply_ok(std::string_view line, std::uint64_t& id) {
  std::size_t pos = 0;
  if (expect(line, pos, R"({"id":)")) return read_number(line, pos, id) && expect(line, pos, R"(,"ok":true)");
  // Sorted keys: the line ends with ,"id":N,"ok":true} (or {"id":N,"ok":true} with no data).
  constexpr std::string_view tail = R"(,"ok":true})";
  if (line.size() < tail.size() || line.substr(line.size() - tail.size()) != tail) return false;
  std::size_t end = line.size() - tail.size();
  std::size_t start = end;
  while (start > 0 && line[start - 1] >= '0' && line[start - 1] <= '9') --start;
  if (start == end) return false;
  constexpr std::string_view key = R"("id":)";
  if (start < key.size() + 1 || line.substr(start - key.size(), key.size()) != key) return false;
  char before = line[start - key.size() - 1];
  if (before != ',' && before != '{') return false;
  std::size_t p = start;
  return read_number(line.substr(0, end), p, id);
}

bool parse_fuar_reply(const nlohmann::json& j, std::uint64_t& id, bool& ok, std::string& error_code) {
  if (!j.is_object()) return false;
  auto i = j.find("id");
  auto k = j.find("ok");
  if (i == j.end() || k == j.end() || !i->is_number_unsigned() || !k->is_boolean()) return false;
  id = i->get<std::uint64_t>();
  ok = k->get<bool>();
  error_code.clear();
  if (!ok) {
    auto e = j.find("error");
    error_code = (e != j.end() && e->is_object()) ? e->value("code", "unknown") : "unknown";
  }
  return true;
}

std::optional<payload_fields> chat_payload(std::string_view data) {
  auto at = data.find(R"("text":")");
  if (at == std::string_view::npos) return std::nullopt;
  return parse_payload(data.substr(at + 8));
}

sio_packet sio_classify(std::string_view f) {
  if (f.empty()) return sio_packet::other;
  switch (f[0]) {
    case '0': return sio_packet::open;
    case '1': return sio_packet::close;
    case '2': return sio_packet::ping;
    case '4':
      if (f.size() < 2) return sio_packet::other;
      switch (f[1]) {
        case '0': return sio_packet::connect;
        case '1': return sio_packet::disconnect;
        case '2': return sio_packet::event;
        case '3': return sio_packet::ack;
        case '4': return sio_packet::connect_error;
        default: return sio_packet::other;
      }
    default: return sio_packet::other;
  }
}

std::string sio_event(std::string_view name, std::string_view arg1, std::uint64_t ack_id) {
  return "42" + (ack_id ? std::to_string(ack_id) : std::string()) + "[" + quoted(name) + "," + quoted(arg1) + "]";
}

std::string sio_event(std::string_view name, std::string_view arg1, std::string_view arg2, std::uint64_t ack_id) {
  return "42" + (ack_id ? std::to_string(ack_id) : std::string()) + "[" + quoted(name) + "," + quoted(arg1) + "," +
         quoted(arg2) + "]";
}

bool sio_ack_id(std::string_view f, std::uint64_t& id) {
  if (f.size() < 3 || f[0] != '4' || f[1] != '3') return false;
  std::size_t pos = 2;
  return read_number(f, pos, id);
}

std::string_view sio_event_name(std::string_view f) {
  // 42[/nsp,]<ack id>["name",...]: skip to the array.
  auto open = f.find('[');
  if (open == std::string_view::npos || open + 1 >= f.size() || f[open + 1] != '"') return {};
  auto end = f.find('"', open + 2);
  if (end == std::string_view::npos) return {};
  return f.substr(open + 2, end - open - 2);
}

std::optional<payload_fields> sio_payload(std::string_view f) {
  auto at = f.find(R"("t=)");
  if (at == std::string_view::npos) return std::nullopt;
  return parse_payload(f.substr(at + 1));
}

}  // namespace fuar::load::wire
