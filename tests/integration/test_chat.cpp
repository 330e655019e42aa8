// Chat through the real server (protocol/ws/chat.md): private booth threads (persistence across a
// restart, paging, read state, typing, authorisation), the per-user message rate limit over
// public and private chat, reports, and the fair organiser's moderation (delete, mute, ban with
// close code 4200 and refusal on reconnect).
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "tests/integration/live.hpp"

using namespace fuar::test;

namespace {


std::string staff(std::int64_t booth) { return "staff:" + std::to_string(booth); }
std::string user_t(std::int64_t id) { return "user:" + std::to_string(id); }
std::string booth_t(std::int64_t id) { return "booth:" + std::to_string(id); }
std::string fair_t(std::int64_t id) { return "fair:" + std::to_string(id); }

// A second published fair (by organiser2) with one booth; returns {fair, booth}.
std::pair<std::int64_t, std::int64_t> second_fair(const server& s, const authz_world& w) {
  const auto& org2 = actor(w, "organiser2");
  auto now = unix_now();
  json fair{{"title", {{"tr", "İkinci Fuar"}, {"en", "Second Fair"}}},
            {"timezone", "Europe/Istanbul"},
            {"starts_at", now - 3600},
            {"ends_at", now + 86400}};
  auto r = http_call(s.port(), "POST", "/api/fairs", fair.dump(), bearer(org2.token));
  REQUIRE(r.status == 201);
  std::int64_t fair_id = r.body_json()["fair"]["id"];
  REQUIRE(http_call(s.port(), "POST", "/api/fairs/" + std::to_string(fair_id) + "/publish", "", bearer(org2.token)).status == 200);
  auto inv = http_call(s.port(), "POST", "/api/fairs/" + std::to_string(fair_id) + "/invitations",
                       json{{"firm_name", "Kuzey Lojistik"}, {"email", "kuzey@chat.test"}}.dump(), bearer(org2.token));
  REQUIRE(inv.status == 201);
  std::string link = inv.body_json()["link"];
  auto acc = http_call(s.port(), "POST", "/api/invitations/accept",
                       json{{"token", link.substr(link.rfind('/') + 1)}, {"name", "Kuzey HR"}, {"email", "kuzey@chat.test"},
                            {"password", "kuzey password"}}
                           .dump(),
                       {{"X-Fuar-CSRF", "1"}});
  REQUIRE((acc.status == 200 || acc.status == 201));
  return {fair_id, acc.body_json()["booth_id"].get<std::int64_t>()};
}

int thread_count(live& who, std::int64_t thread_id) {
  return int(who.ok("thread.history", {{"thread_id", thread_id}, {"limit", 100}})["messages"].size());
}

}  // namespace

