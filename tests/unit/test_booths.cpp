// Unit tests for the booths capability's pure helpers (server/booth/search.hpp, logo.hpp) and
// its store part over a real SQLite database with the real migrations (the hall's FTS index).
#include "server/booth/search.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "server/booth/logo.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using namespace fuar;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_booths_test_") {}
};

std::string png(std::size_t extra = 0) {
  static const char header[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\0\0\0\0";
  return std::string(header, sizeof header - 1) + std::string(extra, 'x');
}

}  // namespace

TEST_CASE("sniff_image decides PNG, JPEG and WebP by content only", "[booths]") {
  using booth::sniff_image;
  REQUIRE(sniff_image(png()));
  CHECK(sniff_image(png())->mime == "image/png");
  CHECK(sniff_image(png())->ext == "png");
  auto jpeg = sniff_image(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10));
  REQUIRE(jpeg);
  CHECK(jpeg->mime == "image/jpeg");
  auto webp = sniff_image(std::string("RIFF\x24\0\0\0WEBPVP8L", 16) + "....");
  REQUIRE(webp);
  CHECK(webp->mime == "image/webp");
  CHECK(webp->ext == "webp");

  CHECK_FALSE(sniff_image(""));
  CHECK_FALSE(sniff_image("GIF89a\x01\0\x01\0"));
  CHECK_FALSE(sniff_image("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
  CHECK_FALSE(sniff_image("just text that someone named logo.png"));
  CHECK_FALSE(sniff_image(std::string("\x89PNG\r\n\x1a\n", 8)));                            // no IHDR
  CHECK_FALSE(sniff_image(std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIDAT", 16) + "123456789"));  // wrong chunk
  CHECK_FALSE(sniff_image("\xFF\xD8"));                                                       // truncated
  CHECK_FALSE(sniff_image(std::string("RIFF\x24\0\0\0WAVEfmt ", 16)));                      // RIFF, not WebP
  CHECK_FALSE(sniff_image("%PDF-1.7\n"));
}

TEST_CASE("logo files: random names, 0600, reads refuse names the server does not make", "[booths]") {
  temp_dir t;
  auto dir = (t.path / "logos").string();
  auto a = booth::write_logo_file(dir, png(10), "png");
  auto b = booth::write_logo_file(dir, png(10), "png");
  CHECK(a != b);
  CHECK(booth::valid_logo_name(a));
  CHECK(a.size() == 36);
  CHECK((fs::status(fs::path(dir) / a).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(booth::read_logo_file(dir, a) == png(10));
  for (const std::string& bad : std::vector<std::string>{"../x.png", "x.png", a + "/", "0123456789abcdef0123456789abcdef.gif",
                          "0123456789ABCDEF0123456789ABCDEF.png", ""})
    CHECK_FALSE(booth::valid_logo_name(bad));
  CHECK_FALSE(booth::read_logo_file(dir, "../" + fs::path(dir).filename().string() + "/" + a));
  booth::remove_logo_file(dir, a);
  CHECK_FALSE(fs::exists(fs::path(dir) / a));
  CHECK(fs::exists(fs::path(dir) / b));
  // No temporary file is left behind.
  int n = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir)) ++n;
  CHECK(n == 1);
}

TEST_CASE("education levels are ordered none < primary < ... < doctorate", "[booths]") {
  using booth::education_rank;
  CHECK(education_rank("none") == 0);
  CHECK(education_rank("primary") < education_rank("secondary"));
  CHECK(education_rank("secondary") < education_rank("associate"));
  CHECK(education_rank("associate") < education_rank("bachelor"));
  CHECK(education_rank("bachelor") < education_rank("master"));
  CHECK(education_rank("master") < education_rank("doctorate"));
  CHECK(education_rank("doctorate") == 6);
  CHECK_FALSE(education_rank("phd"));
  CHECK_FALSE(education_rank(""));
  CHECK_FALSE(education_rank("Primary"));
}

TEST_CASE("Turkish search keys fold case and Turkish letters", "[booths]") {
  CHECK(booth::search_key("  İZMİR ") == "izmir");
  CHECK(booth::search_key("Izmir") == "izmir");
  CHECK(booth::search_key("Iğdır") == "igdir");
  CHECK(booth::search_key("ŞANLIURFA") == "sanliurfa");
  CHECK(booth::search_key("Çanakkale") == booth::search_key("canakkale"));
  CHECK(booth::search_key("Muğla") == "mugla");
  CHECK(booth::search_key("Düzce") == "duzce");
}

// The words as the store gets them (what each word matches is the store's contract, checked by
// tests/shared/store_conformance.inc).
std::vector<std::pair<std::string, bool>> words_of(std::string_view typed) {
  std::vector<std::pair<std::string, bool>> out;
  for (auto& w : booth::search_words(typed)) out.emplace_back(w.text, w.prefix);
  return out;
}

TEST_CASE("search_words splits on anything but letters and digits; the last word is a prefix", "[booths]") {
  using words = std::vector<std::pair<std::string, bool>>;
  CHECK(words_of("").empty());
  CHECK(words_of("   ").empty());
  CHECK(words_of("kaynak") == words{{"kaynak", true}});
  CHECK(words_of("kaynak ") == words{{"kaynak", false}});
  CHECK(words_of("İzmir yazılım") == words{{"İzmir", false}, {"yazılım", true}});
  // Query syntax is only text: operators, quotes, column filters, NEAR, ^, -, parentheses.
  CHECK(words_of("a OR b") == words{{"a", false}, {"OR", false}, {"b", true}});
  CHECK(words_of("\"x") == words{{"x", true}});
  CHECK(words_of("body:secret") == words{{"body", false}, {"secret", true}});
  CHECK(words_of("NEAR(a b)") == words{{"NEAR", false}, {"a", false}, {"b", false}});
  CHECK(words_of("^x -y *") == words{{"x", false}, {"y", false}});
  CHECK(words_of("'; DROP TABLE booths; --") == words{{"DROP", false}, {"TABLE", false}, {"booths", false}});
  CHECK(words_of("\"\"\"").empty());
  // At most 12 words, each cut to 60 bytes on a character boundary.
  std::string many;
  for (int i = 0; i < 20; ++i) many += "w" + std::to_string(i) + " ";
  CHECK(words_of(many).size() == 12);
  CHECK(words_of(std::string(59, 'a') + "ş") == words{{std::string(59, 'a'), true}});
}

TEST_CASE("the hall index follows booth and job writes and answers escaped queries", "[booths]") {
  temp_dir t;
  auto st = store::open({.sqlite_path = t.db()});
  store::fair f;
  f.title_en = "F";
  f.timezone = "UTC";
  f.starts_at = 1000;
  f.ends_at = 2000;
  f.status = "published";
  auto fair = st->fairs().create_fair(f, {}, f.created_at);
  auto other_fair = st->fairs().create_fair(f, {}, f.created_at);
  store::booth b{0, fair, "Işık Kaynak", "Metal", "İzmir", "Welding shop", false};
  auto b1 = st->booths().create_booth(b);
  b.fair_id = other_fair;
  auto b2 = st->booths().create_booth(b);
  store::job j;
  j.booth_id = b1;
  j.title = "Usta";
  j.occupation_id = "mig-mag-welder";
  auto j1 = st->booths().create_job(j, 1500);

  auto search = [&](std::int64_t fair_id, const std::string& typed) {
    auto hits = st->booths().search_hall(fair_id, booth::search_words(typed));
    return std::make_pair(std::set<std::int64_t>(hits.booths.begin(), hits.booths.end()),
                          std::set<std::int64_t>(hits.jobs.begin(), hits.jobs.end()));
  };
  using ids = std::set<std::int64_t>;
  CHECK(search(fair, "izmir").first == ids{b1});
  CHECK(search(fair, "IŞIK").first == ids{b1});
  CHECK(search(fair, "isik").first == ids{b1});
  CHECK(search(other_fair, "izmir").first == ids{b2});
  CHECK(search(fair, "kaynakçı").second == ids{j1});  // the occupation's Turkish name, by prefix
  CHECK(search(fair, "welder").second == ids{j1});    // and English
  CHECK(search(fair, "usta").second == ids{j1});
  for (std::string hostile : {"\"", "AND", "a OR", "NEAR(", "*", "body:x", "fair_id:1", "(((", "^"})
    CHECK_NOTHROW(search(fair, hostile));

  // Edits and deletes reach the index in the same call.
  store::booth_profile p{"Ayna Cam", "Glass", "Bursa", "", "", "", std::nullopt, std::nullopt};
  REQUIRE(st->booths().update_booth_profile(b1, p, 1600));
  CHECK(search(fair, "izmir").first.empty());
  CHECK(search(fair, "ayna").first == ids{b1});
  j.id = j1;
  j.title = "Kalfa";
  j.occupation_id.clear();
  REQUIRE(st->booths().update_job(j, 1700));
  CHECK(search(fair, "usta").second.empty());
  CHECK(search(fair, "welder").second.empty());
  CHECK(search(fair, "kalfa").second == ids{j1});
  CHECK(st->booths().delete_job(j1) == store::delete_job_result::deleted);
  CHECK(search(fair, "kalfa").second.empty());
  CHECK(st->booths().delete_job(j1) == store::delete_job_result::not_found);
}

TEST_CASE("booths store: logo swap returns the previous file; occupations are unique", "[booths]") {
  temp_dir t;
  auto st = store::open({.sqlite_path = t.db()});
  store::fair f;
  f.starts_at = 1;
  f.ends_at = 2;
  f.status = "published";
  auto fair = st->fairs().create_fair(f, {}, f.created_at);
  auto b = st->booths().create_booth({0, fair, "B", "", "", "", false});
  CHECK(st->booths().set_logo(b, "a.png", "image/png", 10) == std::optional<std::string>(""));
  CHECK(st->booths().set_logo(b, "b.jpg", "image/jpeg", 11) == std::optional<std::string>("a.png"));
  CHECK(st->booths().find_booth(b)->logo_type == "image/jpeg");
  CHECK(st->booths().find_booth(b)->updated_at == 11);
  CHECK(st->booths().set_logo(b, "", "", 12) == std::optional<std::string>("b.jpg"));
  CHECK(st->booths().find_booth(b)->logo_file.empty());
  CHECK_FALSE(st->booths().set_logo(b + 100, "c.png", "image/png", 13));

  CHECK(st->booths().find_occupation("nurse")->name_en == "Nurse");
  CHECK(st->booths().create_occupation({"drone-pilot", std::nullopt, "İHA pilotu", "Drone pilot"}));
  CHECK_FALSE(st->booths().create_occupation({"drone-pilot", std::nullopt, "x", "y"}));
  CHECK(st->booths().find_occupation("drone-pilot")->name_tr == "İHA pilotu");
  CHECK_FALSE(st->booths().find_occupation("drone-pilot")->isco08);
}
