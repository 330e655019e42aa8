// The SQLite store: the store conformance suite (tests/shared/store_conformance.inc) on a fresh
// database file per case, and what only SQLite has: store::open's choice, migrations from the
// sqlite folder, WAL and foreign keys, the FTS5 expression built from search words.
#include "server/store/store.hpp"

#include "server/store/sqlite_text.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/shared/store_conformance.inc"
#include "tests/unit/fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using namespace fuar::store;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_store_test_") {}
};

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// A migrations folder holding a copy of the real 001_init.sql, for tests that add files.
fs::path copy_of_migrations(const temp_dir& t) {
  fs::path dir = t.path / "migrations";
  fs::create_directory(dir);
  fs::copy_file(fs::path(default_migrations_dir("sqlite")) / "001_init.sql", dir / "001_init.sql");
  return dir;
}

// The number of the newest migration in the build's folder (the schema version of a fresh db).
int newest_migration() {
  int n = 0;
  for (const auto& e : fs::directory_iterator(default_migrations_dir("sqlite")))
    if (e.path().extension() == ".sql") n = std::max(n, std::stoi(e.path().filename().string().substr(0, 3)));
  return n;
}

std::unique_ptr<store> open_fresh(const temp_dir& t) {
  return open({.sqlite_path = t.db()});
}

// The SQLite store on a database file in a temporary folder; open() again reopens the file.
struct sqlite_place final : store_place {
  temp_dir dir;
  std::unique_ptr<store> open() override { return fuar::store::open({.sqlite_path = dir.db()}); }
};

std::vector<store_implementation> store_implementations() {
  return {{"sqlite", [] { return std::make_unique<sqlite_place>(); }}};
}

}  // namespace

TEST_CASE("role names round-trip and unknown names are rejected", "[store]") {
  for (role r : {role::jobseeker, role::employer, role::organiser}) {
    auto back = role_from_string(to_string(r));
    REQUIRE(back);
    CHECK(*back == r);
  }
  CHECK(to_string(role::organiser) == "organiser");
  CHECK_FALSE(role_from_string("admin"));
  CHECK_FALSE(role_from_string("Employer"));
  CHECK_FALSE(role_from_string(""));
}

TEST_CASE("migrations apply once and a reopened database keeps its data", "[store]") {
  temp_dir t;
  {
    auto s = open_fresh(t);
    CHECK(s->schema_version() == newest_migration());
    CHECK(s->ping());
    REQUIRE(s->create_user("kept@example.com", "Kept", role::jobseeker, "$h"));
    s->set_meta("demo_seeded", "1");
  }
  // 001_init.sql uses plain CREATE TABLE, so applying it a second time would throw here.
  auto s = open_fresh(t);
  CHECK(s->schema_version() == newest_migration());
  auto u = s->find_user_by_email("kept@example.com");
  REQUIRE(u);
  CHECK(u->name == "Kept");
  CHECK(s->get_meta("demo_seeded") == std::optional<std::string>("1"));
}

TEST_CASE("a new migration applies on top of an existing database, once", "[store]") {
  temp_dir t;
  fs::path dir = copy_of_migrations(t);
  {
    auto s = open({.sqlite_path = t.db(), .migrations_dir = dir.string()});
    CHECK(s->schema_version() == 1);
    REQUIRE(s->create_user("before@example.com", "Before", role::jobseeker, "$h"));
  }
  write_file(dir / "002_extra.sql", "CREATE TABLE extra (x INTEGER NOT NULL) STRICT;\n");
  write_file(dir / "README.md", "not a migration; ignored\n");
  for (int round = 0; round < 2; ++round) {
    auto s = open({.sqlite_path = t.db(), .migrations_dir = dir.string()});
    CHECK(s->schema_version() == 2);
    CHECK(s->find_user_by_email("before@example.com"));
  }
  SQLite::Database check(t.db());
  CHECK(check.tableExists("extra"));
}

TEST_CASE("a gap in migration numbers is a store_error naming the file", "[store]") {
  temp_dir t;
  fs::path dir = t.path / "migrations";
  fs::create_directory(dir);
  write_file(dir / "001_a.sql", "CREATE TABLE a (x INTEGER) STRICT;");
  write_file(dir / "003_c.sql", "CREATE TABLE c (x INTEGER) STRICT;");
  REQUIRE_THROWS_AS(open({.sqlite_path = t.db(), .migrations_dir = dir.string()}), store_error);
  REQUIRE_THROWS_WITH(open({.sqlite_path = t.db(), .migrations_dir = dir.string()}), Catch::Contains("003_c.sql"));
  // Validation happens before anything is applied.
  SQLite::Database check(t.db());
  CHECK_FALSE(check.tableExists("a"));
}

