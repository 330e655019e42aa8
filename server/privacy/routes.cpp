// Export of everything fuar holds about the caller, and deletion of a jobseeker's account.
// The capabilities own their parts (cv::export_user / cv::delete_user_files for CVs and
// applications; the live capabilities' stores each have a read for the export); this file puts
// them together so the rules — what is exported, what is left out — sit in one place.
#include "server/privacy/routes.hpp"

#include <algorithm>

#include "protocol/close_codes.hpp"
#include "server/auth/password.hpp"
#include "server/cv/privacy.hpp"
#include "server/contract/fair_status.hpp"
#include "server/store/booths_store.hpp"
#include "server/store/chat_store.hpp"
#include "server/store/figures_store.hpp"
#include "server/store/queues_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/slots_store.hpp"

namespace fuar::privacy {

namespace {

using api::failure;
using api::request_ctx;
using api::route_reply;
using nlohmann::json;
using protocol::error_code;

json optional_json(const auto& v) { return v ? json(*v) : json(nullptr); }
json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Rows of one kind read for the export. A user with more is unusual (a recruiter's years of
// thread answers); the document then says which kinds were cut (`truncated`) rather than
// pretending to be whole.
constexpr int export_limit = 10000;

// The parts of the live capabilities (chat, presence, queue, room, slot), each a JSON array in `out`, oldest first.
// Only the caller's own rows and what was recorded about them: never another person's message
// text, never who acted against them (the organiser of a mute, the recruiter who called or
// marked a no-show, the evaluation's author), never an evaluation's notes or rating, never a token.
void export_live(store::store& st, std::int64_t me, json& out) {
  auto truncated = json::array();
  auto put = [&](const char* key, json rows, std::size_t read) {
    if (read >= std::size_t(export_limit)) truncated.push_back(key);
    out[key] = std::move(rows);
  };

  auto& chat = st.chat();
  {
    auto rows = json::array();
    auto msgs = chat.thread_messages_of(me, export_limit);
    for (const auto& m : msgs)
      rows.push_back({{"id", m.id}, {"thread_id", m.thread_id}, {"booth_id", m.booth_id}, {"booth_name", m.booth_name},
                      {"text", m.text}, {"sent_at_ms", m.sent_at_ms}});
    put("thread_messages", std::move(rows), msgs.size());
  }
  {
    auto rows = json::array();
    auto threads = chat.threads_of_jobseeker(me, 0, export_limit);
    // Listed newest activity first by the store; the export reads oldest first.
    std::sort(threads.begin(), threads.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& t : threads)
      rows.push_back({{"id", t.id}, {"booth_id", t.booth_id}, {"booth_name", t.booth_name}, {"fair_id", t.fair_id},
                      {"created_at", t.created_at}, {"last_message_at_ms", t.last_message_at}});
    put("threads", std::move(rows), threads.size());
  }
  {
    auto rows = json::array();
    auto reports = chat.reports_by(me, export_limit);
    // The reported message's text and author are someone else's data: kind and id only.
    for (const auto& r : reports)
      rows.push_back({{"id", r.id}, {"fair_id", r.fair_id}, {"booth_id", r.booth_id}, {"message_kind", r.kind},
                      {"message_id", r.message_id}, {"reason", r.reason}, {"status", r.status},
                      {"created_at", r.created_at}});
    put("chat_reports", std::move(rows), reports.size());
  }
  {
    auto rows = json::array();
    auto sanctions = chat.sanctions_of(me, export_limit);
    for (const auto& x : sanctions)
      rows.push_back({{"fair_id", x.fair_id}, {"kind", x.until > 0 ? "mute" : "ban"},
                      {"reason", text_or_null(x.reason)},
                      {"until", x.until > 0 ? json(x.until) : json(nullptr)}, {"created_at", x.created_at}});
    put("chat_sanctions", std::move(rows), sanctions.size());
  }

  {
    auto rows = json::array();
    auto places = st.queues().place_history(me, export_limit);
    for (const auto& p : places)
      rows.push_back({{"id", p.id}, {"queue_id", p.queue_id}, {"queue_name", p.queue_name},
                      {"job_title", text_or_null(p.job_title)}, {"booth_id", p.booth_id}, {"booth_name", p.booth_name},
                      {"status", p.status}, {"joined_at", p.joined_at}, {"called_at", optional_json(p.called_at)},
                      {"deadline_at", optional_json(p.deadline_at)}, {"ended_at", optional_json(p.ended_at)},
                      {"left_reason", text_or_null(p.left_reason)}, {"room_id", optional_json(p.room_id)}});
    put("queue_places", std::move(rows), places.size());
  }

  auto& rooms = st.rooms();
  {
    auto rows = json::array();
    auto mine = rooms.rooms_of(me, export_limit);
    for (const auto& x : mine) {
      const auto& r = x.info;
      json j{{"room_id", r.id}, {"booth_id", r.booth_id}, {"booth_name", x.booth_name}, {"fair_id", r.fair_id},
             {"kind", r.kind}, {"source", r.source}, {"status", r.status}, {"role", x.role},
             {"joined_at", optional_json(x.joined_at)}, {"left_at", optional_json(x.left_at)},
             {"kicked_at", optional_json(x.kicked_at)}, {"created_at", r.created_at},
             {"started_at", optional_json(r.started_at)}, {"ended_at", optional_json(r.ended_at)}};
      // The recruiters' conclusion about a candidate (the outcome, which also shows as their
      // application's status), not their working notes or rating: the same rule as for
      // applications' notes and ratings.
      if (x.role == "candidate")
        j["evaluation"] = x.evaluated ? json{{"outcome", optional_json(x.outcome)},
                                             {"updated_at", optional_json(x.evaluated_at)}}
                                      : json(nullptr);
      rows.push_back(std::move(j));
    }
    put("interviews", std::move(rows), mine.size());
  }
  {
    auto rows = json::array();
    auto msgs = rooms.messages_of(me, export_limit);
    for (const auto& m : msgs)
      rows.push_back({{"id", m.id}, {"room_id", m.room_id}, {"text", m.text}, {"sent_at_ms", m.sent_at_ms}});
    put("room_messages", std::move(rows), msgs.size());
  }

  auto& slots = st.slots();
  {
    auto rows = json::array();
    auto bookings = slots.bookings_of(me, export_limit);
    for (const auto& b : bookings)
      rows.push_back({{"id", b.id}, {"slot_id", b.slot_id}, {"booth_id", b.booth_id}, {"booth_name", b.booth_name},
                      {"job_id", optional_json(b.job_id)}, {"job_title", text_or_null(b.job_title)},
                      {"starts_at", b.starts_at}, {"length_min", b.length_min}, {"slot_status", b.slot_status},
                      {"status", b.status}, {"booked_at", b.booked_at}, {"cancelled_at", optional_json(b.cancelled_at)},
                      {"no_show", b.no_show}, {"no_show_at", optional_json(b.no_show_at)}});
    put("slot_bookings", std::move(rows), bookings.size());
  }
  {
    auto rows = json::array();
    auto lists = slots.waitlists_of(me, export_limit);
    for (const auto& w : lists)
      rows.push_back({{"booth_id", w.booth_id}, {"booth_name", w.booth_name}, {"joined_at", w.joined_at},
                      {"position", w.position}});
    put("slot_waitlist", std::move(rows), lists.size());
  }
  {
    // Only that a feed token exists and since when: the token is a secret (and only its hash
    // is stored).
    auto rows = json::array();
    if (auto at = slots.feed_created_at(me)) rows.push_back({{"created_at", *at}});
    out["calendar_feed"] = std::move(rows);
  }

  {
    auto rows = json::array();
    auto states = st.booths().availability_of_user(me, export_limit);
    for (const auto& a : states)
      rows.push_back({{"booth_id", a.booth_id}, {"booth_name", a.booth_name}, {"state", a.state},
                      {"updated_at", a.updated_at}});
    put("availability", std::move(rows), states.size());
  }
  {
    auto rows = json::array();
    auto visits = st.figures().visits_of(me, export_limit);
    for (const auto& v : visits)
      rows.push_back({{"fair_id", v.fair_id}, {"booth_id", v.booth_id ? json(v.booth_id) : json(nullptr)},
                      {"booth_name", v.booth_id ? json(v.booth_name) : json(nullptr)}, {"day", v.day},
                      {"first_at", v.first_at}});
    put("visits", std::move(rows), visits.size());
  }
  out["truncated"] = std::move(truncated);
}

// Everything about the caller, as one JSON attachment (protocol/http/privacy.md): account,
// profile, demographics (with the consent times), fair registrations, CVs (with the files),
// applications, public chat messages; then the live capabilities (export_live): private thread
// messages and the threads they opened, reports filed, mutes and bans on them, queue places
// past and present, interview rooms with the evaluation's outcome when they were the
// candidate (never the notes or rating) and their room chat messages, slot bookings, waitlists, whether a
// calendar feed exists, recruiter availability, visits to fairs and booths (one per day).
// Each kind holds at most export_limit rows;
// `truncated` names the kinds that reached it.
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
    auto f = ctx.st.fairs().find_fair(r.fair_id);
    regs.push_back({{"fair_id", r.fair_id},
                    {"fair", f ? fair::fair_json(*f, ctx.now) : json(nullptr)},
                    {"registered_at", r.registered_at}});
  }
  out["registrations"] = std::move(regs);
  auto cvs = cv::export_user(ctx.st, ctx.svc.files_dir, me.id);
  out["cvs"] = cvs.value("cvs", json::array());
  out["applications"] = cvs.value("applications", json::array());
  auto chat = json::array();
  for (const auto& m : ctx.st.chat().chat_messages_of(me.id))
    chat.push_back({{"id", m.id}, {"booth_id", m.booth_id}, {"text", m.text}, {"sent_at_ms", m.sent_at_ms}});
  out["chat_messages"] = std::move(chat);
  export_live(ctx.st, me.id, out);
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
  ctx.svc.close_user(me->id, protocol::close_code::account_deleted, "account deleted");
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
