#pragma once
// The list of capabilities this server is made of, assembled here at the top so that the API
// (server/api/) dispatches through their tables without knowing any of them.
#include "server/contract/commands.hpp"

namespace fuar::app {

// Built once; the order is the order of the start and disconnect hooks and of the methods in an
// `Allow` header.
const api::tables& capability_tables();

}  // namespace fuar::app
