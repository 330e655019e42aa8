#pragma once
// One hiredis async connection driven by an Asio io_context (hiredis 0.14.1).
//
// hiredis owns the socket: Asio only watches its descriptor for readiness (a
// posix::stream_descriptor that is released, never closed, when hiredis lets go of it), so
// the two never both close the fd. Every call, and every callback, happens on the one thread
// that runs `ioc`. A reply callback receives nullptr when the command failed or the connection
// dropped before the reply; it never runs after the redis_conn is destroyed.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct redisAsyncContext;
struct redisReply;

namespace boost::asio { class io_context; }

namespace fuar::broker {

class redis_conn {
public:
  using reply_fn = std::function<void(redisReply*)>;
  // on_state(true) once connected; on_state(false) when a connect fails or the connection ends.
  // Called asynchronously (posted), never from inside hiredis.
  redis_conn(boost::asio::io_context& ioc, std::string host, int port, std::function<void(bool)> on_state);
  ~redis_conn();
  redis_conn(const redis_conn&) = delete;
  redis_conn& operator=(const redis_conn&) = delete;

  // Starts connecting (no-op when connecting or connected); fails after `timeout_ms`.
  void connect(std::int64_t timeout_ms);
  bool connected() const { return connected_; }
  // Closes the connection (pending callbacks get nullptr); on_state(false) follows.
  void disconnect();

  // Sends a command; false (and `fn` is not called) when not connected.
  bool command(const std::vector<std::string>& args, reply_fn fn);
  // Subscriber connections: messages ("message", channel, payload) for every channel subscribed
  // through this function reach `on_message`; the subscribe confirmations are swallowed.
  bool subscribe_command(const std::vector<std::string>& args);
  void set_message_handler(std::function<void(const std::string& channel, const std::string& payload)> h) {
    on_message_ = std::move(h);
  }
  // Called for each channel whose SUBSCRIBE Redis has confirmed (it is live from then on).
  void set_subscribed_handler(std::function<void(const std::string& channel)> h) { on_subscribed_ = std::move(h); }

private:
  struct watcher;
  static void on_connect(const redisAsyncContext* ac, int status);
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata);
  static void on_sub_reply(redisAsyncContext* ac, void* reply, void* privdata);
  void gone();  // hiredis is freeing the context

  boost::asio::io_context& ioc_;
  std::string host_;
  int port_;
  std::function<void(bool)> on_state_;
  std::function<void(const std::string&, const std::string&)> on_message_;
  std::function<void(const std::string&)> on_subscribed_;
  redisAsyncContext* ac_ = nullptr;
  std::unique_ptr<watcher> watch_;
  bool connected_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards posted callbacks
  std::uint64_t attempt_ = 0;
};

}  // namespace fuar::broker
