// HTTP routes of the booth capability (protocol/http/booths.md): booth profile and logo, jobs,
// occupations, the employer's own booths and the fair hall. Each row is also a policy row.
//
// Visibility: a booth, its jobs and its logo are visible to anyone once its fair is not a draft,
// and always to organisers and the booth's staff. Writes need staff of the booth (owner or
// recruiter); an employer who is not staff gets 403 when the booth is visible to them, else 404
// (they may not even know it exists).
#include "server/booth/routes.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "protocol/status.hpp"
#include "server/booth/json.hpp"
#include "server/booth/logo.hpp"
#include "server/booth/search.hpp"
#include "server/contract/fair_status.hpp"

namespace fuar::booth {
namespace {

using api::failure;
using api::request_ctx;
using api::route_reply;
using protocol::error_code;
namespace field = api::field;

constexpr std::size_t hall_page_size = 40;
constexpr std::int64_t max_time = 4102444800;  // 2100-01-01: bounds every unix-seconds field

constexpr std::string_view work_modes[] = {"onsite", "remote", "hybrid"};
constexpr std::string_view employment_types[] = {"full_time", "part_time", "temporary", "seasonal", "internship",
                                                  "apprenticeship"};
constexpr std::string_view education_levels[] = {"none", "primary", "secondary", "associate", "bachelor", "master",
                                                  "doctorate"};
constexpr std::string_view disability_options[] = {"none", "suitable", "reserved"};
constexpr std::string_view job_statuses[] = {"open", "closed"};

store::booths_store& bs(request_ctx& ctx) { return ctx.st.booths(); }

std::string logos_dir(const request_ctx& ctx) { return ctx.svc.files_dir + "/logos"; }

// Refuses a body with a field the route does not take: a typo must not be silently ignored.
void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      throw failure(error_code::invalid, it.key() + ": is not a field of this request", it.key());
  }
}

// An optional unix time: absent → `keep`, null → cleared, else an integer in [1, 2100).
std::optional<std::int64_t> opt_time(const nlohmann::json& body, const char* name, std::optional<std::int64_t> keep) {
  if (!body.contains(name)) return keep;
  if (body[name].is_null()) return std::nullopt;
  return field::integer(body, name, 1, max_time);
}

struct booth_view {
  store::booth b;
  store::fair f;
};

bool is_staff(const request_ctx& ctx, std::int64_t booth_id) {
  return ctx.user && ctx.user->user_role == store::role::employer && ctx.st.booths().is_booth_member(booth_id, ctx.user->id);
}

bool is_organiser(const request_ctx& ctx) { return ctx.user && ctx.user->user_role == store::role::organiser; }

bool visible(const request_ctx& ctx, const booth_view& v) {
  return v.f.status != protocol::fair_status::draft || is_organiser(ctx) || is_staff(ctx, v.b.id);
}

// The booth and its fair, or 404 when either is missing or the caller may not see them.
booth_view visible_booth(request_ctx& ctx, std::int64_t booth_id) {
  auto b = ctx.st.booths().find_booth(booth_id);
  auto f = b ? ctx.st.fairs().find_fair(b->fair_id) : std::nullopt;
  if (!f) throw failure(error_code::not_found, "no such booth");
  booth_view v{*b, *f};
  if (!visible(ctx, v)) throw failure(error_code::not_found, "no such booth");
  return v;
}

// The booth, for a write by its staff: 404 when the caller cannot see it, 403 when they can
// but are not its staff.
booth_view staff_booth(request_ctx& ctx, std::int64_t booth_id) {
  auto v = visible_booth(ctx, booth_id);
  if (!is_staff(ctx, booth_id)) throw failure(error_code::forbidden, "only the booth's staff may change it");
  return v;
}

struct job_view {
  store::job j;
  booth_view booth;
};

job_view visible_job(request_ctx& ctx, std::int64_t job_id) {
  auto j = bs(ctx).find_job(job_id);
  if (!j) throw failure(error_code::not_found, "no such job");
  try {
    return {*j, visible_booth(ctx, j->booth_id)};
  } catch (const failure&) {
    throw failure(error_code::not_found, "no such job");
  }
}

