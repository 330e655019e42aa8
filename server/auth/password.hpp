#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash). Blocking and deliberately slow
// (tens of milliseconds, 64 MiB): call on the blocking pool, never on an I/O thread.
#include <string>

namespace fuar::auth {

// Initialises libsodium; safe to call more than once and from several threads. Throws
// std::runtime_error when libsodium cannot start (start-up only).
void init_crypto();

struct password_cost {
  unsigned long long opslimit;
  std::size_t memlimit;
};
// Interactive cost for production; tests may use a minimal cost to stay fast.
password_cost interactive_cost();
password_cost minimal_cost();

// Returns the encoded argon2id string (contains salt and parameters).
std::string hash_password(const std::string& password, password_cost cost = interactive_cost());
// Constant-time verification against an encoded hash; false on mismatch or malformed hash.
bool verify_password(const std::string& password, const std::string& encoded_hash);

}  // namespace fuar::auth
