// Unit tests of the fairs capability: the status clock, the QR renderers (SVG and PNG decoded
// back to modules), time zone and Host validation, and the invitation store (expiry, single use,
// nothing written on refusal) over a real SQLite database.
#include "server/contract/fair_status.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdint>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "server/fair/links.hpp"
#include "server/fair/qr.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace {

using namespace fuar;

store::fair fair_with(const std::string& status, std::int64_t starts, std::int64_t ends) {
  store::fair f;
  f.id = 1;
  f.status = status;
  f.starts_at = starts;
  f.ends_at = ends;
  f.timezone = "Europe/Istanbul";
  return f;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

struct png_chunk {
  std::string type, data;
  bool crc_ok = false;
};

std::vector<png_chunk> png_chunks(const std::string& png) {
  std::vector<png_chunk> out;
  std::size_t at = 8;
  while (at + 12 <= png.size()) {
    auto len = be32(png, at);
    png_chunk c;
    c.type = png.substr(at + 4, 4);
    c.data = png.substr(at + 8, len);
    auto want = be32(png, at + 8 + len);
    auto body = png.substr(at + 4, 4 + len);
    c.crc_ok = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size())) == want;
    out.push_back(c);
    at += 12 + len;
  }
  return out;
}

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar-fairs-unit-") {}
};

std::unique_ptr<store::store> open_store(const temp_dir& t) {
  return store::open({.sqlite_path = t.db()});
}

}  // namespace

TEST_CASE("effective status follows the clock", "[fairs]") {
  const std::int64_t s = 1000, e = 2000;
  CHECK(fair::effective_status(fair_with("draft", s, e), 500) == "draft");
  CHECK(fair::effective_status(fair_with("draft", s, e), 5000) == "draft");  // a draft never goes live
  CHECK(fair::effective_status(fair_with("published", s, e), 999) == "published");
  CHECK(fair::effective_status(fair_with("published", s, e), 1000) == "live");
  CHECK(fair::effective_status(fair_with("published", s, e), 1999) == "live");
  CHECK(fair::effective_status(fair_with("published", s, e), 2000) == "closed");
  CHECK(fair::effective_status(fair_with("live", s, e), 500) == "live");  // opened early
  CHECK(fair::effective_status(fair_with("live", s, e), 2000) == "closed");
  CHECK(fair::effective_status(fair_with("closed", s, e), 1500) == "closed");  // closed early stays closed
}

TEST_CASE("fair_json carries the effective status and the eligibility fields", "[fairs]") {
  auto f = fair_with("published", 1000, 2000);
  f.title_tr = "Gençlik";
  f.capacity = 50;
  f.min_age = 15;
  auto j = fair::fair_json(f, 1500, {"neet", "youth"});
  CHECK(j["status"] == "live");
  CHECK(j["title"]["tr"] == "Gençlik");
  CHECK(j["capacity"] == 50);
  CHECK(j["min_age"] == 15);
  CHECK(j["max_age"].is_null());
  CHECK(j["target_groups"] == nlohmann::json::array({"neet", "youth"}));
  CHECK_FALSE(fair::fair_json(f, 1500).contains("target_groups"));
}

TEST_CASE("QR SVG is one path over the right module grid", "[fairs]") {
  auto m = fair::qr_encode("http://fuar.example/#/join/42");
  REQUIRE(m.size >= 21);
  REQUIRE((m.size - 17) % 4 == 0);  // QR versions are 21, 25, 29, ... modules wide
  auto svg = fair::qr_svg(m);
  const int n = m.size + 8;
  CHECK(svg.find("viewBox=\"0 0 " + std::to_string(n) + " " + std::to_string(n) + "\"") != std::string::npos);
  // Exactly one path, and one "M x,y" per dark module at the module's position plus the quiet zone.
  std::regex path_re("<path ");
  CHECK(std::distance(std::sregex_iterator(svg.begin(), svg.end(), path_re), std::sregex_iterator()) == 1);
  std::vector<bool> seen(m.dark.size());
  std::regex move_re("M(\\d+),(\\d+)h1v1h-1z");
  int moves = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), move_re); it != std::sregex_iterator(); ++it) {
    int x = std::stoi((*it)[1]) - 4, y = std::stoi((*it)[2]) - 4;
    REQUIRE(x >= 0);
    REQUIRE(y >= 0);
    REQUIRE(x < m.size);
    REQUIRE(y < m.size);
    seen[std::size_t(y * m.size + x)] = true;
    ++moves;
  }
  CHECK(seen == m.dark);
  CHECK(moves == std::count(m.dark.begin(), m.dark.end(), true));
  // The three finder patterns: the top-left 7x7 has a dark border and a light ring.
  CHECK(m.at(0, 0));
  CHECK(m.at(6, 6));
  CHECK_FALSE(m.at(1, 1));
  CHECK(m.at(3, 3));
  CHECK(svg.rfind("</svg>") != std::string::npos);
}

