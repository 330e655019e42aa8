// Integration tests of the people capability (protocol/http/people.md) through the real server:
// profile, demographics with consent, fair registration (eligibility, capacity, concurrency),
// the organiser's registrations list, CSV and report.
//
// Fairs with a given capacity, age range, organiser or status are written straight into the
// server's SQLite file with the sqlite3 command-line tool (WAL lets a second process write while
// the server runs), so these tests do not depend on the fairs capability's routes.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

namespace {

std::int64_t now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

int this_year() {
  using namespace std::chrono;
  return int(year_month_day{floor<days>(system_clock::now())}.year());
}

// Runs SQL on the server's database with the sqlite3 CLI; returns what it printed.
std::string sql(const server& s, const std::string& statements) {
  auto file = s.data_dir() + "/people-test.sql";
  {
    std::ofstream f(file);
    f << ".timeout 10000\nPRAGMA foreign_keys = ON;\n" << statements << "\n";
  }
  std::string cmd = "sqlite3 -batch '" + s.data_dir() + "/fuar.db' < '" + file + "' 2>&1";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = ::pclose(p);
  INFO(out);
  REQUIRE((WIFEXITED(st) && WEXITSTATUS(st) == 0));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

struct fair_spec {
  std::string status = "published";
  std::int64_t starts_at = now_s() + 86400;
  std::int64_t ends_at = now_s() + 2 * 86400;
  std::int64_t capacity = 0;
  std::optional<int> min_age, max_age;
  std::int64_t created_by = 0;  // 0: NULL
};

std::int64_t make_fair(const server& s, const fair_spec& f) {
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("NULL"); };
  auto out = sql(s,
                 "INSERT INTO fairs (title_tr, title_en, description_tr, description_en, theme, timezone, "
                 "starts_at, ends_at, status, capacity, min_age, max_age, created_by, created_at, updated_at) "
                 "VALUES ('Test fuarı', 'Test fair', 'Açıklama', 'About it', 'youth', 'Europe/Istanbul', " +
                     std::to_string(f.starts_at) + ", " + std::to_string(f.ends_at) + ", '" + f.status + "', " +
                     std::to_string(f.capacity) + ", " + opt(f.min_age) + ", " + opt(f.max_age) + ", " +
                     (f.created_by ? std::to_string(f.created_by) : std::string("NULL")) +
                     ", 0, 0);\n"
                     "SELECT last_insert_rowid();");
  return std::stoll(out);
}

std::int64_t registrations_in_db(const server& s, std::int64_t fair) {
  return std::stoll(sql(s, "SELECT count(*) FROM fair_registrations WHERE fair_id = " + std::to_string(fair) + ";"));
}

std::int64_t user_id(const server& s, const std::string& token) {
  return http_call(s.port(), "GET", "/api/me", "", bearer(token)).body_json()["user"]["id"].get<std::int64_t>();
}

http_result call(const server& s, const std::string& token, const std::string& method, const std::string& target,
                 const json& body = nullptr) {
  // Without a token, writes carry the CSRF header, so the answer is about the session.
  return http_call(s.port(), method, target, body.is_null() ? std::string() : body.dump(),
                   token.empty() ? std::map<std::string, std::string>{{"X-Fuar-CSRF", "1"}} : bearer(token));
}

std::string fair_path(std::int64_t id, const std::string& rest) { return "/api/fairs/" + std::to_string(id) + rest; }

std::string demo_token(const server& s, const std::string& role) {
  const auto& a = s.demo_of(role);
  return login(s, a.email, a.password);
}

}  // namespace

