#include "protocol/envelope.hpp"

namespace fuar::protocol {

std::size_t json_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{': case '[':
        if (++depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
        break;
      case '}': case ']':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

namespace {

std::variant<nlohmann::json, error> parse_limited(std::string_view text, std::size_t max_depth) {
  if (json_depth(text, max_depth) > max_depth)
    return error{error_code::malformed,
                 "JSON is nested deeper than " + std::to_string(max_depth) + " levels", ""};
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return error{error_code::malformed, "not valid JSON", ""};
  return j;
}

bool valid_id(const nlohmann::json& id) {
  if (id.is_number_integer()) return true;
  if (!id.is_string()) return false;
  auto len = utf8_length(id.get_ref<const std::string&>());  // characters, as PROTOCOL.md says
  return len && *len <= 64;
}

}  // namespace

std::variant<command, parse_failure> parse_command(std::string_view text, std::size_t max_depth) {
  auto parsed = parse_limited(text, max_depth);
  if (auto* e = std::get_if<error>(&parsed)) return parse_failure{nullptr, *e};
  auto& j = std::get<nlohmann::json>(parsed);
  if (!j.is_object())
    return parse_failure{nullptr, {error_code::malformed, "a command must be a JSON object", ""}};

  nlohmann::json id = j.contains("id") ? j["id"] : nlohmann::json();
  if (!valid_id(id))
    return parse_failure{nullptr, {error_code::invalid,
                                   "id: must be an integer or a string of at most 64 characters",
                                   "id"}};
  for (const auto& [key, value] : j.items())
    if (key != "id" && key != "type" && key != "data")
      return parse_failure{id, {error_code::invalid, key + ": unknown field", key}};

  auto t = j.find("type");
  if (t == j.end() || !t->is_string())
    return parse_failure{id, {error_code::invalid, "type: is required and must be a string", "type"}};
  const auto* spec = find_command(t->get_ref<const std::string&>());
  if (!spec) {
    // Echo at most a short prefix of the unknown name: it is client input.
    auto name = t->get_ref<const std::string&>().substr(0, 40);
    return parse_failure{id, {error_code::unknown_type, "unknown command type \"" + name + "\"", "type"}};
  }
  nlohmann::json data = j.contains("data") ? std::move(j["data"]) : nlohmann::json();
  if (auto e = validate(*spec, data)) return parse_failure{id, *e};
  if (data.is_null()) data = nlohmann::json::object();
  return command{std::move(id), spec, std::move(data)};
}

std::variant<nlohmann::json, error> parse_body(std::string_view text, std::size_t max_depth) {
  auto parsed = parse_limited(text, max_depth);
  if (auto* j = std::get_if<nlohmann::json>(&parsed); j && !j->is_object())
    return error{error_code::malformed, "the body must be a JSON object", ""};
  return parsed;
}

nlohmann::json error_object(const error& e) {
  nlohmann::json o{{"code", to_string(e.code)}, {"message", e.message}};
  if (!e.field.empty()) o["field"] = e.field;
  if (e.retry_after > 0) o["retry_after"] = e.retry_after;
  return o;
}

std::string make_reply(const nlohmann::json& id, const nlohmann::json& data) {
  nlohmann::json r{{"id", id}, {"ok", true}, {"data", data}};
  return r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string make_error_reply(const nlohmann::json& id, const error& e) {
  nlohmann::json r{{"id", id}, {"ok", false}, {"error", error_object(e)}};
  return r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string make_push(std::string_view topic, std::int64_t offset, std::string_view event,
                      const nlohmann::json& data) {
  nlohmann::json p;
  p["topic"] = topic;
  if (offset >= 0) p["offset"] = offset;
  p["event"] = event;
  p["data"] = data;
  return p.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace fuar::protocol
