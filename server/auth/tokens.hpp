#pragma once
// Session tokens and other secrets. Tokens carry 256 random bits, are sent base64url-encoded
// (no padding) and are stored only as their SHA-256 hash (hex).
#include <string>
#include <string_view>

namespace fuar::auth {

std::string new_token();                              // 43 characters of base64url
std::string token_hash(std::string_view token);       // 64 lower-case hex characters
std::string random_password(std::size_t length = 16); // letters and digits, for demo accounts
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace fuar::auth
