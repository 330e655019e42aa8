// HTTP routes of the cvs capability (protocol/http/cvs.md). Each row is also a policy row.
//
// Ownership rules in short: a CV is visible only to its owner; an application to its applicant
// and to the staff of its booth; anyone else gets 404 (they may not even learn it exists).
// A booth and a fair are public, so a caller who is not their staff or organiser gets 403.
#include "server/cv/routes.hpp"

#include <unistd.h>

#include <charconv>
#include <condition_variable>
#include <ctime>
#include <iostream>
#include <limits>
#include <mutex>

#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/cv/apply_change.hpp"
#include "server/cv/extract.hpp"
#include "server/cv/upload.hpp"
#include "server/cv/views.hpp"
#include "server/cv/workflow.hpp"
#include "server/store/cvs_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::cv {

using api::failure;
using api::request_ctx;
using api::route_reply;
using nlohmann::json;
using protocol::error_code;

namespace {

constexpr int page_size = 50;

std::int64_t cv_max_bytes(const app::config& c) { return c.uploads.cv_max_bytes; }

using protocol::user_topic;

// ---- text extraction -------------------------------------------------------------------------

// At most uploads.extract_workers extractions run at once; the others wait their turn on the
// background pool (each holds a pool thread, never a request thread).
class extraction_gate {
public:
  void enter(std::int64_t limit) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return running_ < limit; });
    ++running_;
  }
  void leave() {
    {
      std::lock_guard lock(m_);
      --running_;
    }
    cv_.notify_one();
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::int64_t running_ = 0;
};

extraction_gate& gate() {
  static extraction_gate g;
  return g;
}

// Extracts one pending CV, stores the outcome and tells the owner. Does nothing when the CV was
// deleted or already extracted (a requeue after a restart may race a new upload's job).
void run_extraction(api::services& svc, std::int64_t cv_id) {
  auto c = svc.st.cvs().find_cv(cv_id);
  if (!c || c->text_status != protocol::cv_text_status::pending) return;
  gate().enter(svc.cfg.uploads.extract_workers);
  extract_result r;
  try {
    extract_options opt;
    opt.program = svc.cfg.uploads.pdftotext;
    opt.timeout_ms = svc.cfg.uploads.extract_timeout_ms;
    opt.memory_mb = svc.cfg.uploads.extract_memory_mb;
    r = extract_text(opt, svc.files_dir + "/cvs/" + c->storage_name);
  } catch (...) {
    gate().leave();
    throw;
  }
  gate().leave();
  // The reason names the failure only (never the text or the file's name).
  if (!r.ok) std::cerr << "fuar: CV " << cv_id << " text unavailable: " << r.reason << "\n";
  bool stored = svc.st.cvs().set_cv_text(cv_id, r.ok ? "ok" : "unavailable",
                                         r.ok ? std::optional<std::string>(std::move(r.text)) : std::nullopt);
  if (!stored) return;
  if (auto now = svc.st.cvs().find_cv(cv_id))
    svc.publish(user_topic(now->user_id), "cv.updated", json{{"cv", cv_json(*now)}});
}

void schedule_extraction(api::services& svc, std::int64_t cv_id) {
  api::services* s = &svc;  // services live as long as the process
  svc.background([s, cv_id] { run_extraction(*s, cv_id); });
}

// ---- helpers ---------------------------------------------------------------------------------

// A positive integer query parameter, or `fallback` when absent.
std::int64_t query_int(const request_ctx& ctx, const char* name, std::int64_t min, std::int64_t max,
                       std::int64_t fallback) {
  auto v = ctx.param(name);
  if (v.empty()) return fallback;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n < min || n > max)
    throw failure(error_code::invalid,
                  std::string(name) + ": must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max),
                  name);
  return n;
}

store::cv_record own_cv(request_ctx& ctx, std::int64_t cv_id, const char* field = "") {
  auto c = ctx.st.cvs().find_cv(cv_id);
  if (!c || c->user_id != ctx.me().id) throw failure(error_code::not_found, "no such CV", field);
  return *c;
}

