// Booths and jobs through the real server (protocol/http/booths.md): booth profile, logo upload,
// jobs, occupations, the employer's booths and the fair hall with filters and full-text search.
// Every refusal is checked to change nothing.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <set>

#include "tests/integration/harness.hpp"

using namespace fuar::test;
namespace fs = std::filesystem;

namespace {

struct actors {
  std::string organiser, recruiter1, recruiter2, jobseeker;
  std::int64_t booth1 = 0, booth2 = 0, fair = 0;
  std::int64_t recruiter1_id = 0;
};

const demo_account& employer(const server& s, int n) {
  int seen = 0;
  for (const auto& a : s.demo())
    if (a.role == "employer" && ++seen == n) return a;
  throw std::runtime_error("no such demo employer");
}

actors sign_in(const server& s) {
  actors a;
  a.organiser = login(s, s.demo_of("organiser").email, s.demo_of("organiser").password);
  a.recruiter1 = login(s, employer(s, 1).email, employer(s, 1).password);
  a.recruiter2 = login(s, employer(s, 2).email, employer(s, 2).password);
  a.jobseeker = register_user(s, "seeker@example.org", "Seeker");
  a.booth1 = employer(s, 1).booth_id;
  a.booth2 = employer(s, 2).booth_id;
  auto b = http_call(s.port(), "GET", "/api/booths/" + std::to_string(a.booth1)).body_json();
  a.fair = b["booth"]["fair_id"].get<std::int64_t>();
  a.recruiter1_id = http_call(s.port(), "GET", "/api/me", "", bearer(a.recruiter1)).body_json()["user"]["id"];
  return a;
}

// A call as `token` (anonymous when empty; then with the CSRF header, so a write is refused
// for who the caller is, not for a missing header).
http_result call(const server& s, const std::string& method, const std::string& target, const std::string& token,
                 const json& body = nullptr) {
  auto headers = token.empty() ? std::map<std::string, std::string>{{"X-Fuar-CSRF", "1"}} : bearer(token);
  return http_call(s.port(), method, target, body.is_null() ? std::string() : body.dump(), headers);
}

http_result upload(const server& s, const std::string& target, const std::string& token, const std::string& bytes,
                   const std::string& content_type = "image/png") {
  auto headers = bearer(token);
  headers["Content-Type"] = content_type;
  return http_call(s.port(), "PUT", target, bytes, headers);
}

// Runs SQL on the server's database (setting up rows no route of this capability creates: a
// draft fair, an application). The triggers of migration 004 run here too.
std::int64_t sql(const server& s, const std::string& statement) {
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READWRITE, 5000);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(statement);
  return db.getLastInsertRowid();
}

std::int64_t sql_count(const server& s, const std::string& query) {
  SQLite::Database db(s.data_dir() + "/fuar.db", SQLite::OPEN_READONLY, 5000);
  return db.execAndGet(query).getInt64();
}

// A draft fair with one booth staffed by recruiter1.
std::pair<std::int64_t, std::int64_t> draft_booth(const server& s, const actors& a) {
  auto fair = sql(s, "INSERT INTO fairs (title_en, title_tr, starts_at, ends_at, status) "
                     "VALUES ('Draft fair', 'Taslak', unixepoch() + 86400, unixepoch() + 172800, 'draft')");
  auto booth = sql(s, "INSERT INTO booths (fair_id, name, sector, city) VALUES (" + std::to_string(fair) +
                          ", 'Gizli Kaynak Atölyesi', 'Metal', 'Eskişehir')");
  sql(s, "INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (" + std::to_string(booth) + ", " +
             std::to_string(a.recruiter1_id) + ", 'owner')");
  return {fair, booth};
}

json my_booth(const server& s, const std::string& token, std::int64_t booth) {
  auto r = call(s, "GET", "/api/me/booths", token);
  REQUIRE(r.status == 200);
  auto listed = r.body_json()["booths"];
  for (const auto& b : listed)
    if (b["booth"]["id"] == booth) return b;
  FAIL("booth not listed");
  return {};
}

