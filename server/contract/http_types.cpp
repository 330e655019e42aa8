#include "server/contract/http_types.hpp"

#include "protocol/catalogue.hpp"

namespace fuar::api {

std::string session_token(const std::string& cookie, const std::string& authorization, bool& bearer) {
  bearer = false;
  constexpr std::string_view prefix = "Bearer ";
  if (authorization.size() > prefix.size() && authorization.compare(0, prefix.size(), prefix) == 0) {
    bearer = true;
    return authorization.substr(prefix.size());
  }
  // Cookie: a=b; fuar_session=TOKEN; c=d
  std::string_view c = cookie;
  while (!c.empty()) {
    auto semi = c.find(';');
    auto part = protocol::trim(c.substr(0, semi));
    constexpr std::string_view name = "fuar_session=";
    if (part.substr(0, name.size()) == name) return std::string(part.substr(name.size()));
    if (semi == std::string_view::npos) break;
    c.remove_prefix(semi + 1);
  }
  return {};
}

}  // namespace fuar::api
