#include "server/config/config.hpp"

#include <fstream>
#include <functional>
#include <sstream>
#include <variant>

#include <nlohmann/json.hpp>

extern char** environ;

namespace fuar::app {
namespace {

using value_ref = std::variant<std::int64_t*, bool*, std::string*, std::vector<std::string>*>;

struct key_rule {
  const char* section;
  const char* key;
  value_ref ref;
  std::int64_t min = 0, max = 0;            // integers only
  std::vector<std::string> choices = {};    // strings only; empty: any
};

// The one list of keys. Adding a key here makes it loadable, overridable and printed.
std::vector<key_rule> rules(config& c) {
  constexpr std::int64_t big = INT64_MAX;
  return {
      {"server", "host", &c.server.host},
      {"server", "port", &c.server.port, 0, 65535},
      {"server", "threads", &c.server.threads, 0, 256},
      {"server", "data_dir", &c.server.data_dir},
      {"server", "static_dir", &c.server.static_dir},
      {"server", "node_name", &c.server.node_name},
      {"server", "demo", &c.server.demo},
      {"server", "shutdown_timeout_s", &c.server.shutdown_timeout_s, 1, 3600},
      {"http", "allowed_origins", &c.http.allowed_origins},
      {"http", "trusted_proxies", &c.http.trusted_proxies},
      {"http", "max_body_bytes", &c.http.max_body_bytes, 1024, 1 << 30},
      {"http", "max_header_bytes", &c.http.max_header_bytes, 1024, 1 << 20},
      {"http", "request_timeout_ms", &c.http.request_timeout_ms, 100, 3600000},
      {"http", "max_connections", &c.http.max_connections, 1, 1000000},
      {"http", "secure_cookies", &c.http.secure_cookies},
      {"http", "max_json_depth", &c.http.max_json_depth, 1, 1000},
      {"ws", "max_message_bytes", &c.ws.max_message_bytes, 256, 1 << 26},
      {"ws", "max_queue_bytes", &c.ws.max_queue_bytes, 4096, 1 << 30},
      {"ws", "handshake_timeout_ms", &c.ws.handshake_timeout_ms, 100, 600000},
      {"ws", "idle_timeout_ms", &c.ws.idle_timeout_ms, 1000, 3600000},
      {"ws", "max_connections", &c.ws.max_connections, 1, 10000000},
      {"ws", "max_connections_per_user", &c.ws.max_connections_per_user, 1, 100000},
      {"ws", "allow_missing_origin_with_bearer", &c.ws.allow_missing_origin_with_bearer},
      {"ws", "rate_per_s", &c.ws.rate_per_s, 1, 1000000},
      {"ws", "rate_burst", &c.ws.rate_burst, 1, 1000000},
      {"ws", "max_json_depth", &c.ws.max_json_depth, 1, 1000},
      {"broker", "type", &c.broker.type, 0, 0, {"memory", "redis"}},
      {"broker", "history_size", &c.broker.history_size, 0, 1000000},
      {"broker", "history_ttl_s", &c.broker.history_ttl_s, 0, 86400 * 7},
      {"broker", "redis_host", &c.broker.redis_host},
      {"broker", "redis_port", &c.broker.redis_port, 1, 65535},
      {"broker", "redis_prefix", &c.broker.redis_prefix},
      {"broker", "presence_ttl_s", &c.broker.presence_ttl_s, 2, 3600},
      {"broker", "presence_refresh_s", &c.broker.presence_refresh_s, 1, 3600},
      {"broker", "reconnect_max_ms", &c.broker.reconnect_max_ms, 100, 600000},
      {"presence", "push_interval_ms", &c.presence.push_interval_ms, 50, 60000},
      {"presence", "hall_push_interval_ms", &c.presence.hall_push_interval_ms, 100, 60000},
      {"presence", "visit_flush_ms", &c.presence.visit_flush_ms, 100, 60000},
      {"store", "type", &c.store.type, 0, 0, {"sqlite"}},
      {"store", "sqlite_path", &c.store.sqlite_path},
      {"store", "pool_threads", &c.store.pool_threads, 1, 64},
      {"auth", "session_ttl_s", &c.auth.session_ttl_s, 60, big},
      {"auth", "login_max_failures_per_account", &c.auth.login_max_failures_per_account, 1, 1000000},
      {"auth", "login_max_failures_per_ip", &c.auth.login_max_failures_per_ip, 1, 1000000},
      {"auth", "login_window_s", &c.auth.login_window_s, 1, 86400},
      {"auth", "registrations_per_ip", &c.auth.registrations_per_ip, 1, 1000000},
      {"auth", "password_cost", &c.auth.password_cost, 0, 0, {"interactive", "minimal"}},
      {"fairs", "public_url", &c.fairs.public_url},
      {"fairs", "invitation_ttl_s", &c.fairs.invitation_ttl_s, 1, 86400 * 365},
      {"uploads", "cv_max_bytes", &c.uploads.cv_max_bytes, 1024, 1 << 30},
      {"uploads", "cv_max_per_user", &c.uploads.cv_max_per_user, 1, 1000},
      {"uploads", "logo_max_bytes", &c.uploads.logo_max_bytes, 1024, 1 << 26},
      {"uploads", "pdftotext", &c.uploads.pdftotext},
      {"uploads", "extract_timeout_ms", &c.uploads.extract_timeout_ms, 100, 600000},
      {"uploads", "extract_memory_mb", &c.uploads.extract_memory_mb, 16, 65536},
      {"uploads", "extract_workers", &c.uploads.extract_workers, 1, 64},
      {"chat", "messages_per_min", &c.chat.messages_per_min, 1, 100000},
      {"chat", "burst", &c.chat.burst, 1, 100000},
      {"queues", "max_per_user", &c.queues.max_per_user, 1, 100},
      {"queues", "max_length", &c.queues.max_length, 1, 1000000},
      {"queues", "accept_timeout_s", &c.queues.accept_timeout_s, 5, 3600},
      {"queues", "disconnect_grace_s", &c.queues.disconnect_grace_s, 0, 86400},
      {"queues", "default_interview_s", &c.queues.default_interview_s, 30, 86400},
      {"rooms", "max_participants", &c.rooms.max_participants, 2, 8},
      {"rooms", "turn_secret", &c.rooms.turn_secret},
      {"rooms", "turn_urls", &c.rooms.turn_urls},
      {"rooms", "stun_urls", &c.rooms.stun_urls},
      {"rooms", "turn_ttl_s", &c.rooms.turn_ttl_s, 60, 86400},
      {"rooms", "rejoin_grace_s", &c.rooms.rejoin_grace_s, 0, 3600},
      {"slots", "cancel_cutoff_min", &c.slots.cancel_cutoff_min, 0, 10080},
      {"slots", "reminder_first_min", &c.slots.reminder_first_min, 1, 1440},
      {"slots", "reminder_second_min", &c.slots.reminder_second_min, 1, 1440},
      {"slots", "max_group_size", &c.slots.max_group_size, 2, 8},
      {"slots", "offer_hold_min", &c.slots.offer_hold_min, 1, 1440},
      {"slots", "sweep_interval_ms", &c.slots.sweep_interval_ms, 100, 60000},
  };
}

std::string name_of(const key_rule& r) { return std::string(r.section) + "." + r.key; }

void check(const key_rule& r) {
  if (auto* p = std::get_if<std::int64_t*>(&r.ref); p && (**p < r.min || **p > r.max))
    throw config_error(name_of(r) + ": must be between " + std::to_string(r.min) + " and " +
                       std::to_string(r.max));
  if (auto* p = std::get_if<std::string*>(&r.ref); p && !r.choices.empty()) {
    bool ok = false;
    std::string list;
    for (const auto& c : r.choices) {
      ok = ok || c == **p;
      list += (list.empty() ? "" : ", ") + c;
    }
    if (!ok) throw config_error(name_of(r) + ": must be one of " + list + " (got \"" + **p + "\")");
  }
}

void assign(const key_rule& r, const nlohmann::json& v, const std::string& origin) {
  auto wrong = [&](const char* what) {
    throw config_error(name_of(r) + " (" + origin + "): must be " + what);
  };
  std::visit(
      [&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::int64_t>) {
          if (!v.is_number_integer()) wrong("an integer");
          *p = v.get<std::int64_t>();
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!v.is_boolean()) wrong("true or false");
          *p = v.get<bool>();
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (!v.is_string()) wrong("a string");
          *p = v.get<std::string>();
        } else {
          if (!v.is_array()) wrong("a list of strings");
          p->clear();
          for (const auto& e : v) {
            if (!e.is_string()) wrong("a list of strings");
            p->push_back(e.get<std::string>());
          }
        }
      },
      r.ref);
}

