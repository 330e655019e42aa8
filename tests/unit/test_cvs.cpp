// Unit tests for the cvs capability: PDF sniffing, upload names, application status rules, the
// search expression, the extractor (real pdftotext on PDFs written here) and the cvs store on a
// temporary SQLite database.
#include "server/cv/upload.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "server/cv/extract.hpp"
#include "server/cv/privacy.hpp"
#include "server/cv/workflow.hpp"
#include "server/store/store.hpp"
#include "tests/unit/fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using namespace fuar;
using namespace std::chrono_literals;

// This file's temporary folders (tests/unit/fixtures.hpp).
struct temp_dir : fuar::test::temp_dir {
  temp_dir() : fuar::test::temp_dir("fuar_cvs_test_") {}
};

// ---- a tiny PDF writer (the same as the integration tests') ----------------------------------
std::string stream_obj(const std::string& data, const std::string& extra = "") {
  return "<< /Length " + std::to_string(data.size()) + " " + extra + ">>\nstream\n" + data + "\nendstream";
}
std::string pdf_of(const std::vector<std::string>& objs) {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offs;
  for (std::size_t i = 0; i < objs.size(); ++i) {
    offs.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  auto xref = out.size();
  out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (auto o : offs) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}
const std::string font =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding "
    "/WinAnsiEncoding /Differences [128 /dotlessi 129 /Idotaccent] >> >>";
std::string text_pdf(const std::string& text) {
  return pdf_of({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 "
                 "5 0 R >> >> >>",
                 stream_obj("BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"), font});
}
// Nested form XObjects: 10^8 text draws from 4 KiB (pdftotext runs for minutes).
std::string hanging_pdf() {
  std::vector<std::string> objs{
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
      "/XObject << /X 6 0 R >> >> >>",
      stream_obj("/X Do"), font};
  for (int l = 0; l < 4; ++l) {
    std::string body, res;
    if (l == 3) {
      body = "BT /F1 1 Tf ";
      for (int i = 0; i < 100; ++i) body += "(ab) Tj ";
      body += "ET";
      res = "/Resources << /Font << /F1 5 0 R >> >>";
    } else {
      for (int i = 0; i < 100; ++i) body += "/X Do ";
      res = "/Resources << /XObject << /X " + std::to_string(7 + l) + " 0 R >> >>";
    }
    objs.push_back(stream_obj(body, "/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res + " "));
  }
  return pdf_of(objs);
}

std::string write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  auto p = (dir / name).string();
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

}  // namespace

TEST_CASE("a PDF is recognised by its content only", "[cvs]") {
  auto pdf = text_pdf("hello");
  CHECK(cv::looks_like_pdf(pdf));
  CHECK(cv::looks_like_pdf("%PDF-2.0\n...\n%%EOF"));
  CHECK_FALSE(cv::looks_like_pdf(""));
  CHECK_FALSE(cv::looks_like_pdf("%PDF-1.4\nno end marker"));
  CHECK_FALSE(cv::looks_like_pdf("%PDF-3.0\n%%EOF"));
  CHECK_FALSE(cv::looks_like_pdf(" %PDF-1.4\n%%EOF"));
  CHECK_FALSE(cv::looks_like_pdf(std::string("PK\x03\x04", 4) + "%PDF-1.4 %%EOF"));
  // %%EOF must be in the last KiB.
  CHECK_FALSE(cv::looks_like_pdf("%PDF-1.7\n%%EOF\n" + std::string(1100, ' ')));
  CHECK(cv::looks_like_pdf("%PDF-1.7\n%%EOF\n" + std::string(1000, ' ')));
}

TEST_CASE("upload names are display names, never paths", "[cvs]") {
  CHECK(cv::sanitise_name("../../x.pdf") == "x.pdf");
  CHECK(cv::sanitise_name("..\\..\\Windows\\x.pdf") == "x.pdf");
  CHECK(cv::sanitise_name("/etc/passwd") == "passwd.pdf");
  CHECK(cv::sanitise_name("cv.pdf.exe") == "cv.pdf.exe.pdf");
  CHECK(cv::sanitise_name("CV.PDF") == "CV.PDF");
  CHECK(cv::sanitise_name("") == "cv.pdf");
  CHECK(cv::sanitise_name("..") == "cv.pdf");
  CHECK(cv::sanitise_name("../") == "cv.pdf");
  CHECK(cv::sanitise_name(".hidden.pdf") == "hidden.pdf");
  CHECK(cv::sanitise_name("\"a\"\r\n'b'.pdf") == "ab.pdf");
  CHECK(cv::sanitise_name("Ayşe Kaya Özgeçmiş.pdf") == "Ayşe Kaya Özgeçmiş.pdf");
  CHECK(cv::sanitise_name("cv\xE2\x80\xAE" "fdp.exe") == "cvfdp.exe.pdf");  // right-to-left override dropped
  CHECK(cv::sanitise_name("bad\xFF\xFEutf8.pdf") == "badutf8.pdf");
  auto long_name = cv::sanitise_name(std::string(296, 'a') + ".pdf");
  CHECK(long_name.size() == 100);
  CHECK(long_name == std::string(96, 'a') + ".pdf");
  // Counted in characters, not bytes, and never cut inside one.
  std::string turkish;
  for (int i = 0; i < 150; ++i) turkish += "ş";
  auto t = cv::sanitise_name(turkish + ".pdf");
  CHECK(t == std::string(turkish.substr(0, 96 * 2)) + ".pdf");
}

TEST_CASE("application statuses move forward, or to rejected, until final", "[cvs]") {
  CHECK(cv::can_move("received", "reviewed"));
  CHECK(cv::can_move("received", "shortlisted"));  // skipping is allowed
  CHECK(cv::can_move("offer", "hired"));
  CHECK(cv::can_move("interview", "rejected"));
  CHECK(cv::can_move("received", "rejected"));
  CHECK(cv::can_move("reviewed", "reviewed"));
  CHECK_FALSE(cv::can_move("shortlisted", "received"));
  CHECK_FALSE(cv::can_move("hired", "rejected"));
  CHECK_FALSE(cv::can_move("rejected", "reviewed"));
  CHECK_FALSE(cv::can_move("hired", "offer"));
  CHECK_FALSE(cv::can_move("received", "lost"));
  CHECK(cv::withdrawable("received"));
  CHECK(cv::withdrawable("reviewed"));
  CHECK_FALSE(cv::withdrawable("shortlisted"));
  CHECK_FALSE(cv::withdrawable("rejected"));
}

TEST_CASE("the search box becomes words, each a prefix, syntax only separating", "[cvs]") {
  auto words_of = [](std::string_view q) {
    std::vector<std::string> out;
    for (auto& w : cv::search_words(q)) {
      CHECK(w.prefix);
      out.push_back(w.text);
    }
    return out;
  };
  using words = std::vector<std::string>;
  CHECK(words_of("kaynak mig") == words{"kaynak", "mig"});
  CHECK(words_of("KAYNAKÇI") == words{"KAYNAKÇI"});
  CHECK(words_of("İzmir") == words{"İzmir"});
  CHECK(words_of("\"a\" OR b*") == words{"a", "OR", "b"});
  CHECK(words_of("  -^():*\" ").empty());
  CHECK(words_of("").empty());
  CHECK(words_of("a b c d e f g h i j") == words{"a", "b", "c", "d", "e", "f", "g", "h"});
  CHECK(words_of(std::string(45, 'x')) == words{std::string(40, 'x')});
}

TEST_CASE("the extractor reads a real PDF with pdftotext", "[cvs]") {
  temp_dir d;
  auto file = write(d.path, "cv.pdf", text_pdf("Kaynak\xE7\x80 MIG-MAG welder \x81zmir"));
  cv::extract_options opt;
  auto r = cv::extract_text(opt, file);
  REQUIRE(r.ok);
  CHECK(r.text.find("Kaynakçı MIG-MAG welder İzmir") != std::string::npos);
  CHECK(r.text.find('\f') == std::string::npos);
}

TEST_CASE("the extractor reports garbage, a missing program and a timeout", "[cvs]") {
  temp_dir d;
  cv::extract_options opt;
  auto garbage = write(d.path, "garbage.pdf", "%PDF-1.4\nthis is not really a pdf\n%%EOF\n");
  auto r = cv::extract_text(opt, garbage);
  CHECK_FALSE(r.ok);
  CHECK(r.reason.starts_with("exit code"));

  auto missing = opt;
  missing.program = "/nonexistent/pdftotext";
  CHECK(cv::extract_text(missing, garbage).reason == "cannot start");

  auto slow = write(d.path, "slow.pdf", hanging_pdf());
  auto quick = opt;
  quick.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  auto t = cv::extract_text(quick, slow);
  auto took = std::chrono::steady_clock::now() - start;
  CHECK_FALSE(t.ok);
  CHECK(t.reason == "timeout");
  CHECK(took >= 300ms);
  CHECK(took < 3s);
  CHECK(t.text.empty());
}

TEST_CASE("extracted text is kept as valid UTF-8 without control characters", "[cvs]") {
  std::string s = "a\tb\nc\fd\x01\x7F" "e\xC2\x85" "f ç";
  REQUIRE(cv::clean_text(s));
  CHECK(s == "a\tb\nc\nde" "f ç");
  std::string bad = "ok \xC3(";
  CHECK_FALSE(cv::clean_text(bad));
}

TEST_CASE("small cells are suppressed in the figures", "[cvs]") {
  CHECK(cv::suppressed(0) == 0);
  CHECK(cv::suppressed(1) == "<5");
  CHECK(cv::suppressed(4) == "<5");
  CHECK(cv::suppressed(5) == 5);
}

// ---- the store --------------------------------------------------------------------------------

namespace {

struct world {
  temp_dir dir;
  std::unique_ptr<store::store> st;
  std::int64_t fair = 0, booth = 0, booth2 = 0, job = 0, ayse = 0, mehmet = 0, rec = 0;

  world() {
    st = store::open({.sqlite_path = dir.db()});
    store::fair f;
    f.title_en = "Fair";
    f.timezone = "Europe/Istanbul";
    f.starts_at = 1767225600;  // 2026-01-01
    f.ends_at = f.starts_at + 86400;
    f.status = "published";
    fair = st->fairs().create_fair(f, {}, f.created_at);
    booth = st->booths().create_booth(store::booth{0, fair, "Demir Çelik", "metal", "İzmir", ""});
    booth2 = st->booths().create_booth(store::booth{0, fair, "Other", "food", "Ankara", ""});
    ayse = st->create_user("ayse@example.org", "Ayşe", store::role::jobseeker, "x")->id;
    mehmet = st->create_user("mehmet@example.org", "Mehmet", store::role::jobseeker, "x")->id;
    rec = st->create_user("rec@example.org", "Rec", store::role::employer, "x")->id;
    st->booths().add_booth_member(booth, rec, "owner");
    // Jobs are the booths capability's rows; the test writes one directly.
    SQLite::Database db(dir.db(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO jobs (booth_id, title, created_at, updated_at) VALUES (" + std::to_string(booth) +
            ", 'MIG-MAG welder', 0, 0)");
    job = db.getLastInsertRowid();
    db.exec("INSERT INTO profiles (user_id, city, education_level, updated_at) VALUES (" + std::to_string(ayse) +
            ", 'İzmir', 'secondary', 0)");
    db.exec("INSERT INTO demographics (user_id, gender, gender_consent_at, birth_year, birth_year_consent_at) VALUES (" +
            std::to_string(ayse) + ", 'female', 1, 2004, 1)");
  }

  std::int64_t cv(std::int64_t user, const std::string& text) {
    auto ins = st->cvs().insert_cv(user, cv::random_hex128() + ".pdf", "cv.pdf", 100, 10, 5);
    REQUIRE(ins.row);
    st->cvs().set_cv_text(ins.row->id, "ok", text);
    return ins.row->id;
  }
  std::int64_t apply(std::int64_t user, std::int64_t cv_id, std::optional<std::int64_t> job_id,
                     const std::string& note = "") {
    auto t = job_id ? st->cvs().job_target(*job_id) : st->cvs().booth_target(booth);
    REQUIRE(t);
    std::int64_t id = 0;
    REQUIRE(st->cvs().apply({*t, user, cv_id, note, 20}, id) == store::apply_result::created);
    return id;
  }
};

}  // namespace

TEST_CASE("the cv store keeps the quota inside its transaction", "[cvs]") {
  world w;
  for (int i = 0; i < 2; ++i)
    CHECK(w.st->cvs().insert_cv(w.ayse, "f" + std::to_string(i) + ".pdf", "cv.pdf", 10, 1, 2).row);
  auto third = w.st->cvs().insert_cv(w.ayse, "f2.pdf", "cv.pdf", 10, 1, 2);
  CHECK_FALSE(third.row);
  CHECK(third.count == 2);
  CHECK(w.st->cvs().list_cvs(w.ayse).size() == 2);
  CHECK(w.st->cvs().pending_cvs().size() == 2);
  // Only the owner deletes.
  auto id = w.st->cvs().list_cvs(w.ayse)[0].id;
  CHECK_FALSE(w.st->cvs().delete_cv(id, w.mehmet));
  CHECK(w.st->cvs().delete_cv(id, w.ayse)->storage_name == "f1.pdf");
  CHECK_FALSE(w.st->cvs().set_cv_text(id, "ok", "x"));
}

TEST_CASE("the cv store applies once per job and once per booth, and searches CV text", "[cvs]") {
  world w;
  auto cv1 = w.cv(w.ayse, "Gazaltı Kaynakçısı MIG-MAG welder");
  auto cv2 = w.cv(w.mehmet, "Hemşire nurse İstanbul");
  auto a1 = w.apply(w.ayse, cv1, w.job, "forklift licence");
  auto a2 = w.apply(w.mehmet, cv2, std::nullopt);
  auto t = *w.st->cvs().job_target(w.job);
  CHECK(t.job_title == "MIG-MAG welder");
  CHECK(t.booth_id == w.booth);
  std::int64_t id = 0;
  CHECK(w.st->cvs().apply({t, w.ayse, cv1, "", 30}, id) == store::apply_result::duplicate);
  CHECK(w.st->cvs().apply({t, w.mehmet, cv1, "", 30}, id) == store::apply_result::cv_gone);  // not his CV
  // A booth drop is separate from the job application.
  CHECK(w.st->cvs().apply({*w.st->cvs().booth_target(w.booth), w.ayse, cv1, "", 30}, id) ==
        store::apply_result::created);

  auto search = [&](const std::string& q) {
    store::application_query aq;
    aq.booth_id = w.booth;
    aq.words = cv::search_words(q);
    return w.st->cvs().booth_applications(aq);
  };
  CHECK(search("kaynakçı").total == 2);  // Ayşe's job application and her booth drop
  CHECK(search("KAYNAKCI").total == 2);
  CHECK(search("hemsire").rows.at(0).id == a2);
  CHECK(search("istanbul").rows.at(0).id == a2);
  CHECK(search("forklift").rows.at(0).id == a1);
  CHECK(search("plumber").total == 0);

  store::application_query by_job;
  by_job.booth_id = w.booth;
  by_job.job_id = w.job;
  auto page = w.st->cvs().booth_applications(by_job);
  REQUIRE(page.total == 1);
  CHECK(page.rows[0].applicant_city == "İzmir");
  CHECK(page.rows[0].applicant_education == "secondary");
  CHECK(page.rows[0].job_title == "MIG-MAG welder");

  // Deleting the CV removes its words and keeps the applications.
  REQUIRE(w.st->cvs().delete_cv(cv1, w.ayse));
  CHECK(search("kaynakci").total == 0);
  CHECK(w.st->cvs().find_application(a1)->cv_id == std::nullopt);
}

TEST_CASE("the cv store changes a status only from the state it was read in", "[cvs]") {
  world w;
  auto a = w.apply(w.ayse, w.cv(w.ayse, "x"), w.job);
  store::application_change c;
  c.status = "shortlisted";
  c.message = "see you";
  CHECK(w.st->cvs().change_application(a, "received", c, w.rec, 100) == store::change_result::changed);
  CHECK(w.st->cvs().change_application(a, "received", c, w.rec, 101) == store::change_result::stale);
  CHECK(w.st->cvs().change_application(999, "received", c, w.rec, 101) == store::change_result::not_found);
  store::application_change hire;
  hire.status = "hired";
  hire.set_rating = true;
  hire.rating = 5;
  REQUIRE(w.st->cvs().change_application(a, "shortlisted", hire, w.rec, 200) == store::change_result::changed);
  auto row = *w.st->cvs().find_application(a);
  CHECK(row.status == "hired");
  CHECK(row.hired_at == 200);
  CHECK(row.rating == 5);
  CHECK(row.status_message == "see you");
}

TEST_CASE("outcome figures count hires by consented demographics, deleted accounts included", "[cvs]") {
  world w;
  auto a = w.apply(w.ayse, w.cv(w.ayse, "x"), w.job);
  auto b = w.apply(w.mehmet, w.cv(w.mehmet, "y"), w.job);
  store::application_change hire;
  hire.status = "hired";
  REQUIRE(w.st->cvs().change_application(a, "received", hire, w.rec, 300) == store::change_result::changed);
  (void)b;
  auto before = cv::outcome_figures(*w.st, w.fair);
  CHECK(before["applications"] == 2);
  CHECK(before["distinct_applicants"] == 2);
  CHECK(before["by_status"]["hired"] == 1);
  CHECK(before["by_status"]["received"] == 1);
  CHECK(before["hired_by"]["gender"]["female"] == "<5");
  CHECK(before["hired_by"]["age_group"]["15-24"] == "<5");  // born 2004, fair in 2026
  CHECK(before["hired_by"]["education"]["secondary"] == "<5");
  CHECK(before["hired_by"]["disability"]["unknown"] == "<5");

  // Ayşe deletes her account: CV rows and files go, the application is anonymised and still counts.
  auto storage = w.st->cvs().list_cvs(w.ayse).at(0).storage_name;
  fs::create_directories(w.dir.path / "files/cvs");
  write(w.dir.path / "files/cvs", storage, "%PDF-1.4\n%%EOF");
  auto removed = cv::delete_user_files(*w.st, (w.dir.path / "files").string(), w.ayse);
  CHECK(removed == std::vector<std::string>{storage});
  CHECK_FALSE(fs::exists(w.dir.path / "files/cvs" / storage));
  CHECK(w.st->cvs().list_cvs(w.ayse).empty());
  auto row = *w.st->cvs().find_application(a);
  CHECK(row.anonymised);
  CHECK_FALSE(row.user_id);
  CHECK_FALSE(row.cv_id);
  auto after = cv::outcome_figures(*w.st, w.fair);
  CHECK(after["hired"] == 1);
  CHECK(after["hired_by"]["gender"]["female"] == "<5");
  CHECK(after["hired_by"]["age_group"]["15-24"] == "<5");
  CHECK(after["hired_by"]["education"]["secondary"] == "<5");
  CHECK(after["distinct_applicants"] == 2);
}

TEST_CASE("the data export holds the user's CVs with their files and applications", "[cvs]") {
  world w;
  auto cv_id = w.cv(w.ayse, "Kaynakçı");
  w.apply(w.ayse, cv_id, w.job, "note");
  auto storage = w.st->cvs().find_cv(cv_id)->storage_name;
  fs::create_directories(w.dir.path / "files/cvs");
  write(w.dir.path / "files/cvs", storage, "%PDF");
  auto j = cv::export_user(*w.st, (w.dir.path / "files").string(), w.ayse);
  REQUIRE(j["cvs"].size() == 1);
  CHECK(j["cvs"][0]["file_base64"] == "JVBERg==");
  CHECK(j["cvs"][0]["text"] == "Kaynakçı");
  REQUIRE(j["applications"].size() == 1);
  CHECK(j["applications"][0]["note"] == "note");
  CHECK(!j["applications"][0].contains("rating"));
}

TEST_CASE("CV downloads are listed per fair, newest first", "[cvs]") {
  world w;
  auto a = w.apply(w.ayse, w.cv(w.ayse, "x"), w.job);
  w.st->cvs().record_cv_download(a, std::nullopt, w.booth, w.fair, w.rec, 50);
  w.st->cvs().record_cv_download(a, std::nullopt, w.booth, w.fair, w.rec, 60);
  auto d = w.st->cvs().cv_downloads(w.fair);
  REQUIRE(d.size() == 2);
  CHECK(d[0].at == 60);
  CHECK(d[0].booth_name == "Demir Çelik");
  CHECK(d[0].job_title == "MIG-MAG welder");
  CHECK(d[0].downloader_name == "Rec");
  CHECK(d[0].application_id == a);
}

TEST_CASE("the extractor stops reading at its text cap and keeps whole characters", "[cvs]") {
  temp_dir d;
  auto file = write(d.path, "cv.pdf", text_pdf("Kaynak\xE7\x80 MIG-MAG welder"));
  cv::extract_options opt;
  opt.max_text = 7;  // "Kaynakçı": the cap falls inside "ç" (bytes 7 and 8)
  auto r = cv::extract_text(opt, file);
  REQUIRE(r.ok);
  CHECK(r.truncated);
  CHECK(r.text == "Kaynak");
}
