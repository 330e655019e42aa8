// Time zone names and link bases (links.hpp).
#include "server/fair/links.hpp"

#include <fstream>

namespace fuar::fair {

bool valid_timezone(std::string_view name, const std::string& zoneinfo_dir) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
              c == '-' || c == '/';
    if (!ok) return false;
  }
  // Only a compiled zone counts: directories ("Europe") and the data tables (zone.tab) do not.
  std::ifstream in(zoneinfo_dir + "/" + std::string(name), std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::string_view(magic, 4) == "TZif";
}

std::optional<std::string> link_base(const std::string& public_url, const std::string& host) {
  if (!public_url.empty()) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
  }
  if (host.empty() || host.size() > 255) return std::nullopt;
  for (char c : host) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ':' ||
              c == '-' || c == '[' || c == ']';
    if (!ok) return std::nullopt;
  }
  return "http://" + host;
}

}  // namespace fuar::fair
