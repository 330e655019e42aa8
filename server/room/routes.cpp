// HTTP routes of the room capability (protocol/ws/room.md, "Organiser figures").
#include "server/room/routes.hpp"

#include "server/store/rooms_store.hpp"

namespace fuar::room {

using api::failure;
using api::request_ctx;
using api::route_reply;
using protocol::error_code;

namespace {

// Interviews held in the fair's rooms (started and ended) and their average length.
route_reply fair_interviews(request_ctx& ctx) {
  auto f = ctx.st.find_fair(ctx.id());
  if (!f) throw failure(error_code::not_found, "no such fair");
  if (f->created_by != ctx.me().id)
    throw failure(error_code::forbidden, "only the organiser of this fair may see its interview figures");
  auto fig = ctx.st.rooms().fair_interviews(f->id);
  return route_reply::ok({{"fair_id", f->id},
                          {"held", fig.held},
                          {"average_s", fig.average_s ? nlohmann::json(*fig.average_s) : nlohmann::json(nullptr)}});
}

constexpr api::audience organiser = api::audience::organiser;

const api::route table[] = {
    {"GET", "/api/fairs/{id}/interviews", organiser, "the caller created the fair (else 403)", fair_interviews},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::room
