// Unit tests for the chat capability: the per-user token bucket, the node's ban set, message
// texts, and the chat store (threads, unread counts and read marks, nonce dedupe, reports,
// deletion, mutes, bans, the moderation log, account deletion) on a temporary SQLite database.
#include "server/chat/guard.hpp"

#include <catch2/catch.hpp>

#include "server/store/chat_store.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace {

using namespace fuar;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_chat_test_") {}
};

struct world {
  temp_dir dir;
  std::unique_ptr<store::store> st;
  std::int64_t fair = 0, fair2 = 0, booth = 0, booth2 = 0, ayse = 0, mehmet = 0, rec = 0, org = 0;

  world() {
    st = store::open({.sqlite_path = dir.db()});
    store::fair f;
    f.title_en = "Fair";
    f.timezone = "Europe/Istanbul";
    f.starts_at = 1767225600;
    f.ends_at = f.starts_at + 86400;
    f.status = "published";
    fair = st->fairs().create_fair(f, {}, f.created_at);
    fair2 = st->fairs().create_fair(f, {}, f.created_at);
    booth = st->booths().create_booth(store::booth{0, fair, "Demir Çelik", "metal", "İzmir", ""});
    booth2 = st->booths().create_booth(store::booth{0, fair2, "Other", "food", "Ankara", ""});
    ayse = st->create_user("ayse@example.org", "Ayşe", store::role::jobseeker, "x")->id;
    mehmet = st->create_user("mehmet@example.org", "Mehmet", store::role::jobseeker, "x")->id;
    rec = st->create_user("rec@example.org", "Rec", store::role::employer, "x")->id;
    org = st->create_user("org@example.org", "Org", store::role::organiser, "x")->id;
    st->booths().add_booth_member(booth, rec, "owner");
  }
  store::chat_store& chat() { return st->chat(); }
};

}  // namespace

TEST_CASE("rate limiter: a burst, then the rate, with the wait until the next token", "[chat][unit]") {
  chat::rate_limiter l;
  const std::int64_t t0 = 1'000'000;
  // 6 a minute (one per 10 s), burst 3.
  CHECK_FALSE(l.take(1, 6, 3, t0));
  CHECK_FALSE(l.take(1, 6, 3, t0));
  CHECK_FALSE(l.take(1, 6, 3, t0));
  auto wait = l.take(1, 6, 3, t0);
  REQUIRE(wait);
  CHECK(*wait == 10);
  // Another user has their own bucket.
  CHECK_FALSE(l.take(2, 6, 3, t0));
  // 4 s later: still 6 s to go (rounded up to whole seconds).
  auto later = l.take(1, 6, 3, t0 + 4000);
  REQUIRE(later);
  CHECK(*later == 6);
  // 10 s after the start one token is back, and only one.
  CHECK_FALSE(l.take(1, 6, 3, t0 + 10000));
  CHECK(l.take(1, 6, 3, t0 + 10000));
  // Never more than the burst, however long the pause.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(l.take(1, 6, 3, t0 + 10'000'000));
  CHECK(l.take(1, 6, 3, t0 + 10'000'000));
  // A refused take never returns less than one second.
  chat::rate_limiter fast;
  CHECK_FALSE(fast.take(1, 100000, 1, t0));
  auto w = fast.take(1, 100000, 1, t0);
  REQUIRE(w);
  CHECK(*w == 1);
}

