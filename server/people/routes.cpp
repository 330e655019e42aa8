// HTTP routes of the people capability (protocol/http/people.md). Each row is also a policy row.
//
// Privacy: demographics (gender, birth year, disability) are read here only for their owner and
// for the eligibility check; the organiser sees them only as counts (report.hpp). Nothing in
// this file logs a request's values: errors name the field, never what was sent.
#include "server/people/routes.hpp"

#include "protocol/status.hpp"
#include "server/cv/privacy.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "server/contract/fair_status.hpp"
#include "server/people/figures.hpp"
#include "server/people/report.hpp"
#include "server/people/rules.hpp"

namespace fuar::people {

using api::failure;
using api::request_ctx;
using api::route_reply;
using nlohmann::json;
using protocol::error_code;

namespace {

// ---- shared checks -------------------------------------------------------------------------

// A body may only carry the listed keys (PROTOCOL.md: unknown fields are invalid).
void only_keys(const json& body, std::initializer_list<const char*> allowed) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool ok = std::any_of(allowed.begin(), allowed.end(), [&](const char* k) { return it.key() == k; });
    if (!ok) throw failure(error_code::invalid, it.key() + ": is not a known field", it.key());
  }
}

// A fair a jobseeker may see: it exists and is not a draft (404 otherwise, as for GET /api/fairs/{id}).
store::fair visible_fair(request_ctx& ctx) {
  auto f = ctx.st.fairs().find_fair(ctx.id());
  if (!f || fair::effective_status(*f, ctx.now) == protocol::fair_status::draft) throw failure(error_code::not_found, "no such fair");
  return *f;
}

// A fair the caller organises (created_by). Another organiser's fair: 403 (fairs are listed
// to every organiser, so its existence is no secret).
store::fair organisers_fair(request_ctx& ctx) {
  auto f = ctx.st.fairs().find_fair(ctx.id());
  if (!f) throw failure(error_code::not_found, "no such fair");
  if (f->created_by != ctx.me().id)
    throw failure(error_code::forbidden, "only the fair's organiser may see its registrations");
  return *f;
}

// A query parameter that must be a positive integer within [1, max].
std::int64_t int_param(const request_ctx& ctx, const char* name, std::int64_t fallback, std::int64_t max) {
  auto s = ctx.param(name);
  if (s.empty()) return fallback;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < 1 || v > max)
    throw failure(error_code::invalid, std::string(name) + ": must be a whole number from 1 to " + std::to_string(max),
                  name);
  return v;
}

// ---- JSON shapes ---------------------------------------------------------------------------

json localized(const std::string& tr, const std::string& en) { return {{"tr", tr}, {"en", en}}; }

json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

// The public fair object (fair::fair_json: effective status, capacity, ages) with its target
// group keys, as the fairs capability shows it.
json public_fair_json(store::store& st, const store::fair& f, std::int64_t now) {
  std::vector<std::string> keys;
  for (const auto& g : st.people().fair_group_labels(f.id)) keys.push_back(g.key);
  return fair::fair_json(f, now, keys);
}

json profile_json(const store::user& u, const std::optional<store::profile>& p) {
  store::profile empty;
  const auto& x = p ? *p : empty;
  return {{"name", u.name},
          {"email", u.email},
          {"phone", x.phone},
          {"city", x.city},
          {"education_level", x.education_level ? json(*x.education_level) : json(nullptr)},
          {"occupations", x.occupations},
          {"share_with_booths", x.share_with_booths},
          {"updated_at", x.updated_at}};
}

// The consent texts, one source for every client (the page shows them next to each box).
json consent_texts() {
  const std::string reports_en = "Used only for anonymous statistics in the organiser's reports";
  const std::string rest_en = ". Never shown to employers. You can withdraw this at any time.";
  const std::string reports_tr = "Yalnızca organizatörün raporlarındaki anonim istatistikler için";
  const std::string rest_tr =
      " kullanılır. İşverenlere asla gösterilmez. Bu izni istediğiniz zaman geri çekebilirsiniz.";
  return {{"gender", localized(reports_tr + rest_tr, reports_en + rest_en)},
          {"birth_year",
           localized("Yalnızca organizatörün raporlarındaki anonim istatistikler ve yaş aralığı olan fuarlarda yaş "
                     "koşulunu kontrol etmek için" +
                         rest_tr,
                     reports_en + " and to check the age range of fairs that have one" + rest_en)},
          {"disability", localized(reports_tr + rest_tr, reports_en + rest_en)}};
}

