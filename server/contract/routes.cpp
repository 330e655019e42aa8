// Helpers shared by the route handlers of every capability (routes.hpp).
#include "server/contract/routes.hpp"

#include <charconv>

namespace fuar::api {

using protocol::error_code;

namespace {

// Keeps [A-Za-z0-9._-] and replaces anything else, so a header can never be split or spoofed.
std::string ascii_file_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == '_';
    out += ok ? c : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), 'f');
  if (out.size() > 100) out.erase(0, out.size() - 100);
  return out;
}

}  // namespace

route_reply route_reply::file(std::string content_type, std::string bytes, const std::string& download_name) {
  route_reply r;
  r.content_type = std::move(content_type);
  r.raw = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ascii_file_name(download_name) + "\"");
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

route_reply route_reply::inline_body(std::string content_type, std::string bytes, int max_age_s) {
  route_reply r;
  r.content_type = std::move(content_type);
  r.raw = std::move(bytes);
  r.headers.emplace_back("Cache-Control",
                         max_age_s > 0 ? "private, max-age=" + std::to_string(max_age_s) : std::string("no-store"));
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return r;
}

const store::user& request_ctx::me() const {
  if (!user) throw failure(error_code::unauthorized, "not signed in");
  return *user;
}

std::string request_ctx::param(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

route_match find_route(std::span<const route> rows, std::string_view method, std::string_view path) {
  route_match m;
  std::vector<std::int64_t> ids;
  for (const auto& r : rows) {
    if (!match_pattern(r.pattern, path, ids)) continue;
    if (r.method == method) {
      m.row = &r;
      m.ids = std::move(ids);
      return m;
    }
    m.allow += (m.allow.empty() ? "" : ", ") + std::string(r.method);
    if (r.method == "GET") m.allow += ", HEAD";
  }
  return m;
}

bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::int64_t>& ids) {
  ids.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty()) return false;
    auto ps = pattern.find('/', 1), qs = path.find('/', 1);
    auto pseg = pattern.substr(0, ps), qseg = path.substr(0, qs);
    if (pseg == "/{id}") {
      auto num = qseg.substr(1);
      if (num.empty() || num[0] < '1' || num[0] > '9') return false;  // from_chars rejects overflow
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
      if (ec != std::errc{} || p != num.data() + num.size()) return false;
      ids.push_back(v);
    } else if (pseg != qseg) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view() : pattern.substr(ps);
    path = qs == std::string_view::npos ? std::string_view() : path.substr(qs);
  }
  return true;
}

std::optional<std::string> url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      unsigned v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec != std::errc{} || p != s.data() + i + 3) return std::nullopt;
      out += char(v);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    auto eq = part.find('=');
    auto k = url_decode(part.substr(0, eq));
    auto v = eq == std::string_view::npos ? std::optional<std::string>("") : url_decode(part.substr(eq + 1));
    if (!k || !v) throw failure(error_code::invalid, "the query string has a malformed %-escape", "query");
    if (!k->empty()) out[*k] = *v;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

namespace field {
namespace {

[[noreturn]] void bad(const char* name, const std::string& what) {
  throw failure(error_code::invalid, std::string(name) + ": " + what, name);
}

const nlohmann::json* find(const nlohmann::json& body, const char* name) {
  if (!body.is_object()) return nullptr;
  auto it = body.find(name);
  if (it == body.end()) return nullptr;
  if (it->is_null()) bad(name, "must be omitted rather than null");
  return &*it;
}

std::string checked_string(const nlohmann::json& v, const char* name, std::size_t min, std::size_t max,
                           bool allow_newlines) {
  if (!v.is_string()) bad(name, "must be a string");
  std::string s(protocol::trim(v.get_ref<const std::string&>()));
  auto len = protocol::utf8_length(s);
  if (!len) bad(name, "must be valid UTF-8");
  for (unsigned char ch : s) {
    bool nl = ch == '\n' || ch == '\r' || ch == '\t';
    if ((ch < 0x20 && !(allow_newlines && nl)) || ch == 0x7F) bad(name, "must not contain control characters");
  }
  if (*len < min || *len > max)
    bad(name, "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters");
  return s;
}

}  // namespace

bool has(const nlohmann::json& body, const char* name) { return find(body, name) != nullptr; }

std::string text(const nlohmann::json& body, const char* name, std::size_t min, std::size_t max, bool required,
                 const std::string& fallback) {
  auto* v = find(body, name);
  if (!v) {
    if (required) bad(name, "is required");
    return fallback;
  }
  return checked_string(*v, name, min, max, false);
}

std::string multiline(const nlohmann::json& body, const char* name, std::size_t max, bool required,
                      const std::string& fallback) {
  auto* v = find(body, name);
  if (!v) {
    if (required) bad(name, "is required");
    return fallback;
  }
  return checked_string(*v, name, required ? 1 : 0, max, true);
}

std::int64_t integer(const nlohmann::json& body, const char* name, std::int64_t min, std::int64_t max, bool required,
                     std::int64_t fallback) {
  auto* v = find(body, name);
  if (!v) {
    if (required) bad(name, "is required");
    return fallback;
  }
  if (!v->is_number_integer()) bad(name, "must be an integer");
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) bad(name, "is out of range");
  auto x = v->get<std::int64_t>();
  if (x < min || x > max) bad(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return x;
}

bool boolean(const nlohmann::json& body, const char* name, bool required, bool fallback) {
  auto* v = find(body, name);
  if (!v) {
    if (required) bad(name, "is required");
    return fallback;
  }
  if (!v->is_boolean()) bad(name, "must be true or false");
  return v->get<bool>();
}

std::string one_of(const nlohmann::json& body, const char* name, std::span<const std::string_view> allowed,
                   bool required, const std::string& fallback) {
  auto* v = find(body, name);
  if (!v) {
    if (required) bad(name, "is required");
    return fallback;
  }
  if (!v->is_string()) bad(name, "must be a string");
  const auto& s = v->get_ref<const std::string&>();
  std::string list;
  for (auto a : allowed) {
    if (s == a) return s;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  bad(name, "must be one of: " + list);
}

std::string url(const nlohmann::json& body, const char* name, std::size_t max, bool required) {
  auto s = text(body, name, 0, max, required);
  if (s.empty()) {
    if (required) bad(name, "is required");
    return s;
  }
  if (s.rfind("https://", 0) != 0 && s.rfind("http://", 0) != 0) bad(name, "must start with https:// or http://");
  for (char c : s)
    if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\') bad(name, "is not a valid URL");
  return s;
}

}  // namespace field

std::string csv_row(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string c = cells[i];
    if (!c.empty() && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' || c[0] == '\r'))
      c.insert(c.begin(), '\'');
    bool quote = c.find_first_of(",\"\r\n") != std::string::npos;
    if (i) out += ',';
    if (quote) {
      out += '"';
      for (char ch : c) {
        if (ch == '"') out += '"';
        out += ch;
      }
      out += '"';
    } else {
      out += c;
    }
  }
  out += "\r\n";
  return out;
}

}  // namespace fuar::api
