#pragma once
// Envelopes: parsing client commands and writing replies and pushes (see PROTOCOL.md §3).
// No exceptions escape these functions: bad input is an ordinary result.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "protocol/catalogue.hpp"

namespace fuar::protocol {

// Deepest nesting of arrays/objects in `text`, scanning bytes (strings and escapes skipped).
// Stops counting at `limit + 1`, so a hostile input costs one linear pass and no memory.
std::size_t json_depth(std::string_view text, std::size_t limit);

struct command {
  nlohmann::json id;      // number or string
  const command_spec* spec = nullptr;
  nlohmann::json data;    // object (empty object when the client sent none)
};

struct parse_failure {
  nlohmann::json id;      // null when the id could not be read
  error err;
};

// Parses and validates one command: JSON, depth limit, envelope shape, known type, fields.
std::variant<command, parse_failure> parse_command(std::string_view text, std::size_t max_depth);

// Parses an HTTP JSON body with the same depth limit; nullopt-like failure as error.
std::variant<nlohmann::json, error> parse_body(std::string_view text, std::size_t max_depth);

std::string make_reply(const nlohmann::json& id, const nlohmann::json& data);
std::string make_error_reply(const nlohmann::json& id, const error& e);
nlohmann::json error_object(const error& e);
// A push with history (offset) or an ephemeral one (offset < 0: no "offset" key).
std::string make_push(std::string_view topic, std::int64_t offset, std::string_view event,
                      const nlohmann::json& data);

}  // namespace fuar::protocol
