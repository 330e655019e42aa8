#pragma once
// Accepts TCP connections on one port and hands each to a shard, round robin. The socket is
// accepted directly onto the shard's io_context, so the connection never crosses threads.
#include <memory>
#include <string>

#include "server/net/context.hpp"

namespace fuar::net {

class listener {
public:
  // Binds host:port (port 0 picks a free one). Throws std::runtime_error naming the address.
  listener(context& ctx, const std::string& host, unsigned short port);
  ~listener();
  unsigned short port() const;
  void start();
  // Stops accepting; open connections are untouched. Thread-safe.
  void stop();

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

// Drops what the calling shard thread still holds for later (sessions waiting for a write
// flush). Call when a shard's io_context has stopped, while the server objects still exist.
void release_thread_state();

}  // namespace fuar::net