TEST_CASE("rate limiter: full buckets are pruned so the map stays small", "[chat][unit]") {
  chat::rate_limiter l;
  for (std::int64_t u = 1; u <= 1000; ++u) l.take(u, 60, 5, 0);
  CHECK(l.size() == 1000);
  l.take(5000, 60, 5, 120'000);  // two minutes later every bucket is full again
  CHECK(l.size() == 1);
}

TEST_CASE("ban set and duration texts", "[chat][unit]") {
  chat::ban_set b;
  CHECK_FALSE(b.contains(7));
  b.add(7);
  CHECK(b.contains(7));
  b.replace({8, 9});
  CHECK_FALSE(b.contains(7));
  CHECK(b.contains(9));
  CHECK(chat::duration_text(1) == "1 second");
  CHECK(chat::duration_text(45) == "45 seconds");
  CHECK(chat::duration_text(60) == "1 minute");
  CHECK(chat::duration_text(61) == "2 minutes");
}

TEST_CASE("chat store: threads, unread counts per side, read marks forward only, nonce dedupe", "[chat][unit]") {
  world w;
  bool created = false;
  auto t = w.chat().open_thread(w.booth, w.ayse, 100, created);
  CHECK(created);
  auto again = w.chat().open_thread(w.booth, w.ayse, 200, created);
  CHECK_FALSE(created);
  CHECK(again.id == t.id);
  CHECK(again.created_at == 100);
  CHECK(t.fair_id == w.fair);
  CHECK(t.booth_name == "Demir Çelik");
  CHECK(t.jobseeker_name == "Ayşe");

  auto m1 = w.chat().add_thread_message(t.id, w.ayse, "soru", "n1", 1000);
  CHECK(m1.created);
  auto dup = w.chat().add_thread_message(t.id, w.ayse, "soru", "n1", 2000);
  CHECK_FALSE(dup.created);
  CHECK(dup.message.id == m1.message.id);
  auto m2 = w.chat().add_thread_message(t.id, w.ayse, "ikinci", "", 3000);
  auto r1 = w.chat().add_thread_message(t.id, w.rec, "yanıt", "", 4000);
  CHECK(r1.message.author_role == store::role::employer);

  auto booth_view = w.chat().threads_of_booth(w.booth, 10);
  REQUIRE(booth_view.size() == 1);
  CHECK(booth_view[0].unread == 2);  // the jobseeker's two messages
  CHECK(booth_view[0].last_message_at == 4000);
  auto mine = w.chat().threads_of_jobseeker(w.ayse, 0, 10);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].unread == 1);  // the recruiter's answer
  CHECK(w.chat().threads_of_jobseeker(w.ayse, w.booth2, 10).empty());
  CHECK(w.chat().threads_of_jobseeker(w.mehmet, 0, 10).empty());

  CHECK(w.chat().mark_read(t.id, true, m2.message.id) == m2.message.id);
  CHECK(w.chat().threads_of_booth(w.booth, 10)[0].unread == 0);
  CHECK(w.chat().mark_read(t.id, true, m1.message.id) == m2.message.id);  // never back
  CHECK(w.chat().mark_read(t.id, false, r1.message.id) == r1.message.id);
  CHECK(w.chat().threads_of_jobseeker(w.ayse, 0, 10)[0].unread == 0);

  auto page = w.chat().thread_history(t.id, 0, 2);
  REQUIRE(page.size() == 2);
  CHECK(page[0].text == "ikinci");
  CHECK(page[1].text == "yanıt");
  auto older = w.chat().thread_history(t.id, page[0].id, 10);
  REQUIRE(older.size() == 1);
  CHECK(older[0].text == "soru");
  CHECK(w.chat().thread_messages_of(w.ayse, 100).size() == 2);
}

