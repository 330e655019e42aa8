#pragma once
// fuar::load::wire — the bytes fuar-load sends and the few fields it reads, for the three
// targets (fuar's protocol/PROTOCOL.md, a raw broadcast WebSocket, Socket.IO v4). Pure
// functions, no I/O.
//
// Hot path: a viewer receives every publication, so pushes and chat.send acks are recognised
// by the fixed prefixes the server writes ({"topic":...,"offset":...,"event":...,"data":...}
// and {"id":N,"ok":...}) without a JSON parse; anything else goes through nlohmann::json.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fuar::load::wire {

// What a publisher embeds in every message: "t=<unix ns> seq=<n> pub=<k>", padded with a
// space and 'x' characters to `size` characters when `size` is larger. Only digits, letters,
// '=' and spaces: valid chat text (no control characters) and no JSON escaping anywhere.
std::string payload(std::int64_t t_ns, std::uint32_t seq, std::uint32_t pub, std::size_t size);

struct payload_fields {
  std::int64_t t_ns = 0;
  std::uint32_t seq = 0;
  std::uint32_t pub = 0;
};
// Parses a payload at the start of `s` (trailing padding and characters are ignored).
std::optional<payload_fields> parse_payload(std::string_view s);

// --- fuar ---------------------------------------------------------------------------------------
// Command ids at or above this are control commands (subscribe, unsubscribe); below it, a
// chat.send whose id is the publisher's sequence number.
constexpr std::uint64_t control_id_base = std::uint64_t(1) << 40;

// {"id":ID,"type":"subscribe","data":{"topic":T[,"since":{"epoch":E,"offset":O}]}}
std::string fuar_subscribe(std::uint64_t id, std::string_view topic, std::string_view epoch,
                           std::int64_t offset, bool with_since);
std::string fuar_unsubscribe(std::uint64_t id, std::string_view topic);
std::string fuar_chat_send(std::uint64_t id, std::int64_t booth_id, std::string_view text,
                           std::string_view nonce);

// A push as the server writes it. `data` is the raw JSON of the data member.
struct fuar_push {
  std::string_view topic;
  std::int64_t offset = -1;  // -1: ephemeral (no offset)
  std::string_view event;
  std::string_view data;
};
// Recognises {"topic":"...","offset":N,"event":"...","data":...} (offset optional). False when
// the line is not in that exact shape (it may still be a push: see canonical_push).
bool parse_fuar_push(std::string_view line, fuar_push& out);
// Re-serialises any JSON push object into the exact shape parse_fuar_push reads; nullopt when
// `j` is not a push. Slow path for pushes inside subscribe replies and for unexpected layouts.
std::optional<std::string> canonical_push(const nlohmann::json& j);
// Recognises a successful reply by its numeric id, whether written id-first
// ({"id":N,"ok":true,...}, subscribe replies) or with sorted keys (...,"id":N,"ok":true},
// as nlohmann::json writes chat.send replies). False otherwise (errors, string ids): parse
// those with parse_fuar_reply.
bool parse_fuar_reply_ok(std::string_view line, std::uint64_t& id);
// Slow path for any reply: true when `j` is {"id": number, "ok": bool, ...}.
bool parse_fuar_reply(const nlohmann::json& j, std::uint64_t& id, bool& ok, std::string& error_code);
// Finds the payload in a chat.message data object ("text":"t=...").
std::optional<payload_fields> chat_payload(std::string_view data);

// --- Socket.IO v4 over the Engine.IO v4 websocket transport -------------------------------------
enum class sio_packet { open, connect, connect_error, disconnect, ping, event, ack, close, other };
// Classifies one Engine.IO frame: "0{..}" open, "40.." connect, "44.." connect_error,
// "41" disconnect, "2" ping, "42[..]" event, "43N[..]" ack, "1" close.
sio_packet sio_classify(std::string_view frame);
// 42["name","arg1",...] with JSON-escaped string arguments; with ack_id > 0,
// 42<ack_id>["name",...], which the server acknowledges with 43<ack_id>[...].
std::string sio_event(std::string_view name, std::string_view arg1, std::uint64_t ack_id = 0);
std::string sio_event(std::string_view name, std::string_view arg1, std::string_view arg2, std::uint64_t ack_id = 0);
// The id of a "43N[...]" acknowledgement; false when there is none.
bool sio_ack_id(std::string_view frame, std::uint64_t& id);
// For a "42[...]" frame: the event name (unescaped only when it needs no escaping).
std::string_view sio_event_name(std::string_view frame);
// The payload in an event frame: the first string argument that starts with "t=".
std::optional<payload_fields> sio_payload(std::string_view frame);

}  // namespace fuar::load::wire
