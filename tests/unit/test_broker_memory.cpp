// The broker conformance suite against the in-process memory broker.
#include "server/broker/broker.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tests/shared/broker_conformance.inc"

namespace {
std::vector<implementation> implementations() {
  return {
      {"memory",
       [](const options& o) {
         return make_memory_broker(memory_options{o.history_size, o.history_ttl_ms});
       }},
  };
}

}  // namespace
