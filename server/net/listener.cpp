#include "server/net/listener.hpp"

#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/net/sessions.hpp"

namespace fuar::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct listener::impl : std::enable_shared_from_this<impl> {
  context& ctx;
  tcp::acceptor acceptor;
  asio::steady_timer pause;
  std::size_t next = 0;
  bool failing = false;

  impl(context& c, asio::io_context& ioc) : ctx(c), acceptor(ioc), pause(ioc) {}

  void accept() {
    std::size_t shard = next++ % ctx.hub.shard_count();
    acceptor.async_accept(ctx.hub.shard_context(shard),
                          [self = shared_from_this(), shard](boost::system::error_code ec, tcp::socket s) {
                            if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
                            if (ec) return self->back_off(ec);
                            self->failing = false;
                            s.set_option(tcp::no_delay(true), ec);
                            start_http_session(self->ctx, shard, std::move(s));
                            self->accept();
                          });
  }

  // Out of file descriptors (or another accept error): the pending connection stays in the
  // backlog, so accepting again at once would spin. Say it once per burst and wait a little
  // for open connections to close.
  void back_off(boost::system::error_code ec) {
    if (!failing) std::cerr << "fuar: accept failed (" << ec.message() << "); pausing accepts\n";
    failing = true;
    pause.expires_after(std::chrono::milliseconds(100));
    pause.async_wait([self = shared_from_this()](boost::system::error_code e) {
      if (!e && self->acceptor.is_open()) self->accept();
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
    self->pause.cancel();
  });
}

}  // namespace fuar::net
