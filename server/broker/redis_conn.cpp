#include "server/broker/redis_conn.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

namespace fuar::broker {

namespace asio = boost::asio;

// Readiness watcher: hiredis asks for read/write interest through the ev hooks; each wait
// re-arms while interest lasts. `token` invalidates waits of an earlier context.
struct redis_conn::watcher {
  redis_conn& owner;
  asio::posix::stream_descriptor sd;
  asio::steady_timer connect_timer;
  bool want_read = false, want_write = false;
  bool read_armed = false, write_armed = false;
  std::shared_ptr<int> token = std::make_shared<int>(0);

  watcher(redis_conn& o, int fd) : owner(o), sd(o.ioc_, fd), connect_timer(o.ioc_) {}

  // Waits for readiness of one kind while hiredis wants it, hands the event to hiredis, and
  // re-arms. `armed` and `wanted` are the flags of that kind; `handle` is redisAsyncHandleRead
  // or redisAsyncHandleWrite.
  void arm(asio::posix::descriptor_base::wait_type kind, bool& armed, const bool& wanted,
           void (*handle)(redisAsyncContext*)) {
    if (armed || !wanted) return;
    armed = true;
    sd.async_wait(kind, [this, kind, &armed, &wanted, handle, t = std::weak_ptr<int>(token)](boost::system::error_code ec) {
      if (t.expired()) return;
      armed = false;
      if (ec || !owner.ac_) return;
      handle(owner.ac_);  // may free the context (then `this` is gone too)
      if (!t.expired()) arm(kind, armed, wanted, handle);
    });
  }
  void arm_read() { arm(asio::posix::descriptor_base::wait_read, read_armed, want_read, &redisAsyncHandleRead); }
  void arm_write() { arm(asio::posix::descriptor_base::wait_write, write_armed, want_write, &redisAsyncHandleWrite); }

  static void add_read(void* p) { auto* w = static_cast<watcher*>(p); w->want_read = true; w->arm_read(); }
  static void del_read(void* p) { static_cast<watcher*>(p)->want_read = false; }
  static void add_write(void* p) { auto* w = static_cast<watcher*>(p); w->want_write = true; w->arm_write(); }
  static void del_write(void* p) { static_cast<watcher*>(p)->want_write = false; }
  static void cleanup(void* p) { static_cast<watcher*>(p)->owner.gone(); }
};

redis_conn::redis_conn(asio::io_context& ioc, std::string host, int port, std::function<void(bool)> on_state)
    : ioc_(ioc), host_(std::move(host)), port_(port), on_state_(std::move(on_state)) {}

redis_conn::~redis_conn() {
  *alive_ = false;
  on_state_ = nullptr;
  on_message_ = nullptr;
  on_subscribed_ = nullptr;
  if (ac_) redisAsyncFree(ac_);  // callbacks see nullptr; their reply_fns check alive
}

void redis_conn::connect(std::int64_t timeout_ms) {
  if (ac_) return;
  ac_ = redisAsyncConnect(host_.c_str(), port_);
  auto alive = alive_;
  if (!ac_ || ac_->err) {
    if (ac_) redisAsyncFree(ac_);
    ac_ = nullptr;
    asio::post(ioc_, [this, alive] { if (*alive && on_state_) on_state_(false); });
    return;
  }
  ac_->data = this;
  watch_ = std::make_unique<watcher>(*this, ac_->c.fd);
  ac_->ev.data = watch_.get();
  ac_->ev.addRead = &watcher::add_read;
  ac_->ev.delRead = &watcher::del_read;
  ac_->ev.addWrite = &watcher::add_write;
  ac_->ev.delWrite = &watcher::del_write;
  ac_->ev.cleanup = &watcher::cleanup;
  redisAsyncSetConnectCallback(ac_, &redis_conn::on_connect);
  redisAsyncSetDisconnectCallback(ac_, [](const redisAsyncContext*, int) {});
  // hiredis 0.14 has no async connect timeout: a timer frees a connect that hangs.
  auto attempt = ++attempt_;
  watch_->connect_timer.expires_after(std::chrono::milliseconds(timeout_ms));
  watch_->connect_timer.async_wait([this, alive, attempt](boost::system::error_code ec) {
    if (ec || !*alive || attempt != attempt_ || connected_ || !ac_) return;
    redisAsyncFree(ac_);
  });
}

void redis_conn::on_connect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<redis_conn*>(ac->data);
  if (status != REDIS_OK) return;  // hiredis frees the context next; cleanup reports it
  self->connected_ = true;
  self->watch_->connect_timer.cancel();
  auto alive = self->alive_;
  asio::post(self->ioc_, [self, alive] { if (*alive && self->on_state_ && self->connected_) self->on_state_(true); });
}

void redis_conn::gone() {
  // Called by hiredis while it frees the context: forget it, stop watching (without closing
  // the fd, which hiredis closes), and report the loss from outside hiredis.
  ac_ = nullptr;
  connected_ = false;
  if (watch_) {
    watch_->token.reset();
    watch_->connect_timer.cancel();
    boost::system::error_code ec;
    watch_->sd.release();
    // The watcher may be inside one of its own handlers: destroy it later.
    asio::post(ioc_, [w = std::shared_ptr<watcher>(watch_.release())] {});
  }
  auto alive = alive_;
  asio::post(ioc_, [this, alive] { if (*alive && on_state_) on_state_(false); });
}

void redis_conn::disconnect() {
  if (ac_) redisAsyncDisconnect(ac_);
}

namespace {
struct pending {
  redis_conn::reply_fn fn;
  std::shared_ptr<bool> alive;
};
}  // namespace

void redis_conn::on_reply(redisAsyncContext*, void* reply, void* privdata) {
  std::unique_ptr<pending> p(static_cast<pending*>(privdata));
  if (*p->alive && p->fn) p->fn(static_cast<redisReply*>(reply));
}

bool redis_conn::command(const std::vector<std::string>& args, reply_fn fn) {
  if (!ac_ || !connected_) return false;
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* p = new pending{std::move(fn), alive_};
  if (redisAsyncCommandArgv(ac_, &redis_conn::on_reply, p, int(args.size()), argv.data(), lens.data()) != REDIS_OK) {
    delete p;
    return false;
  }
  return true;
}

void redis_conn::on_sub_reply(redisAsyncContext* ac, void* r, void*) {
  auto* reply = static_cast<redisReply*>(r);
  auto* self = static_cast<redis_conn*>(ac->data);
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) return;
  auto* kind = reply->element[0];
  if (kind->type != REDIS_REPLY_STRING) return;
  std::string_view k(kind->str, kind->len);
  std::string channel(reply->element[1]->str, reply->element[1]->len);
  if (k == "message" && self->on_message_)
    self->on_message_(channel, std::string(reply->element[2]->str, reply->element[2]->len));
  else if (k == "subscribe" && self->on_subscribed_)
    self->on_subscribed_(channel);
}

bool redis_conn::subscribe_command(const std::vector<std::string>& args) {
  if (!ac_ || !connected_) return false;
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  return redisAsyncCommandArgv(ac_, &redis_conn::on_sub_reply, nullptr, int(args.size()), argv.data(), lens.data()) ==
         REDIS_OK;
}

}  // namespace fuar::broker
