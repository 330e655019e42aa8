#include "server/contract/commands.hpp"

namespace fuar::api {

tables::tables(std::vector<capability> caps) : caps_(std::move(caps)) {
  for (const auto& cap : caps_) {
    routes_.insert(routes_.end(), cap.routes.begin(), cap.routes.end());
    // Built once: every message looks its row up here.
    for (const auto& c : cap.commands) index_.emplace(c.type, &c);
  }
}

const command* tables::find_command(std::string_view type) const {
  auto it = index_.find(type);
  return it == index_.end() ? nullptr : it->second;
}

}  // namespace fuar::api