TEST_CASE("people: the profile round trip, and refused edits change nothing", "[people]") {
  server s;
  auto js = register_user(s, "ayse@example.org", "Ayşe Yılmaz");

  auto r = call(s, js, "GET", "/api/me/profile");
  REQUIRE(r.status == 200);
  auto j = r.body_json();
  CHECK(j["profile"]["name"] == "Ayşe Yılmaz");
  CHECK(j["profile"]["phone"] == "");
  CHECK(j["profile"]["education_level"].is_null());
  CHECK(j["profile"]["updated_at"] == 0);
  CHECK(j["occupations"].size() >= 40);
  CHECK(j["education_levels"].size() == 6);

  json good{{"phone", "+90 (532) 123-45-67"},
            {"city", "İzmir"},
            {"education_level", "associate"},
            {"occupations", {"nurse", "cook", "nurse"}},
            {"share_with_booths", true}};
  r = call(s, js, "PUT", "/api/me/profile", good);
  REQUIRE(r.status == 200);
  j = r.body_json()["profile"];
  CHECK(j["phone"] == "+90 (532) 123-45-67");
  CHECK(j["city"] == "İzmir");
  CHECK(j["education_level"] == "associate");
  CHECK(j["occupations"] == json{"cook", "nurse"});
  CHECK(j["share_with_booths"] == true);
  CHECK(j["updated_at"].get<std::int64_t>() > 0);
  auto saved = call(s, js, "GET", "/api/me/profile").body_json()["profile"];
  CHECK(saved == j);

  struct bad_case {
    json body;
    std::string field;
  };
  std::vector<bad_case> bad = {
      {{{"phone", "0532 123 45 67 ext. 5"}}, "phone"},
      {{{"phone", std::string(31, '1')}}, "phone"},
      {{{"phone", "+-()"}}, "phone"},
      {{{"city", std::string(101, 'a')}}, "city"},
      {{{"education_level", "phd"}}, "education_level"},
      {{{"occupations", {"nurse", "no-such-job"}}}, "occupations"},
      {{{"occupations", "nurse"}}, "occupations"},
      {{{"occupations",
         {"waiter", "sewing-machinist", "sales-consultant", "cleaner", "mig-mag-welder", "cashier", "truck-driver",
          "packer", "garment-worker", "bus-driver", "nurse"}}},
       "occupations"},
      {{{"share_with_booths", "yes"}}, "share_with_booths"},
      {{{"name", "New name"}}, "name"},
  };
  for (const auto& b : bad) {
    INFO(b.body.dump());
    r = call(s, js, "PUT", "/api/me/profile", b.body);
    CHECK(r.status == 400);
    CHECK(r.body_json()["error"]["field"] == b.field);
  }
  CHECK(call(s, js, "GET", "/api/me/profile").body_json()["profile"] == saved);

  // Clearing: PUT replaces the whole profile, and education_level may be null.
  r = call(s, js, "PUT", "/api/me/profile", {{"education_level", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["profile"]["education_level"].is_null());
  CHECK(r.body_json()["profile"]["occupations"].empty());

  // Only jobseekers have a profile.
  CHECK(call(s, "", "GET", "/api/me/profile").status == 401);
  CHECK(call(s, demo_token(s, "employer"), "GET", "/api/me/profile").status == 403);
  CHECK(call(s, demo_token(s, "organiser"), "PUT", "/api/me/profile", good).status == 403);
}

TEST_CASE("people: demographics are stored only with consent, withdrawal deletes, nothing is logged", "[people]") {
  server s;
  auto js = register_user(s, "dem@example.org", "Deniz");
  auto uid = user_id(s, js);

  auto r = call(s, js, "GET", "/api/me/demographics");
  REQUIRE(r.status == 200);
  auto j = r.body_json();
  CHECK(j["demographics"]["gender"]["value"].is_null());
  CHECK(j["demographics"]["birth_year"]["consent_at"].is_null());
  CHECK(j["consent_texts"]["gender"]["en"] ==
        "Used only for anonymous statistics in the organiser's reports. Never shown to employers. You can withdraw "
        "this at any time.");
  CHECK(j["consent_texts"]["birth_year"]["en"].get<std::string>().find("to check the age range of fairs") !=
        std::string::npos);
  CHECK(!j["consent_texts"]["disability"]["tr"].get<std::string>().empty());

  // Refusals: a value without consent, consent without a value, bad values, unknown keys.
  std::vector<json> bad = {
      {{"gender", {{"value", "female"}}}},
      {{"gender", {{"value", "female"}, {"consent", false}}}},
      {{"gender", {{"consent", true}}}},
      {{"gender", {{"value", "woman"}, {"consent", true}}}},
      {{"birth_year", {{"value", 1850}, {"consent", true}}}},
      {{"birth_year", {{"value", this_year() + 1}, {"consent", true}}}},
      {{"disability", {{"value", "yes"}, {"consent", true}}}},
      {{"disability", true}},
      {{"religion", {{"value", "x"}, {"consent", true}}}},
      // A valid item next to an invalid one: the request is refused as a whole.
      {{"gender", {{"value", "male"}, {"consent", true}}}, {"disability", {{"value", true}}}},
  };
  for (const auto& b : bad) {
    INFO(b.dump());
    CHECK(call(s, js, "PUT", "/api/me/demographics", b).status == 400);
  }
  CHECK(sql(s, "SELECT count(*) FROM demographics;") == "0");

  r = call(s, js, "PUT", "/api/me/demographics",
           {{"gender", {{"value", "female"}, {"consent", true}}},
            {"birth_year", {{"value", 1999}, {"consent", true}}},
            {"disability", {{"value", true}, {"consent", true}}}});
  REQUIRE(r.status == 200);
  j = r.body_json()["demographics"];
  CHECK(j["gender"]["value"] == "female");
  CHECK(j["birth_year"]["value"] == 1999);
  CHECK(j["disability"]["value"] == true);
  auto consent_at = j["gender"]["consent_at"].get<std::int64_t>();
  CHECK(consent_at >= now_s() - 60);

  // Changing a consented value keeps the time the consent was given.
  r = call(s, js, "PUT", "/api/me/demographics", {{"gender", {{"value", "other"}, {"consent", true}}}});
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["demographics"]["gender"]["value"] == "other");
  CHECK(r.body_json()["demographics"]["gender"]["consent_at"] == consent_at);
  CHECK(r.body_json()["demographics"]["birth_year"]["value"] == 1999);

  // Withdrawing one consent deletes that value and its consent time, and only that one.
  r = call(s, js, "PUT", "/api/me/demographics", {{"disability", {{"consent", false}}}});
  REQUIRE(r.status == 200);
  j = r.body_json()["demographics"];
  CHECK(j["disability"]["value"].is_null());
  CHECK(j["disability"]["consent_at"].is_null());
  CHECK(j["gender"]["value"] == "other");
  CHECK(sql(s, "SELECT quote(disability) || ',' || quote(disability_consent_at) FROM demographics WHERE user_id = " +
                   std::to_string(uid) + ";") == "NULL,NULL");

  r = call(s, js, "PUT", "/api/me/demographics",
           {{"gender", {{"consent", false}}}, {"birth_year", {{"consent", false}}}});
  REQUIRE(r.status == 200);
  CHECK(sql(s, "SELECT count(*) FROM demographics WHERE user_id = " + std::to_string(uid) + ";") == "0");

  // Employers and organisers cannot read anyone's demographics (not even their own route).
  CHECK(call(s, demo_token(s, "employer"), "GET", "/api/me/demographics").status == 403);
  CHECK(call(s, demo_token(s, "organiser"), "GET", "/api/me/demographics").status == 403);
  CHECK(call(s, "", "GET", "/api/me/demographics").status == 401);

  // Nothing of it reached the logs, not even in the refusals.
  auto log = s.output();
  CHECK(log.find("female") == std::string::npos);
  CHECK(log.find("1999") == std::string::npos);
  CHECK(log.find("woman") == std::string::npos);
}

TEST_CASE("people: registering for a fair, idempotently, and cancelling", "[people]") {
  server s;
  auto js = register_user(s, "reg@example.org", "Reg");
  auto fair = make_fair(s, {});
  sql(s, "INSERT INTO fair_target_groups (fair_id, group_key) VALUES (" + std::to_string(fair) + ", 'women'), (" +
             std::to_string(fair) + ", 'youth');");

  // The join page's public view, signed in or not.
  auto r = call(s, "", "GET", fair_path(fair, "/join"));
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["fair"]["title"]["en"] == "Test fair");
  CHECK(r.body_json()["fair"]["target_groups"] == json{"women", "youth"});
  CHECK(r.body_json()["target_groups"][1]["label"]["en"] == "Youth (15–24)");
  CHECK(r.body_json()["fair"]["status"] == "published");
  CHECK(r.body_json()["places_left"].is_null());

  r = call(s, js, "GET", fair_path(fair, "/registration"));
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["registered"] == false);
  CHECK(r.body_json()["eligibility"]["ok"] == true);

  r = call(s, js, "POST", fair_path(fair, "/registration"));
  REQUIRE(r.status == 201);
  auto at = r.body_json()["registration"]["registered_at"].get<std::int64_t>();
  CHECK(r.body_json()["created"] == true);

  r = call(s, js, "POST", fair_path(fair, "/registration"));
  CHECK(r.status == 200);
  CHECK(r.body_json()["registration"]["registered_at"] == at);
  CHECK(r.body_json()["created"] == false);
  CHECK(registrations_in_db(s, fair) == 1);

  r = call(s, js, "GET", fair_path(fair, "/registration"));
  CHECK(r.body_json()["registered"] == true);
  CHECK(r.body_json()["registered_at"] == at);

  r = call(s, js, "GET", "/api/me/registrations");
  REQUIRE(r.status == 200);
  REQUIRE(r.body_json()["registrations"].size() == 1);
  CHECK(r.body_json()["registrations"][0]["fair"]["id"] == fair);
  CHECK(r.body_json()["registrations"][0]["registered_at"] == at);

  // Other roles cannot register.
  CHECK(call(s, demo_token(s, "employer"), "POST", fair_path(fair, "/registration")).status == 403);
  CHECK(call(s, "", "POST", fair_path(fair, "/registration")).status == 401);

  CHECK(call(s, js, "DELETE", fair_path(fair, "/registration")).status == 204);
  CHECK(registrations_in_db(s, fair) == 0);
  CHECK(call(s, js, "DELETE", fair_path(fair, "/registration")).status == 404);
  CHECK(call(s, js, "GET", "/api/me/registrations").body_json()["registrations"].empty());

  // A draft is invisible; a fair that has ended refuses; the clock makes a published fair live.
  auto draft = make_fair(s, {.status = "draft"});
  CHECK(call(s, js, "POST", fair_path(draft, "/registration")).status == 404);
  CHECK(call(s, "", "GET", fair_path(draft, "/join")).status == 404);
  CHECK(call(s, js, "GET", fair_path(999999, "/registration")).status == 404);
  auto ended = make_fair(s, {.starts_at = now_s() - 7200, .ends_at = now_s() - 3600});
  r = call(s, js, "POST", fair_path(ended, "/registration"));
  CHECK(r.status == 409);
  CHECK(r.body_json()["error"]["message"] == "this fair has ended");
  CHECK(registrations_in_db(s, ended) == 0);
  auto running = make_fair(s, {.starts_at = now_s() - 60});
  CHECK(call(s, "", "GET", fair_path(running, "/join")).body_json()["fair"]["status"] == "live");
  CHECK(call(s, js, "POST", fair_path(running, "/registration")).status == 201);
}

