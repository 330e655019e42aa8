#pragma once
// The node capability's HTTP rows: /healthz and /metrics, what a load balancer and a metrics
// scraper ask a node about itself (PROTOCOL.md §1).
#include <span>

#include "server/contract/routes.hpp"

namespace fuar::node {

std::span<const api::route> routes();

}  // namespace fuar::node
