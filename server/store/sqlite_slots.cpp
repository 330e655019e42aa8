// SQLite implementation of fuar::store::slots_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

#include <SQLiteCpp/Transaction.h>

namespace fuar::store {
namespace {

class sqlite_slots final : public slots_store {
public:
  explicit sqlite_slots(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<slots_store> make_sqlite_slots(sqlite_conn& c) { return std::make_unique<sqlite_slots>(c); }

}  // namespace fuar::store
