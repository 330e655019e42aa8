// The fairs capability through the real server: fair lifecycle, target groups, registration link
// and QR code, employer and colleague invitations. Every refusal is checked to change nothing.
#include <chrono>
#include <ctime>
#include <future>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

namespace {

std::int64_t now_s() { return std::int64_t(std::time(nullptr)); }

struct caller {
  unsigned short port;
  std::map<std::string, std::string> headers;  // bearer, or empty for anonymous

  http_result call(const std::string& method, const std::string& target, const json& body = nullptr) const {
    return http_call(port, method, target, body.is_null() ? std::string() : body.dump(), headers);
  }
  json get(const std::string& target) const {
    auto r = call("GET", target);
    INFO(target << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    return r.body_json();
  }
};

caller as(const server& s, const std::string& token) { return {s.port(), token.empty() ? std::map<std::string, std::string>{} : bearer(token)}; }
caller anonymous(const server& s) { return {s.port(), {{"X-Fuar-CSRF", "1"}}}; }

json fair_body(std::int64_t start_in = 3600, std::int64_t length = 7200) {
  auto t = now_s();
  return {{"title", {{"tr", "Gençlik Fuarı"}, {"en", "Youth Fair"}}},
          {"description", {{"tr", "Açıklama"}, {"en", "About"}}},
          {"theme", "youth"},
          {"target_groups", {"youth", "neet"}},
          {"min_age", 15},
          {"max_age", 24},
          {"timezone", "Europe/Istanbul"},
          {"starts_at", t + start_in},
          {"ends_at", t + start_in + length},
          {"capacity", 500}};
}

std::int64_t create_fair(const caller& org, json body = fair_body()) {
  auto r = org.call("POST", "/api/fairs", body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  return r.body_json()["fair"]["id"].get<std::int64_t>();
}

std::string token_of(const json& reply) {
  auto link = reply["link"].get<std::string>();
  return link.substr(link.rfind('/') + 1);
}

// Checks a refusal: status, error code and (optionally) the field.
void refused(const http_result& r, int status, const std::string& code, const std::string& field = "") {
  INFO(r.status << " " << r.body);
  CHECK(r.status == status);
  auto j = r.body_json();
  CHECK(j["error"]["code"] == code);
  if (!field.empty()) CHECK(j["error"]["field"] == field);
}

}  // namespace

TEST_CASE("fair lifecycle: create, validate, edit, publish, open, close", "[fairs]") {
  server s;
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto org2 = as(s, create_organiser(s, "org2@example.org", "Org Two"));
  auto seeker = as(s, register_user(s, "ayse@example.org", "Ayşe"));

  auto id = create_fair(org);
  auto path = "/api/fairs/" + std::to_string(id);
  auto mine = org.get("/api/organiser/fairs/" + std::to_string(id))["fair"];
  CHECK(mine["status"] == "draft");
  CHECK(mine["target_groups"] == json::array({"neet", "youth"}));
  CHECK(mine["capacity"] == 500);
  CHECK(mine["min_age"] == 15);

  SECTION("creation refusals name the field and create nothing") {
    auto before = org.get("/api/organiser/fairs")["fairs"].size();
    auto bad = [&](json patch, const std::string& field) {
      auto b = fair_body();
      for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->is_null()) b.erase(it.key());
        else b[it.key()] = *it;
      }
      refused(org.call("POST", "/api/fairs", b), 400, "invalid", field);
    };
    bad({{"title", {{"tr", ""}, {"en", ""}}}}, "title");
    bad({{"title", nullptr}}, "title");
    bad({{"title", {{"de", "x"}}}}, "title.de");
    bad({{"title", {{"tr", std::string(201, 'x')}}}}, "title.tr");
    bad({{"timezone", "Europe/Atlantis"}}, "timezone");
    bad({{"timezone", "../../etc/passwd"}}, "timezone");
    bad({{"timezone", "Europe"}}, "timezone");
    bad({{"ends_at", now_s()}}, "ends_at");                             // before the start
    bad({{"ends_at", now_s() + 3600 + 32 * 86400}}, "ends_at");         // longer than 31 days
    bad({{"starts_at", "tomorrow"}}, "starts_at");
    bad({{"min_age", 30}, {"max_age", 20}}, "max_age");
    bad({{"min_age", 121}}, "min_age");
    bad({{"capacity", -1}}, "capacity");
    bad({{"target_groups", {"youth", "martians"}}}, "target_groups[1]");
    bad({{"status", "live"}}, "status");  // not a field: status changes have their own routes
    CHECK(org.get("/api/organiser/fairs")["fairs"].size() == before);
    // Only organisers create fairs.
    refused(seeker.call("POST", "/api/fairs", fair_body()), 403, "forbidden");
    refused(anonymous(s).call("POST", "/api/fairs", fair_body()), 401, "unauthorized");
  }

