#include "server/chat/guard.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "server/store/chat_store.hpp"

namespace fuar::chat {

std::optional<std::int64_t> rate_limiter::take(std::int64_t key, double per_min, double burst, std::int64_t now_ms) {
  const double per_ms = per_min / 60000.0;
  std::lock_guard lock(mutex_);
  // Full buckets carry no information: drop them now and then so the map stays small.
  if (now_ms - last_prune_ms_ > 60000) {
    last_prune_ms_ = now_ms;
    std::erase_if(buckets_, [&](const auto& kv) {
      return kv.second.tokens + double(now_ms - kv.second.at_ms) * per_ms >= burst;
    });
  }
  auto [it, fresh] = buckets_.try_emplace(key, bucket{burst, now_ms});
  auto& b = it->second;
  if (!fresh) b.tokens = std::min(burst, b.tokens + double(std::max<std::int64_t>(0, now_ms - b.at_ms)) * per_ms);
  b.at_ms = now_ms;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  auto wait_ms = (1.0 - b.tokens) / per_ms;
  return std::max<std::int64_t>(1, std::int64_t(std::ceil(wait_ms / 1000.0)));
}

std::size_t rate_limiter::size() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

bool ban_set::contains(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  return users_.contains(user_id);
}

void ban_set::add(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  users_.insert(user_id);
}

void ban_set::replace(const std::vector<std::int64_t>& users) {
  std::unordered_set<std::int64_t> next(users.begin(), users.end());
  std::lock_guard lock(mutex_);
  users_.swap(next);
}

rate_limiter& limiter() {
  static rate_limiter l;
  return l;
}

ban_set& banned() {
  static ban_set b;
  return b;
}

std::string duration_text(std::int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
  auto minutes = (seconds + 59) / 60;
  return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

std::optional<protocol::error> before_send(store::store& st, const app::config& cfg, const store::user& u,
                                           std::int64_t booth_id, std::int64_t now_ms) {
  auto b = st.booths().find_booth(booth_id);
  if (!b) return protocol::error{protocol::error_code::not_found, "no such booth", "", 0};
  const std::int64_t now = now_ms / 1000;
  if (auto until = st.chat().muted_until(b->fair_id, u.id, now)) {
    auto left = *until - now;
    return protocol::error{protocol::error_code::forbidden,
                           "you are muted in this fair's chats for " + duration_text(left) + " more", "", long(left)};
  }
  if (auto wait = limiter().take(u.id, double(cfg.chat.messages_per_min), double(cfg.chat.burst), now_ms))
    return protocol::error{protocol::error_code::rate_limited,
                           "you are sending messages too fast; try again in " + duration_text(*wait), "", long(*wait)};
  return std::nullopt;
}

}  // namespace fuar::chat