store::booth staffed_booth(request_ctx& ctx, std::int64_t booth_id) {
  auto b = ctx.st.booths().find_booth(booth_id);
  if (!b) throw failure(error_code::not_found, "no such booth");
  if (!ctx.st.booths().is_booth_member(booth_id, ctx.me().id))
    throw failure(error_code::forbidden, "only this booth's staff may see its applicants");
  return *b;
}

// An application of a booth the caller staffs; 404 for anyone else (they may not know it exists).
store::application_row staffed_application(request_ctx& ctx, std::int64_t id) {
  auto a = ctx.st.cvs().find_application(id);
  if (!a || !ctx.st.booths().is_booth_member(a->booth_id, ctx.me().id))
    throw failure(error_code::not_found, "no such application");
  return *a;
}

// Applying is possible while the fair is published or live and has not ended, and the job is
// open and before its closing date (if it has one). A draft fair is not public: its jobs and booths answer 404.
void check_open(const store::application_target& t, std::int64_t now) {
  if (t.fair_status == protocol::fair_status::draft) throw failure(error_code::not_found, t.job_id ? "no such job" : "no such booth");
  if (t.fair_status == protocol::fair_status::closed || now >= t.fair_ends_at)
    throw failure(error_code::conflict, "this fair is closed; applications are no longer taken");
  if (t.job_id && t.job_status != protocol::job_status::open) throw failure(error_code::conflict, "this job is closed");
  if (t.job_id && t.job_closes_at && now >= *t.job_closes_at)
    throw failure(error_code::conflict, "this job's application deadline has passed");
}

route_reply apply_to(request_ctx& ctx, const store::application_target& t) {
  auto cv_id = api::field::integer(ctx.body, "cv_id", 1, std::numeric_limits<std::int64_t>::max());
  auto note = api::field::multiline(ctx.body, "note", 1000);
  check_open(t, ctx.now);
  own_cv(ctx, cv_id, "cv_id");
  store::new_application a{t, ctx.me().id, cv_id, note, ctx.now};
  std::int64_t id = 0;
  switch (ctx.st.cvs().apply(a, id)) {
    case store::apply_result::duplicate:
      throw failure(error_code::conflict, t.job_id ? "you have already applied to this job"
                                                   : "you have already left a CV at this booth");
    case store::apply_result::cv_gone: throw failure(error_code::not_found, "no such CV", "cv_id");
    case store::apply_result::created: break;
  }
  auto row = ctx.st.cvs().find_application(id);
  if (!row) throw failure(error_code::not_found, "no such application");
  return route_reply::ok({{"application", applicant_view(*row)},
                          {"shared_with", {{"booth_id", t.booth_id}, {"name", t.booth_name}}},
                          {"message", "Your CV is shared with " + t.booth_name + " only."}},
                         201);
}

// ---- handlers --------------------------------------------------------------------------------

route_reply upload_cv(request_ctx& ctx) {
  const auto& me = ctx.me();
  const std::string& bytes = ctx.req.body;
  if (bytes.empty()) throw failure(error_code::invalid, "file: the body is empty; send the PDF itself", "file");
  if (!looks_like_pdf(bytes)) throw failure(error_code::invalid, "file: this file is not a PDF", "file");
  auto name = sanitise_name(ctx.param("name"));
  auto max = ctx.cfg.uploads.cv_max_per_user;
  auto quota = [&](std::int64_t n) {
    return failure(error_code::conflict, "you have " + std::to_string(n) + " CVs; delete one first", "file");
  };
  // A cheap early refusal; the insert below checks again inside its transaction.
  if (auto n = std::int64_t(ctx.st.cvs().list_cvs(me.id).size()); n >= max) throw quota(n);

  auto dir = cv_dir(ctx.svc.files_dir);
  auto storage = random_hex128() + ".pdf";
  write_file_atomic(dir, storage, bytes);
  store::cv_insert ins;
  try {
    ins = ctx.st.cvs().insert_cv(me.id, storage, name, std::int64_t(bytes.size()), ctx.now, max);
  } catch (...) {
    ::unlink((dir + "/" + storage).c_str());
    throw;
  }
  if (!ins.row) {
    ::unlink((dir + "/" + storage).c_str());
    throw quota(ins.count);
  }
  schedule_extraction(ctx.svc, ins.row->id);
  return route_reply::ok({{"cv", cv_json(*ins.row)}}, 201);
}

