// Unit tests for fuar::store (SQLite implementation): migrations, accounts, sessions, fairs,
// booths, chat idempotency and paging, durability settings. Each test uses a fresh database
// in its own temporary folder.
#include "server/store/store.hpp"

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
  fs::copy_file(fs::path(default_migrations_dir()) / "001_init.sql", dir / "001_init.sql");
  return dir;
}

// The number of the newest migration in the build's folder (the schema version of a fresh db).
int newest_migration() {
  int n = 0;
  for (const auto& e : fs::directory_iterator(default_migrations_dir()))
    if (e.path().extension() == ".sql") n = std::max(n, std::stoi(e.path().filename().string().substr(0, 3)));
  return n;
}

std::unique_ptr<store> open_fresh(const temp_dir& t) {
  return open_sqlite_store(t.db(), default_migrations_dir());
}

std::int64_t make_user(store& s, const std::string& email, const std::string& name,
                       role r = role::jobseeker) {
  auto u = s.create_user(email, name, r, "$argon2id$placeholder");
  REQUIRE(u);
  return u->id;
}

// A fair with one booth; returns the booth id.
std::int64_t make_booth(store& s, const std::string& name = "Booth") {
  fair f;
  f.title_en = "Fair";
  f.starts_at = 1000;
  f.ends_at = 2000;
  f.status = "live";
  booth b;
  b.fair_id = s.create_fair(f);
  b.name = name;
  return s.create_booth(b);
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
    make_user(*s, "kept@example.com", "Kept");
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
    auto s = open_sqlite_store(t.db(), dir.string());
    CHECK(s->schema_version() == 1);
    make_user(*s, "before@example.com", "Before");
  }
  write_file(dir / "002_extra.sql", "CREATE TABLE extra (x INTEGER NOT NULL) STRICT;\n");
  write_file(dir / "README.md", "not a migration; ignored\n");
  for (int round = 0; round < 2; ++round) {
    auto s = open_sqlite_store(t.db(), dir.string());
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
  REQUIRE_THROWS_AS(open_sqlite_store(t.db(), dir.string()), store_error);
  REQUIRE_THROWS_WITH(open_sqlite_store(t.db(), dir.string()), Catch::Contains("003_c.sql"));
  // Validation happens before anything is applied.
  SQLite::Database check(t.db());
  CHECK_FALSE(check.tableExists("a"));
}

TEST_CASE("a malformed migration file name is a store_error naming the file", "[store]") {
  temp_dir t;
  fs::path dir = copy_of_migrations(t);
  write_file(dir / "2_second.sql", "CREATE TABLE b (x INTEGER) STRICT;");
  REQUIRE_THROWS_AS(open_sqlite_store(t.db(), dir.string()), store_error);
  REQUIRE_THROWS_WITH(open_sqlite_store(t.db(), dir.string()), Catch::Contains("2_second.sql"));
}

TEST_CASE("a missing migrations folder is a store_error", "[store]") {
  temp_dir t;
  REQUIRE_THROWS_AS(open_sqlite_store(t.db(), (t.path / "nowhere").string()), store_error);
}

TEST_CASE("a failing migration is rolled back and leaves the previous version", "[store]") {
  temp_dir t;
  fs::path dir = copy_of_migrations(t);
  write_file(dir / "002_broken.sql",
             "CREATE TABLE half (x INTEGER) STRICT;\nTHIS IS NOT SQL;\n");
  REQUIRE_THROWS_WITH(open_sqlite_store(t.db(), dir.string()), Catch::Contains("002_broken.sql"));
  {
    SQLite::Database check(t.db());
    CHECK(check.execAndGet("PRAGMA user_version").getInt() == 1);
    CHECK(check.tableExists("users"));      // 001 committed
    CHECK_FALSE(check.tableExists("half"));  // 002 rolled back as a whole
  }
  fs::remove(dir / "002_broken.sql");
  auto s = open_sqlite_store(t.db(), dir.string());
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
  open_sqlite_store(t.db(), dir.string());
  REQUIRE_THROWS_AS(open_sqlite_store(t.db(), default_migrations_dir()), store_error);
}

