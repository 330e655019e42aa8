#pragma once
// A real redis-server for tests: started on a free loopback port in a temporary directory, with
// persistence off (so a restart comes back empty, like a Redis that lost its data), stopped
// and removed when the object dies.
#include <string>

namespace fuar::test {

class redis_server {
public:
  redis_server();
  ~redis_server();
  redis_server(const redis_server&) = delete;

  unsigned short port() const { return port_; }
  void stop();   // SIGKILL and wait: the data is gone
  void start();  // again on the same port, empty
  bool running() const { return pid_ > 0; }

private:
  unsigned short port_ = 0;
  int pid_ = -1;
  std::string dir_;
};

// One Redis for the whole test binary (tests isolate themselves by key prefix).
redis_server& shared_redis();

}  // namespace fuar::test
