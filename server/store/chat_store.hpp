#pragma once
// fuar::store::chat_store — the chat capability's durable data (issue 5): booth chat threads (private jobseeker–booth conversations, read state), message reports, mutes and fair-wide bans.
// Same guarantees as store.hpp: blocking, thread-safe, committed before returning, store_error
// on I/O failure; "not found" and "already exists" are ordinary results.
// Schema: migrations/007_chat.sql.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

class chat_store {
public:
  virtual ~chat_store() = default;
};

}  // namespace fuar::store