TEST_CASE("the database runs in WAL mode with foreign keys enforced", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  // journal_mode=WAL is recorded in the file, so a second connection sees it.
  SQLite::Database other(t.db());
  CHECK(other.execAndGet("PRAGMA journal_mode").getString() == "wal");
  // foreign_keys is per connection: the store's own connection must reject a dangling booth.
  booth b;
  b.fair_id = 999;
  b.name = "orphan";
  CHECK_THROWS_AS(s->create_booth(b), store_error);
}

TEST_CASE("users: create, lower-cased unique email, lookups, password change", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  auto u = s->create_user("Ayse.Yilmaz@Example.COM", "Ayşe Yılmaz", role::employer, "$hash1");
  REQUIRE(u);
  CHECK(u->id > 0);
  CHECK(u->email == "ayse.yilmaz@example.com");
  CHECK(u->name == "Ayşe Yılmaz");
  CHECK(u->user_role == role::employer);
  CHECK(u->password_hash == "$hash1");
  CHECK(u->created_at > 1'600'000'000);  // set by the database, in unix seconds

  // The same address in another case is taken.
  CHECK_FALSE(s->create_user("ayse.yilmaz@example.com", "Other", role::jobseeker, "$h"));
  CHECK_FALSE(s->create_user("AYSE.YILMAZ@EXAMPLE.COM", "Other", role::jobseeker, "$h"));

  auto by_email = s->find_user_by_email("AYSE.yilmaz@example.com");
  REQUIRE(by_email);
  CHECK(by_email->id == u->id);
  CHECK_FALSE(s->find_user_by_email("nobody@example.com"));

  auto by_id = s->find_user(u->id);
  REQUIRE(by_id);
  CHECK(by_id->email == u->email);
  CHECK(by_id->created_at == u->created_at);
  CHECK_FALSE(s->find_user(u->id + 1000));

  s->set_password_hash(u->id, "$hash2");
  CHECK(s->find_user(u->id)->password_hash == "$hash2");

  auto second = s->create_user("second@example.com", "Second", role::organiser, "$h");
  REQUIRE(second);
  CHECK(second->id != u->id);
  CHECK(second->user_role == role::organiser);
}

TEST_CASE("sessions: valid until expiry, deletable, expired ones swept", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  std::int64_t alice = make_user(*s, "alice@example.com", "Alice");
  std::int64_t bob = make_user(*s, "bob@example.com", "Bob");

  s->create_session("hash-a", alice, 1000);
  s->create_session("hash-b", bob, 2000);
  s->create_session("hash-c", bob, 3000);

  auto found = s->find_session_user("hash-a", 999);
  REQUIRE(found);
  CHECK(found->id == alice);
  CHECK(found->email == "alice@example.com");
  CHECK_FALSE(s->find_session_user("hash-a", 1000));  // expires_at is exclusive
  CHECK_FALSE(s->find_session_user("hash-unknown", 0));

  s->delete_session("hash-b");
  CHECK_FALSE(s->find_session_user("hash-b", 0));
  CHECK(s->find_session_user("hash-c", 0));

  CHECK(s->delete_expired_sessions(1000) == 1);  // hash-a
  CHECK(s->delete_expired_sessions(1000) == 0);
  CHECK(s->delete_expired_sessions(5000) == 1);  // hash-c
  CHECK_FALSE(s->find_session_user("hash-c", 0));

  // A session for a user that does not exist violates the foreign key.
  CHECK_THROWS_AS(s->create_session("hash-d", bob + 1000, 9000), store_error);
}

TEST_CASE("fairs and booths round-trip every field", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  fair f;
  f.title_tr = "Gençlik Kariyer Fuarı";
  f.title_en = "Youth Career Fair";
  f.description_tr = "Açıklama";
  f.description_en = "Description";
  f.theme = "youth";
  f.timezone = "Europe/Istanbul";
  f.starts_at = 1'760'000'000;
  f.ends_at = 1'760'036'000;
  f.status = "published";
  f.is_demo = true;
  fair later = f;
  later.title_en = "Later";
  later.starts_at = f.starts_at + 10;
  later.is_demo = false;
  later.status = "draft";

  std::int64_t later_id = s->create_fair(later);  // created first, listed second
  std::int64_t id = s->create_fair(f);
  CHECK(id != later_id);

  auto got = s->find_fair(id);
  REQUIRE(got);
  CHECK(got->id == id);
  CHECK(got->title_tr == f.title_tr);
  CHECK(got->title_en == f.title_en);
  CHECK(got->description_tr == f.description_tr);
  CHECK(got->description_en == f.description_en);
  CHECK(got->theme == f.theme);
  CHECK(got->timezone == f.timezone);
  CHECK(got->starts_at == f.starts_at);
  CHECK(got->ends_at == f.ends_at);
  CHECK(got->status == f.status);
  CHECK(got->is_demo);
  CHECK_FALSE(s->find_fair(id + later_id + 100));

  auto fairs = s->list_fairs();
  REQUIRE(fairs.size() == 2);
  CHECK(fairs[0].id == id);  // by starts_at
  CHECK(fairs[1].id == later_id);
  CHECK_FALSE(fairs[1].is_demo);

  fair bad = f;
  bad.status = "cancelled";
  CHECK_THROWS_AS(s->create_fair(bad), store_error);

  booth b;
  b.fair_id = id;
  b.name = "Zeta Yazılım";
  b.sector = "software";
  b.city = "İzmir";
  b.description = "We hire.";
  b.is_demo = true;
  std::int64_t zeta = s->create_booth(b);
  booth a = b;
  a.name = "Alfa Lojistik";
  a.is_demo = false;
  std::int64_t alfa = s->create_booth(a);
  booth elsewhere = b;
  elsewhere.fair_id = later_id;
  s->create_booth(elsewhere);

  auto got_b = s->find_booth(zeta);
  REQUIRE(got_b);
  CHECK(got_b->id == zeta);
  CHECK(got_b->fair_id == id);
  CHECK(got_b->name == b.name);
  CHECK(got_b->sector == b.sector);
  CHECK(got_b->city == b.city);
  CHECK(got_b->description == b.description);
  CHECK(got_b->is_demo);
  CHECK_FALSE(s->find_booth(zeta + 1000));

  auto booths = s->list_booths(id);
  REQUIRE(booths.size() == 2);
  CHECK(booths[0].id == alfa);  // by name
  CHECK(booths[1].id == zeta);
  CHECK_FALSE(booths[0].is_demo);
  CHECK(s->list_booths(id + later_id + 100).empty());
}

TEST_CASE("booth members: add, check, update role, reject bad input", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  std::int64_t booth_id = make_booth(*s);
  std::int64_t other_booth = make_booth(*s, "Other");
  std::int64_t owner = make_user(*s, "owner@example.com", "Owner", role::employer);
  std::int64_t visitor = make_user(*s, "visitor@example.com", "Visitor");

  CHECK_FALSE(s->is_booth_member(booth_id, owner));
  s->add_booth_member(booth_id, owner, "owner");
  CHECK(s->is_booth_member(booth_id, owner));
  CHECK_FALSE(s->is_booth_member(booth_id, visitor));
  CHECK_FALSE(s->is_booth_member(other_booth, owner));

  s->add_booth_member(booth_id, owner, "recruiter");  // idempotent: no duplicate-key error
  CHECK(s->is_booth_member(booth_id, owner));

  CHECK_THROWS_AS(s->add_booth_member(booth_id, visitor, "boss"), store_error);
  CHECK_THROWS_AS(s->add_booth_member(booth_id + 1000, visitor, "owner"), store_error);
  CHECK_FALSE(s->is_booth_member(booth_id, visitor));
}

TEST_CASE("chat: insert returns the joined author, nonces make retries idempotent", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  std::int64_t booth_id = make_booth(*s);
  std::int64_t other_booth = make_booth(*s, "Other");
  std::int64_t emre = make_user(*s, "emre@example.com", "Emre", role::employer);
  std::int64_t zey = make_user(*s, "zey@example.com", "Zeynep", role::jobseeker);

  auto first = s->add_chat_message(booth_id, emre, "Merhaba!", "n-1", 1'700'000'000'123);
  CHECK(first.created);
  CHECK(first.message.id > 0);
  CHECK(first.message.booth_id == booth_id);
  CHECK(first.message.user_id == emre);
  CHECK(first.message.user_name == "Emre");
  CHECK(first.message.user_role == role::employer);
  CHECK(first.message.text == "Merhaba!");
  CHECK(first.message.sent_at_ms == 1'700'000'000'123);

  // A retry (even with other text and time) returns the stored row and writes nothing.
  auto retry = s->add_chat_message(booth_id, emre, "Merhaba! (again)", "n-1", 1'700'000'009'999);
  CHECK_FALSE(retry.created);
  CHECK(retry.message.id == first.message.id);
  CHECK(retry.message.text == "Merhaba!");
  CHECK(retry.message.sent_at_ms == 1'700'000'000'123);
  CHECK(retry.message.user_name == "Emre");
  CHECK(s->chat_history(booth_id, 0, 100).size() == 1);

  // The same nonce from another user is another message.
  auto other_user = s->add_chat_message(booth_id, zey, "Selam", "n-1", 1'700'000'001'000);
  CHECK(other_user.created);
  CHECK(other_user.message.id != first.message.id);
  CHECK(other_user.message.user_name == "Zeynep");
  CHECK(other_user.message.user_role == role::jobseeker);

  // An empty nonce never deduplicates.
  auto a = s->add_chat_message(booth_id, zey, "same", "", 1);
  auto b = s->add_chat_message(booth_id, zey, "same", "", 1);
  CHECK(a.created);
  CHECK(b.created);
  CHECK(a.message.id != b.message.id);
  CHECK(s->chat_history(booth_id, 0, 100).size() == 4);
  CHECK(s->chat_history(other_booth, 0, 100).empty());
}

TEST_CASE("chat history pages newest-first, each page oldest-first", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  std::int64_t booth_id = make_booth(*s);
  std::int64_t other_booth = make_booth(*s, "Other");
  std::int64_t u = make_user(*s, "pager@example.com", "Pager");
  std::vector<std::int64_t> ids;
  for (int i = 1; i <= 120; ++i) {
    ids.push_back(s->add_chat_message(booth_id, u, "m" + std::to_string(i), "", i).message.id);
    // Interleaved messages in another booth must not show up in this booth's pages.
    if (i % 10 == 0) s->add_chat_message(other_booth, u, "elsewhere", "", i);
  }
  // Message i (1-based) has id ids[i-1]; ids need not be contiguous (other booth).
  auto expect_range = [&](const std::vector<chat_message>& page, int from, int to) {
    REQUIRE(page.size() == static_cast<std::size_t>(to - from + 1));
    for (int i = from; i <= to; ++i) {
      const chat_message& m = page[static_cast<std::size_t>(i - from)];
      CHECK(m.id == ids[static_cast<std::size_t>(i - 1)]);
      CHECK(m.text == "m" + std::to_string(i));
      CHECK(m.booth_id == booth_id);
      CHECK(m.user_name == "Pager");
    }
  };
  auto p1 = s->chat_history(booth_id, 0, 50);
  expect_range(p1, 71, 120);
  auto p2 = s->chat_history(booth_id, p1.front().id, 50);
  expect_range(p2, 21, 70);
  auto p3 = s->chat_history(booth_id, p2.front().id, 50);
  expect_range(p3, 1, 20);
  CHECK(s->chat_history(booth_id, p3.front().id, 50).empty());
  CHECK(s->chat_history(booth_id, 0, 0).empty());
  CHECK(s->chat_history(booth_id, 0, -1).empty());
}

TEST_CASE("chat for a missing booth is a store_error that does not echo the text", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  std::int64_t booth_id = make_booth(*s);
  std::int64_t u = make_user(*s, "fk@example.com", "FK");
  try {
    s->add_chat_message(booth_id + 1000, u, "SECRET-TEXT-123", "nonce-xyz", 1);
    FAIL("expected store_error");
  } catch (const store_error& e) {
    std::string what = e.what();
    CHECK(what.find("add_chat_message") != std::string::npos);
    CHECK(what.find("SECRET-TEXT-123") == std::string::npos);
    CHECK(what.find("nonce-xyz") == std::string::npos);
  }
  CHECK_THROWS_AS(s->add_chat_message(booth_id, u + 1000, "x", "", 1), store_error);
  CHECK(s->chat_history(booth_id, 0, 10).empty());
}

TEST_CASE("meta: missing, set, overwrite", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  CHECK_FALSE(s->get_meta("demo_seeded"));
  s->set_meta("demo_seeded", "no");
  s->set_meta("demo_seeded", "yes");
  CHECK(s->get_meta("demo_seeded") == std::optional<std::string>("yes"));
  CHECK_FALSE(s->get_meta("other"));
}

TEST_CASE("concurrent chat inserts from several threads all land once", "[store]") {
  temp_dir t;
  auto s = open_fresh(t);
  std::int64_t booth_id = make_booth(*s);
  std::int64_t u = make_user(*s, "threads@example.com", "Threads");
  constexpr int threads = 4, per_thread = 20;
  std::vector<std::thread> pool;
  for (int th = 0; th < threads; ++th) {
    pool.emplace_back([&, th] {
      for (int i = 0; i < per_thread; ++i) {
        // Each message sent twice with its nonce: the second must be a no-op.
        std::string nonce = std::to_string(th) + "-" + std::to_string(i);
        s->add_chat_message(booth_id, u, "x", nonce, i);
        s->add_chat_message(booth_id, u, "x", nonce, i);
      }
    });
  }
  for (auto& th : pool) th.join();
  auto all = s->chat_history(booth_id, 0, 1000);
  CHECK(all.size() == static_cast<std::size_t>(threads * per_thread));
  std::set<std::int64_t> ids;
  for (const auto& m : all) ids.insert(m.id);
  CHECK(ids.size() == all.size());
  CHECK(std::is_sorted(all.begin(), all.end(),
                       [](const chat_message& a, const chat_message& b) { return a.id < b.id; }));
}

TEST_CASE("store: provision_load_users creates accounts and sessions in one go, reuses accounts, refuses conflicts",
          "[store][load]") {
  temp_dir t;
  auto st = open_fresh(t);
  const std::int64_t now = 1'800'000'000;
  std::vector<std::string> hashes{std::string(64, 'a'), std::string(64, 'b'), std::string(64, 'c')};
  auto ids = st->provision_load_users("ld", hashes, "$argon2id$dummy", now + 3600);
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] != ids[1]);
  for (std::size_t i = 0; i < 3; ++i) {
    auto u = st->find_session_user(hashes[i], now);
    REQUIRE(u);
    CHECK(u->id == ids[i]);
    CHECK(u->user_role == role::jobseeker);
  }
  CHECK(st->find_user_by_email("ld-000002@load.fuar.invalid")->id == ids[1]);
  CHECK_FALSE(st->find_session_user(hashes[0], now + 3600));  // expired at the given time

  // A second run with new tokens reuses the accounts; the old sessions stay valid.
  std::vector<std::string> more{std::string(64, 'd'), std::string(64, 'e')};
  auto again = st->provision_load_users("ld", more, "$argon2id$dummy", now + 3600);
  CHECK(again == std::vector<std::int64_t>{ids[0], ids[1]});
  CHECK(st->find_session_user(hashes[0], now));
  CHECK(st->find_session_user(more[1], now)->id == ids[1]);

  // A token hash that is already stored: an error, and nothing of that call is committed.
  std::vector<std::string> clash{std::string(64, 'f'), std::string(64, 'a')};
  CHECK_THROWS_AS(st->provision_load_users("ld2", clash, "$argon2id$dummy", now + 3600), store_error);
  CHECK_FALSE(st->find_user_by_email("ld2-000001@load.fuar.invalid"));
  CHECK_FALSE(st->find_session_user(std::string(64, 'f'), now));
}