  SECTION("edits: partial, by the creator only") {
    auto r = org.call("PATCH", path, {{"title", {{"en", "Youth Fair 2"}}}, {"capacity", 0}, {"max_age", nullptr}});
    REQUIRE(r.status == 200);
    auto f = r.body_json()["fair"];
    CHECK(f["title"]["tr"] == "Gençlik Fuarı");  // untouched language kept
    CHECK(f["title"]["en"] == "Youth Fair 2");
    CHECK(f["capacity"] == 0);
    CHECK(f["max_age"].is_null());
    CHECK(f["min_age"] == 15);
    CHECK(f["target_groups"] == json::array({"neet", "youth"}));

    refused(org2.call("PATCH", path, {{"theme", "x"}}), 403, "forbidden");
    refused(seeker.call("PATCH", path, {{"theme", "x"}}), 403, "forbidden");
    refused(org.call("PATCH", "/api/fairs/99999", {{"theme", "x"}}), 404, "not_found");
    refused(org.call("PATCH", path, {{"ends_at", 1}}), 400, "invalid", "ends_at");
    refused(org.call("PATCH", path, {{"target_groups", {"nope"}}}), 400, "invalid", "target_groups[0]");
    CHECK(org.get("/api/organiser/fairs/" + std::to_string(id))["fair"]["theme"] == "youth");
    refused(org2.call("GET", "/api/organiser/fairs/" + std::to_string(id)), 403, "forbidden");
  }