TEST_CASE("people: age eligibility refusals say why and change nothing", "[people]") {
  server s;
  auto js = register_user(s, "age@example.org", "Age");
  // Starts on 1 July of next year (UTC), so the age is (next year - birth year).
  using namespace std::chrono;
  auto start = sys_days{year{this_year() + 1} / July / 1}.time_since_epoch();
  std::int64_t starts_at = duration_cast<seconds>(start).count();
  auto fair = make_fair(s, {.starts_at = starts_at, .ends_at = starts_at + 86400, .min_age = 18, .max_age = 29});

  auto r = call(s, js, "POST", fair_path(fair, "/registration"));
  CHECK(r.status == 409);
  auto msg = r.body_json()["error"]["message"].get<std::string>();
  CHECK(msg.find("this fair is for ages 18\u201329") == 0);
  CHECK(msg.find("birth year") != std::string::npos);
  CHECK(msg.find("My profile") != std::string::npos);
  CHECK(r.body_json()["error"]["field"] == "birth_year");
  CHECK(call(s, js, "GET", fair_path(fair, "/registration")).body_json()["eligibility"]["code"] == "birth_year_needed");

  // 30 at the fair's start: too old.
  REQUIRE(
      call(s, js, "PUT", "/api/me/demographics", {{"birth_year", {{"value", this_year() + 1 - 30}, {"consent", true}}}})
          .status == 200);
  r = call(s, js, "POST", fair_path(fair, "/registration"));
  CHECK(r.status == 403);
  CHECK(r.body_json()["error"]["message"] == "this fair is for ages 18\u201329");
  // 17: too young.
  REQUIRE(
      call(s, js, "PUT", "/api/me/demographics", {{"birth_year", {{"value", this_year() + 1 - 17}, {"consent", true}}}})
          .status == 200);
  CHECK(call(s, js, "POST", fair_path(fair, "/registration")).status == 403);
  CHECK(registrations_in_db(s, fair) == 0);

  // 29 and 18 are in range.
  REQUIRE(
      call(s, js, "PUT", "/api/me/demographics", {{"birth_year", {{"value", this_year() + 1 - 29}, {"consent", true}}}})
          .status == 200);
  CHECK(call(s, js, "GET", fair_path(fair, "/registration")).body_json()["eligibility"]["ok"] == true);
  CHECK(call(s, js, "POST", fair_path(fair, "/registration")).status == 201);
  auto js2 = register_user(s, "age2@example.org", "Age Two");
  REQUIRE(call(s, js2, "PUT", "/api/me/demographics",
               {{"birth_year", {{"value", this_year() + 1 - 18}, {"consent", true}}}})
              .status == 200);
  CHECK(call(s, js2, "POST", fair_path(fair, "/registration")).status == 201);
  CHECK(registrations_in_db(s, fair) == 2);
}

