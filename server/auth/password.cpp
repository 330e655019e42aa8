// Password hashing with libsodium's argon2id (crypto_pwhash_str_alg).
#include "server/auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace fuar::auth {

// sodium_init() is itself thread-safe and idempotent (returns 1 when already initialised).
void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

password_cost interactive_cost() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

// Only for tests and throw-away demo data: fast, and weak against offline guessing.
password_cost minimal_cost() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

// Returns the "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string; the salt is fresh random
// bytes, so hashing the same password twice gives different strings. Throws
// std::runtime_error when the memory for the hash cannot be allocated.
std::string hash_password(const std::string& password, password_cost cost) {
  init_crypto();  // cheap after the first call; makes a forgotten start-up call harmless
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opslimit,
                            cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("hash_password: out of memory");
  }
  return std::string(out);
}

// crypto_pwhash_str_verify compares in constant time and returns -1 both for a wrong password
// and for a string it cannot parse, which is what the contract asks for.
bool verify_password(const std::string& password, const std::string& encoded_hash) {
  init_crypto();
  // A longer string cannot be one of ours; also keeps libsodium's parser on bounded input.
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace fuar::auth
