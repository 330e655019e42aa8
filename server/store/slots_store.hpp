#pragma once
// fuar::store::slots_store — the slots capability's durable data (issue 5): interview slots, bookings, waitlists, reminders and calendar feed tokens.
// Same guarantees as store.hpp: blocking, thread-safe, committed before returning, store_error
// on I/O failure; "not found" and "already exists" are ordinary results.
// Schema: migrations/010_slots.sql.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

class slots_store {
public:
  virtual ~slots_store() = default;
};

}  // namespace fuar::store