TEST_CASE("people: capacity is enforced, also for concurrent requests for the last places", "[people]") {
  server s(env{{"FUAR_STORE_POOL_THREADS", "4"}});
  auto full = make_fair(s, {.capacity = 1});
  auto a = register_user(s, "cap-a@example.org", "A");
  auto b = register_user(s, "cap-b@example.org", "B");
  CHECK(call(s, a, "POST", fair_path(full, "/registration")).status == 201);
  CHECK(call(s, "", "GET", fair_path(full, "/join")).body_json()["places_left"] == 0);
  auto r = call(s, b, "POST", fair_path(full, "/registration"));
  CHECK(r.status == 409);
  CHECK(r.body_json()["error"]["message"] == "the fair is full");
  CHECK(call(s, b, "GET", fair_path(full, "/registration")).body_json()["eligibility"]["code"] == "full");
  // Already registered: still fine when the fair is full.
  CHECK(call(s, a, "POST", fair_path(full, "/registration")).status == 200);
  CHECK(registrations_in_db(s, full) == 1);

  const int capacity = 3, people = 12;
  auto fair = make_fair(s, {.capacity = capacity});
  std::vector<std::string> tokens;
  for (int i = 0; i < people; ++i)
    tokens.push_back(register_user(s, "race" + std::to_string(i) + "@example.org", "Racer " + std::to_string(i)));
  std::vector<std::future<http_result>> calls;
  for (const auto& t : tokens)
    calls.push_back(
        std::async(std::launch::async, [&, t] { return call(s, t, "POST", fair_path(fair, "/registration")); }));
  int created = 0, refused = 0;
  for (auto& c : calls) {
    auto res = c.get();
    created += res.status == 201;
    if (res.status == 409) {
      ++refused;
      CHECK(res.body_json()["error"]["message"] == "the fair is full");
    }
  }
  CHECK(created == capacity);
  CHECK(refused == people - capacity);
  CHECK(registrations_in_db(s, fair) == capacity);
}

