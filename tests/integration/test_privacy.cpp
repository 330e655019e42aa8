// Privacy (protocol/http/privacy.md): a jobseeker's export holds all their data, CVs included;
// deleting the account removes the CV files, keeps their applications anonymised for the
// organiser's counts, ends their sessions and sockets; a wrong password changes nothing.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/integration/harness.hpp"
#include "tests/integration/pdf_fixture.hpp"
#include "tests/integration/world.hpp"

namespace fuar::test {
namespace {

namespace fs = std::filesystem;

std::string b64decode(const std::string& in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned val = 0;
  int bits = -8;
  for (char c : in) {
    auto p = chars.find(c);
    if (p == std::string::npos) continue;  // '=' and line breaks
    val = (val << 6) | unsigned(p);
    bits += 6;
    if (bits >= 0) {
      out += char((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

std::size_t files_in(const std::string& dir) {
  std::size_t n = 0;
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

}  // namespace

TEST_CASE("privacy: export holds everything, deletion removes CVs and keeps anonymised counts", "[privacy][integration]") {
  server s;
  auto w = build_world(s);
  const auto& js = actor(w, "jobseeker");
  const auto& owner = actor(w, "owner");
  const auto& organiser = actor(w, "organiser");

  // Some more of the jobseeker's data: profile, a consented demographic, a chat message.
  REQUIRE(http_call(s.port(), "PUT", "/api/me/profile", json{{"city", "İzmir"}, {"phone", "+90 555 000 00 00"}}.dump(),
                    bearer(js.token)).status == 200);
  REQUIRE(http_call(s.port(), "PUT", "/api/me/demographics", json{{"gender", {{"value", "female"}, {"consent", true}}}}.dump(),
                    bearer(js.token)).status == 200);
  {
    auto ws = ws_client::with_token(s, js.token);
    auto sent = ws.command("chat.send", {{"booth_id", w.booth}, {"text", "Merhaba, kaynakçı arıyor musunuz?"}});
    REQUIRE(sent["ok"] == true);
  }

  auto exp = http_call(s.port(), "GET", "/api/me/export", "", bearer(js.token));
  REQUIRE(exp.status == 200);
  CHECK(exp.headers["content-disposition"].find("attachment") != std::string::npos);
  auto data = exp.body_json();
  CHECK(data["account"]["email"] == "js1@world.test");
  CHECK(data["profile"]["city"] == "İzmir");
  CHECK(data["demographics"]["gender"] == "female");
  CHECK(data["demographics"]["gender_consent_at"].is_number());
  REQUIRE(data["registrations"].size() == 1);
  CHECK(data["registrations"][0]["fair_id"] == w.fair);
  REQUIRE(data["cvs"].size() == 1);
  CHECK(b64decode(data["cvs"][0]["file_base64"]) == make_pdf({"Kaynakci MIG-MAG welder"}));
  CHECK(data["cvs"][0]["text"].get<std::string>().find("welder") != std::string::npos);
  REQUIRE(data["applications"].size() == 1);
  CHECK(data["applications"][0]["note"] == "I have five years of experience.");
  CHECK_FALSE(data["applications"][0].contains("recruiter_notes"));
  REQUIRE(data["chat_messages"].size() == 1);
  CHECK(data["chat_messages"][0]["text"] == "Merhaba, kaynakçı arıyor musunuz?");
  // Another jobseeker's export has none of it.
  auto other = http_call(s.port(), "GET", "/api/me/export", "", bearer(actor(w, "jobseeker2").token)).body_json();
  CHECK(other["chat_messages"].empty());
  CHECK(other["applications"].empty());

  const std::string cv_dir = s.data_dir() + "/files/cvs";
  REQUIRE(files_in(cv_dir) == 2);

  // A wrong password, a missing one, and an employer: refused, nothing changes.
  CHECK(http_call(s.port(), "POST", "/api/me/delete", json{{"password", "not it"}}.dump(), bearer(js.token)).status == 403);
  CHECK(http_call(s.port(), "POST", "/api/me/delete", "{}", bearer(js.token)).status == 400);
  CHECK(http_call(s.port(), "POST", "/api/me/delete", json{{"password", "world password"}}.dump(), bearer(owner.token)).status == 403);
  CHECK(http_call(s.port(), "POST", "/api/me/delete", json{{"password", "world password"}}.dump(),
                  {{"Cookie", "fuar_session=" + js.token}}).status == 403);  // CSRF header missing
  CHECK(files_in(cv_dir) == 2);
  CHECK(http_call(s.port(), "GET", "/api/me", "", bearer(js.token)).status == 200);

  auto ws = ws_client::with_token(s, js.token);
  REQUIRE(ws.is_open());
  auto del = http_call(s.port(), "POST", "/api/me/delete", json{{"password", "world password"}}.dump(), bearer(js.token));
  REQUIRE(del.status == 204);
  CHECK(del.headers["set-cookie"].find("Max-Age=0") != std::string::npos);
  CHECK(ws.wait_close(5s).code == 4101);
  CHECK(http_call(s.port(), "GET", "/api/me", "", bearer(js.token)).status == 401);
  CHECK(http_call(s.port(), "POST", "/api/auth/login", json{{"email", "js1@world.test"}, {"password", "world password"}}.dump(),
                  {{"X-Fuar-CSRF", "1"}}).status == 401);
  CHECK(files_in(cv_dir) == 1);  // jobseeker2's CV stays

  // The employer no longer sees the person, the CV or the note; the application still counts.
  auto list = http_call(s.port(), "GET", "/api/booths/" + std::to_string(w.booth) + "/applications", "", bearer(owner.token));
  REQUIRE(list.status == 200);
  auto listed = list.body_json();
  REQUIRE(listed["applications"].size() >= 1);
  for (const auto& a : listed["applications"]) {
    CHECK(a.dump().find("js1@world.test") == std::string::npos);
    CHECK(a.dump().find("five years") == std::string::npos);
  }
  CHECK(http_call(s.port(), "GET", "/api/applications/" + std::to_string(w.application) + "/cv", "", bearer(owner.token)).status == 404);
  auto report = http_call(s.port(), "GET", "/api/fairs/" + std::to_string(w.fair) + "/report", "", bearer(organiser.token));
  REQUIRE(report.status == 200);
  CHECK(report.body_json()["outcomes"]["applications"] == 1);
  // The chat message is gone with the account.
  auto hist = ws_client::with_token(s, owner.token).command("chat.history", {{"booth_id", w.booth}});
  CHECK(hist["data"].dump().find("kaynakçı arıyor") == std::string::npos);
}

}  // namespace fuar::test
