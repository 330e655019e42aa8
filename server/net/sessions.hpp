#pragma once
// Internal to net/: starting the per-connection sessions. Includes Beast.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/net/context.hpp"

namespace fuar::net {

// Serves HTTP on an accepted socket, handing WebSocket upgrades at /ws to start_ws_session.
void start_http_session(context& ctx, std::size_t shard, boost::asio::ip::tcp::socket socket);

// Completes the upgrade for an authenticated, admitted user and runs the connection.
void start_ws_session(context& ctx, std::size_t shard, boost::asio::ip::tcp::socket socket,
                      boost::beast::http::request<boost::beast::http::string_body> req,
                      store::user user, std::string token_hash);

}  // namespace fuar::net
