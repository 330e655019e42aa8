// There is one way in for HTTP and one for WebSocket commands: the route table and the command
// table. These tests fail when a command or a route exists outside them — a catalogue command
// without its row (or a row without its command), a documented HTTP route without its row (or an
// undocumented row), a method answered 405 that the table does not explain — and when the API's
// dispatch code names a path or a command itself, as an if-branch beside the tables would.
#include "server/contract/commands.hpp"
#include "server/contract/routes.hpp"
#include "server/app/capabilities.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/catalogue.hpp"

namespace {

using namespace fuar::api;
namespace fs = std::filesystem;

const fs::path source_dir = FUAR_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "GET /api/fairs/{id}" for every route the protocol documents in PROTOCOL.md, protocol/http/*.md
// and protocol/ws/*.md: the first cell of a table row, or a heading. Parameter names are normalised to {id}, as the matcher
// knows no other ("/api/booths/{id}/members/{user_id}").
std::set<std::string> documented_routes() {
  std::vector<fs::path> docs{source_dir / "protocol" / "PROTOCOL.md"};
  for (const char* dir : {"http", "ws"})  // a live capability's few HTTP routes sit in its ws/ page
    for (const auto& e : fs::directory_iterator(source_dir / "protocol" / dir))
      if (e.path().extension() == ".md") docs.push_back(e.path());
  static const std::regex row(R"(^(?:\| |#+ )`(GET|POST|PUT|PATCH|DELETE) (/[^`?\s]*)[^`]*`)");
  static const std::regex param(R"(\{[a-z_]+\})");
  std::set<std::string> out;
  for (const auto& d : docs) {
    std::istringstream in(read(d));
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (std::regex_search(line, m, row)) out.insert(m[1].str() + " " + std::regex_replace(m[2].str(), param, "{id}"));
    }
  }
  return out;
}

std::string action(const route& r) { return std::string(r.method) + " " + std::string(r.pattern); }

// A concrete path for a pattern: every {id} becomes 7.
std::string concrete(std::string_view pattern) {
  std::string p(pattern);
  for (auto i = p.find("{id}"); i != std::string::npos; i = p.find("{id}")) p.replace(i, 4, "7");
  return p;
}

// The string literals of a C++ source, comments skipped (enough of the lexer for our sources:
// no raw strings are used in server/api/).
std::vector<std::string> string_literals(const std::string& src) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < src.size(); ++i) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i + 2);
      if (i == std::string::npos) break;
      ++i;
    } else if (src[i] == '\'') {
      for (++i; i < src.size() && src[i] != '\''; ++i)
        if (src[i] == '\\') ++i;
    } else if (src[i] == '"') {
      std::string lit;
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] == '\\') lit += src[i++];
        lit += src[i];
      }
      out.push_back(lit);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("tables: every catalogue command has exactly one row of the command table, and every row a command",
          "[tables][commands]") {
  std::map<std::string, int> rows;
  std::set<std::string> capabilities;
  for (const auto& cap : fuar::app::capability_tables().capabilities()) {
    CHECK(capabilities.insert(std::string(cap.name)).second);
    for (const auto& c : cap.commands) {
      CAPTURE(cap.name, c.type);
      ++rows[std::string(c.type)];
      CHECK(fuar::protocol::find_command(c.type) != nullptr);  // no row without its command
      CHECK(fuar::app::capability_tables().find_command(c.type) == &c);                       // the dispatcher finds this very row
      CHECK_FALSE(c.ownership.empty());                        // the rule is written down
      CHECK(c.who != audience::anyone);                        // a WebSocket is always signed in
      CHECK((c.handler != nullptr) != (c.on_shard != nullptr));  // one way to run it
    }
  }
  for (const auto& spec : fuar::protocol::commands()) {
    CAPTURE(spec.type);
    CHECK(rows[std::string(spec.type)] == 1);  // no command without its row, none with two
  }
  CHECK(rows.size() == fuar::protocol::commands().size());
  CHECK(fuar::app::capability_tables().find_command("no.such.command") == nullptr);
  // The connection-level commands are rows like every other, owned by their capabilities.
  for (const char* t : {"hello", "ping", "subscribe", "unsubscribe", "presence.get", "chat.send", "chat.history"}) {
    CAPTURE(t);
    CHECK(fuar::app::capability_tables().find_command(t) != nullptr);
  }
}

TEST_CASE("tables: every documented HTTP route is a row of the route table, and every row is documented",
          "[tables][routes]") {
  const auto documented = documented_routes();
  REQUIRE(documented.size() > 50);  // the parser still finds the tables
  std::set<std::string> rows;
  for (const auto& r : fuar::app::capability_tables().routes()) rows.insert(action(r));
  for (const auto& d : documented) {
    CAPTURE(d);
    CHECK(rows.count(d) == 1);
  }
  for (const auto& r : rows) {
    CAPTURE(r);
    CHECK(documented.count(r) == 1);
  }
  // Including the ones that used to be answered beside the table.
  for (const char* a : {"POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/logout", "GET /api/me",
                        "GET /api/fairs", "GET /api/fairs/{id}", "GET /api/booths/{id}", "GET /healthz",
                        "GET /metrics"}) {
    CAPTURE(a);
    CHECK(rows.count(a) == 1);
  }
}

TEST_CASE("tables: the route table resolves each row's own path to that row", "[tables][routes]") {
  for (const auto& r : fuar::app::capability_tables().routes()) {
    CAPTURE(action(r));
    auto m = fuar::app::capability_tables().find_route(r.method, concrete(r.pattern));
    REQUIRE(m.row != nullptr);
    CHECK(m.row == &r);
  }
}

TEST_CASE("tables: 405 and Allow come from the table, 404 where no row matches", "[tables][routes]") {
  // The methods each pattern takes, in table order.
  std::map<std::string, std::vector<std::string>> methods;
  for (const auto& r : fuar::app::capability_tables().routes()) methods[std::string(r.pattern)].emplace_back(r.method);
  for (const auto& [pattern, list] : methods) {
    std::string expected;
    for (const auto& m : list) expected += (expected.empty() ? "" : ", ") + m + (m == "GET" ? ", HEAD" : "");
    for (const char* wrong : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
      if (std::find(list.begin(), list.end(), wrong) != list.end()) continue;
      CAPTURE(pattern, wrong);
      auto m = fuar::app::capability_tables().find_route(wrong, concrete(pattern));
      CHECK(m.row == nullptr);
      CHECK(m.allow == expected);
    }
  }
  // What the node has always answered for these.
  CHECK(fuar::app::capability_tables().find_route("DELETE", "/api/me").allow == "GET, HEAD");
  CHECK(fuar::app::capability_tables().find_route("PUT", "/healthz").allow == "GET, HEAD");
  CHECK(fuar::app::capability_tables().find_route("GET", "/api/auth/login").allow == "POST");
  CHECK(fuar::app::capability_tables().find_route("GET", "/api/auth/logout").allow == "POST");
  auto none = fuar::app::capability_tables().find_route("GET", "/api/no-such-thing");
  CHECK(none.row == nullptr);
  CHECK(none.allow.empty());
  CHECK(fuar::app::capability_tables().find_route("GET", "/api/fairs/0").row == nullptr);  // ids are positive
}

TEST_CASE("tables: the API's dispatch code names no path and no command of its own", "[tables]") {
  // An if-branch beside the tables needs the path or the command type it answers; the API
  // (server/api/, server/contract/) must find both in the tables only. The net layer's one prefix check, which
  // decides between the API and the static files, lives in server/net/.
  std::set<std::string> commands;
  for (const auto& spec : fuar::protocol::commands()) commands.emplace(spec.type);
  std::size_t files = 0;
  // The dispatcher and the contract it shares with the capabilities.
  for (const auto& e : [] {
         std::vector<fs::directory_entry> all;
         for (const char* dir : {"api", "contract"})
           for (const auto& e : fs::directory_iterator(source_dir / "server" / dir)) all.push_back(e);
         return all;
       }()) {
    auto ext = e.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    ++files;
    for (const auto& lit : string_literals(read(e.path()))) {
      CAPTURE(e.path().filename().string(), lit);
      CHECK(lit.rfind("/api", 0) != 0);
      CHECK(lit != "/healthz");
      CHECK(lit != "/metrics");
      CHECK(commands.count(lit) == 0);
    }
  }
  CHECK(files > 5);
  // The scanner itself sees literals and skips comments.
  auto lits = string_literals("// \"/api/x\"\nif (p == \"/api/me\") f('\"'); /* \"ping\" */ g(\"a\\\"b\");");
  CHECK(lits == std::vector<std::string>{"/api/me", "a\\\"b"});
}