TEST_CASE("private threads: persisted, paged, read state and typing pushed, invisible to others", "[chat][integration]") {
  std::string data_dir;
  std::int64_t thread_id = 0, last_id = 0;
  authz_world w;
  {
    server s(env{{"FUAR_CHAT_BURST", "100"}, {"FUAR_CHAT_MESSAGES_PER_MIN", "1000"}});
    s.keep_data();
    data_dir = s.data_dir();
    w = build_world(s);
    live ayse(s, actor(w, "jobseeker"), {user_t(actor(w, "jobseeker").user_id)});
    live owner(s, actor(w, "owner"), {staff(w.booth)});
    live recruiter(s, actor(w, "recruiter"));

    auto opened = ayse.ok("thread.open", {{"booth_id", w.booth}});
    CHECK(opened["created"] == true);
    thread_id = opened["thread"]["id"];
    auto again = ayse.ok("thread.open", {{"booth_id", w.booth}});
    CHECK(again["created"] == false);
    CHECK(again["thread"]["id"] == thread_id);
    CHECK(ayse.error("thread.open", {{"booth_id", 999999}})["code"] == "not_found");
    CHECK(owner.error("thread.open", {{"booth_id", w.booth}})["code"] == "forbidden");  // jobseekers only

    // The jobseeker writes; the staff topic gets it live, with the author.
    auto first = ayse.ok("thread.send", {{"thread_id", thread_id}, {"text", "  Merhaba, kaynakçı arıyor musunuz?  "}, {"nonce", "n-1"}});
    CHECK(first["message"]["text"] == "Merhaba, kaynakçı arıyor musunuz?");
    CHECK(first["message"]["side"] == "jobseeker");
    auto pushed = owner.push("thread.message");
    REQUIRE(pushed);
    CHECK((*pushed)["thread_id"] == thread_id);
    CHECK((*pushed)["message"]["id"] == first["message"]["id"]);
    CHECK((*pushed)["jobseeker"]["id"] == ayse.id);
    // A retry with the same nonce stores nothing new.
    auto retry = ayse.ok("thread.send", {{"thread_id", thread_id}, {"text", "Merhaba, kaynakçı arıyor musunuz?"}, {"nonce", "n-1"}});
    CHECK(retry["created"] == false);
    CHECK(retry["message"]["id"] == first["message"]["id"]);

    // Unread for the booth, then a recruiter (not the owner) answers: the thread shows who.
    auto listed = owner.ok("thread.list", {{"booth_id", w.booth}});
    REQUIRE(listed["threads"].size() == 1);
    CHECK(listed["threads"][0]["unread"] == 1);
    CHECK(listed["threads"][0]["jobseeker"]["id"] == ayse.id);
    CHECK(listed["side"] == "booth");
    auto reply = recruiter.ok("thread.send", {{"thread_id", thread_id}, {"text", "Evet, başvurabilirsiniz."}});
    CHECK(reply["message"]["side"] == "booth");
    CHECK(reply["message"]["author"]["id"] == recruiter.id);
    auto to_ayse = ayse.push("thread.message", [&](const json& d) { return d["message"]["id"] == reply["message"]["id"]; });
    REQUIRE(to_ayse);
    CHECK((*to_ayse)["message"]["author"]["role"] == "employer");
    // The recruiter's reply marked the booth side read up to it.
    CHECK(owner.ok("thread.list", {{"booth_id", w.booth}})["threads"][0]["unread"] == 0);
    auto mine = ayse.ok("thread.list");
    REQUIRE(mine["threads"].size() == 1);
    CHECK(mine["threads"][0]["unread"] == 1);
    CHECK(mine["threads"][0]["booth"]["id"] == w.booth);

    // Read state: the jobseeker reads; the staff topic hears it (ephemeral), the mark persists.
    auto read = ayse.ok("thread.read", {{"thread_id", thread_id}, {"message_id", reply["message"]["id"]}});
    CHECK(read["read"] == reply["message"]["id"]);
    auto read_push = owner.push("thread.read");
    REQUIRE(read_push);
    CHECK((*read_push)["side"] == "jobseeker");
    CHECK((*read_push)["message_id"] == reply["message"]["id"]);
    CHECK(ayse.ok("thread.list")["threads"][0]["unread"] == 0);
    // A mark never moves back.
    CHECK(ayse.ok("thread.read", {{"thread_id", thread_id}, {"message_id", first["message"]["id"]}})["read"] == reply["message"]["id"]);
    CHECK(ayse.error("thread.read", {{"thread_id", thread_id}, {"message_id", 999999}})["field"] == "data.message_id");

    // Typing reaches the other side only, throttled.
    CHECK(ayse.ok("thread.typing", {{"thread_id", thread_id}})["sent"] == true);
    auto typing = owner.push("thread.typing");
    REQUIRE(typing);
    CHECK((*typing)["side"] == "jobseeker");
    CHECK((*typing)["user"]["id"] == ayse.id);
    CHECK(ayse.ok("thread.typing", {{"thread_id", thread_id}})["sent"] == false);
    CHECK(owner.ok("thread.typing", {{"thread_id", thread_id}})["sent"] == true);
    auto typing_back = ayse.push("thread.typing");
    REQUIRE(typing_back);
    CHECK((*typing_back)["side"] == "booth");

    // Paging: 12 more messages (14 in all), pages of 5, oldest first within a page.
    for (int i = 0; i < 12; ++i) ayse.ok("thread.send", {{"thread_id", thread_id}, {"text", "mesaj " + std::to_string(i)}});
    auto page1 = ayse.ok("thread.history", {{"thread_id", thread_id}, {"limit", 5}});
    CHECK(page1["has_more"] == true);
    REQUIRE(page1["messages"].size() == 5);
    CHECK(page1["messages"][0]["text"] == "mesaj 7");
    CHECK(page1["messages"][4]["text"] == "mesaj 11");
    last_id = page1["messages"][4]["id"];
    auto page2 = ayse.ok("thread.history", {{"thread_id", thread_id}, {"limit", 5}, {"before", page1["messages"][0]["id"]}});
    REQUIRE(page2["messages"].size() == 5);
    CHECK(page2["messages"][4]["text"] == "mesaj 6");
    CHECK(page2["has_more"] == true);
    auto page3 = ayse.ok("thread.history", {{"thread_id", thread_id}, {"limit", 5}, {"before", page2["messages"][0]["id"]}});
    REQUIRE(page3["messages"].size() == 4);
    CHECK(page3["has_more"] == false);
    CHECK(page3["messages"][0]["text"] == "Merhaba, kaynakçı arıyor musunuz?");
    CHECK(page3["messages"][1]["author"]["id"] == recruiter.id);

    // Length limit and bad input change nothing.
    CHECK(ayse.error("thread.send", {{"thread_id", thread_id}, {"text", std::string(2001, 'a')}})["field"] == "data.text");
    CHECK(ayse.error("thread.send", {{"thread_id", thread_id}, {"text", "a\x01b"}})["field"] == "data.text");
    CHECK(ayse.error("thread.send", {{"thread_id", thread_id}, {"text", "   "}})["code"] == "invalid");
    CHECK(thread_count(ayse, thread_id) == 14);

    // Authorisation: another jobseeker and another booth's staff do not see the thread at all;
    // the fair's organiser reads it but cannot write; another organiser does not see it.
    live mehmet(s, actor(w, "jobseeker2"), {user_t(actor(w, "jobseeker2").user_id)});
    live owner2(s, actor(w, "owner2"), {staff(w.booth2)});
    live organiser(s, actor(w, "organiser"));
    live organiser2(s, actor(w, "organiser2"));
    for (live* who : {&mehmet, &owner2, &organiser2}) {
      CHECK(who->error("thread.history", {{"thread_id", thread_id}})["code"] == "not_found");
      CHECK(who->error("thread.send", {{"thread_id", thread_id}, {"text", "sızma"}})["code"] == "not_found");
      CHECK(who->error("thread.read", {{"thread_id", thread_id}, {"message_id", last_id}})["code"] == "not_found");
      CHECK(who->error("thread.typing", {{"thread_id", thread_id}})["code"] == "not_found");
    }
    CHECK(owner2.error("thread.list", {{"booth_id", w.booth}})["code"] == "not_found");
    CHECK(organiser2.error("thread.list", {{"booth_id", w.booth}})["code"] == "not_found");
    CHECK(mehmet.ok("thread.list")["threads"].empty());
    CHECK(thread_count(organiser, thread_id) == 14);
    CHECK(organiser.ok("thread.list", {{"booth_id", w.booth}})["side"] == "moderator");
    CHECK(organiser.error("thread.send", {{"thread_id", thread_id}, {"text", "organiser"}})["code"] == "forbidden");
    CHECK(thread_count(ayse, thread_id) == 14);
    CHECK(owner.error("thread.list")["field"] == "data.booth_id");
    // Nothing leaked to the other jobseeker's or the other booth's topics.
    CHECK_FALSE(mehmet.push("thread.message", {}, 300ms));
    CHECK_FALSE(owner2.push("thread.message", {}, 300ms));
  }
  // After a restart the thread, its messages and its read marks are still there.
  server s2(env{}, data_dir);
  live ayse(s2, actor(w, "jobseeker"));
  auto h = ayse.ok("thread.history", {{"thread_id", thread_id}, {"limit", 100}});
  CHECK(h["messages"].size() == 14);
  CHECK(h["messages"][13]["id"] == last_id);
  CHECK(h["thread"]["read"]["jobseeker"].get<std::int64_t>() > 0);
}