json demographics_json(const store::demographics& d) {
  auto item = [](json value, const std::optional<std::int64_t>& at) {
    return json{{"value", std::move(value)}, {"consent_at", opt(at)}};
  };
  return {{"demographics",
           {{"gender", item(d.gender ? json(*d.gender) : json(nullptr), d.gender_consent_at)},
            {"birth_year", item(opt(d.birth_year), d.birth_year_consent_at)},
            {"disability", item(d.disability ? json(*d.disability) : json(nullptr), d.disability_consent_at)}}},
          {"consent_texts", consent_texts()}};
}

json eligibility_json(const eligibility& e) { return {{"ok", e.ok}, {"code", e.code}, {"reason", e.message}}; }

json registrant_json(const store::registrant& r) {
  return {{"user_id", r.user_id},
          {"name", r.name},
          {"email", r.email},
          {"phone", r.phone},
          {"city", r.city},
          {"education_level", r.education_level ? json(*r.education_level) : json(nullptr)},
          {"registered_at", r.registered_at}};
}

// ---- profile -------------------------------------------------------------------------------

route_reply get_profile(request_ctx& ctx) {
  auto& ps = ctx.st.people();
  auto occupations = json::array();
  for (const auto& o : ps.occupation_names())
    occupations.push_back({{"id", o.id}, {"name", localized(o.name_tr, o.name_en)}});
  return route_reply::ok({{"profile", profile_json(ctx.me(), ps.find_profile(ctx.me().id))},
                          {"occupations", std::move(occupations)},
                          {"education_levels", education_levels}});
}

// PUT replaces the whole profile: an absent field takes its empty value.
route_reply put_profile(request_ctx& ctx) {
  const auto& b = ctx.body;
  only_keys(b, {"phone", "city", "education_level", "occupations", "share_with_booths"});
  store::profile p;
  p.user_id = ctx.me().id;
  p.phone = api::field::text(b, "phone", 0, 30, false);
  if (!valid_phone(p.phone))
    throw failure(error_code::invalid, "phone: may contain only digits, spaces and + ( ) -, with at least one digit",
                  "phone");
  p.city = api::field::text(b, "city", 0, 100, false);
  if (auto it = b.find("education_level"); it != b.end() && !it->is_null())
    p.education_level = api::field::one_of(b, "education_level", education_levels);
  if (auto it = b.find("occupations"); it != b.end()) {
    if (!it->is_array())
      throw failure(error_code::invalid, "occupations: must be an array of occupation ids", "occupations");
    std::set<std::string> ids;
    for (const auto& o : *it) {
      if (!o.is_string())
        throw failure(error_code::invalid, "occupations: must be an array of occupation ids", "occupations");
      ids.insert(o.get<std::string>());
    }
    if (ids.size() > 10) throw failure(error_code::invalid, "occupations: at most 10", "occupations");
    p.occupations.assign(ids.begin(), ids.end());
    if (!ctx.st.people().unknown_occupations(p.occupations).empty())
      throw failure(error_code::invalid, "occupations: contains an unknown occupation id", "occupations");
  }
  p.share_with_booths = api::field::boolean(b, "share_with_booths", false, false);
  ctx.st.people().save_profile(p, ctx.now);
  return route_reply::ok({{"profile", profile_json(ctx.me(), ctx.st.people().find_profile(p.user_id))}});
}

// ---- demographics --------------------------------------------------------------------------

route_reply get_demographics(request_ctx& ctx) {
  return route_reply::ok(demographics_json(ctx.st.people().find_demographics(ctx.me().id)));
}

// One item of the PUT body: {"value": ..., "consent": true} or {"consent": false}. `read` checks
// the value and returns it; its errors never repeat the value.
template <class T, class Read>
std::optional<store::consent_change<T>> consent_item(const json& body, const char* name, Read read) {
  auto it = body.find(name);
  if (it == body.end()) return std::nullopt;
  auto bad = [&](const std::string& what) {
    throw failure(error_code::invalid, std::string(name) + ": " + what, name);
  };
  if (!it->is_object()) bad("must be an object with \"consent\"");
  for (auto k = it->begin(); k != it->end(); ++k)
    if (k.key() != "value" && k.key() != "consent") bad("may only contain \"value\" and \"consent\"");
  auto c = it->find("consent");
  if (c == it->end() || !c->is_boolean()) bad("consent: must be true or false");
  bool has_value = it->contains("value") && !(*it)["value"].is_null();
  if (!c->get<bool>()) {
    if (has_value) bad("a value is stored only with consent: true");
    return store::consent_change<T>{true, T{}};
  }
  if (!has_value) bad("value: is required with consent: true");
  return store::consent_change<T>{false, read((*it)["value"], bad)};
}