// Environment values are text; turn them into the JSON value the key expects.
nlohmann::json env_value(const key_rule& r, const std::string& text, const std::string& var) {
  auto bad = [&](const char* what) -> nlohmann::json {
    throw config_error(name_of(r) + " (" + var + "): must be " + what + ", got \"" + text + "\"");
  };
  return std::visit(
      [&](auto* p) -> nlohmann::json {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::int64_t>) {
          std::size_t used = 0;
          try {
            auto n = std::stoll(text, &used);
            if (used != text.size()) return bad("an integer");
            return n;
          } catch (const std::exception&) {
            return bad("an integer");
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text == "true" || text == "1") return true;
          if (text == "false" || text == "0") return false;
          return bad("true or false");
        } else if constexpr (std::is_same_v<T, std::string>) {
          return text;
        } else {
          if (!text.empty() && text.front() == '[') {
            auto j = nlohmann::json::parse(text, nullptr, false);
            if (j.is_discarded()) return bad("a JSON list or comma-separated values");
            return j;
          }
          nlohmann::json list = nlohmann::json::array();
          std::stringstream ss(text);
          for (std::string item; std::getline(ss, item, ',');) {
            // "a, b" means ["a", "b"]: surrounding spaces are never part of an origin.
            auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
            if (b != std::string::npos) list.push_back(item.substr(b, e - b + 1));
          }
          return list;
        }
      },
      r.ref);
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