job_view staff_job(request_ctx& ctx, std::int64_t job_id) {
  auto v = visible_job(ctx, job_id);
  if (!is_staff(ctx, v.j.booth_id)) throw failure(error_code::forbidden, "only the booth's staff may change its jobs");
  return v;
}

std::optional<store::occupation> occupation_of(request_ctx& ctx, const store::job& j) {
  if (j.occupation_id.empty()) return std::nullopt;
  return bs(ctx).find_occupation(j.occupation_id);
}

// ---- booth profile -----------------------------------------------------------------------------

route_reply patch_booth(request_ctx& ctx) {
  auto v = staff_booth(ctx, ctx.id());
  const auto& body = ctx.body;
  only_fields(body, {"name", "sector", "city", "website", "video_url", "description", "opens_at", "closes_at"});
  store::booth_profile p{v.b.name,      v.b.sector,      v.b.city,    v.b.website,
                         v.b.video_url, v.b.description, v.b.opens_at, v.b.closes_at};
  p.name = field::text(body, "name", 1, 120, false, p.name);
  p.sector = field::text(body, "sector", 0, 80, false, p.sector);
  p.city = field::text(body, "city", 0, 80, false, p.city);
  if (field::has(body, "website")) p.website = field::url(body, "website", 500);
  if (field::has(body, "video_url")) {
    p.video_url = field::url(body, "video_url", 500);
    if (!p.video_url.empty() && p.video_url.rfind("https://", 0) != 0)
      throw failure(error_code::invalid, "video_url: must start with https://", "video_url");
  }
  p.description = field::multiline(body, "description", 5000, false, p.description);

  // Opening hours come as a pair: both times, or both null (back to the fair's hours).
  bool has_open = body.contains("opens_at"), has_close = body.contains("closes_at");
  if (has_open != has_close) {
    const char* missing = has_open ? "closes_at" : "opens_at";
    throw failure(error_code::invalid, std::string(missing) + ": opens_at and closes_at are given together", missing);
  }
  p.opens_at = opt_time(body, "opens_at", p.opens_at);
  p.closes_at = opt_time(body, "closes_at", p.closes_at);
  if (p.opens_at.has_value() != p.closes_at.has_value())
    throw failure(error_code::invalid, "closes_at: opens_at and closes_at are both set or both null", "closes_at");
  if (p.opens_at) {
    if (*p.opens_at < v.f.starts_at || *p.opens_at > v.f.ends_at)
      throw failure(error_code::invalid, "opens_at: must be within the fair's start and end", "opens_at");
    if (*p.closes_at < v.f.starts_at || *p.closes_at > v.f.ends_at)
      throw failure(error_code::invalid, "closes_at: must be within the fair's start and end", "closes_at");
    if (*p.closes_at <= *p.opens_at)
      throw failure(error_code::invalid, "closes_at: must be after opens_at", "closes_at");
  }

  if (!bs(ctx).update_booth_profile(v.b.id, p, ctx.now)) throw failure(error_code::not_found, "no such booth");
  auto b = ctx.st.booths().find_booth(v.b.id);
  if (!b) throw failure(error_code::not_found, "no such booth");
  return route_reply::ok({{"booth", booth_json(*b)}});
}

// ---- logo --------------------------------------------------------------------------------------

std::int64_t logo_limit(const app::config& cfg) { return cfg.uploads.logo_max_bytes; }

