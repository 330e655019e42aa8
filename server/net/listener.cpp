#include "server/net/listener.hpp"

#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include "server/net/sessions.hpp"

namespace fuar::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct listener::impl : std::enable_shared_from_this<impl> {
  context& ctx;
  tcp::acceptor acceptor;
  std::size_t next = 0;

  impl(context& c, asio::io_context& ioc) : ctx(c), acceptor(ioc) {}

  void accept() {
    std::size_t shard = next++ % ctx.hub.shard_count();
    acceptor.async_accept(ctx.hub.shard_context(shard),
                          [self = shared_from_this(), shard](boost::system::error_code ec, tcp::socket s) {
                            if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
                            if (!ec) {
                              s.set_option(tcp::no_delay(true), ec);
                              start_http_session(self->ctx, shard, std::move(s));
                            } else if (ec == asio::error::no_descriptors) {
                              // Out of file descriptors: keep the process alive, say it once per
                              // burst, and let open connections drain before accepting again.
                              std::cerr << "fuar: accept: " << ec.message() << "\n";
                            }
                            self->accept();
                          });
  }
};

listener::listener(context& ctx, const std::string& host, unsigned short port)
    : impl_(std::make_shared<impl>(ctx, ctx.hub.shard_context(0))) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("server.host: not an IP address: " + host);
  tcp::endpoint ep(addr, port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
}

listener::~listener() = default;

unsigned short listener::port() const { return impl_->acceptor.local_endpoint().port(); }

void listener::start() {
  asio::post(impl_->acceptor.get_executor(), [self = impl_] { self->accept(); });
}

void listener::stop() {
  asio::post(impl_->acceptor.get_executor(), [self = impl_] {
    boost::system::error_code ec;
    self->acceptor.close(ec);
  });
}

}  // namespace fuar::net
