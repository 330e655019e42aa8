#pragma once
// fuar::store::queues_store — the queues capability's durable data (issue 5): booth queues, places, calls, holds and no-shows.
// Same guarantees as store.hpp: blocking, thread-safe, committed before returning, store_error
// on I/O failure; "not found" and "already exists" are ordinary results.
// Schema: migrations/008_queues.sql.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

class queues_store {
public:
  virtual ~queues_store() = default;
};

}  // namespace fuar::store
