// Interview rooms (protocol/ws/room.md) against the real server: who can get in,
// signalling only inside the room and only between joined members, kicks (revoked topic,
// refused signals, no way back), rejoin from a second socket without a ghost and the disconnect
// grace, chat, ending, evaluations moving the application, and TURN credentials checked by a
// real coturn (accepted while valid, refused once expired or forged).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "server/room/turn_rest.hpp"
#include "tests/integration/live.hpp"

namespace fuar::test {
namespace {

env room_env(env extra = {}) {
  extra.emplace("FUAR_WS_RATE_PER_S", "1000");
  extra.emplace("FUAR_WS_RATE_BURST", "1000");
  return extra;
}

std::int64_t uid(const authz_world& w, const std::string& name) { return actor(w, name).user_id; }

// "jobseeker2" applies to `job` at the world's booth: a second candidate for the same booth.
std::int64_t second_application(const server& s, const authz_world& w) {
  auto r = http_call(s.port(), "POST", "/api/jobs/" + std::to_string(w.job) + "/applications",
                     json{{"cv_id", w.cv2}, {"note", "Interested."}}.dump(), bearer(actor(w, "jobseeker2").token));
  CAPTURE(r.body);
  REQUIRE(r.status == 201);
  return r.body_json()["application"]["id"].get<std::int64_t>();
}

std::int64_t open_room(ws_client& recruiter, const authz_world& w, std::int64_t application) {
  auto d = ok(recruiter.command("room.create", {{"booth_id", w.booth}, {"application_id", application}}));
  return d["room"]["id"].get<std::int64_t>();
}

// The member entries of `user` in room.get's reply.
std::vector<json> entries_of(const json& room_reply, std::int64_t user) {
  std::vector<json> out;
  for (const auto& m : room_reply["members"])
    if (m["user_id"] == user) out.push_back(m);
  return out;
}

json signal_data(std::int64_t room, std::int64_t to, const std::string& kind = "offer",
                 const std::string& payload = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n") {
  return {{"room_id", room}, {"to", to}, {"kind", kind}, {"payload", payload}};
}

// The next room.signal addressed to `me` (everyone in the room receives every signal, the
// sender included; clients drop those not addressed to them).
std::optional<json> signal_to(ws_client& ws, std::int64_t me) {
  for (int i = 0; i < 20; ++i) {
    auto p = ws.next_push(5s, "room.signal");
    if (!p) return std::nullopt;
    if ((*p)["data"]["to"] == me) return p;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("rooms: only members get in; signals stay inside the room between joined members; chat",
          "[room][integration]") {
  server s(room_env());
  auto w = build_world(s);
  auto app2 = second_application(s, w);
  auto owner = connect(s, w, "owner");
  auto js = connect(s, w, "jobseeker");
  auto js2 = connect(s, w, "jobseeker2");
  auto rec = connect(s, w, "recruiter");
  subscribe(js, "user:" + std::to_string(uid(w, "jobseeker")));
  subscribe(js2, "user:" + std::to_string(uid(w, "jobseeker2")));

  // Refusals before anything exists: someone else's booth, an application to another booth,
  // jobseekers by role, bad fields.
  auto owner2 = connect(s, w, "owner2");
  CHECK(err(owner2.command("room.create", {{"booth_id", w.booth}, {"application_id", w.application}})) == "forbidden");
  CHECK(err(js.command("room.create", {{"booth_id", w.booth}, {"application_id", w.application}})) == "forbidden");
  CHECK(err(owner.command("room.create", {{"booth_id", w.booth2}, {"application_id", w.application}})) == "forbidden");
  CHECK(err(owner.command("room.create", {{"booth_id", w.booth}, {"application_id", 999999}})) == "not_found");
  auto bad = owner.command("room.create", {{"booth_id", w.booth}});
  CHECK(err(bad) == "invalid");
  CHECK(bad["error"]["field"] == "data.application_id");
  CHECK(ok(owner.command("room.mine"))["rooms"].empty());

  // A 1:1 room: the candidate is told on user:{id}.
  auto room = open_room(owner, w, w.application);
  auto invited = js.next_push(5s, "room.invited");
  REQUIRE(invited);
  CHECK((*invited)["data"]["room"]["id"] == room);
  CHECK((*invited)["data"]["room"]["kind"] == "one_to_one");
  CHECK(ok(js.command("room.mine"))["rooms"].size() == 1);
  auto rget = ok(owner.command("room.get", {{"room_id", room}}));
  CHECK(rget["members"].size() == 2);

  // A third person (another jobseeker, or booth staff who is not in the room) cannot see it,
  // join it, subscribe to it, signal or chat in it; nothing changes.
  for (auto* stranger : {&js2, &rec}) {
    CHECK(err(stranger->command("room.join", {{"room_id", room}})) == "not_found");
    CHECK(err(stranger->command("room.get", {{"room_id", room}})) == "not_found");
    CHECK(err(stranger->command("subscribe", {{"topic", "room:" + std::to_string(room)}})) == "not_found");
    CHECK(err(stranger->command("room.signal", signal_data(room, uid(w, "owner")))) == "not_found");
    CHECK(err(stranger->command("room.chat", {{"room_id", room}, {"text", "hi"}})) == "not_found");
    CHECK(err(stranger->command("room.turn", {{"room_id", room}})) == "not_found");
    CHECK(err(stranger->command("room.chat_history", {{"room_id", room}})) == "not_found");
  }
  CHECK(ok(js2.command("room.mine"))["rooms"].empty());
  auto after = ok(owner.command("room.get", {{"room_id", room}}));
  CHECK(after["members"] == rget["members"]);
  CHECK(!after["room"].contains("started_at"));

  // Joining: signalling needs both sides in; started_at once a candidate and a recruiter are.
  CHECK(err(owner.command("room.signal", signal_data(room, uid(w, "jobseeker")))) == "forbidden");  // not joined
  auto j = ok(owner.command("room.join", {{"room_id", room}}));
  CHECK(j["you"] == uid(w, "owner"));
  subscribe(owner, "room:" + std::to_string(room));
  CHECK(err(owner.command("room.signal", signal_data(room, uid(w, "jobseeker")))) == "not_found");  // to: not in
  ok(js.command("room.join", {{"room_id", room}}));
  subscribe(js, "room:" + std::to_string(room));
  auto joined = owner.next_push(5s, "room.member");
  REQUIRE(joined);
  CHECK((*joined)["data"]["user_id"] == uid(w, "jobseeker"));
  CHECK((*joined)["data"]["state"] == "joined");
  CHECK((*joined)["data"]["role"] == "candidate");
  CHECK(joined->contains("offset"));
  CHECK(ok(owner.command("room.get", {{"room_id", room}}))["room"].contains("started_at"));

  // An offer from the owner reaches the jobseeker, ephemeral (no offset), payload untouched.
  const std::string sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n";
  ok(owner.command("room.signal", signal_data(room, uid(w, "jobseeker"), "offer", sdp)));
  auto sig = signal_to(js, uid(w, "jobseeker"));
  REQUIRE(sig);
  CHECK((*sig)["topic"] == "room:" + std::to_string(room));
  CHECK(!sig->contains("offset"));
  CHECK((*sig)["data"]["from"] == uid(w, "owner"));
  CHECK((*sig)["data"]["from_name"].is_string());
  CHECK((*sig)["data"]["to"] == uid(w, "jobseeker"));
  CHECK((*sig)["data"]["kind"] == "offer");
  CHECK((*sig)["data"]["payload"] == sdp);
  // ICE back; bad kind, signalling yourself, oversize payloads are refused.
  ok(js.command("room.signal", signal_data(room, uid(w, "owner"), "ice", R"({"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0"})")));
  auto ice = signal_to(owner, uid(w, "owner"));
  REQUIRE(ice);
  CHECK((*ice)["data"]["kind"] == "ice");
  auto badkind = js.command("room.signal", signal_data(room, uid(w, "owner"), "bye"));
  CHECK(err(badkind) == "invalid");
  CHECK(badkind["error"]["field"] == "data.kind");
  CHECK(err(js.command("room.signal", signal_data(room, uid(w, "jobseeker")))) == "invalid");
  auto big = js.command("room.signal", signal_data(room, uid(w, "owner"), "offer", std::string(20001, 'a')));
  CHECK(err(big) == "invalid");
  CHECK(big["error"]["field"] == "data.payload");

  // ICE into another room: a second room of the booth with jobseeker2. The jobseeker is not in
  // it (not_found), and cannot address its members from their own room either.
  auto room2 = open_room(owner, w, app2);
  ok(js2.command("room.join", {{"room_id", room2}}));
  CHECK(err(js.command("room.signal", signal_data(room2, uid(w, "jobseeker2"), "ice", "{}"))) == "not_found");
  CHECK(err(js.command("room.signal", signal_data(room, uid(w, "jobseeker2"), "ice", "{}"))) == "not_found");

  // Chat: pushed with history, idempotent per nonce; history pages.
  auto sent = ok(js.command("room.chat", {{"room_id", room}, {"text", "  Merhaba, hazırım.  "}, {"nonce", "n-1"}}));
  CHECK(sent["message"]["text"] == "Merhaba, hazırım.");
  CHECK(sent["message"]["user"]["role"] == "candidate");
  auto chat = owner.next_push(5s, "room.chat");
  REQUIRE(chat);
  CHECK(chat->contains("offset"));
  CHECK((*chat)["data"]["message"]["id"] == sent["message"]["id"]);
  auto retry = ok(js.command("room.chat", {{"room_id", room}, {"text", "Merhaba, hazırım."}, {"nonce", "n-1"}}));
  CHECK(retry["message"]["id"] == sent["message"]["id"]);
  ok(owner.command("room.chat", {{"room_id", room}, {"text", "Hoş geldiniz"}}));
  auto hist = ok(js.command("room.chat_history", {{"room_id", room}, {"limit", 1}}));
  CHECK(hist["messages"].size() == 1);
  CHECK(hist["has_more"] == true);
  CHECK(hist["messages"][0]["text"] == "Hoş geldiniz");
  CHECK(ok(js.command("room.chat_history", {{"room_id", room}}))["messages"].size() == 2);
  CHECK(err(js.command("room.chat", {{"room_id", room}, {"text", std::string(2001, 'x')}})) == "invalid");

  // Candidates cannot do the recruiters' part.
  CHECK(err(js.command("room.end", {{"room_id", room}})) == "forbidden");
  CHECK(err(js.command("room.kick", {{"room_id", room}, {"user_id", uid(w, "owner")}})) == "forbidden");
  CHECK(!ok(js.command("room.get", {{"room_id", room}})).contains("evaluations"));

  // A group: the owner invites jobseeker2 (applied to this booth) into the first room.
  auto inv = ok(owner.command("room.invite", {{"room_id", room}, {"application_id", app2}}));
  CHECK(inv["room"]["kind"] == "group");
  CHECK(inv["members"].size() == 3);
  auto inv_push = js2.next_push(5s, "room.invited");  // first the invitation to room2, made above
  REQUIRE(inv_push);
  CHECK((*inv_push)["data"]["room"]["id"] == room2);
  inv_push = js2.next_push(5s, "room.invited");
  REQUIRE(inv_push);
  CHECK((*inv_push)["data"]["room"]["id"] == room);
  CHECK((*inv_push)["data"]["room"]["kind"] == "group");
  CHECK(err(owner.command("room.invite", {{"room_id", room}, {"application_id", app2}})) == "conflict");

  // Ending: room.ended, everyone out, no more joins.
  auto ended = ok(owner.command("room.end", {{"room_id", room}}));
  CHECK(ended["room"]["status"] == "ended");
  auto ended_push = js.next_push(5s, "room.ended");
  REQUIRE(ended_push);
  CHECK(err(js.command("room.join", {{"room_id", room}})) == "conflict");
  CHECK(err(js.command("room.signal", signal_data(room, uid(w, "owner")))) == "forbidden");
  auto final_state = ok(owner.command("room.get", {{"room_id", room}}));
  for (const auto& m : final_state["members"]) CHECK(m["state"] != "joined");
  CHECK(final_state["room"].contains("ended_at"));
}

TEST_CASE("rooms: a kicked participant is cut off; a rejoin from a second socket leaves no ghost",
          "[room][integration]") {
  server s(room_env({{"FUAR_ROOMS_REJOIN_GRACE_S", "1"}}));
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto js = connect(s, w, "jobseeker");
  auto room = open_room(owner, w, w.application);
  const auto topic = "room:" + std::to_string(room);
  const auto js_id = uid(w, "jobseeker");
  const auto owner_id = uid(w, "owner");

  ok(owner.command("room.join", {{"room_id", room}}));
  subscribe(owner, topic);

  // --- rejoin: socket A, then socket B of the same person ---
  ok(js.command("room.join", {{"room_id", room}}));
  subscribe(js, topic);
  auto js_b = connect(s, w, "jobseeker");
  auto rejoin = ok(js_b.command("room.join", {{"room_id", room}}));
  subscribe(js_b, topic);
  auto mine = entries_of(rejoin, js_id);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0]["state"] == "joined");
  // Exactly one joined entry for the person, from everyone's point of view.
  CHECK(entries_of(ok(owner.command("room.get", {{"room_id", room}})), js_id).size() == 1);
  // The old socket's signals are refused (never routed); the new one's go through.
  CHECK(err(js.command("room.signal", signal_data(room, owner_id))) == "forbidden");
  ok(js_b.command("room.signal", signal_data(room, owner_id, "offer", "from-b")));
  // The old socket's leave does not take the person out.
  ok(js.command("room.leave", {{"room_id", room}}));
  CHECK(entries_of(ok(owner.command("room.get", {{"room_id", room}})), js_id)[0]["state"] == "joined");
  // Signals to the person reach the socket in the room (B) — A may see them too (same topic),
  // but cannot act on them.
  ok(owner.command("room.signal", signal_data(room, js_id, "answer", "to-js")));
  auto at_b = signal_to(js_b, js_id);
  REQUIRE(at_b);
  CHECK((*at_b)["data"]["payload"] == "to-js");
  // The owner saw the offer from B (and only B's went out).
  auto from_b = signal_to(owner, owner_id);
  REQUIRE(from_b);
  CHECK((*from_b)["data"]["payload"] == "from-b");

  // --- the disconnect grace: A closing changes nothing; B closing, then a quick rejoin from C
  // keeps the place; C closing for longer than the grace makes them "left" ---
  js.close();
  js_b.close();
  auto js_c = connect(s, w, "jobseeker");
  ok(js_c.command("room.join", {{"room_id", room}}));
  std::this_thread::sleep_for(2500ms);  // > grace (1 s) + one sweep
  CHECK(entries_of(ok(owner.command("room.get", {{"room_id", room}})), js_id)[0]["state"] == "joined");
  js_c.close();
  std::optional<json> left;
  for (int i = 0; i < 10 && !left; ++i) {
    auto p = owner.next_push(6s, "room.member");
    if (!p) break;
    if ((*p)["data"]["user_id"] == js_id && (*p)["data"]["state"] == "left") left = p;
  }
  REQUIRE(left);

  // --- kick: back in from D, then kicked ---
  auto js_d = connect(s, w, "jobseeker");
  ok(js_d.command("room.join", {{"room_id", room}}));
  subscribe(js_d, topic);
  CHECK(err(owner.command("room.kick", {{"room_id", room}, {"user_id", owner_id}})) == "invalid");
  ok(owner.command("room.kick", {{"room_id", room}, {"user_id", js_id}}));
  std::optional<json> revoked;
  for (int i = 0; i < 10 && !revoked; ++i) {
    auto p = js_d.next_push(5s);
    if (!p) break;
    if ((*p)["event"] == "subscription.revoked") revoked = p;
  }
  REQUIRE(revoked);
  CHECK((*revoked)["topic"] == topic);
  CHECK((*revoked)["data"]["reason"] == "kicked");
  CHECK(err(js_d.command("room.signal", signal_data(room, owner_id, "ice", "{}"))) == "forbidden");
  CHECK(err(js_d.command("room.chat", {{"room_id", room}, {"text", "hello?"}})) == "not_found");
  CHECK(err(js_d.command("subscribe", {{"topic", topic}})) == "not_found");
  CHECK(err(js_d.command("room.join", {{"room_id", room}})) == "not_found");
  CHECK(err(js_d.command("room.get", {{"room_id", room}})) == "not_found");
  CHECK(err(js_d.command("room.turn", {{"room_id", room}})) == "not_found");
  CHECK(ok(js_d.command("room.mine"))["rooms"].empty());
  // A fresh connection cannot get back in either.
  auto js_e = connect(s, w, "jobseeker");
  CHECK(err(js_e.command("subscribe", {{"topic", topic}})) == "not_found");
  CHECK(err(js_e.command("room.join", {{"room_id", room}})) == "not_found");
  auto state = ok(owner.command("room.get", {{"room_id", room}}));
  CHECK(entries_of(state, js_id).at(0)["state"] == "kicked");
  CHECK(err(owner.command("room.kick", {{"room_id", room}, {"user_id", js_id}})) == "conflict");
  CHECK(err(owner.command("room.signal", signal_data(room, js_id))) == "not_found");
}

TEST_CASE("rooms: evaluations move the application through the cv workflow; full rooms",
          "[room][integration]") {
  server s(room_env({{"FUAR_ROOMS_MAX_PARTICIPANTS", "2"}}));
  auto w = build_world(s);
  auto app2 = second_application(s, w);
  auto owner = connect(s, w, "owner");
  auto js = connect(s, w, "jobseeker");
  subscribe(js, "user:" + std::to_string(uid(w, "jobseeker")));
  auto room = open_room(owner, w, w.application);
  const auto js_id = uid(w, "jobseeker");

  // Full at 2 people: no one more.
  CHECK(err(owner.command("room.invite", {{"room_id", room}, {"application_id", app2}})) == "conflict");
  CHECK(ok(owner.command("room.get", {{"room_id", room}}))["members"].size() == 2);

  // Bad evaluations change nothing.
  auto bad = owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}, {"rating", 9}});
  CHECK(err(bad) == "invalid");
  CHECK(bad["error"]["field"] == "data.rating");
  bad = owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}, {"outcome", "maybe"}});
  CHECK(err(bad) == "invalid");
  CHECK(bad["error"]["field"] == "data.outcome");
  CHECK(err(owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}})) == "invalid");
  CHECK(err(owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", uid(w, "owner")}, {"rating", 3}})) ==
        "not_found");
  CHECK(err(js.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}, {"rating", 5}})) == "forbidden");
  CHECK(ok(owner.command("room.get", {{"room_id", room}}))["evaluations"].empty());

  // next_step → interview; the jobseeker is told, and sees the status but never the evaluation.
  auto e = ok(owner.command("room.evaluate", {{"room_id", room},
                                              {"candidate_id", js_id},
                                              {"notes", "Good MIG experience.\nAsk for references."},
                                              {"rating", 4},
                                              {"outcome", "next_step"}}));
  CHECK(e["evaluation"]["rating"] == 4);
  CHECK(e["evaluation"]["outcome"] == "next_step");
  CHECK(e["application_status"] == "interview");
  auto told = js.next_push(5s, "application.updated");
  REQUIRE(told);
  CHECK((*told)["data"]["application"]["status"] == "interview");
  CHECK(!(*told)["data"]["application"].contains("rating"));
  auto mine = http_call(s.port(), "GET", "/api/applications/" + std::to_string(w.application), "",
                        bearer(actor(w, "jobseeker").token));
  REQUIRE(mine.status == 200);
  CHECK(mine.body_json()["application"]["status"] == "interview");
  CHECK(mine.body.find("Ask for references") == std::string::npos);
  auto jr = ok(js.command("room.get", {{"room_id", room}}));
  CHECK(!jr.contains("evaluations"));
  auto rr = ok(owner.command("room.get", {{"room_id", room}}));
  REQUIRE(rr["evaluations"].size() == 1);
  CHECK(rr["evaluations"][0]["notes"] == "Good MIG experience.\nAsk for references.");

  // hired; afterwards a move backwards is refused and nothing is saved.
  ok(owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}, {"outcome", "hired"}}));
  auto hired = js.next_push(5s, "application.updated");
  REQUIRE(hired);
  CHECK((*hired)["data"]["application"]["status"] == "hired");
  auto back = owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}, {"outcome", "next_step"}, {"rating", 1}});
  CHECK(err(back) == "conflict");
  CHECK(back["error"]["field"] == "data.outcome");
  auto kept = ok(owner.command("room.get", {{"room_id", room}}))["evaluations"][0];
  CHECK(kept["outcome"] == "hired");
  CHECK(kept["rating"] == 4);
  // Notes only: saved, the status stays.
  auto notes = ok(owner.command("room.evaluate", {{"room_id", room}, {"candidate_id", js_id}, {"notes", "Start Monday."}}));
  CHECK(notes["application_status"] == "hired");
  CHECK(notes["evaluation"]["outcome"] == "hired");

  // Durations: both in, then ended.
  ok(owner.command("room.join", {{"room_id", room}}));
  ok(js.command("room.join", {{"room_id", room}}));
  auto ended = ok(owner.command("room.end", {{"room_id", room}}));
  CHECK(ended["room"].contains("started_at"));
  CHECK(ended["room"]["ended_at"].get<std::int64_t>() >= ended["room"]["started_at"].get<std::int64_t>());
  CHECK(ok(owner.command("room.end", {{"room_id", room}}))["room"]["status"] == "ended");  // idempotent
  CHECK(ok(js.command("room.mine"))["rooms"].empty());
}