  SECTION("publish, open early, close early; each publishes fair.updated") {
    // Another organiser cannot publish it; a draft cannot be closed.
    refused(org2.call("POST", path + "/publish"), 403, "forbidden");
    refused(org.call("POST", path + "/close"), 409, "conflict");
    CHECK(org.get("/api/organiser/fairs/" + std::to_string(id))["fair"]["status"] == "draft");

    auto ws = ws_client::with_token(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
    REQUIRE(ws.is_open());
    REQUIRE(ws.command("subscribe", {{"topic", "fair:" + std::to_string(id)}})["ok"] == true);

    auto r = org.call("POST", path + "/publish");
    REQUIRE(r.status == 200);
    CHECK(r.body_json()["fair"]["status"] == "published");
    auto push = ws.next_push(10s, "fair.updated");
    REQUIRE(push);
    CHECK((*push)["topic"] == "fair:" + std::to_string(id));
    CHECK((*push)["data"]["fair"]["status"] == "published");
    CHECK((*push)["data"]["fair"]["target_groups"] == json::array({"neet", "youth"}));
    refused(org.call("POST", path + "/publish"), 409, "conflict");

    // Visible to everyone now.
    auto pub = anonymous(s).get(path);
    CHECK(pub["fair"]["id"] == id);

    r = org.call("POST", path + "/open");
    REQUIRE(r.status == 200);
    auto opened = r.body_json()["fair"];
    CHECK(opened["status"] == "live");
    CHECK(opened["starts_at"].get<std::int64_t>() <= now_s());
    push = ws.next_push(10s, "fair.updated");
    REQUIRE(push);
    CHECK((*push)["data"]["fair"]["status"] == "live");
    refused(org.call("POST", path + "/open"), 409, "conflict");

    refused(org2.call("POST", path + "/close"), 403, "forbidden");
    r = org.call("POST", path + "/close");
    REQUIRE(r.status == 200);
    CHECK(r.body_json()["fair"]["status"] == "closed");
    CHECK(r.body_json()["fair"]["ends_at"].get<std::int64_t>() <= now_s());
    push = ws.next_push(10s, "fair.updated");
    REQUIRE(push);
    CHECK((*push)["data"]["fair"]["status"] == "closed");
    refused(org.call("POST", path + "/close"), 409, "conflict");
    refused(org.call("POST", path + "/open"), 409, "conflict");
  }

  SECTION("a fair whose end has passed cannot be published") {
    auto t = now_s();
    auto old = create_fair(org, [&] {
      auto b = fair_body();
      b["starts_at"] = t - 7200;
      b["ends_at"] = t - 3600;
      return b;
    }());
    refused(org.call("POST", "/api/fairs/" + std::to_string(old) + "/publish"), 409, "conflict", "ends_at");
    CHECK(org.get("/api/organiser/fairs/" + std::to_string(old))["fair"]["status"] == "draft");
  }

  SECTION("my fairs lists only the caller's fairs with counts") {
    auto list = org.get("/api/organiser/fairs")["fairs"];
    bool found = false;
    for (auto& row : list) {
      if (row["fair"]["id"] == id) {
        found = true;
        CHECK(row["booths"] == 0);
        CHECK(row["pending_invitations"] == 0);
      }
    }
    CHECK(found);
    CHECK(org2.get("/api/organiser/fairs")["fairs"].empty());
    refused(seeker.call("GET", "/api/organiser/fairs"), 403, "forbidden");
  }
}

TEST_CASE("target groups: public list, organisers extend it", "[fairs]") {
  server s;
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto seeker = as(s, register_user(s, "ayse@example.org", "Ayşe"));
  auto list = anonymous(s).get("/api/target-groups")["target_groups"];
  CHECK(list.size() == 8);
  CHECK(list[0]["builtin"] == true);

  json g{{"key", "refugees"}, {"label", {{"tr", "Mülteciler"}, {"en", "Refugees"}}}};
  refused(seeker.call("POST", "/api/target-groups", g), 403, "forbidden");
  refused(org.call("POST", "/api/target-groups", {{"key", "Bad Key"}, {"label", g["label"]}}), 400, "invalid", "key");
  refused(org.call("POST", "/api/target-groups", {{"key", "x"}, {"label", {{"tr", "X"}}}}), 400, "invalid", "label.en");
  CHECK(anonymous(s).get("/api/target-groups")["target_groups"].size() == 8);
  auto r = org.call("POST", "/api/target-groups", g);
  REQUIRE(r.status == 201);
  CHECK(r.body_json()["target_group"]["key"] == "refugees");
  refused(org.call("POST", "/api/target-groups", g), 409, "conflict", "key");
  CHECK(anonymous(s).get("/api/target-groups")["target_groups"].size() == 9);
  // The new group can be chosen for a fair.
  auto b = fair_body();
  b["target_groups"] = {"refugees"};
  create_fair(org, b);
}

TEST_CASE("registration link and QR code", "[fairs]") {
  server s;
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto org2 = as(s, create_organiser(s, "org2@example.org", "Org Two"));
  auto id = create_fair(org);
  auto path = "/api/fairs/" + std::to_string(id);

  // A draft: its organiser only.
  auto link = org.get(path + "/registration-link");
  CHECK(link["url"] == "http://127.0.0.1:" + std::to_string(s.port()) + "/#/join/" + std::to_string(id));
  refused(anonymous(s).call("GET", path + "/registration-link"), 404, "not_found");
  refused(org2.call("GET", path + "/qr.svg"), 404, "not_found");
  refused(anonymous(s).call("GET", path + "/qr.png"), 404, "not_found");
  CHECK(org.call("GET", path + "/qr.svg").status == 200);

  REQUIRE(org.call("POST", path + "/publish").status == 200);
  auto svg = anonymous(s).call("GET", path + "/qr.svg");
  REQUIRE(svg.status == 200);
  CHECK(svg.headers["content-type"] == "image/svg+xml");
  CHECK(svg.body.find("<svg") != std::string::npos);
  CHECK(svg.body.find("<script") == std::string::npos);
  auto png = anonymous(s).call("GET", path + "/qr.png");
  REQUIRE(png.status == 200);
  CHECK(png.headers["content-type"] == "image/png");
  CHECK(png.body.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  auto dl = anonymous(s).call("GET", path + "/qr.png?download=1");
  CHECK(dl.headers["content-disposition"].find("attachment") == 0);

  // A forged Host header never reaches a link.
  auto forged = http_call(s.port(), "GET", path + "/registration-link", "", {{"Host", "evil.example/x?"}});
  refused(forged, 400, "invalid", "Host");
  refused(anonymous(s).call("GET", "/api/fairs/99999/qr.svg"), 404, "not_found");
}

TEST_CASE("a configured public_url is the base of links", "[fairs]") {
  server s(env{{"FUAR_FAIRS_PUBLIC_URL", "https://fuar.example.org/"}});
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto id = create_fair(org);
  CHECK(org.get("/api/fairs/" + std::to_string(id) + "/registration-link")["url"] ==
        "https://fuar.example.org/#/join/" + std::to_string(id));
  auto r = org.call("POST", "/api/fairs/" + std::to_string(id) + "/invitations",
                    {{"firm_name", "Acme"}, {"email", "hr@acme.example"}});
  REQUIRE(r.status == 201);
  CHECK(r.body_json()["link"].get<std::string>().rfind("https://fuar.example.org/#/invite/", 0) == 0);
}

TEST_CASE("firm invitations: create, list, preview, accept with a new account, single use", "[fairs]") {
  server s;
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto org2 = as(s, create_organiser(s, "org2@example.org", "Org Two"));
  auto seeker_token = register_user(s, "ayse@example.org", "Ayşe");
  auto seeker = as(s, seeker_token);
  auto id = create_fair(org);
  auto path = "/api/fairs/" + std::to_string(id);
  REQUIRE(org.call("POST", path + "/publish").status == 200);

  // Refusals first: nothing is created by any of them.
  refused(org2.call("POST", path + "/invitations", {{"firm_name", "Acme"}, {"email", "hr@acme.example"}}), 403,
          "forbidden");
  refused(org.call("POST", path + "/invitations", {{"firm_name", ""}, {"email", "hr@acme.example"}}), 400, "invalid",
          "firm_name");
  refused(org.call("POST", path + "/invitations", {{"firm_name", "Acme"}, {"email", "not-an-email"}}), 400, "invalid",
          "email");
  refused(seeker.call("POST", path + "/invitations", {{"firm_name", "Acme"}, {"email", "hr@acme.example"}}), 403,
          "forbidden");
  CHECK(org.get(path + "/invitations")["invitations"].empty());
  refused(org2.call("GET", path + "/invitations"), 403, "forbidden");

  auto r = org.call("POST", path + "/invitations", {{"firm_name", "Acme Tekstil"}, {"email", "HR@Acme.example"}});
  REQUIRE(r.status == 201);
  auto created = r.body_json();
  auto token = token_of(created);
  CHECK(created["link"].get<std::string>().find("/#/invite/") != std::string::npos);
  CHECK(created["invitation"]["state"] == "pending");
  CHECK(created["invitation"]["email"] == "hr@acme.example");
  auto list = org.get(path + "/invitations")["invitations"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["firm_name"] == "Acme Tekstil");
  CHECK(list[0].dump().find(token) == std::string::npos);  // the token is shown once only
  bool counted = false;
  auto my_fairs = org.get("/api/organiser/fairs");
  for (auto& row : my_fairs["fairs"])
    if (row["fair"]["id"] == id) counted = row["pending_invitations"] == 1;
  CHECK(counted);

  // Preview: anyone with the token.
  auto pv = anonymous(s).call("POST", "/api/invitations/preview", {{"token", token}});
  REQUIRE(pv.status == 200);
  CHECK(pv.body_json()["kind"] == "firm");
  CHECK(pv.body_json()["firm_name"] == "Acme Tekstil");
  CHECK(pv.body_json()["fair"]["id"] == id);
  CHECK(pv.body_json()["state"] == "pending");
  refused(anonymous(s).call("POST", "/api/invitations/preview", {{"token", std::string(43, 'A')}}), 404, "not_found");
  refused(anonymous(s).call("POST", "/api/invitations/preview", {{"token", "bad token!"}}), 400, "invalid", "token");

  // Accept refusals: a jobseeker's session; missing fields; an email that exists.
  refused(seeker.call("POST", "/api/invitations/accept", {{"token", token}}), 403, "forbidden");
  refused(anonymous(s).call("POST", "/api/invitations/accept", {{"token", token}, {"email", "ali@acme.example"}, {"password", "long enough"}}),
          400, "invalid", "name");
  refused(anonymous(s).call("POST", "/api/invitations/accept",
                            {{"token", token}, {"name", "Ali"}, {"email", "ali@acme.example"}, {"password", "short"}}),
          400, "invalid", "password");
  refused(anonymous(s).call("POST", "/api/invitations/accept",
                            {{"token", token}, {"name", "Ali"}, {"email", "ayse@example.org"}, {"password", "long enough"}}),
          409, "conflict", "email");
  CHECK(org.get(path + "/invitations")["invitations"][0]["state"] == "pending");
  CHECK(anonymous(s).get(path)["booths"].empty());

  // Accept: a new employer account, signed in by cookie, owning the new booth.
  auto acc = anonymous(s).call("POST", "/api/invitations/accept",
                               {{"token", token}, {"name", "Ali"}, {"email", "Ali@Acme.example"}, {"password", "long enough"}});
  INFO(acc.body);
  REQUIRE(acc.status == 201);
  auto cookie = acc.headers["set-cookie"];
  CHECK(cookie.rfind("fuar_session=", 0) == 0);
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Lax") != std::string::npos);
  CHECK(cookie.find("Max-Age=") != std::string::npos);
  auto accepted = acc.body_json();
  CHECK(accepted["user"]["role"] == "employer");
  CHECK(accepted["user"]["email"] == "ali@acme.example");
  auto booth_id = accepted["booth_id"].get<std::int64_t>();
  CHECK(accepted["invitation"]["state"] == "accepted");
  CHECK(accepted["invitation"]["booth_id"] == booth_id);
  // The cookie is a working session.
  auto session = cookie.substr(0, cookie.find(';'));
  auto me = http_call(s.port(), "GET", "/api/me", "", {{"Cookie", session}});
  CHECK(me.body_json()["user"]["email"] == "ali@acme.example");
  auto booths = anonymous(s).get(path)["booths"];
  REQUIRE(booths.size() == 1);
  CHECK(booths[0]["name"] == "Acme Tekstil");
  auto members = as(s, accepted["token"].get<std::string>()).get("/api/booths/" + std::to_string(booth_id) + "/members")["members"];
  REQUIRE(members.size() == 1);
  CHECK(members[0]["member_role"] == "owner");

  // Single use: a second accept (even by a signed-in employer) is refused and changes nothing.
  refused(anonymous(s).call("POST", "/api/invitations/accept",
                            {{"token", token}, {"name", "Bob"}, {"email", "bob@acme.example"}, {"password", "long enough"}}),
          409, "conflict");
  refused(as(s, accepted["token"].get<std::string>()).call("POST", "/api/invitations/accept", {{"token", token}}), 409, "conflict");
  CHECK(anonymous(s).get(path)["booths"].size() == 1);
  CHECK(http_call(s.port(), "POST", "/api/auth/login", json{{"email", "bob@acme.example"}, {"password", "long enough"}}.dump(),
                  {{"X-Fuar-CSRF", "1"}}).status == 401);
  refused(org.call("DELETE", "/api/invitations/" + created["invitation"]["id"].dump()), 409, "conflict");
}

TEST_CASE("a signed-in employer accepts without a new account; revoked invitations are refused", "[fairs]") {
  server s;
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto org2 = as(s, create_organiser(s, "org2@example.org", "Org Two"));
  auto employer_token = login(s, s.demo_of("employer").email, s.demo_of("employer").password);
  auto employer = as(s, employer_token);
  auto id = create_fair(org);
  auto path = "/api/fairs/" + std::to_string(id);

  auto inv = org.call("POST", path + "/invitations", {{"firm_name", "Beta"}, {"email", "other@beta.example"}}).body_json();
  auto acc = employer.call("POST", "/api/invitations/accept", {{"token", token_of(inv)}});
  INFO(acc.body);
  REQUIRE(acc.status == 200);
  CHECK(acc.headers.count("set-cookie") == 0);
  CHECK(acc.body_json()["user"]["email"] == s.demo_of("employer").email);
  auto booth = acc.body_json()["booth_id"].get<std::int64_t>();
  CHECK(employer.get("/api/booths/" + std::to_string(booth) + "/members")["members"][0]["member_role"] == "owner");

  // Revoke: only the fair's organiser (others: 404); a revoked link is refused.
  auto inv2 = org.call("POST", path + "/invitations", {{"firm_name", "Gamma"}, {"email", "g@gamma.example"}}).body_json();
  auto inv2_path = "/api/invitations/" + inv2["invitation"]["id"].dump();
  refused(org2.call("DELETE", inv2_path), 404, "not_found");
  refused(employer.call("DELETE", inv2_path), 404, "not_found");
  refused(anonymous(s).call("DELETE", inv2_path), 401, "unauthorized");
  auto rv = org.call("DELETE", inv2_path);
  REQUIRE(rv.status == 200);
  CHECK(rv.body_json()["invitation"]["state"] == "revoked");
  refused(org.call("DELETE", inv2_path), 409, "conflict");
  auto r = anonymous(s).call("POST", "/api/invitations/accept",
                             {{"token", token_of(inv2)}, {"name", "G"}, {"email", "g@gamma.example"}, {"password", "long enough"}});
  refused(r, 409, "conflict");
  CHECK(r.body_json()["error"]["message"].get<std::string>().find("withdrawn") != std::string::npos);
  CHECK(anonymous(s).call("POST", "/api/invitations/preview", {{"token", token_of(inv2)}}).body_json()["state"] ==
        "revoked");
  refused(org.call("DELETE", "/api/invitations/99999"), 404, "not_found");
}

TEST_CASE("two concurrent accepts of one invitation: exactly one wins", "[fairs]") {
  server s;
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto id = create_fair(org);
  auto inv = org.call("POST", "/api/fairs/" + std::to_string(id) + "/invitations",
                      {{"firm_name", "Race"}, {"email", "race@example.org"}})
                 .body_json();
  auto token = token_of(inv);
  auto accept = [&](const std::string& email) {
    return anonymous(s).call("POST", "/api/invitations/accept",
                             {{"token", token}, {"name", "R"}, {"email", email}, {"password", "long enough"}});
  };
  auto a = std::async(std::launch::async, accept, "one@example.org");
  auto b = std::async(std::launch::async, accept, "two@example.org");
  auto ra = a.get(), rb = b.get();
  std::multiset<int> statuses{ra.status, rb.status};
  CHECK(statuses == std::multiset<int>{201, 409});
  CHECK(org.get("/api/fairs/" + std::to_string(id))["booths"].size() == 1);
  // The loser's account was not created either.
  auto loser = ra.status == 409 ? "one@example.org" : "two@example.org";
  CHECK(http_call(s.port(), "POST", "/api/auth/login", json{{"email", loser}, {"password", "long enough"}}.dump(),
                  {{"X-Fuar-CSRF", "1"}}).status == 401);
}

TEST_CASE("colleagues: the owner invites, lists and removes recruiters", "[fairs]") {
  server s;
  auto owner_acc = s.demo_of("employer");
  auto owner = as(s, login(s, owner_acc.email, owner_acc.password));
  auto booth = std::to_string(owner_acc.booth_id);
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto seeker = as(s, register_user(s, "ayse@example.org", "Ayşe"));
  // The other demo employer owns another booth.
  std::string other_email;
  for (auto& a : s.demo())
    if (a.role == "employer" && a.email != owner_acc.email) other_email = a.email + "\n" + a.password;
  REQUIRE_FALSE(other_email.empty());
  auto other = as(s, login(s, other_email.substr(0, other_email.find('\n')), other_email.substr(other_email.find('\n') + 1)));

  json body{{"email", "veli@example.org"}, {"name", "Veli"}};
  refused(other.call("POST", "/api/booths/" + booth + "/invitations", body), 403, "forbidden");
  refused(seeker.call("POST", "/api/booths/" + booth + "/invitations", body), 403, "forbidden");
  refused(owner.call("POST", "/api/booths/" + booth + "/invitations", {{"email", "veli@example.org"}}), 400, "invalid", "name");
  refused(owner.call("POST", "/api/booths/99999/invitations", body), 404, "not_found");

  auto r = owner.call("POST", "/api/booths/" + booth + "/invitations", body);
  REQUIRE(r.status == 201);
  auto inv = r.body_json();
  CHECK(inv["invitation"]["kind"] == "colleague");
  CHECK(inv["invitation"]["name"] == "Veli");
  auto team = owner.get("/api/booths/" + booth + "/members");
  CHECK(team["invitations"].size() == 1);

  auto pv = anonymous(s).call("POST", "/api/invitations/preview", {{"token", token_of(inv)}}).body_json();
  CHECK(pv["kind"] == "colleague");
  CHECK(pv["booth"]["id"] == owner_acc.booth_id);

  auto acc = anonymous(s).call("POST", "/api/invitations/accept",
                               {{"token", token_of(inv)}, {"name", "Veli"}, {"email", "veli@example.org"}, {"password", "long enough"}});
  REQUIRE(acc.status == 201);
  auto veli_id = acc.body_json()["user"]["id"].get<std::int64_t>();
  auto veli = as(s, acc.body_json()["token"].get<std::string>());
  team = owner.get("/api/booths/" + booth + "/members");
  CHECK(team["members"].size() == 2);
  CHECK(team["invitations"].empty());
  // Staff and organisers see the team; the recruiter does not see pending invitations.
  CHECK_FALSE(veli.get("/api/booths/" + booth + "/members").contains("invitations"));
  CHECK(org.get("/api/booths/" + booth + "/members")["members"].size() == 2);
  refused(seeker.call("GET", "/api/booths/" + booth + "/members"), 403, "forbidden");
  refused(other.call("GET", "/api/booths/" + booth + "/members"), 403, "forbidden");

  // Removal: owner only, recruiters only, never themselves.
  auto member_path = "/api/booths/" + booth + "/members/";
  refused(veli.call("DELETE", member_path + std::to_string(veli_id)), 403, "forbidden");
  refused(other.call("DELETE", member_path + std::to_string(veli_id)), 403, "forbidden");
  refused(veli.call("POST", "/api/booths/" + booth + "/invitations", body), 403, "forbidden");
  auto owner_id = owner.get("/api/me")["user"]["id"].get<std::int64_t>();
  refused(owner.call("DELETE", member_path + std::to_string(owner_id)), 409, "conflict");
  CHECK(owner.get("/api/booths/" + booth + "/members")["members"].size() == 2);
  CHECK(owner.call("DELETE", member_path + std::to_string(veli_id)).status == 204);
  refused(owner.call("DELETE", member_path + std::to_string(veli_id)), 404, "not_found");
  CHECK(owner.get("/api/booths/" + booth + "/members")["members"].size() == 1);

  // A colleague invitation is revoked by the booth's owner, not by the organiser.
  auto inv2 = owner.call("POST", "/api/booths/" + booth + "/invitations", body).body_json();
  auto inv2_path = "/api/invitations/" + inv2["invitation"]["id"].dump();
  refused(org.call("DELETE", inv2_path), 404, "not_found");
  CHECK(owner.call("DELETE", inv2_path).status == 200);
}

TEST_CASE("an expired invitation is refused", "[fairs]") {
  server s(env{{"FUAR_FAIRS_INVITATION_TTL_S", "2"}});
  auto org = as(s, login(s, s.demo_of("organiser").email, s.demo_of("organiser").password));
  auto id = create_fair(org);
  auto inv = org.call("POST", "/api/fairs/" + std::to_string(id) + "/invitations",
                      {{"firm_name", "Late"}, {"email", "late@example.org"}})
                 .body_json();
  CHECK(inv["invitation"]["expires_at"].get<std::int64_t>() - inv["invitation"]["created_at"].get<std::int64_t>() == 2);
  std::this_thread::sleep_for(3100ms);
  auto r = anonymous(s).call("POST", "/api/invitations/accept",
                             {{"token", token_of(inv)}, {"name", "L"}, {"email", "late@example.org"}, {"password", "long enough"}});
  refused(r, 409, "conflict");
  CHECK(r.body_json()["error"]["message"].get<std::string>().find("expired") != std::string::npos);
  CHECK(org.get("/api/fairs/" + std::to_string(id) + "/invitations")["invitations"][0]["state"] == "expired");
  CHECK(org.get("/api/fairs/" + std::to_string(id))["booths"].empty());
}