TEST_CASE("chat store: the export's reads — own thread messages with the booth, reports filed, sanctions without who",
          "[chat][unit]") {
  world w;
  bool created = false;
  auto t = w.chat().open_thread(w.booth, w.ayse, 100, created);
  auto other = w.chat().open_thread(w.booth, w.mehmet, 110, created);
  auto m1 = w.chat().add_thread_message(t.id, w.ayse, "soru", "", 1000).message;
  auto reply = w.chat().add_thread_message(t.id, w.rec, "yanıt", "", 2000).message;
  auto m2 = w.chat().add_thread_message(t.id, w.ayse, "ikinci", "", 3000).message;
  w.chat().add_thread_message(other.id, w.mehmet, "başkası", "", 4000);
  w.chat().add_thread_message(other.id, w.rec, "staff answer", "", 5000);

  // Only the author's own messages, oldest first, with the thread's booth; bounded.
  auto mine = w.chat().thread_messages_of(w.ayse, 100);
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].id == m1.id);
  CHECK(mine[0].thread_id == t.id);
  CHECK(mine[0].booth_id == w.booth);
  CHECK(mine[0].booth_name == "Demir Çelik");
  CHECK(mine[0].text == "soru");
  CHECK(mine[0].sent_at_ms == 1000);
  CHECK(mine[1].id == m2.id);
  CHECK(w.chat().thread_messages_of(w.ayse, 1).size() == 1);
  // A recruiter's answers, in every thread they wrote in.
  auto staff = w.chat().thread_messages_of(w.rec, 100);
  REQUIRE(staff.size() == 2);
  CHECK(staff[0].id == reply.id);
  CHECK(staff[1].thread_id == other.id);

  // Reports the user filed, not those about them or by others.
  auto pub = w.st->chat().add_chat_message(w.booth, w.mehmet, "kaba", "", 1000).message;
  REQUIRE(w.chat().add_report(*w.chat().find_message("public", pub.id), w.ayse, "hakaret", 10));
  REQUIRE(w.chat().add_report(*w.chat().find_message("thread", reply.id), w.ayse, "neden", 11));
  REQUIRE(w.chat().add_report(*w.chat().find_message("thread", m1.id), w.rec, "about ayse", 12));
  auto filed = w.chat().reports_by(w.ayse, 100);
  REQUIRE(filed.size() == 2);
  CHECK(filed[0].kind == "public");
  CHECK(filed[0].message_id == pub.id);
  CHECK(filed[0].reason == "hakaret");
  CHECK(filed[0].status == "open");
  CHECK(filed[0].created_at == 10);
  CHECK(filed[1].kind == "thread");
  CHECK(filed[1].thread_id == t.id);
  CHECK(w.chat().reports_by(w.ayse, 1).size() == 1);
  CHECK(w.chat().reports_by(w.mehmet, 100).empty());

  // Mutes (an expired one too: its row stays) and bans, in both fairs, without the organiser.
  w.chat().mute(w.fair, w.ayse, 500, "spam", w.org, 40);
  w.chat().ban(w.fair2, w.ayse, "taciz", w.org, 50);
  w.chat().ban(w.fair, w.mehmet, "other person", w.org, 45);
  auto sanctions = w.chat().sanctions_of(w.ayse, 100);
  REQUIRE(sanctions.size() == 2);
  CHECK(sanctions[0].fair_id == w.fair);
  CHECK(sanctions[0].until == 500);
  CHECK(sanctions[0].reason == "spam");
  CHECK(sanctions[0].created_at == 40);
  CHECK(sanctions[1].fair_id == w.fair2);
  CHECK(sanctions[1].until == 0);  // a ban
  CHECK(sanctions[1].reason == "taciz");
  for (const auto& x : sanctions) {
    CHECK(x.user_id == w.ayse);
    CHECK(x.created_by == 0);
    CHECK(x.created_by_name.empty());
  }
  CHECK(w.chat().sanctions_of(w.ayse, 1).size() == 1);
  CHECK(w.chat().sanctions_of(w.rec, 100).empty());
}

