// SQLite implementation of fuar::store::chat_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

#include <SQLiteCpp/Transaction.h>

namespace fuar::store {
namespace {

class sqlite_chat final : public chat_store {
public:
  explicit sqlite_chat(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<chat_store> make_sqlite_chat(sqlite_conn& c) { return std::make_unique<sqlite_chat>(c); }

}  // namespace fuar::store
