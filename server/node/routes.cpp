// HTTP rows of the node capability (routes.hpp). Both answer on the caller's shard
// (server/contract/shard.hpp) rather than on the blocking pool, so that a scraper still gets the
// figures while the pool is saturated, and a health check is never refused for a session lookup.
// Neither sends a Cache-Control header (they never have).
#include "server/node/routes.hpp"

#include "server/contract/shard.hpp"

namespace fuar::node {
namespace {

using api::outcome;
using api::route_reply;
using api::route_shard_ctx;

// 200 when the store answers and the broker is not down (503 otherwise), with each part's state.
// The store's ping may block: it runs on the blocking pool.
void healthz(route_shard_ctx& ctx) {
  auto& svc = ctx.svc;
  svc.blocking(
      ctx.shard,
      [&svc]() -> outcome {
        bool store_ok = false;
        try {
          store_ok = svc.blocking_services().st.ping();
        } catch (const std::exception&) {
        }
        auto b = svc.get_hub().get_broker().state();
        const char* broker = b == broker::health::ok ? "ok" : b == broker::health::degraded ? "degraded" : "down";
        bool ok = store_ok && b != broker::health::down;
        return nlohmann::json{{"status", ok ? (b == broker::health::ok ? "ok" : "degraded") : "down"},
                              {"store", store_ok ? "ok" : "down"},
                              {"broker", broker},
                              {"node", svc.node_name()}};
      },
      [answer = std::move(ctx.answer)](outcome r) {
        if (auto* e = std::get_if<protocol::error>(&r)) return answer(*e);
        auto& j = std::get<nlohmann::json>(r);
        auto reply = route_reply::ok(j, j["status"] == "down" ? 503 : 200);
        reply.no_store = false;
        answer(std::move(reply));
      });
}

void metrics(route_shard_ctx& ctx) {
  route_reply r;
  r.content_type = "text/plain; version=0.0.4";
  r.raw = ctx.svc.metrics_text();
  r.no_store = false;
  ctx.answer(std::move(r));
}

using api::audience;

const api::route table[] = {
    {.method = "GET", .pattern = "/healthz", .who = audience::anyone, .ownership = "none", .handler = nullptr,
     .on_shard = healthz},
    {.method = "GET",
     .pattern = "/metrics",
     .who = audience::anyone,
     .ownership = "none (bind the node to a private address or filter it at the proxy)",
     .handler = nullptr,
     .on_shard = metrics},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::node