std::string config::files_dir() const { return server.data_dir + "/files"; }

std::string config::sqlite_file() const {
  return store.sqlite_path.empty() ? server.data_dir + "/fuar.db" : store.sqlite_path;
}

config load_config(const std::string& path, const std::map<std::string, std::string>& env) {
  config c;
  auto table = rules(c);

  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) throw config_error("cannot read config file " + path);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
    } catch (const nlohmann::json::parse_error& e) {
      throw config_error(path + ": not valid JSON: " + e.what());
    }
    if (!j.is_object()) throw config_error(path + ": must be a JSON object of sections");
    for (const auto& [section, keys] : j.items()) {
      bool section_known = false;
      for (const auto& r : table) section_known = section_known || section == r.section;
      if (!section_known) throw config_error(path + ": unknown section \"" + section + "\"");
      if (!keys.is_object()) throw config_error(section + ": must be an object of keys");
      for (const auto& [key, value] : keys.items()) {
        const key_rule* rule = nullptr;
        for (const auto& r : table)
          if (section == r.section && key == r.key) rule = &r;
        if (!rule) throw config_error(path + ": unknown key \"" + section + "." + key + "\"");
        assign(*rule, value, path);
      }
    }
  }

  for (const auto& r : table) {
    std::string var = "FUAR_" + upper(r.section) + "_" + upper(r.key);
    if (auto it = env.find(var); it != env.end()) assign(r, env_value(r, it->second, var), var);
  }
  // A variable with a section's prefix but no such key is a typo: say so. Other FUAR_*
  // variables (used by scripts and tests) are not ours to judge.
  for (const auto& [name, value] : env) {
    bool in_section = false, known = false;
    for (const auto& r : table) {
      std::string prefix = "FUAR_" + upper(r.section) + "_";
      in_section = in_section || name.rfind(prefix, 0) == 0;
      known = known || name == prefix + upper(r.key);
    }
    if (in_section && !known) throw config_error("unknown environment variable " + name);
  }
  for (const auto& r : table) check(r);
  if (c.broker.presence_refresh_s >= c.broker.presence_ttl_s)
    throw config_error("broker.presence_refresh_s: must be less than broker.presence_ttl_s");
  if (c.ws.rate_burst < c.ws.rate_per_s)
    throw config_error("ws.rate_burst: must be at least ws.rate_per_s");
  return c;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

nlohmann::json to_json(const config& cc) {
  config c = cc;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& r : rules(c))
    std::visit([&](auto* p) { out[r.section][r.key] = *p; }, r.ref);
  return out;
}

}  // namespace fuar::app
