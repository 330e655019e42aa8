// Unit tests for fuar::app configuration: defaults, the JSON-with-comments file, environment
// overrides, errors that name the key, to_json round trips, and the shipped config/fuar.json.
// Every test passes its own environment map; the process environment is never read.
#include "server/config/config.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "tests/unit/fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using fuar::app::config;
using fuar::app::config_error;
using fuar::app::load_config;
using fuar::app::to_json;
using env_map = std::map<std::string, std::string>;
using Catch::Matchers::Contains;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_config_test_") {}
};

// The what() of the config_error that `f` throws; fails the test when it throws none.
template <class F>
std::string config_error_of(F&& f) {
  try {
    f();
  } catch (const config_error& e) {
    return e.what();
  }
  FAIL("expected a config_error");
  return {};
}

std::string error_for_file(const std::string& text, const env_map& env = {}) {
  temp_dir dir;
  auto path = dir.write("fuar.json", text);
  return config_error_of([&] { load_config(path, env); });
}

std::string error_for_env(const env_map& env) {
  return config_error_of([&] { load_config("", env); });
}

const char* const sections[] = {"server", "http", "ws", "broker", "presence", "store", "auth", "fairs", "uploads",
                               "chat", "queues", "rooms", "slots"};

}  // namespace

TEST_CASE("config: defaults when there is no file and no environment", "[config]") {
  config c = load_config("", {});
  CHECK(c.server.host == "127.0.0.1");
  CHECK(c.server.port == 8080);
  CHECK(c.server.threads == 0);
  CHECK(c.server.data_dir == "var");
  CHECK(c.server.static_dir == "web-static");
  CHECK(c.server.node_name.empty());
  CHECK(c.server.demo);
  CHECK(c.server.shutdown_timeout_s == 30);
  CHECK(c.http.allowed_origins.empty());
  CHECK(c.http.max_body_bytes == 65536);
  CHECK(c.http.max_header_bytes == 8192);
  CHECK(c.http.max_json_depth == 32);
  CHECK_FALSE(c.http.secure_cookies);
  CHECK(c.ws.max_message_bytes == 65536);
  CHECK(c.ws.max_queue_bytes == 1048576);
  CHECK(c.ws.rate_per_s == 20);
  CHECK(c.ws.rate_burst == 40);
  CHECK(c.ws.max_json_depth == 32);
  CHECK(c.broker.type == "memory");
  CHECK(c.broker.history_size == 300);
  CHECK(c.broker.history_ttl_s == 300);
  CHECK(c.presence.push_interval_ms == 1000);
  CHECK(c.store.type == "sqlite");
  CHECK(c.store.pool_threads == 2);
  CHECK(c.auth.session_ttl_s == 1209600);
  CHECK(c.auth.password_cost == "interactive");
  CHECK(c.sqlite_file() == "var/fuar.db");
  // The same defaults as a default-constructed config.
  CHECK(to_json(c) == to_json(config{}));
}

TEST_CASE("config: a file with // comments sets keys", "[config]") {
  temp_dir dir;
  auto path = dir.write("fuar.json", R"(// a header comment
{
  // the server section
  "server": {
    "port": 9000,          // trailing comment
    "host": "0.0.0.0",
    "demo": false
  },
  "http": { "allowed_origins": ["https://fair.example.org", "https://x.org"] },
  "ws": { "rate_per_s": 5, "rate_burst": 10 },
  "store": { "sqlite_path": "/tmp/elsewhere.db" }
}
// a footer comment
)");
  config c = load_config(path, {});
  CHECK(c.server.port == 9000);
  CHECK(c.server.host == "0.0.0.0");
  CHECK_FALSE(c.server.demo);
  CHECK(c.http.allowed_origins == std::vector<std::string>{"https://fair.example.org", "https://x.org"});
  CHECK(c.ws.rate_per_s == 5);
  CHECK(c.ws.rate_burst == 10);
  CHECK(c.sqlite_file() == "/tmp/elsewhere.db");
  // Keys the file does not mention keep their defaults.
  CHECK(c.server.shutdown_timeout_s == 30);
  CHECK(c.broker.history_size == 300);
}

TEST_CASE("config: a missing file or invalid JSON is a config_error", "[config]") {
  temp_dir dir;
  auto missing = (dir.path / "nope.json").string();
  CHECK_THAT(config_error_of([&] { load_config(missing, {}); }), Contains("nope.json"));
  CHECK_THAT(error_for_file(R"({"server": {"port": 1,}})"), Contains("not valid JSON"));
  CHECK_THAT(error_for_file("[1, 2]"), Contains("object"));
  CHECK_THAT(error_for_file(R"({"server": 5})"), Contains("server"));
}

