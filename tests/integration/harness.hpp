#pragma once
// Integration harness: starts the real fuar binary on port 0 in a temporary data directory,
// and talks to it over real HTTP and WebSocket connections. Every wait is bounded.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace fuar::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

struct demo_account {
  std::string role, email, password;
  std::int64_t booth_id = 0;
};

using env = std::map<std::string, std::string>;

class server {
public:
  // Starts fuar with FUAR_SERVER_PORT=0, a fresh data dir (or `data_dir` when given, to restart
  // on the same data) and `env` on top. Waits for "listening on" (30 s).
  explicit server(std::map<std::string, std::string> env = {}, std::string data_dir = {});
  ~server();
  server(const server&) = delete;

  unsigned short port() const { return port_; }
  int pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::vector<demo_account>& demo() const { return demo_; }
  const demo_account& demo_of(const std::string& role) const;

  void signal(int sig);
  // Waits for the process to exit; returns its exit status (or -1 on timeout).
  int wait_exit(std::chrono::milliseconds timeout);
  bool running();
  long rss_kb() const;
  // Lines the server printed on stdout and stderr so far (for diagnostics).
  std::string output();
  // Keeps the data directory when the object dies (for restart tests).
  void keep_data() { keep_data_ = true; }

private:
  void read_until_listening();
  int pid_ = -1;
  int out_fd_ = -1;
  unsigned short port_ = 0;
  std::string data_dir_;
  bool keep_data_ = false;
  struct captured {
    std::mutex mutex;
    std::string text;
  };
  std::shared_ptr<captured> output_ = std::make_shared<captured>();  // shared with the drain thread
  std::vector<demo_account> demo_;
};

std::string make_temp_dir(const std::string& prefix);
void remove_dir(const std::string& path);

struct http_result {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  json body_json() const { return json::parse(body, nullptr, false); }
};

http_result http_call(unsigned short port, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::map<std::string, std::string>& headers = {});

// Registers a jobseeker (or logs in an existing account) and returns the session token.
std::string register_user(const server& s, const std::string& email, const std::string& name,
                          const std::string& password = "correct horse");
std::string login(const server& s, const std::string& email, const std::string& password);

// Runs `fuar admin ARGS...` on the server's data directory (with `env` on top); returns the
// exit status and what it printed on stdout.
struct admin_result {
  int status = -1;
  std::string out;
};
admin_result run_admin(const server& s, const std::vector<std::string>& args, const env& extra = {});
// Creates an organiser with `fuar admin create-organiser` and logs in; returns the token.
std::string create_organiser(const server& s, const std::string& email, const std::string& name,
                             const std::string& password = "organiser password");
// Authorization header for a token.
inline std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

struct close_info {
  bool closed = false;
  int code = 0;  // WebSocket close code; 0 when the TCP connection ended without one
};

class ws_client {
public:
  // Opens /ws with the given headers. On a refused upgrade, `refused_status()` is the HTTP
  // status and is_open() is false.
  ws_client(unsigned short port, const std::map<std::string, std::string>& headers,
            std::size_t rcvbuf = 0);
  static ws_client with_token(const server& s, const std::string& token);

  bool is_open() const { return open_; }
  int refused_status() const { return refused_status_; }

  void send_raw(const std::string& text);
  // Sends a command and waits for its reply; pushes read meanwhile are kept for next_push().
  json command(const std::string& type, const json& data = json::object(),
               std::chrono::milliseconds timeout = 10s);
  json send_command(const std::string& type, const json& data = json::object());  // returns id
  json wait_reply(const json& id, std::chrono::milliseconds timeout = 10s);
  // Next push (optionally of one topic/event); nullopt on timeout.
  std::optional<json> next_push(std::chrono::milliseconds timeout = 10s, const std::string& event = {});
  // Reads until the server closes; returns the close code.
  close_info wait_close(std::chrono::milliseconds timeout = 10s);
  void close();

private:
  // Reads one frame (may hold several messages); false on timeout or close.
  bool read_frame(std::chrono::milliseconds timeout);

  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buf_;
  std::vector<json> inbox_;
  bool open_ = false;
  int refused_status_ = 0;
  close_info close_;
  std::int64_t next_id_ = 1;
};

}  // namespace fuar::test