route_reply put_demographics(request_ctx& ctx) {
  const auto& b = ctx.body;
  only_keys(b, {"gender", "birth_year", "disability"});
  store::demographics_update u;
  auto this_year = utc_year(ctx.now);
  u.gender = consent_item<std::string>(b, "gender", [](const json& v, auto bad) {
    if (!v.is_string() || std::find(std::begin(genders), std::end(genders), v.get<std::string>()) == std::end(genders))
      bad("value: must be one of: female, male, other");
    return v.get<std::string>();
  });
  u.birth_year = consent_item<std::int64_t>(b, "birth_year", [&](const json& v, auto bad) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1900 || v.get<std::int64_t>() > this_year)
      bad("value: must be a year from 1900 to " + std::to_string(this_year));
    return v.get<std::int64_t>();
  });
  u.disability = consent_item<bool>(b, "disability", [](const json& v, auto bad) {
    if (!v.is_boolean()) bad("value: must be true or false");
    return v.get<bool>();
  });
  return route_reply::ok(demographics_json(ctx.st.people().update_demographics(ctx.me().id, u, ctx.now)));
}

// ---- registration --------------------------------------------------------------------------

eligibility eligibility_of(request_ctx& ctx, const store::fair& f, bool registered) {
  auto& ps = ctx.st.people();
  auto d = ps.find_demographics(ctx.me().id);
  return check_eligibility(f, d.birth_year, registered, ps.registration_count(f.id), ctx.now);
}

route_reply get_join(request_ctx& ctx) {
  auto f = visible_fair(ctx);
  auto count = ctx.st.people().registration_count(f.id);
  json places = nullptr;
  if (f.capacity > 0) places = std::max<std::int64_t>(0, f.capacity - count);
  // The groups' labels too, so the join page needs one request.
  auto groups = json::array();
  for (const auto& g : ctx.st.people().fair_group_labels(f.id))
    groups.push_back({{"key", g.key}, {"label", localized(g.label_tr, g.label_en)}});
  return route_reply::ok(
      {{"fair", public_fair_json(ctx.st, f, ctx.now)}, {"places_left", places}, {"target_groups", std::move(groups)}});
}

route_reply get_registration(request_ctx& ctx) {
  auto f = visible_fair(ctx);
  auto at = ctx.st.people().find_registration(f.id, ctx.me().id);
  return route_reply::ok({{"registered", at.has_value()},
                          {"registered_at", opt(at)},
                          {"eligibility", eligibility_json(eligibility_of(ctx, f, at.has_value()))}});
}

route_reply post_registration(request_ctx& ctx) {
  auto f = visible_fair(ctx);
  auto& ps = ctx.st.people();
  auto me = ctx.me().id;
  if (auto at = ps.find_registration(f.id, me))
    return route_reply::ok({{"registration", {{"fair_id", f.id}, {"registered_at", *at}}}, {"created", false}});
  auto e = eligibility_of(ctx, f, false);
  if (!e.ok) throw failure(e.error, e.message, e.code == "birth_year_needed" ? "birth_year" : "");
  // Capacity again inside the store's transaction: the check above may race another request.
  auto r = ps.register_for_fair(f.id, me, f.capacity, ctx.now);
  if (r.outcome == store::register_outcome::full) throw failure(error_code::conflict, "the fair is full");
  bool created = r.outcome == store::register_outcome::created;
  return route_reply::ok(
      {{"registration", {{"fair_id", f.id}, {"registered_at", r.registered_at}}}, {"created", created}},
      created ? 201 : 200);
}

route_reply delete_registration(request_ctx& ctx) {
  auto f = visible_fair(ctx);
  auto& ps = ctx.st.people();
  if (!ps.find_registration(f.id, ctx.me().id))
    throw failure(error_code::not_found, "you are not registered for this fair");
  // After the fair the registration is part of its record (the organiser's report).
  if (fair::effective_status(f, ctx.now) == protocol::fair_status::closed) throw failure(error_code::conflict, "this fair has ended");
  ps.unregister(f.id, ctx.me().id);
  return route_reply::no_content();
}