route_reply put_logo(request_ctx& ctx) {
  auto v = staff_booth(ctx, ctx.id());
  const std::string& bytes = ctx.req.body;
  if (bytes.empty()) throw failure(error_code::invalid, "the logo is empty", "logo");
  auto type = sniff_image(bytes);
  if (!type) throw failure(error_code::invalid, "the logo must be a PNG, JPEG or WebP image", "logo");

  const auto dir = logos_dir(ctx);
  auto name = write_logo_file(dir, bytes, type->ext);
  std::optional<std::string> previous;
  try {
    previous = bs(ctx).set_logo(v.b.id, name, std::string(type->mime), ctx.now);
  } catch (...) {
    remove_logo_file(dir, name);  // the database does not point at it: do not leave it behind
    throw;
  }
  if (!previous) {
    remove_logo_file(dir, name);
    throw failure(error_code::not_found, "no such booth");
  }
  // Only after the commit: until then the old file is the one the database names.
  if (!previous->empty()) remove_logo_file(dir, *previous);
  auto b = ctx.st.booths().find_booth(v.b.id);
  if (!b) throw failure(error_code::not_found, "no such booth");
  return route_reply::ok({{"booth", booth_json(*b)}});
}

route_reply get_logo(request_ctx& ctx) {
  auto v = visible_booth(ctx, ctx.id());
  if (v.b.logo_file.empty()) throw failure(error_code::not_found, "this booth has no logo");
  auto bytes = read_logo_file(logos_dir(ctx), v.b.logo_file);
  if (!bytes) throw failure(error_code::not_found, "this booth has no logo");
  // The URL carries ?v=<updated_at>, so a changed logo gets a new URL: caching is safe.
  return route_reply::inline_body(v.b.logo_type, std::move(*bytes), 3600);
}

route_reply delete_logo(request_ctx& ctx) {
  auto v = staff_booth(ctx, ctx.id());
  auto previous = bs(ctx).set_logo(v.b.id, "", "", ctx.now);
  if (!previous) throw failure(error_code::not_found, "no such booth");
  if (!previous->empty()) remove_logo_file(logos_dir(ctx), *previous);
  return route_reply::no_content();
}

// ---- jobs --------------------------------------------------------------------------------------

// Applies the body's fields to `j` (all optional but title on creation), validating each
// before anything is written.
void read_job_fields(request_ctx& ctx, const nlohmann::json& body, store::job& j, bool creating) {
  only_fields(body, {"title", "occupation_id", "city", "work_mode", "employment_type", "education_level",
                     "experience_years", "openings", "disability", "description", "closes_at", "status"});
  j.title = field::text(body, "title", 1, 200, creating, j.title);
  if (body.contains("occupation_id")) {
    if (body["occupation_id"].is_null()) {
      j.occupation_id.clear();
    } else {
      auto id = field::text(body, "occupation_id", 0, 60);
      if (!id.empty() && !bs(ctx).find_occupation(id))
        throw failure(error_code::invalid, "occupation_id: no such occupation (see GET /api/occupations)",
                      "occupation_id");
      j.occupation_id = id;
    }
  }
  j.city = field::text(body, "city", 0, 80, false, j.city);
  j.work_mode = field::one_of(body, "work_mode", work_modes, false, j.work_mode);
  j.employment_type = field::one_of(body, "employment_type", employment_types, false, j.employment_type);
  j.education_level = field::one_of(body, "education_level", education_levels, false, j.education_level);
  j.experience_years = field::integer(body, "experience_years", 0, 50, false, j.experience_years);
  j.openings = field::integer(body, "openings", 1, 100000, false, j.openings);
  j.disability = field::one_of(body, "disability", disability_options, false, j.disability);
  j.description = field::multiline(body, "description", 5000, false, j.description);
  j.closes_at = opt_time(body, "closes_at", j.closes_at);
  j.status = field::one_of(body, "status", job_statuses, false, j.status);
}

route_reply create_job(request_ctx& ctx) {
  auto v = staff_booth(ctx, ctx.id());
  store::job j;
  j.booth_id = v.b.id;
  read_job_fields(ctx, ctx.body, j, true);
  j.id = bs(ctx).create_job(j, ctx.now);
  auto saved = bs(ctx).find_job(j.id);
  if (!saved) throw failure(error_code::not_found, "no such job");
  return route_reply::ok({{"job", job_json(*saved, v.b, occupation_of(ctx, *saved))}}, 201);
}