TEST_CASE("config: an unknown section is an error naming it", "[config]") {
  CHECK_THAT(error_for_file(R"({"servr": {"port": 1}})"), Contains("servr"));
  CHECK_THAT(error_for_file(R"({"server": {}, "redis": {}})"), Contains("redis"));
}

TEST_CASE("config: an unknown key is an error naming section.key", "[config]") {
  CHECK_THAT(error_for_file(R"({"server": {"prot": 9000}})"), Contains("server.prot"));
  // A real key in the wrong section is unknown there.
  CHECK_THAT(error_for_file(R"({"ws": {"port": 9000}})"), Contains("ws.port"));
}

TEST_CASE("config: a value of the wrong type is an error naming the key", "[config]") {
  CHECK_THAT(error_for_file(R"({"server": {"port": "9000"}})"), Contains("server.port"));
  CHECK_THAT(error_for_file(R"({"server": {"port": 90.5}})"), Contains("server.port"));
  CHECK_THAT(error_for_file(R"({"server": {"demo": "yes"}})"), Contains("server.demo"));
  CHECK_THAT(error_for_file(R"({"server": {"host": 127}})"), Contains("server.host"));
  CHECK_THAT(error_for_file(R"({"http": {"allowed_origins": "https://x.org"}})"), Contains("http.allowed_origins"));
  CHECK_THAT(error_for_file(R"({"http": {"allowed_origins": ["https://x.org", 1]}})"), Contains("http.allowed_origins"));
  CHECK_THAT(error_for_file(R"({"server": {"port": null}})"), Contains("server.port"));
}

TEST_CASE("config: a value out of range is an error naming the key", "[config]") {
  CHECK_THAT(error_for_file(R"({"server": {"port": 65536}})"), Contains("server.port"));
  CHECK_THAT(error_for_file(R"({"server": {"port": -1}})"), Contains("server.port"));
  CHECK_THAT(error_for_file(R"({"server": {"shutdown_timeout_s": 0}})"), Contains("server.shutdown_timeout_s"));
  CHECK_THAT(error_for_file(R"({"ws": {"max_json_depth": 1001}})"), Contains("ws.max_json_depth"));
  CHECK_THAT(error_for_file(R"({"broker": {"type": "kafka"}})"), Contains("broker.type"));
  CHECK_THAT(error_for_file(R"({"auth": {"password_cost": "cheap"}})"), Contains("auth.password_cost"));
  CHECK_THAT(error_for_file(R"({"ws": {"rate_per_s": 50}})"), Contains("ws.rate_burst"));
  // The bounds themselves are accepted.
  temp_dir dir;
  auto path = dir.write("edge.json", R"({"server": {"port": 65535, "shutdown_timeout_s": 3600}})");
  auto c = load_config(path, {});
  CHECK(c.server.port == 65535);
  CHECK(c.server.shutdown_timeout_s == 3600);
}

TEST_CASE("config: the environment wins over the file", "[config]") {
  temp_dir dir;
  auto path = dir.write("fuar.json", R"({"server": {"port": 9000, "host": "0.0.0.0"}})");
  config c = load_config(path, {{"FUAR_SERVER_PORT", "0"}});
  CHECK(c.server.port == 0);
  CHECK(c.server.host == "0.0.0.0");  // not overridden
  config d = load_config(path, {{"FUAR_SERVER_DEMO", "false"}, {"FUAR_SERVER_HOST", "::1"},
                                {"FUAR_BROKER_HISTORY_SIZE", "12"}});
  CHECK_FALSE(d.server.demo);
  CHECK(d.server.host == "::1");
  CHECK(d.server.port == 9000);
  CHECK(d.broker.history_size == 12);
  // Range checks apply to environment values too.
  CHECK_THAT(config_error_of([&] { load_config(path, {{"FUAR_SERVER_PORT", "70000"}}); }), Contains("server.port"));
}

TEST_CASE("config: lists from a comma-separated string and from a JSON array", "[config]") {
  const std::vector<std::string> want{"https://fair.example.org", "https://x.org"};
  SECTION("environment, comma-separated") {
    auto c = load_config("", {{"FUAR_HTTP_ALLOWED_ORIGINS", "https://fair.example.org,https://x.org"}});
    CHECK(c.http.allowed_origins == want);
  }
  SECTION("environment, JSON array") {
    auto c = load_config("", {{"FUAR_HTTP_ALLOWED_ORIGINS", R"(["https://fair.example.org","https://x.org"])"}});
    CHECK(c.http.allowed_origins == want);
  }
  SECTION("environment, one value") {
    auto c = load_config("", {{"FUAR_HTTP_ALLOWED_ORIGINS", "https://x.org"}});
    CHECK(c.http.allowed_origins == std::vector<std::string>{"https://x.org"});
  }
  SECTION("environment, empty clears the file's list") {
    temp_dir dir;
    auto path = dir.write("fuar.json", R"({"http": {"allowed_origins": ["https://x.org"]}})");
    CHECK(load_config(path, {}).http.allowed_origins.size() == 1);
    CHECK(load_config(path, {{"FUAR_HTTP_ALLOWED_ORIGINS", ""}}).http.allowed_origins.empty());
  }
  SECTION("environment, a broken JSON array names the variable") {
    CHECK_THAT(error_for_env({{"FUAR_HTTP_ALLOWED_ORIGINS", R"(["https://x.org")"}}),
               Contains("FUAR_HTTP_ALLOWED_ORIGINS"));
    CHECK_THAT(error_for_env({{"FUAR_HTTP_ALLOWED_ORIGINS", R"(["https://x.org", 3])"}}),
               Contains("http.allowed_origins"));
  }
}

TEST_CASE("config: a bad value in the environment names the variable", "[config]") {
  for (std::string bad : {"abc", "80x", "", "8080 ", "99999999999999999999999"}) {
    CAPTURE(bad);
    CHECK_THAT(error_for_env({{"FUAR_SERVER_PORT", bad}}), Contains("FUAR_SERVER_PORT"));
  }
  CHECK_THAT(error_for_env({{"FUAR_SERVER_DEMO", "yes"}}), Contains("FUAR_SERVER_DEMO"));
}

TEST_CASE("config: an unknown FUAR_<SECTION>_ variable is an error, other FUAR_ variables are not", "[config]") {
  CHECK_THAT(error_for_env({{"FUAR_SERVER_X", "1"}}), Contains("FUAR_SERVER_X"));
  CHECK_THAT(error_for_env({{"FUAR_WS_RATE", "1"}}), Contains("FUAR_WS_RATE"));
  // No section prefix: used by scripts and tests, not ours to judge.
  auto c = load_config("", {{"FUAR_BINARY", "/usr/bin/fuar"}, {"FUAR_SOURCE_DIR", "/src"},
                            {"PATH", "/usr/bin"}, {"HOME", "/root"}});
  CHECK(to_json(c) == to_json(load_config("", {})));
}

TEST_CASE("config: to_json holds every section and round-trips through a file", "[config]") {
  temp_dir dir;
  SECTION("defaults") {
    auto j = to_json(load_config("", {}));
    for (const char* s : sections) {
      CAPTURE(s);
      REQUIRE(j.contains(s));
      CHECK(j[s].is_object());
      CHECK_FALSE(j[s].empty());
    }
    CHECK(j.size() == std::size(sections));
    auto path = dir.write("dump.json", j.dump(2));
    CHECK(to_json(load_config(path, {})) == j);
  }
  SECTION("non-default values") {
    auto c = load_config("", {{"FUAR_SERVER_PORT", "0"},
                              {"FUAR_SERVER_NODE_NAME", "node-ş"},
                              {"FUAR_SERVER_DEMO", "0"},
                              {"FUAR_HTTP_ALLOWED_ORIGINS", "https://a.org,https://b.org"},
                              {"FUAR_WS_RATE_PER_S", "7"},
                              {"FUAR_AUTH_PASSWORD_COST", "minimal"}});
    auto j = to_json(c);
    CHECK(j["server"]["port"] == 0);
    CHECK(j["server"]["node_name"] == "node-ş");
    CHECK(j["server"]["demo"] == false);
    CHECK(j["http"]["allowed_origins"] == nlohmann::json{"https://a.org", "https://b.org"});
    auto path = dir.write("dump.json", j.dump(2));
    auto back = to_json(load_config(path, {}));
    CHECK(back == j);
    CHECK(back != to_json(config{}));
  }
}

TEST_CASE("config: config/fuar.json loads and documents exactly the defaults", "[config]") {
  const std::string path = std::string(FUAR_SOURCE_DIR) + "/config/fuar.json";
  INFO("config file: " << path);
  if (!fs::exists(path)) FAIL(path << " does not exist: the documented default config file is missing");
  config c;
  try {
    c = load_config(path, {});
  } catch (const config_error& e) {
    FAIL(path << " does not load: " << e.what());
  }
  auto shipped = to_json(c);
  auto defaults = to_json(load_config("", {}));
  // Key by key first, for a readable failure.
  for (const auto& [section, keys] : defaults.items())
    for (const auto& [key, value] : keys.items()) {
      INFO(section << "." << key);
      CHECK(shipped[section][key] == value);
    }
  CHECK(shipped == defaults);
  // Every key is written out in the file (it documents each one), not just left to default.
  std::ifstream in(path);
  auto raw = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
  for (const auto& [section, keys] : defaults.items())
    for (const auto& [key, value] : keys.items()) {
      INFO(section << "." << key);
      CHECK(raw.contains(section));
      CHECK((raw.contains(section) && raw[section].contains(key)));
    }
}
