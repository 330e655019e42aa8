#include "tests/integration/harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace fuar::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::string make_temp_dir(const std::string& prefix) {
  // tmpfs when available: fsync is free there, so store-heavy tests stay fast. Durability
  // across kill -9 is still real: the data is in the page cache, which survives the process.
  std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
  std::random_device rd;
  for (int i = 0; i < 100; ++i) {
    auto p = base + "/" + prefix + "-" + std::to_string(rd());
    if (std::filesystem::create_directory(p)) return p;
  }
  throw std::runtime_error("cannot create a temporary directory");
}

void remove_dir(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

server::server(std::map<std::string, std::string> env, std::string data_dir) {
  data_dir_ = data_dir.empty() ? make_temp_dir("fuar-it") : data_dir;
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos && kv.rfind("FUAR_", 0) != 0) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  vars["FUAR_SERVER_PORT"] = "0";
  vars["FUAR_SERVER_HOST"] = "127.0.0.1";
  vars["FUAR_SERVER_DATA_DIR"] = data_dir_;
  vars["FUAR_SERVER_STATIC_DIR"] = std::string(FUAR_SOURCE_DIR) + "/web-static";
  vars["FUAR_AUTH_PASSWORD_COST"] = "minimal";
  vars["FUAR_SERVER_SHUTDOWN_TIMEOUT_S"] = "10";
  // The per-user chat rate limit (server/chat) would throttle tests that send bursts of chat;
  // tests of the limit itself (test_chat.cpp) set their own values.
  vars["FUAR_CHAT_BURST"] = "1000";
  vars["FUAR_CHAT_MESSAGES_PER_MIN"] = "60000";
  for (auto& [k, v] : env) vars[k] = v;

  std::vector<std::string> env_strings;
  for (auto& [k, v] : vars) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    const char* bin = FUAR_BINARY;
    char* argv[] = {const_cast<char*>(bin), nullptr};
    ::execve(bin, argv, envp.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  out_fd_ = fds[0];
  read_until_listening();
}

void server::read_until_listening() {
  auto deadline = std::chrono::steady_clock::now() + 30s;
  std::string pending;
  std::regex listening(R"(listening on http://[^:]+:(\d+))");
  std::regex account(R"(demo account role=(\S+) email=(\S+) password=(\S+)(?: booth=(\d+))?)");
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    auto n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    pending.append(buf, std::size_t(n));
    {
      std::lock_guard lock(output_->mutex);
      output_->text.append(buf, std::size_t(n));
    }
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      std::smatch m;
      if (std::regex_search(line, m, account))
        demo_.push_back({m[1], m[2], m[3], m[4].matched ? std::stoll(m[4]) : 0});
      if (std::regex_search(line, m, listening)) {
        port_ = static_cast<unsigned short>(std::stoi(m[1]));
        // Keep draining the pipe so the server never blocks on a full stdout.
        std::thread([fd = out_fd_, out = output_] {
          char b[4096];
          for (;;) {
            auto k = ::read(fd, b, sizeof b);
            if (k <= 0) break;
            std::lock_guard lock(out->mutex);
            out->text.append(b, std::size_t(k));
          }
          ::close(fd);
        }).detach();
        return;
      }
    }
  }
  std::string out = output();
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  throw std::runtime_error("fuar did not start listening within 30 s; output:\n" + out);
}

server::~server() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // The drain thread owns the fd; it ends when the pipe closes with the process.
  if (!keep_data_) remove_dir(data_dir_);
}

const demo_account& server::demo_of(const std::string& role) const {
  for (const auto& a : demo_)
    if (a.role == role) return a;
  throw std::runtime_error("no demo account with role " + role);
}

void server::signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

int server::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    auto r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(10ms);
  }
  return -1;
}

