// Session tokens and small secrets, all from libsodium's CSPRNG.
#include "server/auth/tokens.hpp"

#include "server/auth/password.hpp"

#include <sodium.h>

#include <cstdint>

namespace fuar::auth {

namespace {
constexpr std::size_t token_bytes = 32;  // 256 bits
constexpr int b64_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}  // namespace

// 32 random bytes as unpadded base64url: 43 characters, safe in URLs and cookies.
std::string new_token() {
  init_crypto();
  unsigned char raw[token_bytes];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(token_bytes, b64_variant)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, b64_variant);
  sodium_memzero(raw, sizeof raw);
  return std::string(out);
}

// SHA-256 of the token text, lower-case hex. A plain (unsalted) hash is enough here: the input
// has 256 random bits, so there is nothing to guess; only the hash is stored.
std::string token_hash(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

// Letters and digits, each drawn uniformly (randombytes_uniform avoids modulo bias).
std::string random_password(std::size_t length) {
  init_crypto();
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr std::uint32_t n = sizeof alphabet - 1;
  std::string out(length, '\0');
  for (char& c : out) c = alphabet[randombytes_uniform(n)];
  return out;
}

// Compares contents in constant time; the lengths are compared first and may leak, which is
// fine for tokens and hashes of a fixed, public length.
bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fuar::auth