TEST_CASE("a malformed migration file name is a store_error naming the file", "[store]") {
  temp_dir t;
  fs::path dir = copy_of_migrations(t);
  write_file(dir / "2_second.sql", "CREATE TABLE b (x INTEGER) STRICT;");
  REQUIRE_THROWS_AS(open({.sqlite_path = t.db(), .migrations_dir = dir.string()}), store_error);
  REQUIRE_THROWS_WITH(open({.sqlite_path = t.db(), .migrations_dir = dir.string()}), Catch::Contains("2_second.sql"));
}

TEST_CASE("a missing migrations folder is a store_error", "[store]") {
  temp_dir t;
  REQUIRE_THROWS_AS(open({.sqlite_path = t.db(), .migrations_dir = (t.path / "nowhere").string()}), store_error);
}

TEST_CASE("a failing migration is rolled back and leaves the previous version", "[store]") {
  temp_dir t;
  fs::path dir = copy_of_migrations(t);
  write_file(dir / "002_broken.sql",
             "CREATE TABLE half (x INTEGER) STRICT;\nTHIS IS NOT SQL;\n");
  REQUIRE_THROWS_WITH(open({.sqlite_path = t.db(), .migrations_dir = dir.string()}), Catch::Contains("002_broken.sql"));
  {
    SQLite::Database check(t.db());
    CHECK(check.execAndGet("PRAGMA user_version").getInt() == 1);
    CHECK(check.tableExists("users"));      // 001 committed
    CHECK_FALSE(check.tableExists("half"));  // 002 rolled back as a whole
  }
  fs::remove(dir / "002_broken.sql");
  auto s = open({.sqlite_path = t.db(), .migrations_dir = dir.string()});
  CHECK(s->schema_version() == 1);
}

TEST_CASE("a database newer than the migrations is refused", "[store]") {
  temp_dir t;
  fs::path dir = copy_of_migrations(t);
  for (int i = 2; i <= newest_migration() + 1; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%03d_extra.sql", i);
    write_file(dir / name, "CREATE TABLE extra" + std::to_string(i) + " (x INTEGER) STRICT;");
  }
  open({.sqlite_path = t.db(), .migrations_dir = dir.string()});
  REQUIRE_THROWS_AS(open({.sqlite_path = t.db()}), store_error);
}

TEST_CASE("the database runs in WAL mode with foreign keys enforced", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  // journal_mode=WAL is recorded in the file, so a second connection sees it.
  SQLite::Database other(t.db());
  CHECK(other.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(other.execAndGet("PRAGMA user_version").getInt() == newest_migration());
  // foreign_keys is per connection: the store's own connection must reject a dangling booth.
  booth b;
  b.fair_id = 999;
  b.name = "orphan";
  CHECK_THROWS_AS(s->booths().create_booth(b), store_error);
}

TEST_CASE("store::open knows the sqlite type and refuses others by name", "[store]") {
  temp_dir t;
  CHECK_THROWS_WITH(open({.type = "postgres", .sqlite_path = t.db()}), Catch::Contains("postgres"));
  CHECK_THROWS_AS(open({.type = "", .sqlite_path = t.db()}), store_error);
  CHECK_THROWS_AS(open({.type = "sqlite"}), store_error);  // no path
  CHECK_FALSE(fs::exists(t.db()));
  CHECK(open({.type = "sqlite", .sqlite_path = t.db()})->ping());
  CHECK(fs::path(default_migrations_dir("sqlite")).filename() == "sqlite");
}

TEST_CASE("search words become a quoted FTS5 expression with İ and ı folded", "[store]") {
  CHECK(fts5_match({}) == "");
  CHECK(fts5_match({{"", true}}) == "");
  CHECK(fts5_match({{"kaynak", true}}) == "\"kaynak\"*");
  CHECK(fts5_match({{"İzmir", false}, {"yazılım", true}}) == "\"izmir\" \"yazilim\"*");
  CHECK(fts5_match({{"KAYNAKÇI", false}}) == "\"KAYNAKÇI\"");
  CHECK(fts5_match({{"a\"b", false}, {"OR", false}}) == "\"a\"\"b\" \"OR\"");
  CHECK(fold_dotted_i("Işık") == "Işik");
}