route_reply list_my_cvs(request_ctx& ctx) {
  json cvs = json::array();
  for (auto& c : ctx.st.cvs().list_cvs(ctx.me().id)) cvs.push_back(cv_json(c));
  return route_reply::ok({{"cvs", cvs},
                          {"max_per_user", ctx.cfg.uploads.cv_max_per_user},
                          {"max_bytes", ctx.cfg.uploads.cv_max_bytes}});
}

route_reply download_my_cv(request_ctx& ctx) {
  auto c = own_cv(ctx, ctx.id());
  auto bytes = read_file(ctx.svc.files_dir + "/cvs/" + c.storage_name);
  if (!bytes) throw failure(error_code::not_found, "this CV's file is missing");
  return route_reply::file("application/pdf", std::move(*bytes), c.original_name);
}

route_reply delete_my_cv(request_ctx& ctx) {
  auto c = ctx.st.cvs().delete_cv(ctx.id(), ctx.me().id);
  if (!c) throw failure(error_code::not_found, "no such CV");
  ::unlink((ctx.svc.files_dir + "/cvs/" + c->storage_name).c_str());
  return route_reply::no_content();
}

route_reply apply_to_job(request_ctx& ctx) {
  auto t = ctx.st.cvs().job_target(ctx.id());
  if (!t) throw failure(error_code::not_found, "no such job");
  return apply_to(ctx, *t);
}

route_reply drop_at_booth(request_ctx& ctx) {
  auto t = ctx.st.cvs().booth_target(ctx.id());
  if (!t) throw failure(error_code::not_found, "no such booth");
  return apply_to(ctx, *t);
}

route_reply my_applications(request_ctx& ctx) {
  json out = json::array();
  for (auto& a : ctx.st.cvs().user_applications(ctx.me().id)) out.push_back(applicant_view(a));
  return route_reply::ok({{"applications", out}});
}

route_reply withdraw_application(request_ctx& ctx) {
  auto a = ctx.st.cvs().find_application(ctx.id());
  if (!a || a->user_id != ctx.me().id) throw failure(error_code::not_found, "no such application");
  if (!withdrawable(a->status))
    throw failure(error_code::conflict, "an application can be withdrawn only while it is received or reviewed");
  if (!ctx.st.cvs().withdraw(a->id, ctx.me().id, a->status))
    throw failure(error_code::conflict, "the application changed meanwhile; reload it");
  return route_reply::no_content();
}

store::application_query booth_query(request_ctx& ctx, std::int64_t booth_id) {
  store::application_query q;
  q.booth_id = booth_id;
  auto job = ctx.param("job");
  if (job == "none") q.drops_only = true;
  else if (!job.empty()) q.job_id = query_int(ctx, "job", 1, std::numeric_limits<std::int64_t>::max(), 0);
  q.status = ctx.param("status");
  if (!q.status.empty() && !is_status(q.status))
    throw failure(error_code::invalid, "status: must be one of received, reviewed, shortlisted, interview, offer, "
                                       "hired, rejected", "status");
  auto text = ctx.param("q");
  if (text.size() > 200) throw failure(error_code::invalid, "q: at most 200 characters", "q");
  q.words = search_words(text);
  q.sort = ctx.param("sort", "created");
  if (q.sort != "created" && q.sort != "updated" && q.sort != "rating" && q.sort != "status")
    throw failure(error_code::invalid, "sort: must be created, updated, rating or status", "sort");
  auto order = ctx.param("order", "desc");
  if (order != "asc" && order != "desc") throw failure(error_code::invalid, "order: must be asc or desc", "order");
  q.descending = order == "desc";
  return q;
}

