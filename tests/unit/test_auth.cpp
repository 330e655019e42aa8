// Unit tests for fuar::auth: argon2id password hashing, tokens, login throttling.
#include "server/auth/password.hpp"
#include "server/auth/throttle.hpp"
#include "server/auth/tokens.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

namespace {

using namespace fuar::auth;
using namespace std::chrono_literals;

bool all_of_chars(const std::string& s, const std::string& allowed) {
  return s.find_first_not_of(allowed) == std::string::npos;
}

const std::string letters_digits =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const std::string base64url_chars = letters_digits + "-_";
const std::string lower_hex = "0123456789abcdef";

}  // namespace

TEST_CASE("passwords: argon2id hash verifies, wrong password does not", "[auth]") {
  init_crypto();
  init_crypto();  // idempotent
  std::string h = hash_password("correct horse", minimal_cost());
  CHECK(h.rfind("$argon2id$", 0) == 0);
  CHECK(h.find("m=8,t=1,") != std::string::npos);  // the minimal cost was used
  CHECK(verify_password("correct horse", h));
  CHECK_FALSE(verify_password("correct horsE", h));
  CHECK_FALSE(verify_password("", h));
  // A fresh salt each time: same password, different strings, both valid.
  std::string h2 = hash_password("correct horse", minimal_cost());
  CHECK(h2 != h);
  CHECK(verify_password("correct horse", h2));
  // Empty and non-ASCII passwords are ordinary input.
  CHECK(verify_password("", hash_password("", minimal_cost())));
  CHECK(verify_password("şifre-ğüı", hash_password("şifre-ğüı", minimal_cost())));
}

TEST_CASE("passwords: malformed hashes are rejected, not thrown", "[auth]") {
  init_crypto();
  std::string h = hash_password("pw", minimal_cost());
  CHECK_FALSE(verify_password("pw", ""));
  CHECK_FALSE(verify_password("pw", "not a hash"));
  CHECK_FALSE(verify_password("pw", "$argon2id$"));
  CHECK_FALSE(verify_password("pw", h.substr(0, h.size() - 5)));  // truncated digest
  std::string tampered = h;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_password("pw", tampered));
  CHECK_FALSE(verify_password("pw", h + std::string(200, 'A')));  // too long to be ours
}

TEST_CASE("passwords: interactive cost hashes verify", "[auth]") {
  init_crypto();
  std::string h = hash_password("interactive");  // the default cost
  CHECK(h.rfind("$argon2id$", 0) == 0);
  CHECK(h.find("m=65536,t=2,") != std::string::npos);  // 64 MiB, 2 passes
  CHECK(verify_password("interactive", h));
  CHECK_FALSE(verify_password("Interactive", h));
}