TEST_CASE("rooms: the chat shares the per-user chat rate limit; no new rooms once the fair is over",
          "[room][integration]") {
  server s(room_env(env{{"FUAR_CHAT_BURST", "3"}, {"FUAR_CHAT_MESSAGES_PER_MIN", "6"}}));
  auto w = build_world(s);
  auto app2 = second_application(s, w);
  auto owner = connect(s, w, "owner");
  auto js = connect(s, w, "jobseeker");
  auto room = open_room(owner, w, w.application);
  ok(owner.command("room.join", {{"room_id", room}}));
  ok(js.command("room.join", {{"room_id", room}}));
  for (int i = 0; i < 3; ++i) ok(js.command("room.chat", {{"room_id", room}, {"text", "m" + std::to_string(i)}}));
  auto limited = js.command("room.chat", {{"room_id", room}, {"text", "one too many"}});
  CHECK(err(limited) == "rate_limited");
  CHECK(limited["error"]["retry_after"].get<std::int64_t>() >= 1);
  // Refused means not stored: three messages in the history. The budget is the user's own.
  CHECK(ok(owner.command("room.chat_history", {{"room_id", room}}))["messages"].size() == 3);
  ok(owner.command("room.chat", {{"room_id", room}, {"text", "the recruiter still talks"}}));

  // The organiser closes the fair: the open room lives on, new ones are refused.
  auto closed = http_call(s.port(), "POST", "/api/fairs/" + std::to_string(w.fair) + "/close", "",
                          bearer(actor(w, "organiser").token));
  CAPTURE(closed.body);
  REQUIRE(closed.status == 200);
  auto refused = owner.command("room.create", {{"booth_id", w.booth}, {"application_id", app2}});
  CHECK(err(refused) == "conflict");
  CHECK(refused["error"]["message"] == "the fair is over");
  CHECK(ok(owner.command("room.mine"))["rooms"].size() == 1);
}