route_reply booth_applications(request_ctx& ctx) {
  staffed_booth(ctx, ctx.id());
  auto q = booth_query(ctx, ctx.id());
  auto page = query_int(ctx, "page", 1, 100000, 1);
  q.limit = page_size;
  q.offset = int((page - 1) * page_size);
  auto res = ctx.st.cvs().booth_applications(q);
  json rows = json::array();
  for (auto& a : res.rows) rows.push_back(staff_view(a));
  return route_reply::ok({{"applications", rows}, {"total", res.total}, {"page", page}, {"page_size", page_size}});
}

route_reply booth_applications_csv(request_ctx& ctx) {
  staffed_booth(ctx, ctx.id());
  auto q = booth_query(ctx, ctx.id());
  q.limit = 100000;
  auto res = ctx.st.cvs().booth_applications(q);
  // A BOM so that spreadsheet programs read the Turkish letters as UTF-8.
  std::string out = "\xEF\xBB\xBF" + api::csv_row({"applicant name", "email", "city", "education", "job", "status",
                                                    "rating", "recruiter notes", "applied at", "updated at"});
  for (auto& a : res.rows)
    out += api::csv_row({a.user_id ? a.applicant_name : "(deleted account)", a.applicant_email, a.applicant_city,
                         a.applicant_education.value_or(""), a.job_id ? a.job_title : "(CV left at the booth)",
                         a.status, a.rating ? std::to_string(*a.rating) : "", a.recruiter_notes,
                         util::iso_time(a.created_at), util::iso_time(a.updated_at)});
  return route_reply::file("text/csv; charset=utf-8", std::move(out),
                           "applicants-booth-" + std::to_string(ctx.id()) + ".csv");
}

route_reply get_application(request_ctx& ctx) {
  auto a = ctx.st.cvs().find_application(ctx.id());
  if (a && a->user_id == ctx.me().id) return route_reply::ok({{"application", applicant_view(*a)}});
  if (a && ctx.me().user_role == store::role::employer && ctx.st.booths().is_booth_member(a->booth_id, ctx.me().id))
    return route_reply::ok({{"application", staff_view(*a)}});
  throw failure(error_code::not_found, "no such application");
}

route_reply change_application(request_ctx& ctx) {
  auto a = staffed_application(ctx, ctx.id());
  static constexpr std::string_view statuses[] = {"received", "reviewed", "shortlisted", "interview",
                                                  "offer",    "hired",    "rejected"};
  store::application_change c;
  if (api::field::has(ctx.body, "status")) c.status = api::field::one_of(ctx.body, "status", statuses);
  if (api::field::has(ctx.body, "message")) c.message = api::field::multiline(ctx.body, "message", 500);
  if (ctx.body.contains("rating")) {
    c.set_rating = true;
    if (!ctx.body["rating"].is_null()) c.rating = api::field::integer(ctx.body, "rating", 1, 5);
  }
  if (api::field::has(ctx.body, "notes")) c.notes = api::field::multiline(ctx.body, "notes", 2000);
  if (!c.status && !c.message && !c.set_rating && !c.notes)
    throw failure(error_code::invalid, "nothing to change: send status, message, rating or notes");
  auto now = apply_application_change(ctx.svc, a, c, ctx.me().id, ctx.now);  // checks, commits, tells the applicant
  return route_reply::ok({{"application", staff_view(now)}});
}

route_reply application_cv(request_ctx& ctx) {
  auto a = staffed_application(ctx, ctx.id());
  if (!a.cv_id) throw failure(error_code::not_found, "the applicant has withdrawn this CV");
  auto c = ctx.st.cvs().find_cv(*a.cv_id);
  if (!c) throw failure(error_code::not_found, "the applicant has withdrawn this CV");
  auto bytes = read_file(ctx.svc.files_dir + "/cvs/" + c->storage_name);
  if (!bytes) throw failure(error_code::not_found, "this CV's file is missing");
  // Recorded before the bytes leave: a download the organiser cannot see must not happen.
  ctx.st.cvs().record_cv_download(a.id, a.cv_id, a.booth_id, a.fair_id, ctx.me().id, ctx.now);
  return route_reply::file("application/pdf", std::move(*bytes), c->original_name);
}

