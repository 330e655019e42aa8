#pragma once
// The message catalogue: every WebSocket command with its field rules, every push event, and
// the error codes. The commands and events are described once, in protocol/catalogue/*.json;
// protocol/generate.mjs writes from them the tables this library includes
// (protocol/catalogue_table.inc), the web client's copy (web-static/js/protocol.js) and the
// tables of PROTOCOL.md and protocol/ws/*.md.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace fuar::protocol {

enum class error_code {
  malformed, unknown_type, invalid, unauthorized, forbidden, csrf, not_found, conflict,
  too_large, rate_limited, unavailable, internal
};
std::string_view to_string(error_code c);
int http_status(error_code c);

struct error {
  error_code code = error_code::internal;
  std::string message;
  std::string field;    // path such as "data.text"; empty when no field is at fault
  long retry_after = 0; // seconds, for rate_limited
};

enum class field_type { integer, string, object };

// One field of a command's `data`. For strings min/max bound the length in characters
// (Unicode code points, after trimming ASCII white space); for integers the value.
struct field_spec {
  std::string_view name;
  field_type type;
  bool required;
  std::int64_t min;
  std::int64_t max;
  std::span<const field_spec> children = {};  // for objects
};

struct command_spec {
  std::string_view type;
  std::span<const field_spec> fields;
  std::string_view capability;  // the capability that owns the command ("queue")
  // Who may send it, as its row of the command table (server/*/commands.cpp) says: the audience
  // ("signed_in", "jobseeker", "employer", "organiser") and the ownership rule in words. A unit
  // test holds the two together.
  std::string_view audience;
  std::string_view ownership;
  std::string_view example;  // an example `data` as JSON text, or empty; it passes validate()
};

std::span<const command_spec> commands();
std::span<const std::string_view> events();
const command_spec* find_command(std::string_view type);

// Checks `data` (an object, or null when the command sent none) against the spec. Unknown
// fields are rejected too, so a typo never passes silently. Returns the first problem.
std::optional<error> validate(const command_spec& spec, const nlohmann::json& data);

// Length of a UTF-8 string in code points; nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view s);
std::string_view trim(std::string_view s);

}  // namespace fuar::protocol
