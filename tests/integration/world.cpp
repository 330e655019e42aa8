// build_world: one populated fair made through the real HTTP API (world.hpp).
#include "tests/integration/world.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "tests/integration/pdf_fixture.hpp"

namespace fuar::test {

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Calls the API as `token` (or anonymously with the CSRF header) and insists on a 2xx reply.
json must(const server& s, const std::string& token, const std::string& method, const std::string& target,
          const std::string& body = {}) {
  auto headers = token.empty() ? std::map<std::string, std::string>{{"X-Fuar-CSRF", "1"}} : bearer(token);
  auto r = http_call(s.port(), method, target, body, headers);
  if (r.status < 200 || r.status > 299)
    throw std::runtime_error("world: " + method + " " + target + " -> " + std::to_string(r.status) + " " + r.body);
  return r.status == 204 ? json::object() : r.body_json();
}

std::string token_of_link(const std::string& link) {
  auto at = link.rfind('/');
  if (at == std::string::npos) throw std::runtime_error("world: no token in link " + link);
  return link.substr(at + 1);
}

std::int64_t user_id(const server& s, const std::string& token) {
  return must(s, token, "GET", "/api/me")["user"]["id"].get<std::int64_t>();
}

}  // namespace

const authz_actor& actor(const authz_world& w, const std::string& name) {
  for (const auto& a : w.actors)
    if (a.name == name) return a;
  throw std::runtime_error("world: no actor " + name);
}

authz_world build_world(const server& s) {
  authz_world w;
  w.port = s.port();
  const std::string password = "world password";

  auto organiser = create_organiser(s, "org1@world.test", "Organiser One");
  auto organiser2 = create_organiser(s, "org2@world.test", "Organiser Two");

  auto now = unix_now();
  json fair{{"title", {{"tr", "Dünya Fuarı"}, {"en", "World Fair"}}},
            {"timezone", "Europe/Istanbul"},
            {"starts_at", now - 3600},
            {"ends_at", now + 86400}};
  w.fair = must(s, organiser, "POST", "/api/fairs", fair.dump())["fair"]["id"];
  must(s, organiser, "POST", "/api/fairs/" + std::to_string(w.fair) + "/publish");
  fair["title"]["en"] = "Draft Fair";
  w.draft_fair = must(s, organiser, "POST", "/api/fairs", fair.dump())["fair"]["id"];

  // Firms: each invitation accepted by a new employer account, which becomes the booth's owner.
  const auto invitations = "/api/fairs/" + std::to_string(w.fair) + "/invitations";
  auto firm = [&](const std::string& name, const std::string& email, std::int64_t& booth) {
    auto inv = must(s, organiser, "POST", invitations, json{{"firm_name", name}, {"email", email}}.dump());
    auto accepted = must(s, "", "POST", "/api/invitations/accept",
                         json{{"token", token_of_link(inv["link"])}, {"name", name + " HR"}, {"email", email},
                              {"password", password}}
                             .dump());
    booth = accepted["booth_id"];
    return accepted["token"].get<std::string>();
  };
  auto owner = firm("Demir Çelik", "owner@world.test", w.booth);
  auto owner2 = firm("Ege Tekstil", "owner2@world.test", w.booth2);
  auto pending = must(s, organiser, "POST", invitations, json{{"firm_name", "Later Ltd"}, {"email", "later@world.test"}}.dump());
  w.invitation = pending["invitation"]["id"];
  w.invitation_token = token_of_link(pending["link"]);

  const auto colleagues = "/api/booths/" + std::to_string(w.booth) + "/invitations";
  auto col = must(s, owner, "POST", colleagues, json{{"email", "recruiter@world.test"}, {"name", "Rana Recruiter"}}.dump());
  auto recruiter = must(s, "", "POST", "/api/invitations/accept",
                        json{{"token", token_of_link(col["link"])}, {"name", "Rana Recruiter"},
                             {"email", "recruiter@world.test"}, {"password", password}}
                            .dump())["token"]
                       .get<std::string>();
  w.colleague_invitation =
      must(s, owner, "POST", colleagues, json{{"email", "later2@world.test"}, {"name", "Later"}}.dump())["invitation"]["id"];

  w.job = must(s, owner, "POST", "/api/booths/" + std::to_string(w.booth) + "/jobs",
               json{{"title", "MIG-MAG welder"}}.dump())["job"]["id"];
  w.job2 = must(s, owner2, "POST", "/api/booths/" + std::to_string(w.booth2) + "/jobs",
                json{{"title", "Sewing machinist"}}.dump())["job"]["id"];

  auto jobseeker = register_user(s, "js1@world.test", "Ayşe Yılmaz", password);
  auto jobseeker2 = register_user(s, "js2@world.test", "Mehmet Kaya", password);
  for (const auto& t : {jobseeker, jobseeker2}) must(s, t, "POST", "/api/fairs/" + std::to_string(w.fair) + "/registration");
  w.cv = must(s, jobseeker, "POST", "/api/me/cvs?name=cv.pdf", make_pdf({"Kaynakci MIG-MAG welder"}))["cv"]["id"];
  w.cv2 = must(s, jobseeker2, "POST", "/api/me/cvs?name=cv.pdf", make_pdf({"Sewing machinist"}))["cv"]["id"];
  // Wait for both extractions, so no background write lands while the matrix compares digests.
  for (const auto& t : {jobseeker, jobseeker2}) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      bool pending_text = false;
      auto mine = must(s, t, "GET", "/api/me/cvs");  // kept: a range-for over a temporary's member dangles
      for (const auto& cv : mine["cvs"]) pending_text |= cv["text_status"] == "pending";
      if (!pending_text) break;
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("world: CV text extraction did not finish");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  w.application = must(s, jobseeker, "POST", "/api/jobs/" + std::to_string(w.job) + "/applications",
                       json{{"cv_id", w.cv}, {"note", "I have five years of experience."}}.dump())["application"]["id"];

  w.actors = {{"anonymous", "", 0},
              {"organiser", organiser, user_id(s, organiser)},
              {"organiser2", organiser2, user_id(s, organiser2)},
              {"owner", owner, user_id(s, owner)},
              {"owner2", owner2, user_id(s, owner2)},
              {"recruiter", recruiter, user_id(s, recruiter)},
              {"jobseeker", jobseeker, user_id(s, jobseeker)},
              {"jobseeker2", jobseeker2, user_id(s, jobseeker2)}};
  return w;
}

}  // namespace fuar::test