route_reply fair_cv_downloads(request_ctx& ctx) {
  auto f = ctx.st.fairs().find_fair(ctx.id());
  if (!f) throw failure(error_code::not_found, "no such fair");
  if (f->created_by != ctx.me().id)
    throw failure(error_code::forbidden, "only the organiser of this fair may see its CV downloads");
  json rows = json::array();
  for (auto& d : ctx.st.cvs().cv_downloads(f->id))
    rows.push_back({{"id", d.id},
                    {"at", d.at},
                    {"application_id", d.application_id ? json(*d.application_id) : json(nullptr)},
                    {"booth", {{"id", d.booth_id}, {"name", d.booth_name}}},
                    {"job_title", d.job_title},
                    {"downloaded_by", d.downloaded_by ? json{{"id", *d.downloaded_by}, {"name", d.downloader_name}}
                                                      : json(nullptr)}});
  return route_reply::ok({{"downloads", rows}});
}

using api::audience;
using api::body_kind;

const api::route table[] = {
    {"POST", "/api/me/cvs", audience::jobseeker, "own account; at most uploads.cv_max_per_user CVs", upload_cv,
     body_kind::raw, 0, cv_max_bytes},
    {"GET", "/api/me/cvs", audience::jobseeker, "own CVs only", list_my_cvs},
    {"GET", "/api/me/cvs/{id}/file", audience::jobseeker, "the CV is the caller's (else 404)", download_my_cv},
    {"DELETE", "/api/me/cvs/{id}", audience::jobseeker, "the CV is the caller's (else 404)", delete_my_cv},
    {"POST", "/api/jobs/{id}/applications", audience::jobseeker,
     "cv_id is the caller's CV (else 404); the job's fair is published or live", apply_to_job, body_kind::json},
    {"POST", "/api/booths/{id}/applications", audience::jobseeker,
     "cv_id is the caller's CV (else 404); the booth's fair is published or live", drop_at_booth, body_kind::json},
    {"GET", "/api/me/applications", audience::jobseeker, "own applications only", my_applications},
    {"DELETE", "/api/applications/{id}", audience::jobseeker, "the caller is the applicant (else 404)",
     withdraw_application},
    {"GET", "/api/booths/{id}/applications", audience::employer, "the caller is staff of the booth (else 403)",
     booth_applications},
    {"GET", "/api/booths/{id}/applications.csv", audience::employer, "the caller is staff of the booth (else 403)",
     booth_applications_csv},
    {"GET", "/api/applications/{id}", audience::signed_in,
     "the caller is the applicant (jobseeker view) or staff of its booth (staff view); else 404", get_application},
    {"PATCH", "/api/applications/{id}", audience::employer, "the caller is staff of the application's booth (else 404)",
     change_application, body_kind::json},
    {"GET", "/api/applications/{id}/cv", audience::employer,
     "the caller is staff of the application's booth (else 404); every download is recorded", application_cv},
    {"GET", "/api/fairs/{id}/cv-downloads", audience::organiser, "the caller created the fair (else 403)",
     fair_cv_downloads},
};

}  // namespace

std::span<const api::route> routes() { return table; }

void on_start(api::services& svc) {
  // Extractions that were pending when the process stopped (queued jobs are not durable).
  try {
    cv_dir(svc.files_dir);
    for (auto& c : svc.st.cvs().pending_cvs()) schedule_extraction(svc, c.id);
  } catch (const std::exception& e) {
    std::cerr << "fuar: cannot requeue CV text extractions: " << e.what() << "\n";
  }
}

}  // namespace fuar::cv
