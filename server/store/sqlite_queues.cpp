// SQLite implementation of fuar::store::queues_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

#include <SQLiteCpp/Transaction.h>

namespace fuar::store {
namespace {

class sqlite_queues final : public queues_store {
public:
  explicit sqlite_queues(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<queues_store> make_sqlite_queues(sqlite_conn& c) { return std::make_unique<sqlite_queues>(c); }

}  // namespace fuar::store
