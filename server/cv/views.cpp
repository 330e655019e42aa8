// JSON views of CVs and applications (views.hpp).
#include "server/cv/views.hpp"

namespace fuar::cv {

using nlohmann::json;

namespace {
json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

json job_of(const store::application_row& a) {
  if (!a.job_id) return nullptr;
  return json{{"id", *a.job_id}, {"title", a.job_title}};
}
}  // namespace

json cv_json(const store::cv_record& c) {
  return json{{"id", c.id},
              {"name", c.original_name},
              {"size_bytes", c.size_bytes},
              {"uploaded_at", c.uploaded_at},
              {"text_status", c.text_status}};
}

json applicant_view(const store::application_row& a) {
  return json{{"id", a.id},
              {"kind", a.job_id ? "job" : "booth"},
              {"job", job_of(a)},
              {"booth", {{"id", a.booth_id}, {"name", a.booth_name}}},
              {"fair", {{"id", a.fair_id}, {"title_tr", a.fair_title_tr}, {"title_en", a.fair_title_en}}},
              {"cv", a.cv_id ? json{{"id", *a.cv_id}, {"name", a.cv_name}} : json(nullptr)},
              {"note", a.note},
              {"status", a.status},
              {"status_message", a.status_message},
              {"created_at", a.created_at},
              {"updated_at", a.updated_at}};
}

json staff_view(const store::application_row& a) {
  json applicant = nullptr;
  if (a.user_id)
    applicant = json{{"name", a.applicant_name},
                     {"email", a.applicant_email},
                     {"city", a.applicant_city},
                     {"education_level", a.applicant_education ? json(*a.applicant_education) : json(nullptr)}};
  return json{{"id", a.id},
              {"kind", a.job_id ? "job" : "booth"},
              {"job", job_of(a)},
              {"booth_id", a.booth_id},
              {"fair_id", a.fair_id},
              {"applicant", applicant},
              {"note", a.note},
              {"status", a.status},
              {"status_message", a.status_message},
              {"rating", opt(a.rating)},
              {"recruiter_notes", a.recruiter_notes},
              {"cv", a.cv_id ? json{{"id", *a.cv_id}, {"name", a.cv_name}, {"text_status", a.cv_text_status}}
                             : json(nullptr)},
              {"created_at", a.created_at},
              {"updated_at", a.updated_at},
              {"hired_at", opt(a.hired_at)}};
}

}  // namespace fuar::cv