bool server::running() { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

long server::rss_kb() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

std::string server::output() {
  std::lock_guard lock(output_->mutex);
  return output_->text;
}

http_result http_call(unsigned short port, const std::string& method, const std::string& target,
                      const std::string& body, const std::map<std::string, std::string>& headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (auto& [k, v] : headers) req.set(k, v);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  beast::error_code ec;
  http::read(stream, buf, parser, ec);
  if (ec) throw std::runtime_error("HTTP " + method + " " + target + ": " + ec.message());
  auto res = parser.release();
  http_result r;
  r.status = res.result_int();
  r.body = res.body();
  for (auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    r.headers[name] = std::string(f.value());
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return r;
}

std::string register_user(const server& s, const std::string& email, const std::string& name,
                          const std::string& password) {
  auto r = http_call(s.port(), "POST", "/api/auth/register",
                     json{{"email", email}, {"password", password}, {"name", name}}.dump(),
                     {{"X-Fuar-CSRF", "1"}});
  if (r.status != 201) throw std::runtime_error("register " + email + ": " + std::to_string(r.status) + " " + r.body);
  return r.body_json()["token"];
}

std::string login(const server& s, const std::string& email, const std::string& password) {
  auto r = http_call(s.port(), "POST", "/api/auth/login", json{{"email", email}, {"password", password}}.dump(),
                     {{"X-Fuar-CSRF", "1"}});
  if (r.status != 200) throw std::runtime_error("login " + email + ": " + std::to_string(r.status) + " " + r.body);
  return r.body_json()["token"];
}

admin_result run_admin(const server& s, const std::vector<std::string>& args, const env& extra) {
  std::string cmd;
  for (auto& [k, v] : extra) cmd += k + "='" + v + "' ";
  cmd += "FUAR_SERVER_DATA_DIR='" + s.data_dir() + "' FUAR_AUTH_PASSWORD_COST=minimal '" + std::string(FUAR_BINARY) + "' admin";
  for (const auto& a : args) {
    std::string q;
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += " '" + q + "'";
  }
  admin_result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string create_organiser(const server& s, const std::string& email, const std::string& name,
                             const std::string& password) {
  auto r = run_admin(s, {"create-organiser", "--email", email, "--name", name}, {{"FUAR_ADMIN_PASSWORD", password}});
  if (r.status != 0) throw std::runtime_error("create-organiser " + email + ": exit " + std::to_string(r.status) + " " + r.out);
  return login(s, email, password);
}

ws_client::ws_client(unsigned short port, const std::map<std::string, std::string>& headers, std::size_t rcvbuf)
    : ws_(ioc_) {
  auto& sock = beast::get_lowest_layer(ws_).socket();
  sock.open(tcp::v4());
  if (rcvbuf) sock.set_option(asio::socket_base::receive_buffer_size(int(rcvbuf)));
  sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (auto& [k, v] : headers) req.set(k, v);
  }));
  ws_.read_message_max(64 * 1024 * 1024);
  websocket::response_type res;
  beast::error_code ec;
  ws_.handshake(res, "127.0.0.1:" + std::to_string(port), "/ws", ec);
  if (ec) {
    refused_status_ = res.result_int();
    return;
  }
  open_ = true;
}

ws_client ws_client::with_token(const server& s, const std::string& token) {
  return ws_client(s.port(), {{"Cookie", "fuar_session=" + token}, {"Origin", s.origin()}});
}

void ws_client::send_raw(const std::string& text) {
  ws_.text(true);
  ws_.write(asio::buffer(text));
}

json ws_client::send_command(const std::string& type, const json& data) {
  json id = next_id_++;
  send_raw(json{{"id", id}, {"type", type}, {"data", data}}.dump());
  return id;
}

json ws_client::command(const std::string& type, const json& data, std::chrono::milliseconds timeout) {
  return wait_reply(send_command(type, data), timeout);
}

json ws_client::wait_reply(const json& id, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto it = inbox_.begin(); it != inbox_.end(); ++it)
      if (it->contains("id") && (*it)["id"] == id) {
        json r = std::move(*it);
        inbox_.erase(it);
        return r;
      }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !read_frame(left))
      throw std::runtime_error("no reply to command " + id.dump());
  }
}

std::optional<json> ws_client::next_push(std::chrono::milliseconds timeout, const std::string& event) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto it = inbox_.begin(); it != inbox_.end(); ++it)
      if (it->contains("topic") && (event.empty() || (*it)["event"] == event)) {
        json r = std::move(*it);
        inbox_.erase(it);
        return r;
      }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !read_frame(left)) return std::nullopt;
  }
}

bool ws_client::read_frame(std::chrono::milliseconds timeout) {
  if (!open_) return false;
  bool done = false;
  beast::error_code result;
  ws_.async_read(buf_, [&](beast::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  ioc_.restart();
  ioc_.run_for(timeout);
  if (!done) {
    // Timed out: the stream cannot be used again after a cancelled read.
    beast::get_lowest_layer(ws_).cancel();
    ioc_.restart();
    ioc_.run();
    open_ = false;
    return false;
  }
  if (result) {
    open_ = false;
    close_.closed = true;
    if (result == websocket::error::closed) close_.code = ws_.reason().code;
    return false;
  }
  std::string text = beast::buffers_to_string(buf_.data());
  buf_.consume(buf_.size());
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line, '\n');) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("server sent invalid JSON: " + line.substr(0, 200));
    inbox_.push_back(std::move(j));
  }
  return true;
}

close_info ws_client::wait_close(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (open_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    read_frame(left);
  }
  return close_;
}

void ws_client::close() {
  if (!open_) return;
  beast::error_code ec;
  ws_.close(websocket::close_code::normal, ec);
  open_ = false;
}

}  // namespace fuar::test
