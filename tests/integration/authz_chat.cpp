// Authorisation-matrix probes for the chat capability (authz.hpp): one per WebSocket command of
// server/chat. Fixtures made here through the real API: a thread of "jobseeker" at `booth` with
// one message from each side, a public message by "jobseeker" at `booth`, and a report of it by
// "jobseeker2".
#include "tests/integration/authz.hpp"

#include <stdexcept>

#include "tests/integration/harness.hpp"

namespace fuar::test {

std::vector<authz_probe> chat_probes(const authz_world& w) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  auto who = [&](const std::string& name) -> const authz_actor& {
    for (const auto& a : w.actors)
      if (a.name == name) return a;
    throw std::runtime_error("no actor " + name);
  };
  auto must = [](ws_client& ws, const std::string& type, const json& data) {
    auto r = ws.command(type, data);
    if (r["ok"] != true) throw std::runtime_error("chat probes: " + type + " failed: " + r.dump());
    return r["data"];
  };
  ws_client js(w.port, {{"Authorization", "Bearer " + who("jobseeker").token}});
  ws_client owner(w.port, {{"Authorization", "Bearer " + who("owner").token}});
  ws_client js2(w.port, {{"Authorization", "Bearer " + who("jobseeker2").token}});
  ws_client org(w.port, {{"Authorization", "Bearer " + who("organiser").token}});
  if (!js.is_open() || !owner.is_open() || !js2.is_open() || !org.is_open())
    throw std::runtime_error("chat probes: cannot connect");
  std::int64_t thread = must(js, "thread.open", {{"booth_id", w.booth}})["thread"]["id"];
  std::int64_t asked = must(js, "thread.send", {{"thread_id", thread}, {"text", "Staj var mı?"}})["message"]["id"];
  std::int64_t answered = must(owner, "thread.send", {{"thread_id", thread}, {"text", "Evet."}})["message"]["id"];
  std::int64_t pub = must(js, "chat.send", {{"booth_id", w.booth}, {"text", "Herkese merhaba"}})["message"]["id"];
  must(js2, "chat.report", {{"kind", "public"}, {"message_id", pub}, {"reason", "deneme"}});
  auto reports = must(org, "chat.reports", {{"fair_id", w.fair}})["reports"];
  if (reports.empty()) throw std::runtime_error("chat probes: no report");
  std::int64_t report = reports[0]["id"];

  const std::string on_thread = "{\"thread_id\":" + id(thread) + "}";
  const std::string on_fair = "{\"fair_id\":" + id(w.fair) + "}";
  const std::string on_user = "{\"fair_id\":" + id(w.fair) + ",\"user_id\":" + id(who("jobseeker2").user_id) + "}";
  const std::vector<std::string> signed_in = {"organiser", "organiser2", "owner",     "owner2",
                                              "recruiter", "jobseeker",  "jobseeker2"};
  const std::vector<std::string> thread_sides = {"jobseeker", "owner", "recruiter"};
  return {
      // Jobseekers only (role).
      {"ws thread.open", "WS", "thread.open", "{\"booth_id\":" + id(w.booth) + "}", {"jobseeker", "jobseeker2"}},
      // Staff of another booth and another fair's organiser: 404.
      {"ws thread.list", "WS", "thread.list", "{\"booth_id\":" + id(w.booth) + "}",
       {"jobseeker", "jobseeker2", "owner", "recruiter", "organiser"}},
      // The fair's organiser reads but may not write (403); everyone else: 404.
      {"ws thread.send", "WS", "thread.send", "{\"thread_id\":" + id(thread) + ",\"text\":\"Merhaba\"}", thread_sides},
      {"ws thread.history", "WS", "thread.history", on_thread, {"jobseeker", "owner", "recruiter", "organiser"}},
      {"ws thread.read", "WS", "thread.read", "{\"thread_id\":" + id(thread) + ",\"message_id\":" + id(answered) + "}",
       thread_sides},
      {"ws thread.typing", "WS", "thread.typing", on_thread, thread_sides},
      // Reporting a thread message: only who can read it (others 404); its author is "owner".
      {"ws chat.report", "WS", "chat.report",
       "{\"kind\":\"thread\",\"message_id\":" + id(asked) + ",\"reason\":\"uygunsuz\"}",
       {"jobseeker", "owner", "recruiter", "organiser"}},
      // Moderation: the organiser who created the fair (organiser2: 403; other roles: 403).
      {"ws chat.reports", "WS", "chat.reports", on_fair, {"organiser"}},
      {"ws chat.delete", "WS", "chat.delete", "{\"kind\":\"public\",\"message_id\":" + id(pub) + "}", {"organiser"}},
      {"ws chat.dismiss", "WS", "chat.dismiss", "{\"report_id\":" + id(report) + "}", {"organiser"}},
      {"ws chat.mute", "WS", "chat.mute",
       "{\"fair_id\":" + id(w.fair) + ",\"user_id\":" + id(who("jobseeker2").user_id) + ",\"minutes\":10}", {"organiser"}},
      {"ws chat.unmute", "WS", "chat.unmute", on_user, {"organiser"}},
      {"ws chat.ban", "WS", "chat.ban",
       "{\"fair_id\":" + id(w.fair) + ",\"user_id\":" + id(who("jobseeker2").user_id) + ",\"reason\":\"spam\"}",
       {"organiser"}},
      {"ws chat.unban", "WS", "chat.unban", on_user, {"organiser"}},
      {"ws chat.moderation", "WS", "chat.moderation", on_fair, {"organiser"}},
  };
}

}  // namespace fuar::test