TEST_CASE("QR PNG decodes back to the module pattern", "[fairs]") {
  auto m = fair::qr_encode("https://fuar.example.org/#/join/7");
  const int scale = 3, quiet = 4;
  auto png = fair::qr_png(m, scale, quiet);
  REQUIRE(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  auto chunks = png_chunks(png);
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].type == "IHDR");
  CHECK(chunks[1].type == "IDAT");
  CHECK(chunks[2].type == "IEND");
  for (const auto& c : chunks) CHECK(c.crc_ok);
  const std::uint32_t px = std::uint32_t((m.size + 2 * quiet) * scale);
  CHECK(be32(chunks[0].data, 0) == px);
  CHECK(be32(chunks[0].data, 4) == px);
  CHECK(chunks[0].data[8] == 8);  // bit depth
  CHECK(chunks[0].data[9] == 0);  // greyscale

  std::string raw(std::size_t(px) * (px + 1), '\0');
  uLongf len = uLongf(raw.size());
  REQUIRE(uncompress(reinterpret_cast<Bytef*>(raw.data()), &len, reinterpret_cast<const Bytef*>(chunks[1].data.data()),
                     uLong(chunks[1].data.size())) == Z_OK);
  REQUIRE(len == raw.size());
  for (std::uint32_t y = 0; y < px; ++y) {
    REQUIRE(raw[y * (px + 1)] == 0);  // filter None
    for (std::uint32_t x = 0; x < px; ++x) {
      int mx = int(x) / scale - quiet, my = int(y) / scale - quiet;
      bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.at(mx, my);
      auto v = std::uint8_t(raw[y * (px + 1) + 1 + x]);
      REQUIRE(v == (dark ? 0 : 255));
    }
  }
}

TEST_CASE("time zone names are checked against the zone database", "[fairs]") {
  CHECK(fair::valid_timezone("Europe/Istanbul"));
  CHECK(fair::valid_timezone("UTC"));
  CHECK(fair::valid_timezone("America/Argentina/Buenos_Aires"));
  CHECK(fair::valid_timezone("Etc/GMT+3"));
  CHECK_FALSE(fair::valid_timezone(""));
  CHECK_FALSE(fair::valid_timezone("Europe"));           // a directory
  CHECK_FALSE(fair::valid_timezone("Europe/Atlantis"));  // no such file
  CHECK_FALSE(fair::valid_timezone("zone.tab"));         // a table, not a zone ('.' refused too)
  CHECK_FALSE(fair::valid_timezone("../../etc/passwd"));
  CHECK_FALSE(fair::valid_timezone("Europe/../UTC"));
  CHECK_FALSE(fair::valid_timezone("/etc/localtime"));
  CHECK_FALSE(fair::valid_timezone("Europe/Istanbul "));
  CHECK_FALSE(fair::valid_timezone(std::string("UTC\0x", 5)));
}

TEST_CASE("link bases come from the configuration or a clean Host header", "[fairs]") {
  CHECK(fair::link_base("https://fuar.example.org/", "evil.example") == "https://fuar.example.org");
  CHECK(fair::link_base("", "127.0.0.1:8080") == "http://127.0.0.1:8080");
  CHECK(fair::link_base("", "[::1]:8080") == "http://[::1]:8080");
  CHECK_FALSE(fair::link_base("", ""));
  CHECK_FALSE(fair::link_base("", "evil.example/path"));
  CHECK_FALSE(fair::link_base("", "a\"onmouseover=x"));
  CHECK_FALSE(fair::link_base("", "user@evil.example"));
}

