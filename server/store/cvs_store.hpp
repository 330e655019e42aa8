#pragma once
// fuar::store::cvs_store — the cvs capability's durable data (issue 4). Same guarantees as
// store.hpp: blocking, thread-safe, committed before returning, store_error on I/O failure.
// Schema: migrations/002_fair_domain.sql.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

class cvs_store {
public:
  virtual ~cvs_store() = default;
};

}  // namespace fuar::store
