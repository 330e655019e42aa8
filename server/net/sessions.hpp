#pragma once
// Internal to net/: starting the per-connection sessions.
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "server/net/context.hpp"

namespace fuar::net {

// Serves HTTP on an accepted socket, handing WebSocket upgrades at /ws to start_ws_session.
void start_http_session(context& ctx, std::size_t shard, boost::asio::ip::tcp::socket socket);

// Completes the upgrade for an authenticated, admitted user (answers 101 with `accept_key`,
// from wsf::accept_key) and runs the connection.
void start_ws_session(context& ctx, std::size_t shard, boost::asio::ip::tcp::socket socket,
                      const std::string& accept_key, store::user user, std::string token_hash);

}  // namespace fuar::net