route_reply patch_job(request_ctx& ctx) {
  auto v = staff_job(ctx, ctx.id());
  store::job j = v.j;
  read_job_fields(ctx, ctx.body, j, false);
  if (!bs(ctx).update_job(j, ctx.now)) throw failure(error_code::not_found, "no such job");
  auto saved = bs(ctx).find_job(j.id);
  if (!saved) throw failure(error_code::not_found, "no such job");
  return route_reply::ok({{"job", job_json(*saved, v.booth.b, occupation_of(ctx, *saved))}});
}

route_reply delete_job(request_ctx& ctx) {
  auto v = staff_job(ctx, ctx.id());
  switch (bs(ctx).delete_job(v.j.id)) {
    case store::delete_job_result::deleted: return route_reply::no_content();
    case store::delete_job_result::not_found: throw failure(error_code::not_found, "no such job");
    case store::delete_job_result::has_applications: break;
  }
  throw failure(error_code::conflict,
                "the job has applications and cannot be deleted; close it instead (PATCH with status \"closed\")");
}

route_reply get_job(request_ctx& ctx) {
  auto v = visible_job(ctx, ctx.id());
  return route_reply::ok({{"job", job_json(v.j, v.booth.b, occupation_of(ctx, v.j))}});
}

route_reply list_booth_jobs(request_ctx& ctx) {
  auto v = visible_booth(ctx, ctx.id());
  auto occupations = bs(ctx).list_occupations();
  std::map<std::string, store::occupation> by_id;
  for (auto& o : occupations) by_id.emplace(o.id, o);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& j : bs(ctx).list_jobs(v.b.id, is_staff(ctx, v.b.id))) {
    auto it = by_id.find(j.occupation_id);
    out.push_back(job_json(j, v.b, it == by_id.end() ? std::nullopt : std::optional(it->second)));
  }
  return route_reply::ok({{"jobs", out}});
}

// ---- occupations -------------------------------------------------------------------------------

route_reply list_occupations(request_ctx& ctx) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : bs(ctx).list_occupations()) out.push_back(occupation_json(o));
  return route_reply::ok({{"occupations", out}});
}

route_reply create_occupation(request_ctx& ctx) {
  const auto& body = ctx.body;
  only_fields(body, {"id", "isco08", "name"});
  store::occupation o;
  o.id = field::text(body, "id", 1, 60);
  for (char c : o.id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      throw failure(error_code::invalid, "id: only a-z, 0-9, '_' and '-'", "id");
  if (field::has(body, "isco08")) {
    auto code = field::text(body, "isco08", 1, 4);
    for (char c : code)
      if (c < '0' || c > '9') throw failure(error_code::invalid, "isco08: an ISCO-08 code of 1 to 4 digits", "isco08");
    o.isco08 = code;
  }
  if (!field::has(body, "name") || !body["name"].is_object())
    throw failure(error_code::invalid, "name: an object {\"tr\", \"en\"} is required", "name");
  const auto& names = body["name"];
  only_fields(names, {"tr", "en"});
  try {
    o.name_tr = field::text(names, "tr", 1, 100);
    o.name_en = field::text(names, "en", 1, 100);
  } catch (failure& f) {
    // Name the field by its full path, as the form shows it.
    f.err.field = "name." + f.err.field;
    f.err.message = "name." + f.err.message;
    throw;
  }
  if (!bs(ctx).create_occupation(o)) throw failure(error_code::conflict, "id: this occupation exists", "id");
  return route_reply::ok({{"occupation", occupation_json(o)}}, 201);
}

// ---- my booths ---------------------------------------------------------------------------------

route_reply my_booths(request_ctx& ctx) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : bs(ctx).booths_of(ctx.me().id)) {
    auto f = ctx.st.fairs().find_fair(s.b.fair_id);
    if (!f) continue;
    out.push_back({{"booth", booth_json(s.b)}, {"fair", fair::fair_json(*f, ctx.now)}, {"member_role", s.member_role}});
  }
  return route_reply::ok({{"booths", out}});
}

// ---- the hall ----------------------------------------------------------------------------------