route_reply my_registrations(request_ctx& ctx) {
  auto out = json::array();
  for (const auto& r : ctx.st.people().registrations_of(ctx.me().id)) {
    auto f = ctx.st.fairs().find_fair(r.fair_id);
    if (!f) continue;
    out.push_back({{"fair", public_fair_json(ctx.st, *f, ctx.now)}, {"registered_at", r.registered_at}});
  }
  return route_reply::ok({{"registrations", std::move(out)}});
}

// ---- organisers ----------------------------------------------------------------------------

std::string search_param(const request_ctx& ctx) {
  std::string q(protocol::trim(ctx.param("q")));
  auto len = protocol::utf8_length(q);
  if (!len || *len > 100) throw failure(error_code::invalid, "q: must be valid UTF-8 of at most 100 characters", "q");
  return q;
}

route_reply list_registrations(request_ctx& ctx) {
  auto f = organisers_fair(ctx);
  auto q = search_param(ctx);
  auto page = int_param(ctx, "page", 1, 1000000);
  auto per_page = int_param(ctx, "per_page", 25, 100);
  auto result = ctx.st.people().list_registrants(f.id, q, (page - 1) * per_page, per_page);
  auto rows = json::array();
  for (const auto& r : result.rows) rows.push_back(registrant_json(r));
  return route_reply::ok(
      {{"registrations", std::move(rows)}, {"total", result.total}, {"page", page}, {"per_page", per_page}, {"q", q}});
}

route_reply registrations_csv(request_ctx& ctx) {
  auto f = organisers_fair(ctx);
  auto q = search_param(ctx);
  auto result = ctx.st.people().list_registrants(f.id, q, 0, -1);
  // A UTF-8 byte-order mark, so spreadsheet programs read Turkish letters correctly.
  std::string csv =
      "\xEF\xBB\xBF" + api::csv_row({"name", "email", "phone", "city", "education_level", "registered_at"});
  for (const auto& r : result.rows)
    csv += api::csv_row({r.name, r.email, r.phone, r.city, r.education_level.value_or(""), iso_utc(r.registered_at)});
  return route_reply::file("text/csv; charset=utf-8", std::move(csv),
                           "registrations-fair-" + std::to_string(f.id) + ".csv");
}

route_reply report(request_ctx& ctx) {
  auto f = organisers_fair(ctx);
  // Applications, CVs received and placements (hired) come from the cvs capability; visits,
  // firms, chats, interviews, queues and slots from the figures (figures.hpp).
  return route_reply::ok({{"report", build_report(ctx.st, f.id)},
                          {"outcomes", cv::outcome_figures(ctx.st, f.id)},
                          {"activity", activity_figures(ctx.st, f.id)}});
}

using api::audience;
using api::body_kind;

const api::route table[] = {
    {"GET", "/api/me/profile", audience::jobseeker, "own profile only (the caller's user id)", get_profile},
    {"PUT", "/api/me/profile", audience::jobseeker, "own profile only (the caller's user id)", put_profile,
     body_kind::json},
    {"GET", "/api/me/demographics", audience::jobseeker, "own demographics only (the caller's user id)",
     get_demographics},
    {"PUT", "/api/me/demographics", audience::jobseeker, "own demographics only (the caller's user id)",
     put_demographics, body_kind::json},
    {"GET", "/api/me/registrations", audience::jobseeker, "own registrations only (the caller's user id)",
     my_registrations},
    {"GET", "/api/fairs/{id}/join", audience::anyone, "none (public fairs only: a draft is 404)", get_join},
    {"GET", "/api/fairs/{id}/registration", audience::jobseeker,
     "own registration only; the fair must not be a draft (404)", get_registration},
    {"POST", "/api/fairs/{id}/registration", audience::jobseeker,
     "registers the caller only; the fair must not be a draft (404)", post_registration},
    {"DELETE", "/api/fairs/{id}/registration", audience::jobseeker,
     "cancels the caller's own registration only; the fair must not be a draft (404)", delete_registration},
    {"GET", "/api/fairs/{id}/registrations", audience::organiser, "the fair's organiser only (fairs.created_by)",
     list_registrations},
    {"GET", "/api/fairs/{id}/registrations.csv", audience::organiser, "the fair's organiser only (fairs.created_by)",
     registrations_csv},
    {"GET", "/api/fairs/{id}/report", audience::organiser, "the fair's organiser only (fairs.created_by)", report},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::people