TEST_CASE("people: the organiser's registrations list, search, paging and CSV", "[people]") {
  server s;
  auto org = create_organiser(s, "org@example.org", "Org");
  auto org2 = create_organiser(s, "org2@example.org", "Other Org");
  auto fair = make_fair(s, {.created_by = user_id(s, org)});

  struct person {
    std::string email, name, city;
  };
  std::vector<person> people = {
      {"p1@example.org", "=HYPERLINK(\"http://evil\")", "İzmir"},
      {"p2@example.org", "Smith, \"Junior\"", "Ankara"},
      {"p3@example.org", "Zeynep Kaya", "izmir"},
      {"p4@example.org", "Percent 100%", "Bursa"},
      {"p5@example.org", "Under_score", "Bursa"},
  };
  for (const auto& p : people) {
    auto t = register_user(s, p.email, p.name);
    REQUIRE(call(s, t, "PUT", "/api/me/profile",
                 {{"city", p.city}, {"phone", "0555 000 00 00"}, {"education_level", "secondary"}})
                .status == 200);
    REQUIRE(call(s, t, "PUT", "/api/me/demographics", {{"gender", {{"value", "female"}, {"consent", true}}}}).status ==
            200);
    REQUIRE(call(s, t, "POST", fair_path(fair, "/registration")).status == 201);
  }

  auto r = call(s, org, "GET", fair_path(fair, "/registrations"));
  REQUIRE(r.status == 200);
  auto j = r.body_json();
  CHECK(j["total"] == 5);
  REQUIRE(j["registrations"].size() == 5);
  auto first = j["registrations"][0];
  CHECK(first["name"] == people[0].name);
  CHECK(first["email"] == "p1@example.org");
  CHECK(first["phone"] == "0555 000 00 00");
  CHECK(first["city"] == "İzmir");
  CHECK(first["education_level"] == "secondary");
  CHECK(first.contains("registered_at"));
  // No demographics in the list.
  CHECK(r.body.find("female") == std::string::npos);
  CHECK(!first.contains("gender"));

  // Search over name, email and city, case-insensitively; wildcards match themselves.
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=BURSA")).body_json()["total"] == 2);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=p3%40example")).body_json()["total"] == 1);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=zeynep")).body_json()["total"] == 1);
  // Turkish letter forms: "izmir" finds "İzmir" and "izmir"; "İZMİR" finds them too.
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=izmir")).body_json()["total"] == 2);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=%C4%B0ZM%C4%B0R")).body_json()["total"] == 2);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=%25")).body_json()["total"] == 1);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=_")).body_json()["total"] == 1);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?q=nobody")).body_json()["total"] == 0);

  // Paging: 2 per page, page 3 holds the fifth.
  r = call(s, org, "GET", fair_path(fair, "/registrations?per_page=2&page=3"));
  REQUIRE(r.status == 200);
  CHECK(r.body_json()["total"] == 5);
  REQUIRE(r.body_json()["registrations"].size() == 1);
  CHECK(r.body_json()["registrations"][0]["email"] == "p5@example.org");
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?per_page=101")).status == 400);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?page=0")).status == 400);
  CHECK(call(s, org, "GET", fair_path(fair, "/registrations?page=x")).status == 400);

  // CSV: header, every row, formula neutralised, quoting.
  r = call(s, org, "GET", fair_path(fair, "/registrations.csv"));
  REQUIRE(r.status == 200);
  CHECK(r.headers["content-type"] == "text/csv; charset=utf-8");
  CHECK(r.headers["content-disposition"] ==
        "attachment; filename=\"registrations-fair-" + std::to_string(fair) + ".csv\"");
  auto csv = r.body;
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  csv.erase(0, 3);
  CHECK(csv.rfind("name,email,phone,city,education_level,registered_at\r\n", 0) == 0);
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\",p1@example.org,0555 000 00 00,İzmir,secondary,") !=
        std::string::npos);
  CHECK(csv.find("\"Smith, \"\"Junior\"\"\",p2@example.org") != std::string::npos);
  CHECK(csv.find("female") == std::string::npos);
  std::size_t lines = 0;
  for (std::size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++lines;
  CHECK(lines == 6);
  r = call(s, org, "GET", fair_path(fair, "/registrations.csv?q=bursa"));
  CHECK(r.body.find("p4@example.org") != std::string::npos);
  CHECK(r.body.find("p1@example.org") == std::string::npos);

  // Only the fair's organiser.
  CHECK(call(s, org2, "GET", fair_path(fair, "/registrations")).status == 403);
  CHECK(call(s, org2, "GET", fair_path(fair, "/registrations.csv")).status == 403);
  CHECK(call(s, demo_token(s, "employer"), "GET", fair_path(fair, "/registrations")).status == 403);
  CHECK(call(s, demo_token(s, "jobseeker"), "GET", fair_path(fair, "/registrations.csv")).status == 403);
  CHECK(call(s, "", "GET", fair_path(fair, "/registrations")).status == 401);
  CHECK(call(s, org, "GET", fair_path(999999, "/registrations")).status == 404);
}