struct hall_filter {
  store::text_search words;  // none = no text search
  std::string occupation;   // "" = any
  std::string city_key;     // search_key of the city, "" = any
  std::optional<int> max_education;
  bool remote = false, disability = false;
  bool job_filter() const { return !occupation.empty() || max_education || remote || disability; }
};

hall_filter read_hall_filter(const request_ctx& ctx) {
  hall_filter f;
  auto q = ctx.param("q");
  if (q.size() > 200) throw failure(error_code::invalid, "q: at most 200 characters", "q");
  f.words = search_words(q);
  f.occupation = ctx.param("occupation");
  f.city_key = search_key(ctx.param("city"));
  if (auto e = ctx.param("education"); !e.empty()) {
    f.max_education = education_rank(e);
    if (!f.max_education || e == "none")
      throw failure(error_code::invalid, "education: one of primary, secondary, associate, bachelor, master, doctorate",
                    "education");
  }
  auto mode = ctx.param("work_mode");
  if (!mode.empty() && mode != "remote") throw failure(error_code::invalid, "work_mode: only \"remote\"", "work_mode");
  f.remote = mode == "remote";
  auto dis = ctx.param("disability");
  if (!dis.empty() && dis != "0" && dis != "1" && dis != "true" && dis != "false")
    throw failure(error_code::invalid, "disability: 1 or 0", "disability");
  f.disability = dis == "1" || dis == "true";
  return f;
}

std::int64_t read_page(const request_ctx& ctx) {
  auto p = ctx.param("page", "1");
  std::int64_t page = 0;
  for (char c : p) {
    if (c < '0' || c > '9' || page > 1000000) throw failure(error_code::invalid, "page: a positive integer", "page");
    page = page * 10 + (c - '0');
  }
  if (page < 1) throw failure(error_code::invalid, "page: a positive integer", "page");
  return page;
}

bool job_passes(const hall_filter& f, const store::job& j, const store::booth& b) {
  if (!f.occupation.empty() && j.occupation_id != f.occupation) return false;
  if (f.max_education && education_rank(j.education_level).value_or(99) > *f.max_education) return false;
  if (f.remote && j.work_mode != "remote" && j.work_mode != "hybrid") return false;
  if (f.disability && j.disability == "none") return false;
  if (!f.city_key.empty() && search_key(j.city) != f.city_key && search_key(b.city) != f.city_key) return false;
  return true;
}

nlohmann::json hall_job_json(const store::job& j) {
  return {{"id", j.id},
          {"title", j.title},
          {"occupation_id", j.occupation_id.empty() ? nlohmann::json() : nlohmann::json(j.occupation_id)},
          {"city", j.city},
          {"work_mode", j.work_mode},
          {"employment_type", j.employment_type},
          {"education_level", j.education_level},
          {"disability", j.disability},
          {"openings", j.openings},
          {"closes_at", j.closes_at ? nlohmann::json(*j.closes_at) : nlohmann::json()}};
}

// Facets of the whole fair (not of the current result), so the filter choices stay put while
// the visitor narrows the list: sectors and cities with their booth counts, occupations with
// their open-job counts.
nlohmann::json hall_facets(const std::vector<store::booth>& booths,
                           const std::unordered_map<std::int64_t, std::vector<store::job>>& jobs_by_booth,
                           const std::map<std::string, store::occupation>& occupations) {
  std::map<std::string, std::pair<std::string, int>> sectors, cities;  // key → (shown name, count)
  std::map<std::string, int> occ_count;
  for (const auto& b : booths) {
    if (!b.sector.empty()) {
      auto& s = sectors[search_key(b.sector)];
      if (s.first.empty()) s.first = b.sector;
      ++s.second;
    }
    std::map<std::string, std::string> booth_cities;
    if (!b.city.empty()) booth_cities.emplace(search_key(b.city), b.city);
    if (auto it = jobs_by_booth.find(b.id); it != jobs_by_booth.end()) {
      for (const auto& j : it->second) {
        if (!j.city.empty()) booth_cities.emplace(search_key(j.city), j.city);
        if (!j.occupation_id.empty()) ++occ_count[j.occupation_id];
      }
    }
    for (auto& [key, name] : booth_cities) {
      auto& c = cities[key];
      if (c.first.empty()) c.first = name;
      ++c.second;
    }
  }
  nlohmann::json out = {{"sectors", nlohmann::json::array()}, {"cities", nlohmann::json::array()},
                        {"occupations", nlohmann::json::array()}};
  for (auto& [key, v] : sectors) out["sectors"].push_back({{"name", v.first}, {"count", v.second}});
  for (auto& [key, v] : cities) out["cities"].push_back({{"name", v.first}, {"count", v.second}});
  for (auto& [id, n] : occ_count) {
    auto it = occupations.find(id);
    if (it == occupations.end()) continue;
    out["occupations"].push_back({{"id", id},
                                  {"name", {{"tr", it->second.name_tr}, {"en", it->second.name_en}}},
                                  {"count", n}});
  }
  return out;
}