TEST_CASE("chat rate limit: per user over public and private chat, with retry_after", "[chat][integration]") {
  server s(env{{"FUAR_CHAT_BURST", "3"}, {"FUAR_CHAT_MESSAGES_PER_MIN", "6"}});
  auto w = build_world(s);
  live ayse(s, actor(w, "jobseeker"));
  live mehmet(s, actor(w, "jobseeker2"));
  auto thread_id = ayse.ok("thread.open", {{"booth_id", w.booth}})["thread"]["id"];
  ayse.ok("chat.send", {{"booth_id", w.booth}, {"text", "bir"}});
  ayse.ok("thread.send", {{"thread_id", thread_id}, {"text", "iki"}});
  ayse.ok("chat.send", {{"booth_id", w.booth2}, {"text", "üç"}});
  // The burst of 3 is spent across both kinds: the 4th is refused, in either kind.
  auto e = ayse.error("chat.send", {{"booth_id", w.booth}, {"text", "dört"}});
  CHECK(e["code"] == "rate_limited");
  CHECK(e["retry_after"].get<int>() >= 1);
  CHECK(e["retry_after"].get<int>() <= 10);  // 6 a minute: one every 10 s
  CHECK(e["message"].get<std::string>().find("too fast") != std::string::npos);
  auto e2 = ayse.error("thread.send", {{"thread_id", thread_id}, {"text", "dört"}});
  CHECK(e2["code"] == "rate_limited");
  CHECK(e2["retry_after"].get<int>() >= 1);
  // Nothing was stored by the refused sends.
  CHECK(ayse.ok("chat.history", {{"booth_id", w.booth}})["messages"].size() == 1);
  CHECK(thread_count(ayse, thread_id) == 1);
  // Per user: another jobseeker is not affected.
  mehmet.ok("chat.send", {{"booth_id", w.booth}, {"text", "ben de"}});
  // The length limit holds for public chat too.
  CHECK(mehmet.error("chat.send", {{"booth_id", w.booth}, {"text", std::string(2001, 'x')}})["field"] == "data.text");
  // After retry_after seconds a token is back.
  std::this_thread::sleep_for(std::chrono::seconds(e2["retry_after"].get<int>()));
  ayse.ok("chat.send", {{"booth_id", w.booth}, {"text", "beş"}});
}

