// Unit tests for fuar::protocol envelopes and the catalogue's validation (PROTOCOL.md §3, §4):
// the JSON depth scanner, command parsing and validation, reply/push shapes, error codes.
#include "protocol/envelope.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace {

using fuar::protocol::command;
using fuar::protocol::error;
using fuar::protocol::error_code;
using fuar::protocol::parse_failure;
using json = nlohmann::json;

constexpr std::size_t depth_limit = 32;

// "ş" (U+015F): one code point, two bytes in UTF-8.
const std::string s_cedilla = "\xC5\x9F";

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// Parses `text` and requires a command; returns it.
command parse_ok(const std::string& text) {
  auto r = fuar::protocol::parse_command(text, depth_limit);
  std::string why;
  if (auto* f = std::get_if<parse_failure>(&r))
    why = std::string(fuar::protocol::to_string(f->err.code)) + ": " + f->err.message;
  INFO("expected a command for " << text << ", got error " << why);
  REQUIRE(std::holds_alternative<command>(r));
  return std::get<command>(r);
}

// Parses `text` and requires a failure; returns it.
parse_failure parse_fail(const std::string& text) {
  auto r = fuar::protocol::parse_command(text, depth_limit);
  INFO("expected a parse failure for " << text);
  REQUIRE(std::holds_alternative<parse_failure>(r));
  return std::get<parse_failure>(r);
}

// A chat.send command whose data is `data`.
std::string chat_send(const json& data) {
  return json{{"id", 1}, {"type", "chat.send"}, {"data", data}}.dump();
}

std::string subscribe_cmd(const json& data) {
  return json{{"id", "s1"}, {"type", "subscribe"}, {"data", data}}.dump();
}