TEST_CASE("people: the organiser's report aggregates and suppresses small cells", "[people]") {
  server s;
  auto org = create_organiser(s, "rep@example.org", "Reporter");
  using namespace std::chrono;
  auto start = sys_days{year{this_year() + 1} / March / 1}.time_since_epoch();
  std::int64_t starts_at = duration_cast<seconds>(start).count();
  auto fair = make_fair(s, {.starts_at = starts_at, .ends_at = starts_at + 86400, .created_by = user_id(s, org)});
  auto next = this_year() + 1;

  // 7 people: 5 women aged 20 with a bachelor's degree in Ankara, 1 man aged 27 (disabled,
  // primary, İzmir), 1 person who gave nothing but a city (IZMIR).
  for (int i = 0; i < 7; ++i) {
    auto t = register_user(s, "rep" + std::to_string(i) + "@example.org", "Person " + std::to_string(i));
    if (i < 5) {
      REQUIRE(call(s, t, "PUT", "/api/me/demographics",
                   {{"gender", {{"value", "female"}, {"consent", true}}},
                    {"birth_year", {{"value", next - 20}, {"consent", true}}},
                    {"disability", {{"value", false}, {"consent", true}}}})
                  .status == 200);
      REQUIRE(
          call(s, t, "PUT", "/api/me/profile", {{"city", i % 2 ? "ankara" : "Ankara"}, {"education_level", "bachelor"}})
              .status == 200);
    } else if (i == 5) {
      REQUIRE(call(s, t, "PUT", "/api/me/demographics",
                   {{"gender", {{"value", "male"}, {"consent", true}}},
                    {"birth_year", {{"value", next - 27}, {"consent", true}}},
                    {"disability", {{"value", true}, {"consent", true}}}})
                  .status == 200);
      REQUIRE(call(s, t, "PUT", "/api/me/profile", {{"city", "İzmir"}, {"education_level", "primary"}}).status == 200);
    } else {
      REQUIRE(call(s, t, "PUT", "/api/me/profile", {{"city", "IZMIR"}}).status == 200);
    }
    REQUIRE(call(s, t, "POST", fair_path(fair, "/registration")).status == 201);
  }

  auto r = call(s, org, "GET", fair_path(fair, "/report"));
  REQUIRE(r.status == 200);
  auto rep = r.body_json()["report"];
  CHECK(rep["registered"] == 7);
  CHECK(rep["small_cells"]["marker"] == "<5");
  auto cells = [&](const std::string& name) {
    std::map<std::string, json> out;
    for (const auto& c : rep["breakdowns"][name])
      out[c["key"].get<std::string>() + (c.contains("name") ? ":" + c["name"].get<std::string>() : "")] = c["count"];
    return out;
  };
  auto gender = cells("gender");
  CHECK(gender["female"] == 5);
  CHECK(gender["male"] == "<5");
  CHECK(gender["other"] == 0);
  CHECK(gender["not_given"] == "<5");
  auto age = cells("age_group");
  CHECK(age["15-24"] == 5);
  CHECK(age["25-29"] == "<5");
  CHECK(age["30+"] == 0);
  CHECK(age["not_given"] == "<5");
  auto dis = cells("disability");
  CHECK(dis["no"] == 5);
  CHECK(dis["yes"] == "<5");
  CHECK(dis["not_given"] == "<5");
  auto edu = cells("education");
  CHECK(edu["associate_or_higher"] == 5);
  CHECK(edu["primary_or_below"] == "<5");
  CHECK(edu["secondary"] == 0);
  auto city = cells("city");
  CHECK(city["city:Ankara"] == 5);    // "ankara" and "Ankara" are one city
  CHECK(city["city:IZMIR"] == "<5");  // "İzmir" and "IZMIR" are one city too
  CHECK(city["other"] == 0);
  CHECK(city["not_given"] == 0);
  CHECK(rep["breakdowns"]["city"].size() == 4);
  std::int64_t per_day = 0;
  for (const auto& d : rep["registrations_per_day"]) per_day += d["count"].get<std::int64_t>();
  CHECK(per_day == 7);
  // Nothing in the report names a person.
  CHECK(r.body.find("Person") == std::string::npos);
  CHECK(r.body.find("@example.org") == std::string::npos);

  CHECK(call(s, create_organiser(s, "other-org@example.org", "Other"), "GET", fair_path(fair, "/report")).status ==
        403);
  CHECK(call(s, demo_token(s, "employer"), "GET", fair_path(fair, "/report")).status == 403);
  CHECK(call(s, demo_token(s, "jobseeker"), "GET", fair_path(fair, "/report")).status == 403);
}
