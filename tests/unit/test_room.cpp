// The room capability's pure parts and its store: SHA-1 / HMAC-SHA1 / base64 and the TURN REST
// credentials (server/room/turn_rest.hpp, turn.hpp), and the member life of rooms_store
// (joining from one connection, the disconnect grace, kicks, group rooms, chat, evaluations).
#include "server/room/turn_rest.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "server/room/turn.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace fuar::room {
namespace {

std::string hex(const std::array<std::uint8_t, 20>& d) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto b : d) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += char(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_room_test_") {}
};

using fuar::test::t0;

}  // namespace

TEST_CASE("sha1: FIPS 180 vectors, block boundaries", "[room][unit]") {
  CHECK(hex(sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(hex(sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  // 55, 56 and 64 bytes: the padding spills into a second block exactly at 56.
  CHECK(hex(sha1(std::string(55, 'a'))) == "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  CHECK(hex(sha1(std::string(56, 'a'))) == "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  CHECK(hex(sha1(std::string(64, 'a'))) == "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

TEST_CASE("hmac-sha1: RFC 2202 test cases", "[room][unit]") {
  CHECK(hex(hmac_sha1(std::string(20, '\x0b'), "Hi There")) == "b617318655057264e28bc0b6fb378c8ef146be00");
  CHECK(hex(hmac_sha1("Jefe", "what do ya want for nothing?")) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  CHECK(hex(hmac_sha1(std::string(20, '\xaa'), std::string(50, '\xdd'))) ==
        "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
  CHECK(hex(hmac_sha1(unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'))) ==
        "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
  CHECK(hex(hmac_sha1(std::string(20, '\x0c'), "Test With Truncation")) == "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
  // Keys longer than the block are hashed first.
  CHECK(hex(hmac_sha1(std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "aa4ae5e15272d00e95705637ce8a3b55ed402112");
  CHECK(hex(hmac_sha1(std::string(80, '\xaa'),
                      "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")) ==
        "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

TEST_CASE("base64: RFC 4648 vectors", "[room][unit]") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\xff\xfe\x00", 3)) == "//4A");
}

TEST_CASE("turn rest: username is expiry:user, credential the base64 HMAC coturn computes", "[room][unit]") {
  // Reference value from `printf %s 1795336797:42 | openssl dgst -sha1 -hmac s3cret -binary | base64`.
  auto c = turn_rest_credential("s3cret", 42, 1795336797);
  CHECK(c.username == "1795336797:42");
  CHECK(c.credential == "GVOY88F3AcTHdCtLqRrUkPZ6n6Q=");
  CHECK(turn_rest_credential("other", 42, 1795336797).credential != c.credential);
  CHECK(turn_rest_credential("s3cret", 43, 1795336797).credential != c.credential);
}

TEST_CASE("room.turn: STUN always, TURN with credentials only when a secret and URLs are set", "[room][unit]") {
  app::config cfg;
  cfg.rooms.stun_urls = {"stun:turn.example.org:3478"};
  cfg.rooms.turn_urls = {"turn:turn.example.org:3478?transport=udp"};
  cfg.rooms.turn_ttl_s = 600;
  auto no_secret = ice_servers(cfg, 7, t0);
  REQUIRE(no_secret["ice_servers"].size() == 1);
  CHECK(no_secret["ice_servers"][0]["urls"][0] == "stun:turn.example.org:3478");
  CHECK(!no_secret["ice_servers"][0].contains("credential"));
  cfg.rooms.turn_secret = "k";
  auto j = ice_servers(cfg, 7, t0);
  REQUIRE(j["ice_servers"].size() == 2);
  const auto& turn = j["ice_servers"][1];
  CHECK(turn["urls"][0] == "turn:turn.example.org:3478?transport=udp");
  CHECK(turn["username"] == std::to_string(t0 + 600) + ":7");
  CHECK(turn["credential"] == turn_rest_credential("k", 7, t0 + 600).credential);
  CHECK(j["ttl_s"] == 600);
  cfg.rooms.stun_urls.clear();
  cfg.rooms.turn_urls.clear();
  CHECK(ice_servers(cfg, 7, t0)["ice_servers"].empty());
}

TEST_CASE("rooms store: one connection per member, started_at, grace sweep, kicks, groups, chat, evaluations",
          "[room][store]") {
  temp_dir dir;
  auto st = store::open({.sqlite_path = dir.db()});
  auto fair_id = fuar::test::create_live_fair(*st);
  store::booth b;
  b.fair_id = fair_id;
  b.name = "Demir Çelik";
  auto booth = st->booths().create_booth(b);
  auto rec = st->create_user("rec@t.test", "Deniz", store::role::employer, "x")->id;
  auto ayse = st->create_user("ayse@t.test", "Ayşe", store::role::jobseeker, "x")->id;
  auto can = st->create_user("can@t.test", "Can", store::role::jobseeker, "x")->id;
  auto ece = st->create_user("ece@t.test", "Ece", store::role::jobseeker, "x")->id;
  auto& rs = st->rooms();

  store::new_room nr;
  nr.booth_id = booth;
  nr.kind = "one_to_one";
  nr.source = "direct";
  nr.created_by = rec;
  nr.created_at = t0;
  nr.members = {{ayse, "candidate", std::nullopt}, {rec, "recruiter", std::nullopt}};
  auto r = rs.create_room(nr);
  CHECK(r.status == "open");
  CHECK(rs.open_rooms_of(ayse, 10).size() == 1);
  CHECK(rs.open_rooms_of(can, 10).empty());

  auto state_of = [&](std::int64_t user) -> std::string {
    for (const auto& m : rs.members(r.id))
      if (m.user_id == user) return m.kicked ? "kicked" : !m.joined_at ? "invited" : m.left_at ? "left" : "joined";
    return "none";
  };

  // Strangers cannot join; members join; started_at only once both sides are in.
  CHECK(rs.join(r.id, can, "n/1", t0).status == store::join_status::not_member);
  auto j1 = rs.join(r.id, ayse, "n/1", t0 + 1);
  CHECK(j1.status == store::join_status::joined);
  CHECK(!j1.started);
  CHECK(!rs.find_room(r.id)->started_at);
  auto j2 = rs.join(r.id, rec, "n/2", t0 + 2);
  CHECK(j2.started);
  CHECK(rs.find_room(r.id)->started_at == t0 + 2);

  // A second join from another connection replaces the first: one place, the new conn.
  auto j3 = rs.join(r.id, ayse, "n/3", t0 + 3);
  CHECK(j3.replaced_conn == "n/1");
  CHECK(!j3.started);
  int ayse_rows = 0;
  for (const auto& m : rs.members(r.id))
    if (m.user_id == ayse) {
      ++ayse_rows;
      CHECK(m.conn_id == "n/3");
    }
  CHECK(ayse_rows == 1);
  // The old connection neither leaves nor, when it closes, starts the grace.
  CHECK(!rs.leave(r.id, ayse, "n/1", t0 + 4));
  CHECK(rs.detach_connection("n/1", t0 + 4).empty());
  CHECK(state_of(ayse) == "joined");

  // The holding connection closes: kept until the grace has passed, then left.
  CHECK(rs.detach_connection("n/3", t0 + 5) == std::vector<std::int64_t>{r.id});
  CHECK(rs.sweep_disconnected(t0 + 4, t0 + 6).empty());
  CHECK(state_of(ayse) == "joined");
  CHECK(rs.active_room_of(ayse) == r.id);
  auto swept = rs.sweep_disconnected(t0 + 5, t0 + 35);
  REQUIRE(swept.size() == 1);
  CHECK(swept[0] == std::pair<std::int64_t, std::int64_t>{r.id, ayse});
  CHECK(state_of(ayse) == "left");
  CHECK(!rs.active_room_of(ayse));
  // A rejoin within the grace cancels it.
  rs.join(r.id, ayse, "n/4", t0 + 40);
  rs.detach_connection("n/4", t0 + 41);
  rs.join(r.id, ayse, "n/5", t0 + 42);
  CHECK(rs.sweep_disconnected(t0 + 100, t0 + 100).empty());
  CHECK(state_of(ayse) == "joined");
  // A restart: the node's connections count as closed.
  CHECK(rs.detach_node("n", t0 + 50) == 2);  // n/5 (ayse) and n/2 (rec)
  CHECK(rs.sweep_disconnected(t0 + 50, t0 + 81).size() == 2);

  // Groups: a second candidate makes it a group; max participants; kicked cannot come back.
  CHECK(rs.add_member(r.id, {can, "candidate", std::nullopt}, 3) == store::add_member_status::added);
  CHECK(rs.find_room(r.id)->kind == "group");
  CHECK(rs.add_member(r.id, {can, "candidate", std::nullopt}, 3) == store::add_member_status::already_member);
  CHECK(rs.add_member(r.id, {ece, "candidate", std::nullopt}, 3) == store::add_member_status::full);
  CHECK(rs.kick(r.id, can, t0 + 90) == store::kick_status::kicked);
  CHECK(rs.kick(r.id, can, t0 + 91) == store::kick_status::already_kicked);
  CHECK(rs.kick(r.id, ece, t0 + 91) == store::kick_status::not_member);
  CHECK(!rs.is_member(r.id, can));
  CHECK(rs.join(r.id, can, "n/9", t0 + 92).status == store::join_status::kicked);
  CHECK(rs.add_member(r.id, {can, "candidate", std::nullopt}, 8) == store::add_member_status::kicked);
  CHECK(rs.add_member(r.id, {ece, "candidate", std::nullopt}, 3) == store::add_member_status::added);  // kicked not counted

  // Chat: idempotent per nonce, history oldest first in pages.
  auto m1 = rs.add_message(r.id, ayse, "Merhaba", "n1", 1000);
  CHECK(m1.created);
  CHECK(m1.message.role == "candidate");
  auto again = rs.add_message(r.id, ayse, "Merhaba", "n1", 2000);
  CHECK(!again.created);
  CHECK(again.message.id == m1.message.id);
  auto m2 = rs.add_message(r.id, rec, "Hoş geldiniz", "", 3000);
  auto m3 = rs.add_message(r.id, rec, "Başlayalım", "", 4000);
  auto page = rs.messages(r.id, 0, 2);
  REQUIRE(page.size() == 2);
  CHECK(page[0].id == m2.message.id);
  CHECK(page[1].id == m3.message.id);
  CHECK(rs.messages(r.id, m2.message.id, 10).size() == 1);

  // Evaluations: partial updates keep what was not sent.
  store::evaluation_change ec;
  ec.notes = "Strong welding background";
  ec.rating = 4;
  auto e = rs.save_evaluation(r.id, ayse, rec, ec, t0 + 100);
  CHECK(e.notes == "Strong welding background");
  CHECK(e.rating == 4);
  CHECK(!e.outcome);
  store::evaluation_change ec2;
  ec2.outcome = "next_step";
  e = rs.save_evaluation(r.id, ayse, rec, ec2, t0 + 110);
  CHECK(e.notes == "Strong welding background");
  CHECK(e.rating == 4);
  CHECK(e.outcome == "next_step");
  CHECK(e.updated_at == t0 + 110);
  store::evaluation_change bad;
  bad.outcome = "maybe";
  CHECK_THROWS_AS(rs.save_evaluation(r.id, ayse, rec, bad, t0 + 120), store::store_error);
  CHECK(rs.evaluations(r.id).at(0).outcome == "next_step");

  // Ending: everyone out, durations for the queue's estimate.
  rs.join(r.id, ayse, "n/10", t0 + 200);
  CHECK(rs.end_room(r.id, t0 + 300));
  CHECK(state_of(ayse) == "left");
  CHECK(rs.join(r.id, ayse, "n/11", t0 + 301).status == store::join_status::ended);
  CHECK(rs.recent_durations_s(booth, 5) == std::vector<std::int64_t>{300 - 2});
  CHECK(rs.open_rooms_of(ayse, 10).empty());
}

TEST_CASE("rooms store: the export's reads — own rooms with the evaluation's outcome and rating only, own messages",
          "[room][store]") {
  temp_dir dir;
  auto st = store::open({.sqlite_path = dir.db()});
  auto fair_id = fuar::test::create_live_fair(*st);
  store::booth b;
  b.fair_id = fair_id;
  b.name = "Demir Çelik";
  auto booth = st->booths().create_booth(b);
  auto rec = st->create_user("rec@t.test", "Deniz", store::role::employer, "x")->id;
  auto ayse = st->create_user("ayse@t.test", "Ayşe", store::role::jobseeker, "x")->id;
  auto can = st->create_user("can@t.test", "Can", store::role::jobseeker, "x")->id;
  auto& rs = st->rooms();

  auto room_with = [&](std::int64_t candidate, std::int64_t at) {
    store::new_room nr;
    nr.booth_id = booth;
    nr.kind = "one_to_one";
    nr.source = "direct";
    nr.created_by = rec;
    nr.created_at = at;
    nr.members = {{candidate, "candidate", std::nullopt}, {rec, "recruiter", std::nullopt}};
    return rs.create_room(nr).id;
  };
  auto r1 = room_with(ayse, t0);
  auto r2 = room_with(can, t0 + 10);
  auto r3 = room_with(ayse, t0 + 20);
  rs.join(r1, ayse, "n/1", t0 + 1);
  rs.join(r1, rec, "n/2", t0 + 2);
  rs.add_message(r1, ayse, "Merhaba", "", 1000);
  rs.add_message(r1, rec, "Hoş geldiniz", "", 2000);
  rs.add_message(r2, can, "Selam", "", 3000);
  rs.add_message(r3, ayse, "Yine ben", "", 4000);
  store::evaluation_change ec;
  ec.notes = "Private working notes";
  ec.rating = 4;
  ec.outcome = "hired";
  rs.save_evaluation(r1, ayse, rec, ec, t0 + 50);
  store::evaluation_change notes_only;
  notes_only.notes = "Only notes";
  rs.save_evaluation(r2, can, rec, notes_only, t0 + 60);
  rs.end_room(r1, t0 + 100);
  REQUIRE(rs.kick(r3, ayse, t0 + 110) == store::kick_status::kicked);

  // Ayşe's rooms: both, kicked included, with her membership; the evaluation of r1 about her.
  auto mine = rs.rooms_of(ayse, 100);
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].info.id == r1);
  CHECK(mine[0].info.status == "ended");
  CHECK(mine[0].info.ended_at == t0 + 100);
  CHECK(mine[0].booth_name == "Demir Çelik");
  CHECK(mine[0].role == "candidate");
  CHECK(mine[0].joined_at == t0 + 1);
  CHECK(mine[0].left_at == t0 + 100);
  CHECK(!mine[0].kicked_at);
  CHECK(mine[0].evaluated);
  CHECK(mine[0].rating == 4);
  CHECK(mine[0].outcome == "hired");
  CHECK(mine[0].evaluated_at == t0 + 50);
  CHECK(mine[1].info.id == r3);
  CHECK(mine[1].kicked_at == t0 + 110);
  CHECK(!mine[1].joined_at);
  CHECK(!mine[1].evaluated);
  CHECK(rs.rooms_of(ayse, 1).size() == 1);
  // An evaluation with notes only: it exists, without outcome or rating.
  auto cans = rs.rooms_of(can, 100);
  REQUIRE(cans.size() == 1);
  CHECK(cans[0].evaluated);
  CHECK(!cans[0].rating);
  CHECK(!cans[0].outcome);
  // The recruiter: every room, as recruiter, never with the candidates' evaluations.
  auto recs = rs.rooms_of(rec, 100);
  REQUIRE(recs.size() == 3);
  for (const auto& x : recs) {
    CHECK(x.role == "recruiter");
    CHECK(!x.evaluated);
    CHECK(!x.rating);
  }

  // Messages: only the author's, in every room, oldest first.
  auto msgs = rs.messages_of(ayse, 100);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].room_id == r1);
  CHECK(msgs[0].text == "Merhaba");
  CHECK(msgs[0].sent_at_ms == 1000);
  CHECK(msgs[1].room_id == r3);
  CHECK(rs.messages_of(ayse, 1).size() == 1);
  CHECK(rs.messages_of(rec, 100).size() == 1);

  // The export reads a person's messages through an index (013), not a table scan.
  SQLite::Database db(dir.db());
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN SELECT id FROM room_messages WHERE user_id = 1 ORDER BY id");
  std::string steps;
  while (plan.executeStep()) steps += plan.getColumn(3).getString() + "\n";
  CHECK_THAT(steps, Catch::Contains("USING COVERING INDEX room_messages_user") || Catch::Contains("USING INDEX room_messages_user"));
}

}  // namespace fuar::room