const std::vector<error_code> all_codes = {
    error_code::malformed,    error_code::unknown_type, error_code::invalid,
    error_code::unauthorized, error_code::forbidden,    error_code::csrf,
    error_code::not_found,    error_code::conflict,     error_code::too_large,
    error_code::rate_limited, error_code::unavailable,  error_code::internal,
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// json_depth

TEST_CASE("json_depth: flat and shallow documents", "[protocol][depth]") {
  using fuar::protocol::json_depth;
  CHECK(json_depth("", depth_limit) == 0);
  CHECK(json_depth("42", depth_limit) == 0);
  CHECK(json_depth(R"("text")", depth_limit) == 0);
  CHECK(json_depth("{}", depth_limit) == 1);
  CHECK(json_depth("[]", depth_limit) == 1);
  CHECK(json_depth(R"({"a":1,"b":2,"c":"x"})", depth_limit) == 1);
  CHECK(json_depth(R"({"a":[1,2],"b":{"c":3}})", depth_limit) == 2);
  // Siblings do not add up: depth is the deepest path, not the number of containers.
  CHECK(json_depth("[[],[],[],[]]", depth_limit) == 2);
}

TEST_CASE("json_depth: 32 levels are within a limit of 32, 33 are over", "[protocol][depth]") {
  using fuar::protocol::json_depth;
  CHECK(json_depth(nested_arrays(32), depth_limit) == 32);
  CHECK(json_depth(nested_arrays(33), depth_limit) == 33);
  CHECK(json_depth(nested_arrays(33), depth_limit) > depth_limit);

  std::string objects;
  for (int i = 0; i < 32; ++i) objects += R"({"k":)";
  objects += "1";
  for (int i = 0; i < 32; ++i) objects += "}";
  CHECK(json_depth(objects, depth_limit) == 32);
  CHECK(json_depth("[" + objects + "]", depth_limit) == 33);
}

TEST_CASE("json_depth: brackets inside strings and escaped quotes are ignored", "[protocol][depth]") {
  using fuar::protocol::json_depth;
  CHECK(json_depth(R"({"a":"[[[[{{{{"})", depth_limit) == 1);
  CHECK(json_depth(R"({"[[[[":"]]]]"})", depth_limit) == 1);
  // An escaped quote does not end the string, so the brackets after it are still text.
  CHECK(json_depth(R"({"a":"\"[[[[{{{{\""})", depth_limit) == 1);
  // An escaped backslash does end the escape: the quote after it closes the string and the
  // array after that counts.
  CHECK(json_depth(R"({"a":"\\","b":[[1]]})", depth_limit) == 3);
  // A string full of brackets deeper than the limit is still depth 1.
  CHECK(json_depth("[\"" + std::string(100, '[') + "\"]", depth_limit) == 1);
}

TEST_CASE("json_depth: a 1 MB run of '[' stops early and reports more than the limit",
          "[protocol][depth]") {
  using fuar::protocol::json_depth;
  const std::string hostile(1 << 20, '[');
  const auto d = json_depth(hostile, depth_limit);
  CHECK(d > depth_limit);
  // It stops counting at limit + 1 instead of walking to a million.
  CHECK(d == depth_limit + 1);
}

// ---------------------------------------------------------------------------------------------
// parse_command: envelope

TEST_CASE("parse_command: a valid command with an integer id", "[protocol][parse]") {
  auto c = parse_ok(R"({"id":12,"type":"chat.send","data":{"booth_id":3,"text":"Merhaba!","nonce":"k3j2"}})");
  CHECK(c.id == json(12));
  REQUIRE(c.spec != nullptr);
  CHECK(c.spec->type == "chat.send");
  CHECK(c.spec == fuar::protocol::find_command("chat.send"));
  CHECK(c.data == json{{"booth_id", 3}, {"text", "Merhaba!"}, {"nonce", "k3j2"}});
}

TEST_CASE("parse_command: a valid command with a string id", "[protocol][parse]") {
  auto c = parse_ok(R"({"id":"req-7","type":"ping"})");
  CHECK(c.id == json("req-7"));
  REQUIRE(c.spec != nullptr);
  CHECK(c.spec->type == "ping");
  // A 64-character id is the longest allowed.
  auto c64 = parse_ok(json{{"id", std::string(64, 'x')}, {"type", "ping"}}.dump());
  CHECK(c64.id == json(std::string(64, 'x')));
}

TEST_CASE("parse_command: data omitted for hello gives an empty object", "[protocol][parse]") {
  auto c = parse_ok(R"({"id":1,"type":"hello"})");
  REQUIRE(c.spec != nullptr);
  CHECK(c.spec->type == "hello");
  CHECK(c.data.is_object());
  CHECK(c.data.empty());
  // An explicit null is the same as no data.
  auto n = parse_ok(R"({"id":1,"type":"hello","data":null})");
  CHECK(n.data == json::object());
}

TEST_CASE("parse_command: malformed JSON is malformed with a null id", "[protocol][parse]") {
  for (std::string text : {R"({"id":1,"type":"hello")", "not json", "", R"({"id":1,})", "{'id':1}"}) {
    CAPTURE(text);
    auto f = parse_fail(text);
    CHECK(f.err.code == error_code::malformed);
    CHECK(f.id.is_null());
  }
}

TEST_CASE("parse_command: a non-object at top level is malformed", "[protocol][parse]") {
  for (std::string text : {R"([{"id":1,"type":"hello"}])", "[]", "42", R"("hello")", "null"}) {
    CAPTURE(text);
    auto f = parse_fail(text);
    CHECK(f.err.code == error_code::malformed);
    CHECK(f.id.is_null());
  }
}

TEST_CASE("parse_command: nesting deeper than the limit is malformed", "[protocol][parse]") {
  // Depth 33: the envelope object plus 32 arrays in an unknown field.
  std::string deep = R"({"id":5,"type":"hello","data":{"x":)" + nested_arrays(31) + "}}";
  REQUIRE(fuar::protocol::json_depth(deep, depth_limit) == 33);
  auto f = parse_fail(deep);
  CHECK(f.err.code == error_code::malformed);
  CHECK(f.id.is_null());
  // A 1 MB hostile prefix is refused the same way.
  auto h = parse_fail(std::string(1 << 20, '['));
  CHECK(h.err.code == error_code::malformed);
}

TEST_CASE("parse_command: an unknown type is unknown_type with the id echoed", "[protocol][parse]") {
  auto f = parse_fail(R"({"id":77,"type":"chat.edit","data":{}})");
  CHECK(f.err.code == error_code::unknown_type);
  CHECK(f.id == json(77));
  auto g = parse_fail(R"({"id":"abc","type":"HELLO"})");
  CHECK(g.err.code == error_code::unknown_type);
  CHECK(g.id == json("abc"));
}

TEST_CASE("parse_command: a long non-ASCII unknown type still makes a valid error reply", "[protocol][parse]") {
  // The echoed name is cut to a prefix; cutting inside "ş" must not break the reply.
  const std::string type = std::string(39, 'x') + repeat(s_cedilla, 10);
  auto f = parse_fail(json{{"id", 4}, {"type", type}}.dump());
  CHECK(f.err.code == error_code::unknown_type);
  CHECK(f.err.message.size() < type.size() + 40);  // a prefix, not the whole name
  std::string reply;
  REQUIRE_NOTHROW(reply = fuar::protocol::make_error_reply(f.id, f.err));
  auto j = json::parse(reply, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["id"] == 4);
  CHECK(j["error"]["code"] == "unknown_type");
}

TEST_CASE("parse_command: an id of the wrong type is invalid with field \"id\"", "[protocol][parse]") {
  for (const std::string& text : std::vector<std::string>{
           R"({"id":{},"type":"hello"})",
           R"({"id":[1],"type":"hello"})",
           R"({"id":true,"type":"hello"})",
           R"({"id":1.5,"type":"hello"})",
           json{{"id", std::string(65, 'x')}, {"type", "hello"}}.dump(),
       }) {
    CAPTURE(text);
    auto f = parse_fail(text);
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "id");
    CHECK(f.id.is_null());  // an unreadable id is not echoed
  }
}

// PROTOCOL.md §3: "`id` is a number or string chosen by the client (at most 64 characters)", and
// the catalogue counts characters as code points. valid_id() in envelope.cpp compares bytes.
TEST_CASE("parse_command: a 64-character non-ASCII string id is accepted", "[protocol][parse]") {
  auto r = fuar::protocol::parse_command(
      json{{"id", repeat(s_cedilla, 64)}, {"type", "ping"}}.dump(), depth_limit);
  REQUIRE(std::holds_alternative<command>(r));
  CHECK(std::get<command>(r).id == json(repeat(s_cedilla, 64)));
}

TEST_CASE("parse_command: an unknown top-level key is invalid", "[protocol][parse]") {
  auto f = parse_fail(R"({"id":3,"type":"hello","extra":true})");
  CHECK(f.err.code == error_code::invalid);
  CHECK(f.err.field == "extra");
  CHECK(f.id == json(3));
}

TEST_CASE("parse_command: a missing or non-string type is invalid", "[protocol][parse]") {
  auto f = parse_fail(R"({"id":3})");
  CHECK(f.err.code == error_code::invalid);
  CHECK(f.err.field == "type");
  auto g = parse_fail(R"({"id":3,"type":7})");
  CHECK(g.err.code == error_code::invalid);
  CHECK(g.err.field == "type");
}

// ---------------------------------------------------------------------------------------------
// parse_command: field validation

TEST_CASE("validation: a missing required field names data.booth_id", "[protocol][validate]") {
  auto f = parse_fail(chat_send({{"text", "hi"}}));
  CHECK(f.err.code == error_code::invalid);
  CHECK(f.err.field == "data.booth_id");
  CHECK(f.id == json(1));
  // data omitted altogether: the first required field is reported.
  auto g = parse_fail(R"({"id":2,"type":"chat.send"})");
  CHECK(g.err.code == error_code::invalid);
  CHECK(g.err.field == "data.booth_id");
  // null counts as missing.
  auto h = parse_fail(chat_send({{"booth_id", nullptr}, {"text", "hi"}}));
  CHECK(h.err.field == "data.booth_id");
}

TEST_CASE("validation: a field of the wrong type is invalid", "[protocol][validate]") {
  auto f = parse_fail(chat_send({{"booth_id", "3"}, {"text", "hi"}}));
  CHECK(f.err.code == error_code::invalid);
  CHECK(f.err.field == "data.booth_id");
  auto g = parse_fail(chat_send({{"booth_id", 3.5}, {"text", "hi"}}));
  CHECK(g.err.field == "data.booth_id");
  auto h = parse_fail(chat_send({{"booth_id", 3}, {"text", 12}}));
  CHECK(h.err.code == error_code::invalid);
  CHECK(h.err.field == "data.text");
  auto i = parse_fail(R"({"id":1,"type":"ping","data":[1]})");
  CHECK(i.err.code == error_code::invalid);
  CHECK(i.err.field == "data");
}

TEST_CASE("validation: integers out of range are invalid", "[protocol][validate]") {
  SECTION("zero booth_id") {
    auto f = parse_fail(chat_send({{"booth_id", 0}, {"text", "hi"}}));
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "data.booth_id");
  }
  SECTION("negative booth_id") {
    auto f = parse_fail(chat_send({{"booth_id", -1}, {"text", "hi"}}));
    CHECK(f.err.field == "data.booth_id");
  }
  SECTION("2^63 as an unsigned JSON number") {
    auto f = parse_fail(R"({"id":1,"type":"chat.send","data":{"booth_id":9223372036854775808,"text":"hi"}})");
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "data.booth_id");
    auto g = parse_fail(R"({"id":1,"type":"chat.send","data":{"booth_id":18446744073709551615,"text":"hi"}})");
    CHECK(g.err.field == "data.booth_id");
  }
  SECTION("limit bounds for chat.history") {
    CHECK(parse_fail(R"({"id":1,"type":"chat.history","data":{"booth_id":1,"limit":101}})").err.field ==
          "data.limit");
    CHECK(parse_fail(R"({"id":1,"type":"chat.history","data":{"booth_id":1,"limit":0}})").err.field ==
          "data.limit");
    parse_ok(R"({"id":1,"type":"chat.history","data":{"booth_id":1,"limit":100}})");
    parse_ok(R"({"id":1,"type":"chat.history","data":{"booth_id":1,"limit":1}})");
  }
  SECTION("INT64_MAX is the largest booth_id") {
    auto c = parse_ok(R"({"id":1,"type":"chat.send","data":{"booth_id":9223372036854775807,"text":"hi"}})");
    CHECK(c.data["booth_id"].get<std::int64_t>() == INT64_MAX);
  }
}

TEST_CASE("validation: text length counts code points, 2000 ok, 2001 rejected", "[protocol][validate]") {
  REQUIRE(fuar::protocol::utf8_length(s_cedilla) == 1u);
  auto ok = parse_ok(chat_send({{"booth_id", 3}, {"text", repeat(s_cedilla, 2000)}}));
  CHECK(ok.data["text"].get<std::string>().size() == 4000);  // 4000 bytes is still 2000 characters
  auto f = parse_fail(chat_send({{"booth_id", 3}, {"text", repeat(s_cedilla, 2001)}}));
  CHECK(f.err.code == error_code::invalid);
  CHECK(f.err.field == "data.text");
  // Surrounding white space does not count.
  parse_ok(chat_send({{"booth_id", 3}, {"text", "  " + repeat(s_cedilla, 2000) + "\n"}}));
}

TEST_CASE("validation: text that is empty after trimming is rejected", "[protocol][validate]") {
  for (std::string text : {"", " ", "   \t\r\n  "}) {
    CAPTURE(text);
    auto f = parse_fail(chat_send({{"booth_id", 3}, {"text", text}}));
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "data.text");
  }
  parse_ok(chat_send({{"booth_id", 3}, {"text", " x "}}));
}

TEST_CASE("validation: invalid UTF-8 is rejected", "[protocol][validate]") {
  const auto* spec = fuar::protocol::find_command("chat.send");
  REQUIRE(spec != nullptr);
  for (std::string bad : {std::string("\xff"), std::string("ab\xC5"), std::string("\x80x"),
                          std::string("\xE2\x82"), std::string("\xC5\x41")}) {
    CAPTURE(bad);
    CHECK_FALSE(fuar::protocol::utf8_length(bad).has_value());
    auto e = fuar::protocol::validate(*spec, json{{"booth_id", 3}, {"text", bad}});
    REQUIRE(e.has_value());
    CHECK(e->code == error_code::invalid);
    CHECK(e->field == "data.text");
  }
  // On the wire, raw invalid bytes never reach validation: the JSON parser refuses them.
  auto f = parse_fail(std::string(R"({"id":1,"type":"chat.send","data":{"booth_id":3,"text":")") + "\xff" + "\"}}");
  CHECK(f.err.code == error_code::malformed);
  // Valid multi-byte sequences of every length.
  CHECK(fuar::protocol::utf8_length("a\xC5\x9F\xE2\x82\xAC\xF0\x9F\x98\x80") == 4u);
}

// utf8_length promises nullopt for text that "is not valid UTF-8" (catalogue.hpp). Overlong
// forms, UTF-16 surrogates and code points above U+10FFFF are not valid UTF-8 (RFC 3629 §3),
// but the lead-byte check in catalogue.cpp accepts them.
TEST_CASE("validation: overlong, surrogate and out-of-range UTF-8 is rejected",
          "[protocol][validate]") {
  for (std::string bad : {std::string("\xC0\xAF"),            // overlong '/'
                          std::string("\xE0\x80\xAF"),        // overlong '/'
                          std::string("\xED\xA0\x80"),        // U+D800 surrogate
                          std::string("\xF4\x90\x80\x80"),    // U+110000
                          std::string("\xF7\xBF\xBF\xBF")}) {
    CAPTURE(bad);
    CHECK_FALSE(fuar::protocol::utf8_length(bad).has_value());
  }
}

TEST_CASE("validation: an unknown field in data is rejected with its path", "[protocol][validate]") {
  auto f = parse_fail(chat_send({{"booth_id", 3}, {"text", "hi"}, {"colour", "red"}}));
  CHECK(f.err.code == error_code::invalid);
  CHECK(f.err.field == "data.colour");
  auto g = parse_fail(R"({"id":1,"type":"hello","data":{"x":1}})");
  CHECK(g.err.field == "data.x");
  auto h = parse_fail(subscribe_cmd({{"topic", "fair:1"}, {"since", {{"epoch", "e"}, {"offset", 1}, {"z", 0}}}}));
  CHECK(h.err.code == error_code::invalid);
  CHECK(h.err.field == "data.since.z");
}

TEST_CASE("validation: the nested since object", "[protocol][validate]") {
  SECTION("a valid since") {
    auto c = parse_ok(subscribe_cmd({{"topic", "fair:1"}, {"since", {{"epoch", "abc"}, {"offset", 0}}}}));
    CHECK(c.data["since"]["offset"] == 0);
    CHECK(c.id == json("s1"));
  }
  SECTION("since is optional") {
    parse_ok(subscribe_cmd({{"topic", "fair:1"}}));
  }
  SECTION("a negative offset names data.since.offset") {
    auto f = parse_fail(subscribe_cmd({{"topic", "fair:1"}, {"since", {{"epoch", "abc"}, {"offset", -1}}}}));
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "data.since.offset");
    CHECK(f.id == json("s1"));
  }
  SECTION("a missing epoch names data.since.epoch") {
    auto f = parse_fail(subscribe_cmd({{"topic", "fair:1"}, {"since", {{"offset", 3}}}}));
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "data.since.epoch");
  }
  SECTION("an epoch longer than 64 characters") {
    auto f = parse_fail(subscribe_cmd({{"topic", "fair:1"}, {"since", {{"epoch", std::string(65, 'e')}, {"offset", 3}}}}));
    CHECK(f.err.field == "data.since.epoch");
  }
  SECTION("since that is not an object names data.since") {
    auto f = parse_fail(subscribe_cmd({{"topic", "fair:1"}, {"since", 5}}));
    CHECK(f.err.code == error_code::invalid);
    CHECK(f.err.field == "data.since");
  }
}

// ---------------------------------------------------------------------------------------------
// Replies and pushes

TEST_CASE("make_reply has the documented shape", "[protocol][envelope]") {
  const json data{{"message", {{"id", 301}, {"text", "Merhaba!"}}}};
  CHECK(json::parse(fuar::protocol::make_reply(12, data)) ==
        json{{"id", 12}, {"ok", true}, {"data", data}});
  CHECK(json::parse(fuar::protocol::make_reply("abc", json::object())) ==
        json{{"id", "abc"}, {"ok", true}, {"data", json::object()}});
  // One message per line: the reply must not contain a raw newline.
  CHECK(fuar::protocol::make_reply(1, json{{"t", "a\nb"}}).find('\n') == std::string::npos);
  // Invalid UTF-8 in data is replaced, not thrown.
  std::string out;
  REQUIRE_NOTHROW(out = fuar::protocol::make_reply(1, json{{"t", std::string("\xff")}}));
  CHECK(json::parse(out)["ok"] == true);
}

TEST_CASE("make_error_reply has the documented shape", "[protocol][envelope]") {
  error e{error_code::invalid, "text: must be 1 to 2000 characters", "data.text", 0};
  CHECK(json::parse(fuar::protocol::make_error_reply(12, e)) ==
        json{{"id", 12},
             {"ok", false},
             {"error", {{"code", "invalid"}, {"message", "text: must be 1 to 2000 characters"}, {"field", "data.text"}}}});
  // A command that could not be parsed is answered with a null id; no field when none is at fault.
  error m{error_code::malformed, "not valid JSON", "", 0};
  CHECK(json::parse(fuar::protocol::make_error_reply(nullptr, m)) ==
        json{{"id", nullptr}, {"ok", false}, {"error", {{"code", "malformed"}, {"message", "not valid JSON"}}}});
}

TEST_CASE("error_object includes retry_after only when positive", "[protocol][envelope]") {
  error e{error_code::rate_limited, "slow down", "", 0};
  auto zero = fuar::protocol::error_object(e);
  CHECK_FALSE(zero.contains("retry_after"));
  CHECK_FALSE(zero.contains("field"));
  CHECK(zero["code"] == "rate_limited");
  CHECK(zero["message"] == "slow down");
  e.retry_after = -3;
  CHECK_FALSE(fuar::protocol::error_object(e).contains("retry_after"));
  e.retry_after = 7;
  auto seven = fuar::protocol::error_object(e);
  REQUIRE(seven.contains("retry_after"));
  CHECK(seven["retry_after"] == 7);
  CHECK(json::parse(fuar::protocol::make_error_reply(1, e))["error"]["retry_after"] == 7);
}

TEST_CASE("make_push: with history and ephemeral", "[protocol][envelope]") {
  const json data{{"count", 41}, {"by_role", {{"jobseeker", 38}}}};
  auto with = json::parse(fuar::protocol::make_push("booth:3", 18, "chat.message", data));
  CHECK(with == json{{"topic", "booth:3"}, {"offset", 18}, {"event", "chat.message"}, {"data", data}});
  auto eph = json::parse(fuar::protocol::make_push("fair:1", -1, "presence", data));
  CHECK(eph == json{{"topic", "fair:1"}, {"event", "presence"}, {"data", data}});
  CHECK_FALSE(eph.contains("offset"));
}

TEST_CASE("parse_body: objects only, same depth limit", "[protocol][envelope]") {
  auto ok = fuar::protocol::parse_body(R"({"email":"a@b"})", depth_limit);
  REQUIRE(std::holds_alternative<json>(ok));
  CHECK(std::get<json>(ok)["email"] == "a@b");
  for (const std::string& text : std::vector<std::string>{"[1]", "3", "{", nested_arrays(40)}) {
    CAPTURE(text);
    auto r = fuar::protocol::parse_body(text, depth_limit);
    REQUIRE(std::holds_alternative<error>(r));
    CHECK(std::get<error>(r).code == error_code::malformed);
  }
}

// ---------------------------------------------------------------------------------------------
// Error codes

TEST_CASE("http_status maps every error code as PROTOCOL.md §4 says", "[protocol][errors]") {
  using fuar::protocol::http_status;
  CHECK(http_status(error_code::malformed) == 400);
  CHECK(http_status(error_code::unknown_type) == 400);  // WebSocket only; 400 if it ever reaches HTTP
  CHECK(http_status(error_code::invalid) == 400);
  CHECK(http_status(error_code::unauthorized) == 401);
  CHECK(http_status(error_code::forbidden) == 403);
  CHECK(http_status(error_code::csrf) == 403);
  CHECK(http_status(error_code::not_found) == 404);
  CHECK(http_status(error_code::conflict) == 409);
  CHECK(http_status(error_code::too_large) == 413);
  CHECK(http_status(error_code::rate_limited) == 429);
  CHECK(http_status(error_code::unavailable) == 503);
  CHECK(http_status(error_code::internal) == 500);
}

TEST_CASE("to_string gives every error code its documented, unique name", "[protocol][errors]") {
  const std::vector<std::string> documented = {
      "malformed", "unknown_type", "invalid",  "unauthorized", "forbidden",   "csrf",
      "not_found", "conflict",     "too_large", "rate_limited", "unavailable", "internal",
  };
  REQUIRE(all_codes.size() == documented.size());
  std::set<std::string> names;
  for (std::size_t i = 0; i < all_codes.size(); ++i) {
    auto name = std::string(fuar::protocol::to_string(all_codes[i]));
    CHECK(name == documented[i]);
    names.insert(name);
  }
  CHECK(names.size() == all_codes.size());
}