TEST_CASE("reports and moderation: report, delete with pushes, mute and unmute, log", "[chat][integration]") {
  server s(env{{"FUAR_CHAT_BURST", "100"}, {"FUAR_CHAT_MESSAGES_PER_MIN", "1000"}});
  auto w = build_world(s);
  live ayse(s, actor(w, "jobseeker"), {booth_t(w.booth), user_t(actor(w, "jobseeker").user_id)});
  live mehmet(s, actor(w, "jobseeker2"), {booth_t(w.booth)});
  live owner(s, actor(w, "owner"), {staff(w.booth), booth_t(w.booth)});
  live organiser(s, actor(w, "organiser"));
  live organiser2(s, actor(w, "organiser2"));

  auto bad = mehmet.ok("chat.send", {{"booth_id", w.booth}, {"text", "kaba bir mesaj"}})["message"];
  auto fine = mehmet.ok("chat.send", {{"booth_id", w.booth}, {"text", "normal bir soru"}})["message"];
  std::int64_t thread_id = ayse.ok("thread.open", {{"booth_id", w.booth}})["thread"]["id"];
  auto tmsg = owner.ok("thread.send", {{"thread_id", thread_id}, {"text", "uygunsuz yanıt"}})["message"];

  // Reports: anyone who can read the message, once; not the author; not unreadable messages.
  CHECK(ayse.ok("chat.report", {{"kind", "public"}, {"message_id", bad["id"]}, {"reason", "hakaret"}})["reported"] == true);
  CHECK(ayse.error("chat.report", {{"kind", "public"}, {"message_id", bad["id"]}, {"reason", "yine"}})["code"] == "conflict");
  CHECK(mehmet.error("chat.report", {{"kind", "public"}, {"message_id", bad["id"]}, {"reason", "kendim"}})["field"] == "data.message_id");
  CHECK(ayse.ok("chat.report", {{"kind", "thread"}, {"message_id", tmsg["id"]}, {"reason", "uygunsuz"}})["reported"] == true);
  CHECK(mehmet.error("chat.report", {{"kind", "thread"}, {"message_id", tmsg["id"]}, {"reason", "merak"}})["code"] == "not_found");
  CHECK(ayse.error("chat.report", {{"kind", "other"}, {"message_id", bad["id"]}, {"reason", "x"}})["field"] == "data.kind");
  CHECK(ayse.error("chat.report", {{"kind", "public"}, {"message_id", 999999}, {"reason", "x"}})["code"] == "not_found");

  // The organiser of the fair sees them; another organiser may not.
  auto reports = organiser.ok("chat.reports", {{"fair_id", w.fair}})["reports"];
  REQUIRE(reports.size() == 2);
  CHECK(reports[1]["kind"] == "public");
  CHECK(reports[1]["text"] == "kaba bir mesaj");
  CHECK(reports[1]["author"]["id"] == mehmet.id);
  CHECK(reports[1]["reporter"]["id"] == ayse.id);
  CHECK(reports[1]["status"] == "open");
  CHECK(reports[0]["kind"] == "thread");
  CHECK(organiser2.error("chat.reports", {{"fair_id", w.fair}})["code"] == "forbidden");
  CHECK(organiser2.error("chat.delete", {{"kind", "public"}, {"message_id", bad["id"]}})["code"] == "forbidden");
  CHECK(mehmet.error("chat.reports", {{"fair_id", w.fair}})["code"] == "forbidden");

  // Delete a public message: history stops returning it, booth subscribers get chat.deleted.
  organiser.ok("chat.delete", {{"kind", "public"}, {"message_id", bad["id"]}, {"reason", "hakaret"}});
  auto gone = ayse.push("chat.deleted");
  REQUIRE(gone);
  CHECK((*gone)["message_id"] == bad["id"]);
  CHECK((*gone)["booth_id"] == w.booth);
  auto hist = ayse.ok("chat.history", {{"booth_id", w.booth}})["messages"];
  REQUIRE(hist.size() == 1);
  CHECK(hist[0]["id"] == fine["id"]);
  CHECK(organiser.error("chat.delete", {{"kind", "public"}, {"message_id", bad["id"]}})["code"] == "not_found");
  // The deletion has an offset: a client that was away replays it on resubscribe with `since`.
  live late(s, actor(w, "recruiter"));
  auto top = late.ok("subscribe", {{"topic", booth_t(w.booth)}});
  late.ok("unsubscribe", {{"topic", booth_t(w.booth)}});
  auto sub = late.ok("subscribe", {{"topic", booth_t(w.booth)},
                                   {"since", {{"epoch", top["epoch"]}, {"offset", top["offset"].get<std::int64_t>() - 1}}}});
  CHECK(sub["recovered"] == true);
  REQUIRE(sub["publications"].size() == 1);
  CHECK(sub["publications"][0]["event"] == "chat.deleted");
  CHECK(sub["publications"][0]["data"]["message_id"] == bad["id"]);

  // Delete a thread message: both sides hear it; its history no longer has it.
  organiser.ok("chat.delete", {{"kind", "thread"}, {"message_id", tmsg["id"]}});
  auto tgone = ayse.push("thread.deleted");
  REQUIRE(tgone);
  CHECK((*tgone)["message_id"] == tmsg["id"]);
  REQUIRE(owner.push("thread.deleted"));
  CHECK(thread_count(ayse, thread_id) == 0);
  reports = organiser.ok("chat.reports", {{"fair_id", w.fair}, {"status", "deleted"}})["reports"];
  CHECK(reports.size() == 2);
  CHECK(organiser.ok("chat.reports", {{"fair_id", w.fair}, {"status", "open"}})["reports"].empty());

  // Dismiss: a fresh report, dismissed once.
  ayse.ok("chat.report", {{"kind", "public"}, {"message_id", fine["id"]}, {"reason", "emin değilim"}});
  auto open_reports = organiser.ok("chat.reports", {{"fair_id", w.fair}, {"status", "open"}})["reports"];
  REQUIRE(open_reports.size() == 1);
  organiser.ok("chat.dismiss", {{"report_id", open_reports[0]["id"]}});
  CHECK(organiser.error("chat.dismiss", {{"report_id", open_reports[0]["id"]}})["code"] == "conflict");

  // Mute: refused in public chat and threads with the time left, then allowed after lifting.
  CHECK(organiser.error("chat.mute", {{"fair_id", w.fair}, {"user_id", actor(w, "organiser2").user_id}, {"minutes", 5}})["field"] == "data.user_id");
  CHECK(organiser.error("chat.mute", {{"fair_id", w.fair}, {"user_id", mehmet.id}, {"minutes", 0}})["field"] == "data.minutes");
  auto muted = organiser.ok("chat.mute", {{"fair_id", w.fair}, {"user_id", mehmet.id}, {"minutes", 30}, {"reason", "spam"}});
  CHECK(muted["mute"]["until"].get<std::int64_t>() >= unix_now() + 29 * 60);
  auto m1 = mehmet.error("chat.send", {{"booth_id", w.booth}, {"text", "sessiz miyim?"}});
  CHECK(m1["code"] == "forbidden");
  CHECK(m1["message"].get<std::string>().find("muted") != std::string::npos);
  CHECK(m1["retry_after"].get<int>() > 29 * 60);
  std::int64_t mthread = mehmet.ok("thread.open", {{"booth_id", w.booth}})["thread"]["id"];
  CHECK(mehmet.error("thread.send", {{"thread_id", mthread}, {"text", "özel"}})["code"] == "forbidden");
  CHECK(ayse.ok("chat.history", {{"booth_id", w.booth}})["messages"].size() == 1);
  auto mod = organiser.ok("chat.moderation", {{"fair_id", w.fair}});
  REQUIRE(mod["mutes"].size() == 1);
  CHECK(mod["mutes"][0]["user"]["id"] == mehmet.id);
  organiser.ok("chat.unmute", {{"fair_id", w.fair}, {"user_id", mehmet.id}});
  CHECK(organiser.error("chat.unmute", {{"fair_id", w.fair}, {"user_id", mehmet.id}})["code"] == "not_found");
  mehmet.ok("chat.send", {{"booth_id", w.booth}, {"text", "teşekkürler"}});
  mehmet.ok("thread.send", {{"thread_id", mthread}, {"text", "özel soru"}});

  // The log: who did what, newest first.
  auto log = organiser.ok("chat.moderation", {{"fair_id", w.fair}})["log"];
  std::vector<std::string> actions;
  for (const auto& e : log) {
    actions.push_back(e["action"]);
    CHECK(e["actor"]["id"] == actor(w, "organiser").user_id);
  }
  CHECK(actions == std::vector<std::string>{"unmute", "mute", "dismiss", "delete", "delete"});
  CHECK(log[1]["target"]["id"] == mehmet.id);
  CHECK(log[1]["detail"] == "spam");
}

