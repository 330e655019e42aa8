#pragma once
// fuar::cv — the JSON objects of the cvs routes (protocol/http/cvs.md). One function per view,
// so what each side sees is decided in one place: the jobseeker never sees the rating or the
// recruiter's notes; staff never see demographics.
#include <nlohmann/json.hpp>

#include "server/store/cvs_store.hpp"

namespace fuar::cv {

// {id, name, size_bytes, uploaded_at, text_status}
nlohmann::json cv_json(const store::cv_record& c);
// {id, kind: job|booth, job: {id, title}|null, booth: {id, name}, fair: {id, title_tr, title_en},
//  cv: {id, name}|null, note, status, status_message, created_at, updated_at}
nlohmann::json applicant_view(const store::application_row& a);
// {id, kind, job, booth_id, fair_id, applicant: {name, email, city, education_level}|null, note,
//  status, status_message, rating, recruiter_notes, cv: {id, name, text_status}|null,
//  created_at, updated_at, hired_at}
nlohmann::json staff_view(const store::application_row& a);

}  // namespace fuar::cv