namespace {

// A free UDP+TCP port on 127.0.0.1 (bound, then released: coturn binds both).
unsigned short free_port() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    int u = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(u, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(u, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ::close(u);
      continue;
    }
    int t = ::socket(AF_INET, SOCK_STREAM, 0);
    bool tcp_free = ::bind(t, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(t);
    ::close(u);
    if (tcp_free) return ntohs(a.sin_port);
  }
  throw std::runtime_error("no free port");
}

// coturn in the foreground, in a temp dir, on free ports of 127.0.0.1, with the TURN REST secret.
class turn_server {
public:
  turn_server(const std::string& secret) : dir_(make_temp_dir("fuar-turn-")) {
    port_ = free_port();
    auto relay_lo = free_port();
    std::string log = dir_ + "/turn.log";
    std::vector<std::string> args = {"turnserver", "-n", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                                     "--listening-port", std::to_string(port_), "--min-port",
                                     std::to_string(std::min<int>(relay_lo, 65000)), "--max-port",
                                     std::to_string(std::min<int>(relay_lo, 65000) + 200), "--use-auth-secret",
                                     "--static-auth-secret", secret, "--realm", "fuar.test", "--allow-loopback-peers",
                                     "--fingerprint", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp-relay",
                                     "--log-file", log, "--simple-log", "--pidfile", dir_ + "/turn.pid", "--userdb",
                                     dir_ + "/turndb"};
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execvp("turnserver", argv.data());
      ::_exit(127);
    }
    // Ready once it has started its relay servers (it logs "Total General servers").
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline && log_text().find("Total General servers") == std::string::npos)
      std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(300ms);
  }
  ~turn_server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(100ms);
      if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
    remove_dir(dir_);
  }
  unsigned short port() const { return port_; }
  // coturn's log (it may add a date to the file name).
  std::string log_text() const {
    std::string all;
    FILE* p = ::popen(("cat " + dir_ + "/turn*.log 2>/dev/null").c_str(), "r");
    if (!p) return all;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) all.append(buf, n);
    ::pclose(p);
    return all;
  }

  // One TURN allocation over UDP with turnutils_uclient (coturn's own client): true when the
  // server granted a relay address.
  bool allocate(const std::string& user, const std::string& password, std::string& out) const {
    std::string cmd = "timeout 20 turnutils_uclient -v -X -c -y -n 1 -p " + std::to_string(port_) + " -u '" + user +
                      "' -w '" + password + "' 127.0.0.1 2>&1";
    out.clear();
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return false;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = ::pclose(p);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && out.find("Received relay addr") != std::string::npos;
  }

