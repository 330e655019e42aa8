// Export of everything fuar holds about the caller, and deletion of a jobseeker's account.
// The capabilities own their parts (cv::export_user / cv::delete_user_files for CVs and
// applications); this file puts them together so the rules sit in one place.
#include "server/privacy/routes.hpp"

#include "server/auth/password.hpp"
#include "server/cv/privacy.hpp"
#include "server/fair/status.hpp"

namespace fuar::privacy {

namespace {

using api::failure;
using api::request_ctx;
using api::route_reply;
using nlohmann::json;
using protocol::error_code;

json optional_json(const auto& v) { return v ? json(*v) : json(nullptr); }

// Everything about the caller: account, profile, demographics (with the consent times),
// fair registrations, CVs (with the files), applications, chat messages. A JSON attachment.
route_reply export_data(request_ctx& ctx) {
  const auto& me = ctx.me();
  auto& people = ctx.st.people();
  json out{{"format", "fuar-export-1"},
           {"exported_at", ctx.now},
           {"account", {{"id", me.id}, {"email", me.email}, {"name", me.name},
                        {"role", store::to_string(me.user_role)}, {"created_at", me.created_at}}}};
  if (auto p = people.find_profile(me.id))
    out["profile"] = {{"phone", p->phone},         {"city", p->city},
                      {"education_level", optional_json(p->education_level)},
                      {"occupations", p->occupations}, {"share_with_booths", p->share_with_booths},
                      {"updated_at", p->updated_at}};
  else
    out["profile"] = nullptr;
  auto d = people.find_demographics(me.id);
  out["demographics"] = {{"gender", optional_json(d.gender)},
                         {"gender_consent_at", optional_json(d.gender_consent_at)},
                         {"birth_year", optional_json(d.birth_year)},
                         {"birth_year_consent_at", optional_json(d.birth_year_consent_at)},
                         {"disability", optional_json(d.disability)},
                         {"disability_consent_at", optional_json(d.disability_consent_at)}};
  auto regs = json::array();
  for (const auto& r : people.registrations_of(me.id)) {
    auto f = ctx.st.find_fair(r.fair_id);
    regs.push_back({{"fair_id", r.fair_id},
                    {"fair", f ? fair::fair_json(*f, ctx.now) : json(nullptr)},
                    {"registered_at", r.registered_at}});
  }
  out["registrations"] = std::move(regs);
  auto cvs = cv::export_user(ctx.st, ctx.svc.files_dir, me.id);
  out["cvs"] = cvs.value("cvs", json::array());
  out["applications"] = cvs.value("applications", json::array());
  auto chat = json::array();
  for (const auto& m : ctx.st.chat_messages_of(me.id))
    chat.push_back({{"id", m.id}, {"booth_id", m.booth_id}, {"text", m.text}, {"sent_at_ms", m.sent_at_ms}});
  out["chat_messages"] = std::move(chat);
  return route_reply::file("application/json", out.dump(2, ' ', false, json::error_handler_t::replace),
                           "fuar-export-" + std::to_string(me.id) + ".json");
}

// Deletes the caller's account after checking their password again: CV files and texts are
// removed, applications stay anonymised for the organisers' counts (cv::delete_user_files),
// then the account and everything that hangs off it; open sockets are closed with 4101.
route_reply delete_account(request_ctx& ctx) {
  auto password = api::field::text(ctx.body, "password", 1, 128);
  auto me = ctx.st.find_user(ctx.me().id);
  if (!me) throw failure(error_code::unauthorized, "not signed in");
  if (!auth::verify_password(password, me->password_hash))
    throw failure(error_code::forbidden, "password: the password is not correct", "password");
  cv::delete_user_files(ctx.st, ctx.svc.files_dir, me->id);
  ctx.st.delete_user(me->id);
  ctx.svc.close_user(me->id, 4101, "account deleted");
  auto r = route_reply::no_content();
  r.headers.emplace_back("Set-Cookie", "fuar_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  return r;
}

using enum api::audience;
const api::route table[] = {
    {"GET", "/api/me/export", signed_in, "own data only", export_data},
    {"POST", "/api/me/delete", jobseeker,
     "own account only, with the account's password (employer and organiser accounts are closed by an administrator)",
     delete_account, api::body_kind::json},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::privacy
