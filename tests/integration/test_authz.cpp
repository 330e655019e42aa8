// The authorisation matrix (authz.hpp): for every HTTP route and WebSocket command of
// the policy table, every actor that the probe does not name is refused (401, 403 or 404) and
// nothing changes; a route without a probe fails the test.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/integration/authz.hpp"
#include "tests/integration/harness.hpp"
#include "tests/integration/world.hpp"

namespace fuar::test {
namespace {

namespace fs = std::filesystem;

// Every row of every table (in rowid order) and every file under the data dir's files/
// folder (name, size, contents): equal digests mean nothing durable changed.
std::string digest(const server& s) {
  std::ostringstream out;
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 5000);
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> names;
  while (tables.executeStep()) names.push_back(tables.getColumn(0).getString());
  for (const auto& t : names) {
    out << "#" << t << "\n";
    // Virtual tables (FTS) are covered by their shadow tables.
    SQLite::Statement virt(db, "SELECT sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master WHERE name = ?");
    virt.bind(1, t);
    if (virt.executeStep() && virt.getColumn(0).getInt()) continue;
    SQLite::Statement rows(db, "SELECT * FROM \"" + t + "\" ORDER BY 1");
    while (rows.executeStep()) {
      out << t << ":";
      for (int i = 0; i < rows.getColumnCount(); ++i) out << rows.getColumn(i).getString() << "\x1f";
      out << "\n";
    }
  }
  fs::path files = fs::path(s.data_dir()) / "files";
  std::vector<std::string> listing;
  if (fs::exists(files))
    for (const auto& e : fs::recursive_directory_iterator(files))
      if (e.is_regular_file()) {
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        listing.push_back(fs::relative(e.path(), files).string() + ":" + std::to_string(bytes.str().size()) + ":" +
                          std::to_string(std::hash<std::string>{}(bytes.str())));
      }
  std::sort(listing.begin(), listing.end());
  for (auto& l : listing) out << l << "\n";
  return out.str();
}

bool refused_http(int status) { return status == 401 || status == 403 || status == 404; }

// Calls the probe as `a`; true when it was refused.
bool call_refused(const server& s, const authz_probe& p, const authz_actor& a, std::string& what) {
  if (p.method == "WS") {
    if (a.token.empty()) {
      ws_client ws(s.port(), {{"Origin", s.origin()}});
      what = "upgrade " + std::to_string(ws.refused_status());
      return !ws.is_open() && ws.refused_status() == 401;
    }
    auto ws = ws_client::with_token(s, a.token);
    if (!ws.is_open()) {
      what = "upgrade refused " + std::to_string(ws.refused_status());
      return false;
    }
    auto r = ws.command(p.target, json::parse(p.body));
    what = r.dump();
    if (r.value("ok", false)) return false;
    auto code = r["error"]["code"].get<std::string>();
    return code == "unauthorized" || code == "forbidden" || code == "not_found";
  }
  std::map<std::string, std::string> headers;
  if (!a.token.empty()) headers = bearer(a.token);
  else headers = {{"X-Fuar-CSRF", "1"}};  // so anonymous writes are judged on their merits, not on CSRF
  auto r = http_call(s.port(), p.method, p.target, p.body, headers);
  what = std::to_string(r.status) + " " + r.body.substr(0, 200);
  return refused_http(r.status);
}

}  // namespace

TEST_CASE("authorisation matrix: each route refuses every actor it does not name and changes nothing",
          "[authz][integration]") {
  server s;
  authz_world w = build_world(s);

  std::vector<authz_probe> probes;
  for (auto part : {core_probes(w), fairs_probes(w), booths_probes(w), people_probes(w), cvs_probes(w), queue_probes(w), slot_probes(w), chat_probes(w), presence_probes(w), room_probes(w)})
    probes.insert(probes.end(), part.begin(), part.end());

  // Coverage: every row of `fuar admin routes` has at least one probe, and every probe names a
  // row that exists (a typo would otherwise cover nothing).
  auto listed = run_admin(s, {"routes"});
  REQUIRE(listed.status == 0);
  std::set<std::string> rows, covered;
  for (const auto& r : json::parse(listed.out)) rows.insert(r["action"].get<std::string>());
  for (const auto& p : probes) covered.insert(p.route);
  for (const auto& r : rows) {
    CAPTURE(r);
    CHECK(covered.count(r) == 1);
  }
  for (const auto& c : covered) {
    CAPTURE(c);
    CHECK(rows.count(c) == 1);
  }

  std::set<std::string> names;
  for (const auto& a : w.actors) names.insert(a.name);
  std::size_t calls = 0;
  for (const auto& p : probes) {
    for (const auto& n : p.allowed) {
      CAPTURE(p.route, n);
      CHECK(names.count(n) == 1);  // a misspelt actor would silently be "allowed"
    }
    for (const auto& a : w.actors) {
      if (std::find(p.allowed.begin(), p.allowed.end(), a.name) != p.allowed.end()) continue;
      CAPTURE(p.route, p.method, p.target, a.name);
      auto before = digest(s);
      std::string what;
      bool refused = call_refused(s, p, a, what);
      CAPTURE(what);
      CHECK(refused);
      auto after = digest(s);
      if (after != before) {  // name the first line that differs, not two whole dumps
        std::istringstream a(before), b(after);
        std::string la, lb;
        while (std::getline(a, la) && std::getline(b, lb) && la == lb) {}
        FAIL_CHECK("changed: before \"" << la << "\" after \"" << lb << "\"");
      }
      ++calls;
    }
  }
  CHECK(calls > 100);
}

}  // namespace fuar::test