TEST_CASE("tokens: 43 base64url characters, all distinct", "[auth]") {
  init_crypto();
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = new_token();
    REQUIRE(t.size() == 43);
    REQUIRE(all_of_chars(t, base64url_chars));
    seen.insert(t);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("token_hash: SHA-256 as 64 lower-case hex characters", "[auth]") {
  // FIPS 180-2 test vector.
  CHECK(token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string t = new_token();
  std::string h = token_hash(t);
  CHECK(h.size() == 64);
  CHECK(all_of_chars(h, lower_hex));
  CHECK(token_hash(t) == h);  // deterministic
  CHECK(token_hash(new_token()) != h);
  CHECK(token_hash(t.substr(1)) != h);
}

TEST_CASE("random_password: letters and digits of the asked length", "[auth]") {
  init_crypto();
  CHECK(random_password().size() == 16);
  CHECK(random_password(0).empty());
  std::string p = random_password(40);
  CHECK(p.size() == 40);
  CHECK(all_of_chars(p, letters_digits));
  CHECK(random_password(40) != p);
  // Over many draws every one of the 62 characters shows up (missing one: ~1e-40).
  std::string many = random_password(62 * 100);
  CHECK(all_of_chars(many, letters_digits));
  for (char c : letters_digits) {
    INFO("character " << c);
    CHECK(many.find(c) != std::string::npos);
  }
}

TEST_CASE("constant_time_equal compares contents and lengths", "[auth]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK(constant_time_equal("", ""));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "ab"));
  CHECK_FALSE(constant_time_equal("", "a"));
  std::string t = new_token();
  CHECK(constant_time_equal(t, std::string(t)));
  std::string u = t;
  u[0] = u[0] == 'x' ? 'y' : 'x';
  CHECK_FALSE(constant_time_equal(t, u));
}

TEST_CASE("throttle: blocks at max_failures within the window, then lets go", "[auth]") {
  throttle th(5, 60s, 100);
  const auto t0 = throttle::clock::now();
  for (int i = 0; i < 4; ++i) {
    th.record_failure("ayse@example.com", t0 + std::chrono::seconds(i));
    CHECK(th.retry_after("ayse@example.com", t0 + std::chrono::seconds(i)) == 0);
  }
  th.record_failure("ayse@example.com", t0 + 4s);
  long wait = th.retry_after("ayse@example.com", t0 + 4s);
  CHECK(wait > 0);
  CHECK(wait <= 60);
  CHECK(wait == 56);  // until the failure at t0 leaves the window
  CHECK(th.retry_after("ayse@example.com", t0 + 59s) == 1);
  CHECK(th.retry_after("ayse@example.com", t0 + 59s + 500ms) == 1);  // rounded up, never 0
  CHECK(th.retry_after("ayse@example.com", t0 + 60s) == 0);
  // Other keys are independent.
  CHECK(th.retry_after("10.0.0.1", t0 + 4s) == 0);
}

TEST_CASE("throttle: failures beyond the limit extend the block", "[auth]") {
  throttle th(3, 60s);
  const auto t0 = throttle::clock::now();
  for (int i = 0; i < 5; ++i) th.record_failure("k", t0 + std::chrono::seconds(i * 10));
  // Failures at 0,10,20,30,40 s: at 40 s the block lasts until the one at 20 s expires (80 s).
  CHECK(th.retry_after("k", t0 + 40s) == 40);
  CHECK(th.retry_after("k", t0 + 79s) == 1);
  CHECK(th.retry_after("k", t0 + 80s) == 0);
}

TEST_CASE("throttle: reset forgets the key's failures", "[auth]") {
  throttle th(2, 60s);
  const auto t0 = throttle::clock::now();
  th.record_failure("a", t0);
  th.record_failure("a", t0);
  th.record_failure("b", t0);
  th.record_failure("b", t0);
  REQUIRE(th.retry_after("a", t0) > 0);
  th.reset("a");
  CHECK(th.retry_after("a", t0) == 0);
  CHECK(th.retry_after("b", t0) > 0);
  th.reset("never-seen");  // harmless
  th.record_failure("a", t0);
  CHECK(th.retry_after("a", t0) == 0);  // one failure of two
}

TEST_CASE("throttle: at most max_keys keys, the oldest forgotten first", "[auth]") {
  constexpr std::size_t max_keys = 10;
  throttle th(1, 60s, max_keys);  // one failure blocks, so "blocked" means "remembered"
  const auto t0 = throttle::clock::now();
  for (std::size_t i = 0; i < max_keys + 10; ++i) th.record_failure("k" + std::to_string(i), t0);
  for (std::size_t i = 0; i < 10; ++i) {
    INFO("key k" << i);
    CHECK(th.retry_after("k" + std::to_string(i), t0) == 0);
  }
  for (std::size_t i = 10; i < max_keys + 10; ++i) {
    INFO("key k" << i);
    CHECK(th.retry_after("k" + std::to_string(i), t0) > 0);
  }
}

TEST_CASE("throttle: the key bound still holds after resets", "[auth]") {
  throttle th(1, 60s, 3);
  const auto t0 = throttle::clock::now();
  th.record_failure("a", t0);
  th.record_failure("b", t0);
  th.record_failure("c", t0);
  th.reset("b");
  th.record_failure("d", t0);  // fills b's slot: nothing evicted
  CHECK(th.retry_after("a", t0) > 0);
  th.record_failure("b", t0);  // b is new again: evicts a, the oldest
  CHECK(th.retry_after("a", t0) == 0);
  CHECK(th.retry_after("b", t0) > 0);
  CHECK(th.retry_after("c", t0) > 0);
  CHECK(th.retry_after("d", t0) > 0);
}