route_reply hall(request_ctx& ctx) {
  auto fair = ctx.st.fairs().find_fair(ctx.id());
  if (!fair || (fair->status == protocol::fair_status::draft && !is_organiser(ctx))) throw failure(error_code::not_found, "no such fair");
  auto filter = read_hall_filter(ctx);
  auto page = read_page(ctx);

  auto booths = ctx.st.booths().list_booths(fair->id);
  std::unordered_map<std::int64_t, std::vector<store::job>> jobs_by_booth;
  for (auto& j : bs(ctx).open_jobs_of_fair(fair->id)) jobs_by_booth[j.booth_id].push_back(std::move(j));
  std::map<std::string, store::occupation> occupations;
  for (auto& o : bs(ctx).list_occupations()) occupations.emplace(o.id, o);

  std::set<std::int64_t> booth_hits, job_hits;
  if (!filter.words.empty()) {
    auto hits = bs(ctx).search_hall(fair->id, filter.words);
    booth_hits.insert(hits.booths.begin(), hits.booths.end());
    job_hits.insert(hits.jobs.begin(), hits.jobs.end());
  }

  // A booth is listed with the jobs that pass every filter. With a text search, a booth whose
  // own text matches keeps all such jobs; otherwise only the jobs whose text matches count.
  // Without job filters a booth with no (matching) job is still listed when its own text (and
  // city) match.
  struct listed {
    const store::booth* b;
    std::vector<const store::job*> jobs;
    const std::vector<store::job>* all_jobs;
    std::string sector_key, name_key;
  };
  static const std::vector<store::job> no_jobs;
  std::vector<listed> result;
  std::size_t total_jobs = 0;
  for (const auto& b : booths) {
    auto it = jobs_by_booth.find(b.id);
    const auto& jobs = it == jobs_by_booth.end() ? no_jobs : it->second;
    bool text_booth = filter.words.empty() || booth_hits.count(b.id);
    std::vector<const store::job*> shown;
    for (const auto& j : jobs)
      if (job_passes(filter, j, b) && (text_booth || job_hits.count(j.id))) shown.push_back(&j);
    bool city_booth = filter.city_key.empty() || search_key(b.city) == filter.city_key;
    bool listed_booth = !shown.empty() || (!filter.job_filter() && text_booth && city_booth);
    if (!listed_booth) continue;
    total_jobs += shown.size();
    result.push_back({&b, std::move(shown), &jobs, search_key(b.sector), search_key(b.name)});
  }
  // Sectors alphabetically (booths without a sector last), booths by name within a sector.
  std::sort(result.begin(), result.end(), [](const listed& a, const listed& b) {
    if (a.sector_key.empty() != b.sector_key.empty()) return b.sector_key.empty();
    if (a.sector_key != b.sector_key) return a.sector_key < b.sector_key;
    if (a.name_key != b.name_key) return a.name_key < b.name_key;
    return a.b->id < b.b->id;
  });

  std::size_t pages = std::max<std::size_t>(1, (result.size() + hall_page_size - 1) / hall_page_size);
  std::size_t first = std::size_t(page - 1) * hall_page_size;
  nlohmann::json groups = nlohmann::json::array();
  for (std::size_t i = first; i < result.size() && i < first + hall_page_size; ++i) {
    const auto& r = result[i];
    auto bj = booth_json(*r.b);
    bj["jobs"] = nlohmann::json::array();
    for (const auto* j : r.jobs) bj["jobs"].push_back(hall_job_json(*j));
    bj["open_jobs"] = r.all_jobs->size();
    bj["remote"] = std::any_of(r.all_jobs->begin(), r.all_jobs->end(),
                               [](const store::job& j) { return j.work_mode != "onsite"; });
    bj["disability_friendly"] = std::any_of(r.all_jobs->begin(), r.all_jobs->end(),
                                            [](const store::job& j) { return j.disability != "none"; });
    if (groups.empty() || groups.back()["sector"] != r.b->sector)
      groups.push_back({{"sector", r.b->sector}, {"booths", nlohmann::json::array()}});
    groups.back()["booths"].push_back(std::move(bj));
  }
  return route_reply::ok({{"fair_id", fair->id},
                          {"total_booths", result.size()},
                          {"total_jobs", total_jobs},
                          {"page", page},
                          {"pages", pages},
                          {"page_size", hall_page_size},
                          {"groups", groups},
                          {"facets", hall_facets(booths, jobs_by_booth, occupations)}});
}