private:
  std::string dir_;
  unsigned short port_ = 0;
  int pid_ = -1;
};

}  // namespace

TEST_CASE("rooms: TURN credentials from room.turn are accepted by coturn, and refused once expired",
          "[room][integration][turn]") {
  if (::system("command -v turnserver >/dev/null 2>&1 && command -v turnutils_uclient >/dev/null 2>&1") != 0)
    FAIL("coturn is not installed (scripts/install-deps.sh --test installs it)");
  const std::string secret = "test-secret-" + std::to_string(unix_now());
  turn_server turn(secret);
  const std::string turn_url = "turn:127.0.0.1:" + std::to_string(turn.port()) + "?transport=udp";
  server s(room_env({{"FUAR_ROOMS_TURN_SECRET", secret},
                     {"FUAR_ROOMS_TURN_URLS", turn_url},
                     {"FUAR_ROOMS_STUN_URLS", "stun:127.0.0.1:" + std::to_string(turn.port())},
                     {"FUAR_ROOMS_TURN_TTL_S", "600"}}));
  auto w = build_world(s);
  auto owner = connect(s, w, "owner");
  auto js = connect(s, w, "jobseeker");
  auto room = open_room(owner, w, w.application);

  auto before = unix_now();
  auto ice = ok(js.command("room.turn", {{"room_id", room}}));
  CHECK(ice["ttl_s"] == 600);
  REQUIRE(ice["ice_servers"].size() == 2);
  CHECK(ice["ice_servers"][0]["urls"][0] == "stun:127.0.0.1:" + std::to_string(turn.port()));
  const auto& t = ice["ice_servers"][1];
  CHECK(t["urls"][0] == turn_url);
  auto user = t["username"].get<std::string>();
  auto password = t["credential"].get<std::string>();
  auto colon = user.find(':');
  REQUIRE(colon != std::string::npos);
  auto expiry = std::stoll(user.substr(0, colon));
  CHECK(expiry >= before + 600);
  CHECK(expiry <= unix_now() + 600);
  CHECK(user.substr(colon + 1) == std::to_string(uid(w, "jobseeker")));

  // The issued credentials get an allocation from coturn.
  std::string out;
  bool granted = turn.allocate(user, password, out);
  CAPTURE(out);
  CHECK(granted);

  // The same scheme with an expiry in the past is refused (coturn answers 401 and logs that it
  // found no credentials for the user)...
  auto expired = room::turn_rest_credential(secret, uid(w, "jobseeker"), unix_now() - 5);
  bool expired_granted = turn.allocate(expired.username, expired.credential, out);
  CAPTURE(out);
  CHECK(!expired_granted);
  CHECK(turn.log_text().find("Cannot find credentials of user <" + expired.username + ">") != std::string::npos);
  // ...and so is a valid-looking username signed with another secret.
  auto forged = room::turn_rest_credential("not-the-secret", uid(w, "jobseeker"), unix_now() + 600);
  CHECK(!turn.allocate(forged.username, forged.credential, out));

  // Members only; an ended room gives none.
  auto js2 = connect(s, w, "jobseeker2");
  CHECK(err(js2.command("room.turn", {{"room_id", room}})) == "not_found");
  ok(owner.command("room.end", {{"room_id", room}}));
  CHECK(err(js.command("room.turn", {{"room_id", room}})) == "conflict");
}

}  // namespace fuar::test
