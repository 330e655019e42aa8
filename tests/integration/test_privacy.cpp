// Privacy (protocol/http/privacy.md): a jobseeker's export holds all their data, CVs included,
// and what the live capabilities hold about them (threads, reports, mutes, queue places, rooms
// with the evaluation's outcome but never its notes or rating, slots, the calendar feed without
// its token); deleting the account removes the CV files, keeps their applications anonymised for
// the organiser's counts, ends their sessions and sockets; a wrong password changes nothing.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

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

json ok(const json& reply) {
  CAPTURE(reply.dump());
  REQUIRE(reply["ok"] == true);
  return reply["data"];
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json export_of(const server& s, const std::string& token) {
  auto r = http_call(s.port(), "GET", "/api/me/export", "", bearer(token));
  REQUIRE(r.status == 200);
  return r.body_json();
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

TEST_CASE("privacy: the export holds the live capabilities' data about the caller, not others', not the notes",
          "[privacy][integration]") {
  server s(env{{"FUAR_WS_RATE_PER_S", "1000"}, {"FUAR_WS_RATE_BURST", "1000"}, {"FUAR_PRESENCE_VISIT_FLUSH_MS", "200"}});
  auto w = build_world(s);
  const auto& js = actor(w, "jobseeker");
  const auto& js2 = actor(w, "jobseeker2");
  auto ayse = ws_client::with_token(s, js.token);
  auto mehmet = ws_client::with_token(s, js2.token);
  auto owner = ws_client::with_token(s, actor(w, "owner").token);
  auto recruiter = ws_client::with_token(s, actor(w, "recruiter").token);
  auto organiser = ws_client::with_token(s, actor(w, "organiser").token);
  for (auto* c : {&ayse, &mehmet, &owner, &recruiter, &organiser}) REQUIRE(c->is_open());
  // Ayşe visits the fair's hall and a booth (recorded by the next visit flush).
  ok(ayse.command("subscribe", {{"topic", "fair:" + std::to_string(w.fair)}}));
  ok(ayse.command("subscribe", {{"topic", "booth:" + std::to_string(w.booth)}}));

  // A private thread each; the booth answers Ayşe, and she reports the answer.
  auto opened = ok(ayse.command("thread.open", {{"booth_id", w.booth}}));
  std::int64_t thread = opened["thread"]["id"];
  auto mine = ok(ayse.command("thread.send", {{"thread_id", thread}, {"text", "Maaş aralığı nedir?"}}));
  std::int64_t my_message = mine["message"]["id"];
  auto reply = ok(owner.command("thread.send", {{"thread_id", thread}, {"text", "STAFF-REPLY-TEXT"}}));
  std::int64_t reply_id = reply["message"]["id"];
  auto other_thread = ok(mehmet.command("thread.open", {{"booth_id", w.booth}}));
  ok(mehmet.command("thread.send", {{"thread_id", other_thread["thread"]["id"]}, {"text", "MEHMET-THREAD-TEXT"}}));
  ok(ayse.command("chat.report", {{"kind", "thread"}, {"message_id", reply_id}, {"reason", "kaba bir yanıt"}}));

  // A queue: Ayşe first, Mehmet behind her; she is called, accepts, and the room opens.
  std::int64_t queue = ok(owner.command("queue.create", {{"booth_id", w.booth}, {"name", "Kaynak"}}))["queue"]["id"];
  std::int64_t place = ok(ayse.command("queue.join", {{"queue_id", queue}}))["place"]["id"];
  ok(mehmet.command("queue.join", {{"queue_id", queue}}));
  auto called = ok(owner.command("queue.call", {{"queue_id", queue}}));
  REQUIRE(called["place"]["id"] == place);
  auto accepted = ok(ayse.command("queue.accept", {{"place_id", place}}));
  std::int64_t room = accepted["room"]["id"];

  // In the room: both join, she writes, the recruiter evaluates her (notes, rating, outcome).
  ok(owner.command("room.join", {{"room_id", room}}));
  ok(ayse.command("room.join", {{"room_id", room}}));
  ok(ayse.command("room.chat", {{"room_id", room}, {"text", "Merhaba, hazırım."}}));
  ok(owner.command("room.chat", {{"room_id", room}, {"text", "STAFF-ROOM-TEXT"}}));
  const std::string notes = "PRIVATE-NOTES: strong MIG, ask for references";
  ok(owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js.user_id}, {"notes", notes},
                                     {"rating", 4}, {"outcome", "next_step"}}));

  // Slots: a booking, a waitlist at the other booth, a calendar feed.
  auto starts = (unix_now() / 60 + 120) * 60;
  std::int64_t slot = ok(owner.command("slot.publish", {{"booth_id", w.booth}, {"starts_at", starts},
                                                        {"length_min", 20}, {"capacity", 1}}))["slot"]["id"];
  std::int64_t booking = ok(ayse.command("slot.book", {{"slot_id", slot}}))["booking"]["id"];
  ok(ayse.command("slot.waitlist_join", {{"booth_id", w.booth2}}));
  auto feed_path = ok(ayse.command("slot.feed_rotate"))["path"].get<std::string>();
  auto feed_token = feed_path.substr(feed_path.find("token=") + 6);
  REQUIRE(feed_token.size() >= 20);

  // The recruiter sets their availability; the organiser mutes Ayşe.
  ok(recruiter.command("presence.availability", {{"booth_id", w.booth}, {"state", "away"}}));
  ok(organiser.command("chat.mute", {{"fair_id", w.fair}, {"user_id", js.user_id}, {"minutes", 30}, {"reason", "sakin ol"}}));

  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // past the visit flush
  auto data = export_of(s, js.token);
  const auto text = data.dump();
  REQUIRE(data["visits"].size() == 2);
  for (const auto& v : data["visits"]) {
    CHECK(v["fair_id"] == w.fair);
    CHECK(v["day"].get<std::string>().size() == 10);
    CHECK(v["first_at"].get<std::int64_t>() > 0);
  }
  CHECK(((data["visits"][0]["booth_id"].is_null() && data["visits"][1]["booth_id"] == w.booth) ||
         (data["visits"][1]["booth_id"].is_null() && data["visits"][0]["booth_id"] == w.booth)));

  REQUIRE(data["thread_messages"].size() == 1);
  CHECK(data["thread_messages"][0]["id"] == my_message);
  CHECK(data["thread_messages"][0]["thread_id"] == thread);
  CHECK(data["thread_messages"][0]["booth_id"] == w.booth);
  CHECK(data["thread_messages"][0]["booth_name"] == "Demir Çelik");
  CHECK(data["thread_messages"][0]["text"] == "Maaş aralığı nedir?");
  CHECK(data["thread_messages"][0]["sent_at_ms"].is_number());
  REQUIRE(data["threads"].size() == 1);
  CHECK(data["threads"][0]["id"] == thread);
  CHECK(data["threads"][0]["booth_id"] == w.booth);
  CHECK(data["threads"][0]["created_at"].is_number());

  REQUIRE(data["chat_reports"].size() == 1);
  CHECK(data["chat_reports"][0]["message_kind"] == "thread");
  CHECK(data["chat_reports"][0]["message_id"] == reply_id);
  CHECK(data["chat_reports"][0]["reason"] == "kaba bir yanıt");
  CHECK(data["chat_reports"][0]["status"] == "open");
  CHECK(data["chat_reports"][0]["created_at"].is_number());
  REQUIRE(data["chat_sanctions"].size() == 1);
  const auto& mute = data["chat_sanctions"][0];
  CHECK(mute["fair_id"] == w.fair);
  CHECK(mute["kind"] == "mute");
  CHECK(mute["reason"] == "sakin ol");
  CHECK(mute["until"].get<std::int64_t>() > unix_now());
  CHECK(mute["created_at"].is_number());
  CHECK_FALSE(mute.contains("created_by"));
  CHECK(mute.dump().find("Organiser One") == std::string::npos);

  REQUIRE(data["queue_places"].size() == 1);
  const auto& qp = data["queue_places"][0];
  CHECK(qp["id"] == place);
  CHECK(qp["queue_id"] == queue);
  CHECK(qp["queue_name"] == "Kaynak");
  CHECK(qp["booth_id"] == w.booth);
  CHECK(qp["booth_name"] == "Demir Çelik");
  CHECK(qp["status"] == "accepted");
  CHECK(qp["joined_at"].is_number());
  CHECK(qp["called_at"].is_number());
  CHECK(qp["ended_at"].is_number());
  CHECK(qp["left_reason"].is_null());
  CHECK(qp["room_id"] == room);

  REQUIRE(data["interviews"].size() == 1);
  const auto& iv = data["interviews"][0];
  CHECK(iv["room_id"] == room);
  CHECK(iv["booth_id"] == w.booth);
  CHECK(iv["booth_name"] == "Demir Çelik");
  CHECK(iv["kind"] == "one_to_one");
  CHECK(iv["source"] == "queue");
  CHECK(iv["role"] == "candidate");
  CHECK(iv["joined_at"].is_number());
  CHECK(iv["created_at"].is_number());
  CHECK(iv["evaluation"]["outcome"] == "next_step");
  CHECK_FALSE(iv["evaluation"].contains("rating"));
  CHECK_FALSE(iv["evaluation"].contains("notes"));
  CHECK(text.find("PRIVATE-NOTES") == std::string::npos);
  REQUIRE(data["room_messages"].size() == 1);
  CHECK(data["room_messages"][0]["room_id"] == room);
  CHECK(data["room_messages"][0]["text"] == "Merhaba, hazırım.");
  CHECK(data["room_messages"][0]["sent_at_ms"].is_number());

  REQUIRE(data["slot_bookings"].size() == 1);
  const auto& bk = data["slot_bookings"][0];
  CHECK(bk["id"] == booking);
  CHECK(bk["slot_id"] == slot);
  CHECK(bk["booth_id"] == w.booth);
  CHECK(bk["starts_at"] == starts);
  CHECK(bk["length_min"] == 20);
  CHECK(bk["status"] == "booked");
  CHECK(bk["no_show"] == false);
  REQUIRE(data["slot_waitlist"].size() == 1);
  CHECK(data["slot_waitlist"][0]["booth_id"] == w.booth2);
  CHECK(data["slot_waitlist"][0]["position"] == 1);
  REQUIRE(data["calendar_feed"].size() == 1);
  CHECK(data["calendar_feed"][0]["created_at"].is_number());
  CHECK(text.find(feed_token) == std::string::npos);
  CHECK(data["availability"].empty());
  CHECK(data["truncated"].empty());

  // Nobody else's words: not the staff's answers, not Mehmet's thread.
  for (const char* other : {"STAFF-REPLY-TEXT", "STAFF-ROOM-TEXT", "MEHMET-THREAD-TEXT"}) {
    INFO(other);
    CHECK(text.find(other) == std::string::npos);
  }

  // Mehmet's export: his own thread and waiting place, none of Ayşe's rows.
  auto his = export_of(s, js2.token);
  const auto his_text = his.dump();
  REQUIRE(his["thread_messages"].size() == 1);
  CHECK(his["thread_messages"][0]["text"] == "MEHMET-THREAD-TEXT");
  CHECK(his["threads"].size() == 1);
  REQUIRE(his["queue_places"].size() == 1);
  CHECK(his["queue_places"][0]["status"] == "waiting");
  for (const char* key : {"chat_reports", "chat_sanctions", "interviews", "room_messages", "slot_bookings",
                          "slot_waitlist", "calendar_feed", "availability", "visits"}) {
    INFO(key);
    CHECK(his[key].is_array());
    CHECK(his[key].empty());
  }
  CHECK(his_text.find("Maaş aralığı") == std::string::npos);
  CHECK(his_text.find("hazırım") == std::string::npos);

  // The booth's side: the owner's answer and the room as recruiter (no evaluation in it); the
  // recruiter's availability.
  auto own = export_of(s, actor(w, "owner").token);
  REQUIRE(own["thread_messages"].size() == 1);
  CHECK(own["thread_messages"][0]["text"] == "STAFF-REPLY-TEXT");
  CHECK(own["threads"].empty());
  REQUIRE(own["interviews"].size() == 1);
  CHECK(own["interviews"][0]["role"] == "recruiter");
  CHECK_FALSE(own["interviews"][0].contains("evaluation"));
  CHECK(own.dump().find("PRIVATE-NOTES") == std::string::npos);
  auto rec = export_of(s, actor(w, "recruiter").token);
  REQUIRE(rec["availability"].size() == 1);
  CHECK(rec["availability"][0]["booth_id"] == w.booth);
  CHECK(rec["availability"][0]["booth_name"] == "Demir Çelik");
  CHECK(rec["availability"][0]["state"] == "away");
  CHECK(rec["availability"][0]["updated_at"].is_number());
}

}  // namespace fuar::test
