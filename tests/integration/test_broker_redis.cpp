// The broker conformance suite against the Redis broker and a real redis-server.
#include "server/broker/redis_broker.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tests/shared/broker_conformance.inc"
#include "tests/integration/redis_fixture.hpp"

namespace {
std::vector<implementation> implementations() {
  return {
      {"redis",
       [](const options& o) {
         static std::atomic<int> n{0};
         redis_options r;
         r.port = fuar::test::shared_redis().port();
         // A prefix per broker instance: no test sees another's keys.
         r.prefix = "conf" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ":";
         r.node_id = "test-node";
         r.history_size = o.history_size;
         r.history_ttl_ms = o.history_ttl_ms;
         return make_redis_broker(r);
       }},
  };
}
}  // namespace