TEST_CASE("invitations: single use, expiry, revocation; a refused accept writes nothing", "[fairs]") {
  temp_dir t;
  auto st = open_store(t);
  auto organiser = st->create_user("org@example.org", "Org", store::role::organiser, "x");
  REQUIRE(organiser);
  store::fair f = fair_with("published", 1000, 2000);
  f.title_en = "Fair";
  f.created_by = organiser->id;
  f.id = st->fairs().create_fair(f, {"youth"}, 10);
  CHECK(st->fairs().fair_target_groups(f.id) == std::vector<std::string>{"youth"});

  store::invitation inv;
  inv.kind = "firm";
  inv.fair_id = f.id;
  inv.firm_name = "Acme";
  inv.email = "HR@Acme.Example";
  inv.created_by = organiser->id;
  inv.created_at = 100;
  inv.expires_at = 200;
  auto stored = st->fairs().create_invitation(inv, "hash-1");
  CHECK(stored.email == "hr@acme.example");
  CHECK(store::invitation_state(stored, 150) == "pending");
  CHECK(store::invitation_state(stored, 200) == "expired");

  auto account = [](const std::string& email) {
    return store::new_account{email, "Ali", "hash", "session-" + email, 9999};
  };
  auto booths_before = st->booths().list_booths(f.id).size();

  // Expired: refused, no account, no booth.
  auto r = st->fairs().accept_invitation("hash-1", 200, 0, account("late@acme.example"));
  CHECK(r.outcome == store::accept_outcome::expired);
  CHECK_FALSE(st->find_user_by_email("late@acme.example"));
  CHECK(st->booths().list_booths(f.id).size() == booths_before);

  // Unknown token.
  CHECK(st->fairs().accept_invitation("nope", 150, 0, account("x@acme.example")).outcome ==
        store::accept_outcome::not_found);

  // An email that exists: refused, and the invitation is still pending.
  r = st->fairs().accept_invitation("hash-1", 150, 0, account("org@example.org"));
  CHECK(r.outcome == store::accept_outcome::email_taken);
  CHECK(store::invitation_state(*st->fairs().find_invitation(stored.id), 150) == "pending");
  CHECK(st->booths().list_booths(f.id).size() == booths_before);

  // Accepted once: account, session, booth with the owner.
  r = st->fairs().accept_invitation("hash-1", 150, 0, account("ali@acme.example"));
  REQUIRE(r.outcome == store::accept_outcome::accepted);
  REQUIRE(r.account);
  CHECK(r.account->user_role == store::role::employer);
  CHECK(st->find_session_user("session-ali@acme.example", 150)->id == r.account->id);
  CHECK(st->booths().find_booth(r.booth_id)->name == "Acme");
  CHECK(st->booths().member_role(r.booth_id, r.account->id) == "owner");
  CHECK(r.inv.booth_id == r.booth_id);
  CHECK(store::invitation_state(r.inv, 150) == "accepted");

  // A second accept loses; so does a revoke.
  CHECK(st->fairs().accept_invitation("hash-1", 151, 0, account("bob@acme.example")).outcome ==
        store::accept_outcome::already_used);
  CHECK_FALSE(st->find_user_by_email("bob@acme.example"));
  CHECK_FALSE(st->fairs().revoke_invitation(stored.id, 151));

  // A colleague invitation, revoked before use.
  store::invitation col;
  col.kind = "colleague";
  col.fair_id = f.id;
  col.booth_id = r.booth_id;
  col.firm_name = "Veli";
  col.email = "veli@acme.example";
  col.created_at = 150;
  col.expires_at = 300;
  auto c = st->fairs().create_invitation(col, "hash-2");
  CHECK(st->fairs().revoke_invitation(c.id, 160));
  CHECK(st->fairs().accept_invitation("hash-2", 161, 0, account("veli@acme.example")).outcome ==
        store::accept_outcome::revoked);
  CHECK(st->booths().booth_members(r.booth_id).size() == 1);

  // Colleague accepted by an existing employer; the owner cannot be removed, the recruiter can.
  auto c2 = st->fairs().create_invitation(col, "hash-3");
  auto veli = st->create_user("veli@acme.example", "Veli", store::role::employer, "x");
  auto r2 = st->fairs().accept_invitation("hash-3", 170, veli->id, std::nullopt);
  REQUIRE(r2.outcome == store::accept_outcome::accepted);
  CHECK(r2.inv.id == c2.id);
  CHECK(st->booths().member_role(r.booth_id, veli->id) == "recruiter");
  CHECK_FALSE(st->booths().remove_recruiter(r.booth_id, r.account->id));
  CHECK(st->booths().remove_recruiter(r.booth_id, veli->id));

  auto mine = st->fairs().organiser_fairs(organiser->id, 170);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].booths == 1);
  CHECK(mine[0].pending_invitations == 0);
}

TEST_CASE("two threads accepting one invitation: exactly one wins", "[fairs]") {
  temp_dir t;
  auto st = open_store(t);
  store::fair f = fair_with("published", 1000, 2000);
  f.title_en = "Fair";
  f.id = st->fairs().create_fair(f, {}, 10);
  store::invitation inv;
  inv.kind = "firm";
  inv.fair_id = f.id;
  inv.firm_name = "Acme";
  inv.created_at = 100;
  inv.expires_at = 2000;
  st->fairs().create_invitation(inv, "hash-race");
  std::vector<store::accept_outcome> outcomes(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    threads.emplace_back([&, i] {
      auto email = "u" + std::to_string(i) + "@acme.example";
      outcomes[i] = st->fairs()
                        .accept_invitation("hash-race", 150, 0,
                                           store::new_account{email, "U", "hash", "s" + std::to_string(i), 9999})
                        .outcome;
    });
  for (auto& th : threads) th.join();
  CHECK(std::count(outcomes.begin(), outcomes.end(), store::accept_outcome::accepted) == 1);
  CHECK(std::count(outcomes.begin(), outcomes.end(), store::accept_outcome::already_used) == 7);
  CHECK(st->booths().list_booths(f.id).size() == 1);
}
