#include "protocol/catalogue.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace fuar::protocol {

namespace {

using ft = field_type;
constexpr std::int64_t int_max = INT64_MAX;

// The field specs, the command table and the event table, generated from protocol/catalogue/*.json.
#include "protocol/catalogue_table.inc"

std::string path_of(std::string_view prefix, std::string_view name) {
  std::string p(prefix);
  p += '.';
  p += name;
  return p;
}

std::optional<error> invalid(std::string field, std::string message) {
  return error{error_code::invalid, field + ": " + message, std::move(field)};
}

std::optional<error> validate_fields(std::span<const field_spec> fields, const nlohmann::json& obj,
                                     std::string_view prefix) {
  for (const auto& [key, value] : obj.items()) {
    bool known = false;
    for (const auto& f : fields) known = known || f.name == key;
    if (!known) return invalid(path_of(prefix, key), "unknown field");
  }
  for (const auto& f : fields) {
    const std::string path = path_of(prefix, f.name);
    auto it = obj.find(f.name);
    if (it == obj.end()) {
      if (f.required) return invalid(path, "is required");
      continue;
    }
    // An explicit null is not "absent": handlers may rely on present keys having their type.
    if (it->is_null()) return invalid(path, f.required ? "is required" : "must be omitted rather than null");
    switch (f.type) {
      case ft::integer: {
        if (!it->is_number_integer()) return invalid(path, "must be an integer");
        // Unsigned values above INT64_MAX are out of range for every field.
        if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(int_max))
          return invalid(path, "is out of range");
        auto v = it->get<std::int64_t>();
        if (v < f.min || v > f.max)
          return invalid(path, "must be between " + std::to_string(f.min) + " and " +
                                   std::to_string(f.max));
        break;
      }
      case ft::string: {
        if (!it->is_string()) return invalid(path, "must be a string");
        const auto& text = it->get_ref<const std::string&>();
        auto len = utf8_length(trim(text));
        if (!len) return invalid(path, "must be valid UTF-8");
        // Control characters (other than tab and line breaks) have no place in any field and
        // would inflate every JSON copy of the text sixfold.
        for (unsigned char ch : text)
          if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F)
            return invalid(path, "must not contain control characters");
        if (std::int64_t(*len) < f.min || std::int64_t(*len) > f.max)
          return invalid(path, "must be " + std::to_string(f.min) + " to " +
                                   std::to_string(f.max) + " characters");
        break;
      }
      case ft::object:
        if (!it->is_object()) return invalid(path, "must be an object");
        if (auto e = validate_fields(f.children, *it, path)) return e;
        break;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(error_code c) {
  switch (c) {
    case error_code::malformed: return "malformed";
    case error_code::unknown_type: return "unknown_type";
    case error_code::invalid: return "invalid";
    case error_code::unauthorized: return "unauthorized";
    case error_code::forbidden: return "forbidden";
    case error_code::csrf: return "csrf";
    case error_code::not_found: return "not_found";
    case error_code::conflict: return "conflict";
    case error_code::too_large: return "too_large";
    case error_code::rate_limited: return "rate_limited";
    case error_code::unavailable: return "unavailable";
    case error_code::internal: return "internal";
  }
  return "internal";
}

int http_status(error_code c) {
  switch (c) {
    case error_code::malformed: return 400;
    case error_code::unknown_type: return 400;
    case error_code::invalid: return 400;
    case error_code::unauthorized: return 401;
    case error_code::forbidden: return 403;
    case error_code::csrf: return 403;
    case error_code::not_found: return 404;
    case error_code::conflict: return 409;
    case error_code::too_large: return 413;
    case error_code::rate_limited: return 429;
    case error_code::unavailable: return 503;
    case error_code::internal: return 500;
  }
  return 500;
}

std::span<const command_spec> commands() { return command_table; }
std::span<const std::string_view> events() { return event_table; }

const command_spec* find_command(std::string_view type) {
  for (const auto& c : command_table)
    if (c.type == type) return &c;
  return nullptr;
}

std::optional<error> validate(const command_spec& spec, const nlohmann::json& data) {
  if (data.is_null()) return validate_fields(spec.fields, nlohmann::json::object(), "data");
  if (!data.is_object()) return invalid("data", "must be an object");
  return validate_fields(spec.fields, data, "data");
}

std::optional<std::size_t> utf8_length(std::string_view s) {
  // Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
    else return std::nullopt;
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
  }
  return n;
}

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace fuar::protocol
