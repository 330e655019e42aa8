#pragma once
// Checks shared by public booth chat (chat.send) and private threads (server/chat/commands.cpp):
// the per-user message rate limit, fair-wide mutes, and the node's set of banned users that lets
// the subscribe fast path (server/session/commands.cpp) send banned users to the store check.
//
// All of it is per node: a user who spreads sockets over N nodes gets N times the rate, and a
// ban made on another node reaches this node's set within ban_refresh_ms (the store check in
// policy.cpp sees it at once; only the fast path waits).
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "protocol/catalogue.hpp"
#include "server/config/config.hpp"
#include "server/store/store.hpp"

namespace fuar::chat {

constexpr std::int64_t ban_refresh_ms = 5000;

// A token bucket per key (user id): `per_min` tokens a minute, at most `burst` stored.
class rate_limiter {
public:
  // Takes one token at `now_ms`; nullopt when allowed, otherwise the seconds (>= 1) until one
  // token is back.
  std::optional<std::int64_t> take(std::int64_t key, double per_min, double burst, std::int64_t now_ms);
  std::size_t size();

private:
  struct bucket {
    double tokens = 0;
    std::int64_t at_ms = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::int64_t, bucket> buckets_;
  std::int64_t last_prune_ms_ = 0;
};

// The set of users with a ban in some fair (node-wide).
class ban_set {
public:
  bool contains(std::int64_t user_id);
  void add(std::int64_t user_id);
  void replace(const std::vector<std::int64_t>& users);

private:
  std::mutex mutex_;
  std::unordered_set<std::int64_t> users_;
};

rate_limiter& limiter();
ban_set& banned();

// Before a message is stored at `booth_id` by `u` (can_chat / the thread's access check already
// passed): refused with `forbidden` (with retry_after) while the user is muted in the booth's
// fair, then with `rate_limited` (retry_after) beyond chat.messages_per_min / chat.burst.
std::optional<protocol::error> before_send(store::store& st, const app::config& cfg, const store::user& u,
                                           std::int64_t booth_id, std::int64_t now_ms);

// "12 minutes" / "45 seconds" (for messages).
std::string duration_text(std::int64_t seconds);

}  // namespace fuar::chat