TEST_CASE("chat store: reports once, deletion marks them, mutes, bans and the log", "[chat][unit]") {
  world w;
  auto pub = w.st->chat().add_chat_message(w.booth, w.mehmet, "kaba", "", 1000).message;
  auto ref = w.chat().find_message("public", pub.id);
  REQUIRE(ref);
  CHECK(ref->fair_id == w.fair);
  CHECK(ref->author_id == w.mehmet);
  CHECK_FALSE(w.chat().find_message("thread", pub.id));
  CHECK_FALSE(w.chat().find_message("other", pub.id));

  CHECK(w.chat().add_report(*ref, w.ayse, "hakaret", 10));
  CHECK_FALSE(w.chat().add_report(*ref, w.ayse, "yine", 11));
  CHECK(w.chat().add_report(*ref, w.rec, "evet", 12));
  auto reports = w.chat().reports(w.fair, "open", 10);
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].reporter_name == "Rec");
  CHECK(reports[1].text == "kaba");
  CHECK(w.chat().reports(w.fair2, "", 10).empty());

  CHECK(w.chat().dismiss_report(reports[0].id, w.org, 20));
  CHECK_FALSE(w.chat().dismiss_report(reports[0].id, w.org, 21));
  CHECK(w.chat().delete_message(*ref, w.org, "hakaret", 30));
  CHECK_FALSE(w.chat().delete_message(*ref, w.org, "hakaret", 31));
  CHECK(w.st->chat().chat_history(w.booth, 0, 10).empty());
  CHECK(w.chat().find_report(reports[1].id)->status == "deleted");
  CHECK(w.chat().find_report(reports[0].id)->status == "dismissed");

  // Mutes end by themselves; a new mute replaces the running one.
  w.chat().mute(w.fair, w.mehmet, 1000, "spam", w.org, 40);
  CHECK(w.chat().muted_until(w.fair, w.mehmet, 999) == std::optional<std::int64_t>(1000));
  CHECK_FALSE(w.chat().muted_until(w.fair, w.mehmet, 1000));
  CHECK_FALSE(w.chat().muted_until(w.fair2, w.mehmet, 500));
  w.chat().mute(w.fair, w.mehmet, 2000, "spam", w.org, 41);
  CHECK(w.chat().mutes(w.fair, 500).size() == 1);
  CHECK(w.chat().unmute(w.fair, w.mehmet, w.org, 50));
  CHECK_FALSE(w.chat().unmute(w.fair, w.mehmet, w.org, 51));
  CHECK_FALSE(w.chat().muted_until(w.fair, w.mehmet, 60));

  CHECK(w.chat().ban(w.fair, w.mehmet, "taciz", w.org, 60));
  CHECK_FALSE(w.chat().ban(w.fair, w.mehmet, "taciz", w.org, 61));
  CHECK(w.chat().is_banned(w.fair, w.mehmet));
  CHECK_FALSE(w.chat().is_banned(w.fair2, w.mehmet));
  CHECK(w.chat().banned_users() == std::vector<std::int64_t>{w.mehmet});
  REQUIRE(w.chat().bans(w.fair).size() == 1);
  CHECK(w.chat().bans(w.fair)[0].created_by_name == "Org");
  CHECK(w.chat().unban(w.fair, w.mehmet, w.org, 70));
  CHECK_FALSE(w.chat().unban(w.fair, w.mehmet, w.org, 71));
  CHECK(w.chat().banned_users().empty());

  auto log = w.chat().moderation_log(w.fair, 100);
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(e.action);
  CHECK(actions == std::vector<std::string>{"unban", "ban", "unmute", "mute", "mute", "delete", "dismiss"});
  CHECK(log[5].kind == "public");
  CHECK(log[5].message_id == pub.id);
  CHECK(log[5].target_user_id == w.mehmet);
  CHECK(log[1].detail == "taciz");
}

TEST_CASE("chat store: deleting an account removes its threads, messages and reports about it", "[chat][unit]") {
  world w;
  bool created = false;
  auto t = w.chat().open_thread(w.booth, w.ayse, 100, created);
  auto m = w.chat().add_thread_message(t.id, w.ayse, "soru", "", 1000).message;
  auto reply = w.chat().add_thread_message(t.id, w.rec, "yanıt", "", 2000).message;
  w.chat().add_report(*w.chat().find_message("thread", reply.id), w.ayse, "neden", 10);
  w.chat().ban(w.fair, w.ayse, "x", w.org, 20);
  REQUIRE(w.st->delete_user(w.ayse));
  CHECK_FALSE(w.chat().find_thread(t.id));
  CHECK_FALSE(w.chat().find_thread_message(m.id));
  CHECK(w.chat().reports(w.fair, "", 10).empty());
  CHECK_FALSE(w.chat().is_banned(w.fair, w.ayse));
  // The organiser's log keeps the action without the person.
  auto log = w.chat().moderation_log(w.fair, 10);
  REQUIRE(log.size() == 1);
  CHECK(log[0].target_user_id == 0);
  // An organiser's account going keeps their log entries, anonymously.
  REQUIRE(w.st->delete_user(w.org));
  CHECK(w.chat().moderation_log(w.fair, 10)[0].actor_id == 0);
}