TEST_CASE("ban: sockets closed with 4200, refused on reconnect in that fair only, until lifted", "[chat][integration]") {
  server s;
  auto w = build_world(s);
  auto [fair2, booth2] = second_fair(s, w);
  const auto& m = actor(w, "jobseeker2");
  live organiser(s, actor(w, "organiser"));
  live organiser2(s, actor(w, "organiser2"));
  // Warm the shards' public-topic caches with other users' subscriptions (the fast path).
  std::vector<std::unique_ptr<live>> warm;
  for (int i = 0; i < 4; ++i)
    warm.push_back(std::make_unique<live>(s, actor(w, "jobseeker"), std::vector<std::string>{fair_t(w.fair), booth_t(w.booth)}));
  auto mehmet1 = std::make_unique<live>(s, m, std::vector<std::string>{fair_t(w.fair), booth_t(w.booth)});
  auto mehmet2 = std::make_unique<live>(s, m);
  std::int64_t thread_id = mehmet1->ok("thread.open", {{"booth_id", w.booth}})["thread"]["id"];

  CHECK(organiser2.error("chat.ban", {{"fair_id", w.fair}, {"user_id", m.user_id}, {"reason", "spam"}})["code"] == "forbidden");
  CHECK(organiser.error("chat.ban", {{"fair_id", w.fair}, {"user_id", m.user_id}, {"reason", "   "}})["field"] == "data.reason");
  organiser.ok("chat.ban", {{"fair_id", w.fair}, {"user_id", m.user_id}, {"reason", "tekrarlanan taciz"}});
  CHECK(mehmet1->ws.wait_close().code == 4200);
  CHECK(mehmet2->ws.wait_close().code == 4200);
  CHECK(organiser.error("chat.ban", {{"fair_id", w.fair}, {"user_id", m.user_id}, {"reason", "again"}})["code"] == "conflict");

  // Reconnect (several sockets, so some land on the warmed shards): that fair is closed to them.
  for (int i = 0; i < 4; ++i) {
    live again(s, m);
    for (const auto& t : {fair_t(w.fair), booth_t(w.booth), booth_t(w.booth2)}) {
      auto e = again.error("subscribe", {{"topic", t}});
      CHECK(e["code"] == "forbidden");
      CHECK(e["message"].get<std::string>().find("banned") != std::string::npos);
    }
    CHECK(again.error("chat.send", {{"booth_id", w.booth}, {"text", "geri döndüm"}})["code"] == "forbidden");
    CHECK(again.error("chat.history", {{"booth_id", w.booth}})["code"] == "forbidden");
    CHECK(again.error("thread.open", {{"booth_id", w.booth}})["code"] == "forbidden");
    CHECK(again.error("thread.send", {{"thread_id", thread_id}, {"text", "merhaba"}})["code"] == "forbidden");
    // Other fairs are still fine.
    again.ok("subscribe", {{"topic", fair_t(fair2)}});
    again.ok("subscribe", {{"topic", booth_t(booth2)}});
    if (i == 0) again.ok("chat.send", {{"booth_id", booth2}, {"text", "başka fuar"}});
  }
  auto mod = organiser.ok("chat.moderation", {{"fair_id", w.fair}});
  REQUIRE(mod["bans"].size() == 1);
  CHECK(mod["bans"][0]["reason"] == "tekrarlanan taciz");
  CHECK(mod["log"][0]["action"] == "ban");

  // Lifted: welcome back.
  organiser.ok("chat.unban", {{"fair_id", w.fair}, {"user_id", m.user_id}});
  live back(s, m);
  back.ok("subscribe", {{"topic", fair_t(w.fair)}});
  back.ok("subscribe", {{"topic", booth_t(w.booth)}});
  back.ok("chat.send", {{"booth_id", w.booth}, {"text", "özür dilerim"}});
}