// The public read of one booth: anyone; a signed-in organiser also sees a draft fair's booth.
// Sent without a Cache-Control header, as it always has been.
route_reply get_booth(request_ctx& ctx) {
  bool organiser = ctx.user && ctx.user->user_role == store::role::organiser;
  auto b = ctx.st.booths().find_booth(ctx.id());
  auto f = b ? ctx.st.fairs().find_fair(b->fair_id) : std::nullopt;
  if (!f || (f->status == protocol::fair_status::draft && !organiser)) throw failure(error_code::not_found, "no such booth");
  auto r = route_reply::ok({{"booth", booth_json(*b)}, {"fair", fair::fair_json(*f, ctx.now)}});
  r.no_store = false;
  return r;
}

using api::audience;
using api::body_kind;

const api::route table[] = {
    {"GET", "/api/booths/{id}", audience::anyone, "the booth's fair is not a draft (organisers see drafts)", get_booth},
    {"PATCH", "/api/booths/{id}", audience::employer, "staff of the booth (owner or recruiter)", patch_booth,
     body_kind::json},
    {"PUT", "/api/booths/{id}/logo", audience::employer, "staff of the booth (owner or recruiter)", put_logo,
     body_kind::raw, 0, logo_limit},
    {"GET", "/api/booths/{id}/logo", audience::anyone,
     "the booth's fair is not a draft, or the caller is an organiser or staff of the booth", get_logo},
    {"DELETE", "/api/booths/{id}/logo", audience::employer, "staff of the booth (owner or recruiter)", delete_logo},
    {"GET", "/api/booths/{id}/jobs", audience::anyone,
     "the booth's fair is not a draft, or the caller is an organiser or staff of the booth; staff also see closed "
     "jobs",
     list_booth_jobs},
    {"POST", "/api/booths/{id}/jobs", audience::employer, "staff of the booth (owner or recruiter)", create_job,
     body_kind::json},
    {"GET", "/api/jobs/{id}", audience::anyone,
     "the job's fair is not a draft, or the caller is an organiser or staff of the job's booth", get_job},
    {"PATCH", "/api/jobs/{id}", audience::employer, "staff of the job's booth", patch_job, body_kind::json},
    {"DELETE", "/api/jobs/{id}", audience::employer, "staff of the job's booth; refused (409) when it has applications",
     delete_job},
    {"GET", "/api/occupations", audience::anyone, "none", list_occupations},
    {"POST", "/api/occupations", audience::organiser, "none (any organiser extends the shared list)",
     create_occupation, body_kind::json},
    {"GET", "/api/me/booths", audience::employer, "the caller's own booth memberships", my_booths},
    {"GET", "/api/fairs/{id}/hall", audience::anyone, "the fair is not a draft, or the caller is an organiser", hall},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::booth