std::string png_bytes(std::size_t size = 64) {
  static const char header[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\0\0\0\0";
  std::string b(header, sizeof header - 1);  // signature, IHDR chunk (16x16 RGBA), zero CRC
  b.resize(std::max(size, b.size()), '\0');
  return b;
}
std::string jpeg_bytes() {
  static const char header[] = "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
  std::string bytes(header, sizeof header - 1);
  bytes.append(4, 'j');
  return bytes;
}

std::vector<std::string> logo_files(const server& s) {
  std::vector<std::string> out;
  fs::path dir = fs::path(s.data_dir()) / "files" / "logos";
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

// Booth names of a hall answer, in order.
std::vector<std::string> hall_booths(const json& hall) {
  std::vector<std::string> out;
  for (const auto& g : hall["groups"])
    for (const auto& b : g["booths"]) out.push_back(b["name"]);
  return out;
}

std::set<std::string> hall_jobs(const json& hall) {
  std::set<std::string> out;
  for (const auto& g : hall["groups"])
    for (const auto& b : g["booths"])
      for (const auto& j : b["jobs"]) out.insert(j["title"]);
  return out;
}

json hall(const server& s, std::int64_t fair, const std::string& query, const std::string& token = "") {
  auto r = call(s, "GET", "/api/fairs/" + std::to_string(fair) + "/hall" + query, token);
  INFO(query << " → " << r.status << " " << r.body.substr(0, 300));
  REQUIRE(r.status == 200);
  return r.body_json();
}

}  // namespace

TEST_CASE("booth profile: staff edit it; bad fields and other users are refused and change nothing", "[booths]") {
  server s;
  auto a = sign_in(s);
  auto fair = http_call(s.port(), "GET", "/api/fairs/" + std::to_string(a.fair)).body_json()["fair"];
  std::int64_t starts = fair["starts_at"], ends = fair["ends_at"];
  auto target = "/api/booths/" + std::to_string(a.booth1);

  json good = {{"name", "Demo Tekstil A.Ş."},
               {"city", "İzmir"},
               {"website", "https://tekstil.example.org"},
               {"video_url", "https://video.example.org/tanitim"},
               {"description", "Line one.\nLine two."},
               {"opens_at", starts + 60},
               {"closes_at", starts + 7200}};
  auto r = call(s, "PATCH", target, a.recruiter1, good);
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto b = r.body_json()["booth"];
  CHECK(b["website"] == "https://tekstil.example.org");
  CHECK(b["video_url"] == "https://video.example.org/tanitim");
  CHECK(b["description"] == "Line one.\nLine two.");
  CHECK(b["opens_at"] == starts + 60);
  CHECK(b["closes_at"] == starts + 7200);
  CHECK(b["logo_url"].is_null());
  CHECK(b.contains("sector"));
  CHECK_FALSE(b.contains("logo_file"));
  auto before = my_booth(s, a.recruiter1, a.booth1);
  CHECK(before["member_role"] == "owner");
  CHECK(before["booth"] == b);

  struct bad_case {
    json body;
    std::string field;
  };
  std::vector<bad_case> bad = {
      {{{"website", "ftp://x.example.org"}}, "website"},
      {{{"video_url", "http://video.example.org"}}, "video_url"},
      {{{"opens_at", starts + 60}}, "closes_at"},
      {{{"opens_at", starts - 60}, {"closes_at", starts + 60}}, "opens_at"},
      {{{"opens_at", starts + 60}, {"closes_at", ends + 1}}, "closes_at"},
      {{{"opens_at", starts + 600}, {"closes_at", starts + 60}}, "closes_at"},
      {{{"name", ""}}, "name"},
      {{{"description", std::string(5001, 'x')}}, "description"},
      {{{"city", 7}}, "city"},
      {{{"logo_file", "../../etc/passwd"}}, "logo_file"},
  };
  for (const auto& c : bad) {
    r = call(s, "PATCH", target, a.recruiter1, c.body);
    INFO(c.body.dump() << " → " << r.body);
    CHECK(r.status == 400);
    CHECK(r.body_json()["error"]["field"] == c.field);
  }
  // Not staff: another employer (403: the booth is public), a jobseeker and an organiser (403),
  // nobody signed in (401).
  CHECK(call(s, "PATCH", target, a.recruiter2, {{"name", "Hijack"}}).status == 403);
  CHECK(call(s, "PATCH", target, a.jobseeker, {{"name", "Hijack"}}).status == 403);
  CHECK(call(s, "PATCH", target, a.organiser, {{"name", "Hijack"}}).status == 403);
  CHECK(call(s, "PATCH", target, "", {{"name", "Hijack"}}).status == 401);
  CHECK(my_booth(s, a.recruiter1, a.booth1) == before);

  // Both hours null: back to the fair's hours.
  r = call(s, "PATCH", target, a.recruiter1, {{"opens_at", nullptr}, {"closes_at", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["booth"]["opens_at"].is_null());
  CHECK(r.body_json()["booth"]["website"] == "https://tekstil.example.org");

  // A booth of a draft fair is unknown to other employers: 404, not 403.
  auto [draft_fair, hidden] = draft_booth(s, a);
  CHECK(call(s, "PATCH", "/api/booths/" + std::to_string(hidden), a.recruiter2, {{"name", "x"}}).status == 404);
  CHECK(call(s, "PATCH", "/api/booths/" + std::to_string(hidden), a.recruiter1, {{"sector", "Metal işleri"}}).status ==
        200);
  CHECK(call(s, "PATCH", "/api/booths/999999", a.recruiter1, {{"name", "x"}}).status == 404);
}

TEST_CASE("logo: PNG, JPEG, WebP by content; refusals; stored 0600 under a random name", "[booths]") {
  server s(env{{"FUAR_UPLOADS_LOGO_MAX_BYTES", "2048"}});
  auto a = sign_in(s);
  auto target = "/api/booths/" + std::to_string(a.booth1) + "/logo";

  auto r = upload(s, target, a.recruiter1, png_bytes(200));
  INFO(r.body);
  REQUIRE(r.status == 200);
  std::string url = r.body_json()["booth"]["logo_url"];
  CHECK(url.rfind(target + "?v=", 0) == 0);
  auto files = logo_files(s);
  REQUIRE(files.size() == 1);
  CHECK(files[0].size() == 32 + 4);
  CHECK(files[0].substr(32) == ".png");
  struct stat st {};
  REQUIRE(::stat((s.data_dir() + "/files/logos/" + files[0]).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto got = http_call(s.port(), "GET", url);
  CHECK(got.status == 200);
  CHECK(got.headers["content-type"] == "image/png");
  CHECK(got.body == png_bytes(200));

  // Replacing: the new type is served and the old file is gone.
  r = upload(s, target, a.recruiter1, jpeg_bytes(), "image/gif");
  REQUIRE(r.status == 200);
  files = logo_files(s);
  REQUIRE(files.size() == 1);
  CHECK(files[0].substr(32) == ".jpg");
  got = http_call(s.port(), "GET", target);
  CHECK(got.headers["content-type"] == "image/jpeg");
  CHECK(got.body == jpeg_bytes());

  static const char webp_header[] = "RIFF\x24\0\0\0WEBPVP8 ";
  std::string webp = std::string(webp_header, sizeof webp_header - 1) + std::string(20, '\0');
  r = upload(s, target, a.recruiter1, webp, "text/plain");
  REQUIRE(r.status == 200);
  CHECK(http_call(s.port(), "GET", target).headers["content-type"] == "image/webp");
  auto state = my_booth(s, a.recruiter1, a.booth1);
  files = logo_files(s);

  // Refused: a text file named like a PNG, a GIF, an SVG, an empty body, a PNG signature
  // without IHDR, one byte over the limit (413), another booth's employer (403), a jobseeker.
  std::vector<std::pair<std::string, int>> refused = {
      {"this is not an image, just text renamed to logo.png", 400},
      {std::string("GIF89a\x10\0\x10\0\x80\0\0", 13), 400},
      {"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", 400},
      {"", 400},
      {std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, 'x'), 400},
      {png_bytes(2049), 413},
  };
  for (const auto& [bytes, status] : refused) {
    r = upload(s, target, a.recruiter1, bytes);
    INFO(bytes.substr(0, 20) << " → " << r.body);
    CHECK(r.status == status);
    if (status == 400 && !bytes.empty())
      CHECK(r.body_json()["error"]["message"] == "the logo must be a PNG, JPEG or WebP image");
  }
  CHECK(upload(s, target, a.recruiter1, png_bytes(2048)).status == 200);  // exactly the limit
  CHECK(upload(s, target, a.recruiter1, webp).status == 200);
  state = my_booth(s, a.recruiter1, a.booth1);
  files = logo_files(s);
  CHECK(upload(s, target, a.recruiter2, png_bytes()).status == 403);
  CHECK(upload(s, target, a.jobseeker, png_bytes()).status == 403);
  CHECK(call(s, "DELETE", target, a.recruiter2).status == 403);
  CHECK(call(s, "DELETE", target, "").status == 401);
  CHECK(my_booth(s, a.recruiter1, a.booth1) == state);
  CHECK(logo_files(s) == files);

  // Deleting removes the file; the logo is then 404.
  CHECK(call(s, "DELETE", target, a.recruiter1).status == 204);
  CHECK(logo_files(s).empty());
  CHECK(http_call(s.port(), "GET", target).status == 404);
  CHECK(my_booth(s, a.recruiter1, a.booth1)["booth"]["logo_url"].is_null());

  // A draft fair's booth logo: its staff and organisers only.
  auto [draft_fair, hidden] = draft_booth(s, a);
  auto hidden_logo = "/api/booths/" + std::to_string(hidden) + "/logo";
  REQUIRE(upload(s, hidden_logo, a.recruiter1, png_bytes()).status == 200);
  CHECK(call(s, "GET", hidden_logo, "").status == 404);
  CHECK(call(s, "GET", hidden_logo, a.jobseeker).status == 404);
  CHECK(call(s, "GET", hidden_logo, a.recruiter2).status == 404);
  CHECK(call(s, "GET", hidden_logo, a.recruiter1).status == 200);
  CHECK(call(s, "GET", hidden_logo, a.organiser).status == 200);
  CHECK(upload(s, hidden_logo, a.recruiter2, png_bytes()).status == 404);
}

TEST_CASE("jobs: staff create, edit, close and delete; visibility; refusals change nothing", "[booths]") {
  server s;
  auto a = sign_in(s);
  auto jobs_of = "/api/booths/" + std::to_string(a.booth1) + "/jobs";
  auto before = call(s, "GET", jobs_of, a.recruiter1).body_json();

  json full = {{"title", "CNC operatörü"},
               {"occupation_id", "cnc-operator"},
               {"city", "Manisa"},
               {"work_mode", "onsite"},
               {"employment_type", "part_time"},
               {"education_level", "secondary"},
               {"experience_years", 2},
               {"openings", 3},
               {"disability", "suitable"},
               {"description", "Two shifts.\nTraining given."},
               {"closes_at", 1900000000}};
  auto r = call(s, "POST", jobs_of, a.recruiter1, full);
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto job = r.body_json()["job"];
  std::int64_t id = job["id"];
  auto job_url = "/api/jobs/" + std::to_string(id);
  CHECK(job["booth_id"] == a.booth1);
  CHECK(job["fair_id"] == a.fair);
  CHECK(job["booth_name"] == "Demo Tekstil A.Ş.");
  CHECK(job["occupation"]["id"] == "cnc-operator");
  CHECK(job["occupation"]["name"]["tr"] == "CNC Operatörü");
  CHECK(job["employment_type"] == "part_time");
  CHECK(job["openings"] == 3);
  CHECK(job["closes_at"] == 1900000000);
  CHECK(job["status"] == "open");
  CHECK(call(s, "GET", job_url, "").body_json()["job"] == job);

  // Minimal job: defaults.
  r = call(s, "POST", jobs_of, a.recruiter1, {{"title", "Ütücü"}});
  REQUIRE(r.status == 201);
  CHECK(r.body_json()["job"]["work_mode"] == "onsite");
  CHECK(r.body_json()["job"]["occupation"].is_null());
  CHECK(r.body_json()["job"]["closes_at"].is_null());
  std::int64_t minimal = r.body_json()["job"]["id"];

  auto snapshot = call(s, "GET", jobs_of, a.recruiter1).body;
  std::vector<std::pair<json, std::string>> bad = {
      {{{"city", "x"}}, "title"},
      {{{"title", "x"}, {"occupation_id", "astronaut"}}, "occupation_id"},
      {{{"title", "x"}, {"work_mode", "moon"}}, "work_mode"},
      {{{"title", "x"}, {"employment_type", "forever"}}, "employment_type"},
      {{{"title", "x"}, {"education_level", "phd"}}, "education_level"},
      {{{"title", "x"}, {"openings", 0}}, "openings"},
      {{{"title", "x"}, {"experience_years", 51}}, "experience_years"},
      {{{"title", "x"}, {"disability", "yes"}}, "disability"},
      {{{"title", "x"}, {"closes_at", "tomorrow"}}, "closes_at"},
      {{{"title", "x"}, {"salary", 1}}, "salary"},
  };
  for (const auto& [body, field] : bad) {
    r = call(s, "POST", jobs_of, a.recruiter1, body);
    INFO(body.dump() << " → " << r.body);
    CHECK(r.status == 400);
    CHECK(r.body_json()["error"]["field"] == field);
  }
  CHECK(call(s, "POST", jobs_of, a.recruiter2, {{"title", "x"}}).status == 403);
  CHECK(call(s, "POST", jobs_of, a.jobseeker, {{"title", "x"}}).status == 403);
  CHECK(call(s, "POST", jobs_of, "", {{"title", "x"}}).status == 401);
  CHECK(call(s, "PATCH", job_url, a.recruiter2, {{"title", "x"}}).status == 403);
  CHECK(call(s, "PATCH", job_url, a.recruiter1, {{"openings", -1}}).status == 400);
  CHECK(call(s, "DELETE", job_url, a.recruiter2).status == 403);
  CHECK(call(s, "DELETE", job_url, a.organiser).status == 403);
  CHECK(call(s, "GET", jobs_of, a.recruiter1).body == snapshot);

  // Edit; clear the occupation and the closing date.
  r = call(s, "PATCH", job_url, a.recruiter1,
           {{"title", "CNC tezgah operatörü"}, {"occupation_id", nullptr}, {"closes_at", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["job"]["title"] == "CNC tezgah operatörü");
  CHECK(r.body_json()["job"]["occupation"].is_null());
  CHECK(r.body_json()["job"]["closes_at"].is_null());
  CHECK(r.body_json()["job"]["openings"] == 3);

  // With an application it cannot be deleted (409, nothing changes); closing works and hides it
  // from the public list but not from its staff.
  auto seeker = http_call(s.port(), "GET", "/api/me", "", bearer(a.jobseeker)).body_json()["user"]["id"];
  sql(s, "INSERT INTO applications (fair_id, booth_id, job_id, user_id, created_at, updated_at) VALUES (" +
             std::to_string(a.fair) + ", " + std::to_string(a.booth1) + ", " + std::to_string(id) + ", " +
             seeker.dump() + ", 1, 1)");
  r = call(s, "DELETE", job_url, a.recruiter1);
  CHECK(r.status == 409);
  CHECK(call(s, "GET", job_url, "").status == 200);
  REQUIRE(call(s, "PATCH", job_url, a.recruiter1, {{"status", "closed"}}).status == 200);
  auto has = [&](const std::string& token, std::int64_t job_id) {
    auto jobs = call(s, "GET", jobs_of, token).body_json()["jobs"];
    for (const auto& j : jobs)
      if (j["id"] == job_id) return true;
    return false;
  };
  CHECK_FALSE(has("", id));
  CHECK_FALSE(has(a.recruiter2, id));
  CHECK(has(a.recruiter1, id));
  CHECK(has("", minimal));
  CHECK(call(s, "GET", job_url, a.jobseeker).body_json()["job"]["status"] == "closed");

  CHECK(call(s, "DELETE", "/api/jobs/" + std::to_string(minimal), a.recruiter1).status == 204);
  CHECK(call(s, "GET", "/api/jobs/" + std::to_string(minimal), "").status == 404);
  CHECK(call(s, "DELETE", "/api/jobs/" + std::to_string(minimal), a.recruiter1).status == 404);
  CHECK(before["jobs"].size() + 1 == call(s, "GET", jobs_of, a.recruiter1).body_json()["jobs"].size());

  // Jobs of a draft fair's booth: staff and organisers only; others get 404.
  auto [draft_fair, hidden] = draft_booth(s, a);
  auto hidden_jobs = "/api/booths/" + std::to_string(hidden) + "/jobs";
  r = call(s, "POST", hidden_jobs, a.recruiter1, {{"title", "Kaynakçı"}, {"occupation_id", "mig-mag-welder"}});
  REQUIRE(r.status == 201);
  auto hidden_job = "/api/jobs/" + r.body_json()["job"]["id"].dump();
  CHECK(call(s, "GET", hidden_job, "").status == 404);
  CHECK(call(s, "GET", hidden_job, a.jobseeker).status == 404);
  CHECK(call(s, "GET", hidden_job, a.recruiter2).status == 404);
  CHECK(call(s, "GET", hidden_job, a.organiser).status == 200);
  CHECK(call(s, "GET", hidden_jobs, "").status == 404);
  CHECK(call(s, "POST", hidden_jobs, a.recruiter2, {{"title", "x"}}).status == 404);
  CHECK(call(s, "PATCH", hidden_job, a.recruiter2, {{"title", "x"}}).status == 404);
}

TEST_CASE("occupations: the seeded list, extended by organisers", "[booths]") {
  server s;
  auto a = sign_in(s);
  auto list = call(s, "GET", "/api/occupations", "").body_json()["occupations"];
  REQUIRE(list.size() >= 40);
  bool welder = false;
  for (const auto& o : list)
    if (o["id"] == "mig-mag-welder") {
      welder = true;
      CHECK(o["isco08"] == "7212");
      CHECK(o["name"]["tr"] == "Gazaltı (MIG-MAG) Kaynakçısı");
      CHECK(o["name"]["en"] == "MIG/MAG welder");
    }
  CHECK(welder);

  json drone = {{"id", "drone-pilot"}, {"isco08", "3155"}, {"name", {{"tr", "İHA Pilotu"}, {"en", "Drone pilot"}}}};
  CHECK(call(s, "POST", "/api/occupations", a.recruiter1, drone).status == 403);
  CHECK(call(s, "POST", "/api/occupations", a.jobseeker, drone).status == 403);
  CHECK(call(s, "POST", "/api/occupations", "", drone).status == 401);
  std::vector<std::pair<json, std::string>> bad = {
      {{{"id", "Drone Pilot"}, {"name", {{"tr", "a"}, {"en", "b"}}}}, "id"},
      {{{"id", "drone"}, {"name", {{"tr", "a"}}}}, "name.en"},
      {{{"id", "drone"}, {"name", "Drone"}}, "name"},
      {{{"id", "drone"}, {"isco08", "31a"}, {"name", {{"tr", "a"}, {"en", "b"}}}}, "isco08"},
  };
  for (const auto& [body, field] : bad) {
    auto r = call(s, "POST", "/api/occupations", a.organiser, body);
    INFO(body.dump() << " → " << r.body);
    CHECK(r.status == 400);
    CHECK(r.body_json()["error"]["field"] == field);
  }
  CHECK(call(s, "GET", "/api/occupations", "").body_json()["occupations"].size() == list.size());

  auto r = call(s, "POST", "/api/occupations", a.organiser, drone);
  REQUIRE(r.status == 201);
  CHECK(r.body_json()["occupation"] == drone);
  CHECK(call(s, "POST", "/api/occupations", a.organiser, drone).status == 409);
  CHECK(call(s, "GET", "/api/occupations", "").body_json()["occupations"].size() == list.size() + 1);

  // Usable at once, and searchable by its names in the hall.
  r = call(s, "POST", "/api/booths/" + std::to_string(a.booth2) + "/jobs", a.recruiter2,
           {{"title", "Harita uçuşları"}, {"occupation_id", "drone-pilot"}});
  REQUIRE(r.status == 201);
  CHECK(hall_jobs(hall(s, a.fair, "?q=iha")) == std::set<std::string>{"Harita uçuşları"});
  CHECK(hall_jobs(hall(s, a.fair, "?q=drone")) == std::set<std::string>{"Harita uçuşları"});
}

TEST_CASE("hall: booths grouped by sector, filters, Turkish-aware full-text search", "[booths]") {
  server s;
  auto a = sign_in(s);

  auto all = hall(s, a.fair, "");
  CHECK(all["total_booths"] == 4);
  CHECK(all["page"] == 1);
  CHECK(all["pages"] == 1);
  std::vector<std::string> sectors;
  for (const auto& g : all["groups"]) sectors.push_back(g["sector"]);
  CHECK(sectors == std::vector<std::string>{"Health care", "Software", "Textile and garment", "Transport and logistics"});
  CHECK(hall_jobs(all).size() == 10);
  for (const auto& g : all["groups"])
    for (const auto& b : g["booths"]) {
      CHECK(b["jobs"].size() == b["open_jobs"]);
      CHECK(b.contains("logo_url"));
    }
  CHECK(all["facets"]["sectors"].size() == 4);
  bool izmir = false;
  for (const auto& c : all["facets"]["cities"])
    if (c["name"] == "İzmir") izmir = c["count"] == 1;
  CHECK(izmir);
  CHECK(all["facets"]["occupations"].size() == 10);

  // Full text: dotted capital İ, diacritics and case do not matter; the last word is a prefix.
  for (std::string q : {"izmir", "%C4%B0ZM%C4%B0R", "IZMIR", "%C4%B0zmir"})
    CHECK(hall_booths(hall(s, a.fair, "?q=" + q)) == std::vector<std::string>{"Demo Tekstil A.Ş."});
  auto welder = hall(s, a.fair, "?q=kaynak");
  CHECK(hall_booths(welder) == std::vector<std::string>{"Demo Lojistik"});
  CHECK(hall_jobs(welder) == std::set<std::string>{"Gazaltı kaynakçısı"});
  CHECK(hall_jobs(hall(s, a.fair, "?q=kaynak%C3%A7%C4%B1")) == std::set<std::string>{"Gazaltı kaynakçısı"});
  CHECK(hall_booths(hall(s, a.fair, "?q=kaynak+")).empty());  // a finished word is not a prefix
  CHECK(hall_jobs(hall(s, a.fair, "?q=welder")) == std::set<std::string>{"Gazaltı kaynakçısı"});  // English name
  CHECK(hall_jobs(hall(s, a.fair, "?q=hem%C5%9Fire")) == std::set<std::string>{"Hemşire"});
  CHECK(hall_jobs(hall(s, a.fair, "?q=hemsire")) == std::set<std::string>{"Hemşire"});
  CHECK(hall_jobs(hall(s, a.fair, "?q=software+remote")).count("Genç yazılım mühendisi") == 1);
  CHECK(hall_booths(hall(s, a.fair, "?q=nothinglikethis")).empty());
  // FTS syntax in the box is text, never an expression (no error, no injection).
  for (std::string q : {"%22", "AND", "NEAR(a+b)", "*", "body%3Akaynak", "a+OR+b", "%5Ekaynak", "-kaynak", "(((",
                        "%27%3B+DROP+TABLE+booths%3B--"})
    hall(s, a.fair, "?q=" + q);
  CHECK(hall_booths(hall(s, a.fair, "?q=body%3Akaynak")).empty());

  // Filters.
  auto nurse = hall(s, a.fair, "?occupation=nurse");
  CHECK(hall_booths(nurse) == std::vector<std::string>{"Demo Sağlık Grubu"});
  CHECK(hall_jobs(nurse) == std::set<std::string>{"Hemşire"});
  CHECK(hall_booths(hall(s, a.fair, "?city=izmir")) == std::vector<std::string>{"Demo Tekstil A.Ş."});
  CHECK(hall_jobs(hall(s, a.fair, "?city=MAN%C4%B0SA")) == std::set<std::string>{"Paketleme elemanı"});
  auto primary = hall_jobs(hall(s, a.fair, "?education=primary"));
  CHECK(primary == std::set<std::string>{"Dikiş makinecisi", "Paketleme elemanı", "Tır şoförü", "Depo elemanı"});
  CHECK(hall_jobs(hall(s, a.fair, "?work_mode=remote")) ==
        std::set<std::string>{"Genç yazılım mühendisi", "E-ticaret uzmanı"});
  CHECK(hall_jobs(hall(s, a.fair, "?disability=1")) ==
        std::set<std::string>{"Paketleme elemanı", "Genç yazılım mühendisi", "Depo elemanı", "Fizyoterapist"});
  CHECK(hall_jobs(hall(s, a.fair, "?disability=1&work_mode=remote&q=yaz%C4%B1l%C4%B1m")) ==
        std::set<std::string>{"Genç yazılım mühendisi"});
  CHECK(hall_booths(hall(s, a.fair, "?page=2")).empty());
  for (std::string q : {"?education=phd", "?work_mode=onsite", "?page=0", "?page=x", "?disability=maybe"})
    CHECK(call(s, "GET", "/api/fairs/" + std::to_string(a.fair) + "/hall" + q, "").status == 400);

  // The index follows every write: a renamed booth, an edited job, a booth inserted by another
  // part of the server (here straight into the table), a deleted job.
  CHECK(hall_booths(hall(s, a.fair, "?q=ltd")) == std::vector<std::string>{"Demo Yazılım Ltd."});
  REQUIRE(call(s, "PATCH", "/api/booths/" + std::to_string(a.booth2), a.recruiter2, {{"name", "Bulut Yazılım"}})
              .status == 200);
  CHECK(hall_booths(hall(s, a.fair, "?q=bulut")) == std::vector<std::string>{"Bulut Yazılım"});
  CHECK(hall_booths(hall(s, a.fair, "?q=ltd")).empty());  // the old name is gone from the index
  sql(s, "INSERT INTO booths (fair_id, name, sector, city) VALUES (" + std::to_string(a.fair) +
             ", 'Işıklar Cam', 'Glass', 'Iğdır')");
  CHECK(hall_booths(hall(s, a.fair, "?q=isiklar")) == std::vector<std::string>{"Işıklar Cam"});
  CHECK(hall_booths(hall(s, a.fair, "?q=%C4%B1%C5%9F%C4%B1k")) == std::vector<std::string>{"Işıklar Cam"});
  CHECK(hall_booths(hall(s, a.fair, "?city=igdir")) == std::vector<std::string>{"Işıklar Cam"});
  CHECK(hall_booths(hall(s, a.fair, "?city=igdir&disability=1")).empty());

  // A draft fair's hall: organisers only.
  auto [draft_fair, hidden] = draft_booth(s, a);
  auto draft_hall = "/api/fairs/" + std::to_string(draft_fair) + "/hall";
  CHECK(call(s, "GET", draft_hall, "").status == 404);
  CHECK(call(s, "GET", draft_hall, a.jobseeker).status == 404);
  CHECK(call(s, "GET", draft_hall, a.recruiter2).status == 404);
  CHECK(hall_booths(hall(s, draft_fair, "?q=gizli", a.organiser)) == std::vector<std::string>{"Gizli Kaynak Atölyesi"});
  // ... and its booths never leak into another fair's search.
  CHECK(hall_booths(hall(s, a.fair, "?q=gizli")).empty());
  CHECK(call(s, "GET", "/api/fairs/999999/hall", a.organiser).status == 404);
}

TEST_CASE("my booths: an employer's own booths with their fair and role", "[booths]") {
  server s;
  auto a = sign_in(s);
  auto r = call(s, "GET", "/api/me/booths", a.recruiter1);
  REQUIRE(r.status == 200);
  auto booths = r.body_json()["booths"];
  REQUIRE(booths.size() == 1);
  CHECK(booths[0]["booth"]["id"] == a.booth1);
  CHECK(booths[0]["fair"]["id"] == a.fair);
  CHECK(booths[0]["member_role"] == "owner");
  CHECK(booths[0]["booth"]["website"] == "https://example.org/demo-tekstil");
  CHECK_FALSE(booths[0]["booth"]["opens_at"].is_null());
  CHECK(call(s, "GET", "/api/me/booths", a.jobseeker).status == 403);
  CHECK(call(s, "GET", "/api/me/booths", a.organiser).status == 403);
  CHECK(call(s, "GET", "/api/me/booths", "").status == 401);
}

TEST_CASE("demo fair: owned by the demo organiser, booths with jobs", "[booths]") {
  server s;
  auto a = sign_in(s);
  CHECK(sql_count(s, "SELECT count(*) FROM fairs f JOIN users u ON u.id = f.created_by "
                     "WHERE f.is_demo = 1 AND u.email = 'organiser@demo.fuar.local'") == 1);
  CHECK(sql_count(s, "SELECT count(*) FROM jobs") == 10);
  CHECK(sql_count(s, "SELECT count(*) FROM jobs WHERE disability <> 'none'") >= 1);
  CHECK(sql_count(s, "SELECT count(*) FROM jobs WHERE work_mode = 'remote'") >= 1);
  CHECK(sql_count(s, "SELECT count(*) FROM jobs j LEFT JOIN occupations o ON o.id = j.occupation_id "
                     "WHERE o.id IS NULL") == 0);
  (void)a;
}
