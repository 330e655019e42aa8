// CVs, applications and applicants through the real server ("Uploads" and the
// jobseeker/employer flows): real PDFs written by the test, real pdftotext, real SQLite.
#include <dirent.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

namespace {

// ---- a tiny PDF writer: correct xref offsets, Helvetica with Turkish glyphs -------------------

std::string stream_obj(const std::string& data, const std::string& extra = "") {
  return "<< /Length " + std::to_string(data.size()) + " " + extra + ">>\nstream\n" + data + "\nendstream";
}

// `pad` adds a comment line of that many bytes after the header (to reach an exact size).
std::string pdf_of(const std::vector<std::string>& objs, std::size_t pad = 0) {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  if (pad) out += "%" + std::string(pad - 2, 'p') + "\n";
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

// Byte 0x80 is "ı", 0x81 "İ" and 0x82 "ş" (a /Differences encoding), the rest WinAnsi ("ç" is 0xE7).
const std::string font =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding "
    "/WinAnsiEncoding /Differences [128 /dotlessi /Idotaccent /scedilla] >> >>";

// One page showing `text` (PDF string syntax: no parentheses or backslashes in it).
std::string text_pdf(const std::string& text, std::size_t pad = 0) {
  return pdf_of({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 "
                 "5 0 R >> >> >>",
                 stream_obj("BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"), font},
                pad);
}

// A PDF of exactly `size` bytes.
std::string pdf_of_size(std::size_t size) {
  const std::string text = "Kaynak\xE7\x80 MIG-MAG welder";
  auto base = text_pdf(text).size();
  REQUIRE(size >= base + 3);
  // The padding moves the xref, whose offset may gain a digit: shrink the padding to match.
  auto pad = size - base;
  auto p = text_pdf(text, pad);
  if (p.size() > size) p = text_pdf(text, pad - (p.size() - size));
  REQUIRE(p.size() == size);
  return p;
}

// A 4 KiB PDF that keeps pdftotext busy for minutes: nested form XObjects each drawing the next
// 100 times, the innermost drawing text 100 times (10^8 text draws).
std::string hanging_pdf() {
  std::vector<std::string> objs{
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
      "/XObject << /X 6 0 R >> >> >>",
      stream_obj("/X Do"), font};
  const int levels = 4, n = 100;
  for (int l = 0; l < levels; ++l) {
    int me = 6 + l;
    std::string body, res;
    if (l == levels - 1) {
      body = "BT /F1 1 Tf ";
      for (int i = 0; i < n; ++i) body += "(ab) Tj ";
      body += "ET";
      res = "/Resources << /Font << /F1 5 0 R >> >>";
    } else {
      for (int i = 0; i < n; ++i) body += "/X Do ";
      res = "/Resources << /XObject << /X " + std::to_string(me + 1) + " 0 R >> >>";
    }
    objs.push_back(stream_obj(body, "/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res + " "));
  }
  return pdf_of(objs);
}

std::string enc(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += char(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

http_result upload(const server& s, const std::string& token, const std::string& bytes, const std::string& name,
                   const std::string& content_type = "application/pdf") {
  auto h = bearer(token);
  h["Content-Type"] = content_type;
  return http_call(s.port(), "POST", "/api/me/cvs?name=" + enc(name), bytes, h);
}

http_result get(const server& s, const std::string& token, const std::string& target) {
  return http_call(s.port(), "GET", target, "", bearer(token));
}

http_result send(const server& s, const std::string& token, const std::string& method, const std::string& target,
                 const json& body) {
  auto h = bearer(token);
  h["Content-Type"] = "application/json";
  return http_call(s.port(), method, target, body.dump(), h);
}

// Waits (10 s at most) until the CV's text_status is no longer pending; returns it.
std::string wait_text(server& s, const std::string& token, std::int64_t cv_id,
                      std::chrono::milliseconds limit = 15s) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    auto r = get(s, token, "/api/me/cvs");
    REQUIRE(r.status == 200);
    auto body = r.body_json();  // kept alive: a range-for over a temporary's member dangles
    for (auto& c : body["cvs"])
      if (c["id"] == cv_id && c["text_status"] != "pending") return c["text_status"];
    std::this_thread::sleep_for(50ms);
  }
  UNSCOPED_INFO("server output:\n" << s.output());
  return "pending";
}

std::vector<std::string> cv_files(const server& s) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator(s.data_dir() + "/files/cvs", ec))
    out.push_back(e.path().filename().string());
  return out;
}

std::int64_t my_id(const server& s, const std::string& token) {
  return get(s, token, "/api/me").body_json()["user"]["id"].get<std::int64_t>();
}

const demo_account& recruiter(const server& s, int n) {
  int seen = 0;
  for (auto& a : s.demo())
    if (a.role == "employer" && ++seen == n) return a;
  throw std::runtime_error("no such recruiter");
}

// The server's live child processes (an extractor left behind would show up here).
std::size_t child_count(int pid) {
  std::size_t n = 0;
  auto dir = "/proc/" + std::to_string(pid) + "/task";
  for (auto& t : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(t.path() / "children");
    std::string child;
    while (in >> child) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("CV uploads are decided by content, named safely and limited", "[cvs]") {
  const std::size_t limit = 4096;
  server s(env{{"FUAR_UPLOADS_CV_MAX_BYTES", std::to_string(limit)}, {"FUAR_UPLOADS_CV_MAX_PER_USER", "5"}});
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto pdf = text_pdf("Kaynak\xE7\x80 MIG-MAG welder \x81zmir");

  SECTION("a renamed non-PDF is refused whatever its name and type say") {
    auto zip = std::string("PK\x03\x04", 4) + std::string(600, 'z');
    auto r = upload(s, ayse, zip, "cv.pdf");
    CHECK(r.status == 400);
    CHECK(r.body_json()["error"]["field"] == "file");
    // A PDF header without its end marker is not a PDF either.
    CHECK(upload(s, ayse, "%PDF-1.4\nnothing else", "cv.pdf").status == 400);
    CHECK(upload(s, ayse, "", "cv.pdf").status == 400);
    CHECK(cv_files(s).empty());
    CHECK(get(s, ayse, "/api/me/cvs").body_json()["cvs"].empty());
  }

  SECTION("a PDF with a forged Content-Type is accepted by its content, text extracted") {
    auto r = upload(s, ayse, pdf, "cv.pdf", "image/png");
    REQUIRE(r.status == 201);
    auto cv = r.body_json()["cv"];
    CHECK(cv["text_status"] == "pending");
    CHECK(cv["name"] == "cv.pdf");
    CHECK(cv["size_bytes"] == pdf.size());
    CHECK(wait_text(s, ayse, cv["id"]) == "ok");
    // Stored under a random name, outside web-static, owner-only.
    auto files = cv_files(s);
    REQUIRE(files.size() == 1);
    CHECK(files[0].size() == 36);
    CHECK(files[0].ends_with(".pdf"));
    struct stat st{};
    REQUIRE(::stat((s.data_dir() + "/files/cvs/" + files[0]).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // The owner downloads it back unchanged.
    auto d = get(s, ayse, "/api/me/cvs/" + std::to_string(cv["id"].get<std::int64_t>()) + "/file");
    CHECK(d.status == 200);
    CHECK(d.body == pdf);
    CHECK(d.headers["content-type"] == "application/pdf");
    CHECK(d.headers["content-disposition"].find("attachment") != std::string::npos);
  }

  SECTION("names are only display names: paths, double extensions and long names") {
    auto r1 = upload(s, ayse, pdf, "../../x.pdf");
    REQUIRE(r1.status == 201);
    CHECK(r1.body_json()["cv"]["name"] == "x.pdf");
    auto r2 = upload(s, ayse, pdf, "..\\..\\windows\\cv.pdf.exe");
    REQUIRE(r2.status == 201);
    CHECK(r2.body_json()["cv"]["name"] == "cv.pdf.exe.pdf");
    auto r3 = upload(s, ayse, pdf, std::string(296, 'a') + ".pdf");
    REQUIRE(r3.status == 201);
    std::string long_name = r3.body_json()["cv"]["name"];
    CHECK(long_name.size() == 100);
    CHECK(long_name.ends_with("a.pdf"));
    auto r4 = upload(s, ayse, pdf, "\"Ayşe\r\nCV\".pdf");
    REQUIRE(r4.status == 201);
    CHECK(r4.body_json()["cv"]["name"] == "AyşeCV.pdf");
    // Nothing was written anywhere but under random names in files/cvs.
    CHECK(!std::filesystem::exists(s.data_dir() + "/x.pdf"));
    CHECK(!std::filesystem::exists(s.data_dir() + "/files/x.pdf"));
    for (auto& f : cv_files(s)) CHECK(f.size() == 36);
  }

  SECTION("exactly the limit is accepted, one byte over is 413") {
    CHECK(upload(s, ayse, pdf_of_size(limit), "exact.pdf").status == 201);
    auto over = upload(s, ayse, pdf_of_size(limit + 1), "over.pdf");
    CHECK(over.status == 413);
    CHECK(get(s, ayse, "/api/me/cvs").body_json()["cvs"].size() == 1);
  }

  SECTION("over the per-user quota is 409 and nothing is stored") {
    for (int i = 0; i < 5; ++i) REQUIRE(upload(s, ayse, pdf, "cv" + std::to_string(i) + ".pdf").status == 201);
    auto r = upload(s, ayse, pdf, "sixth.pdf");
    CHECK(r.status == 409);
    CHECK(r.body_json()["error"]["message"] == "you have 5 CVs; delete one first");
    CHECK(cv_files(s).size() == 5);
    // Deleting one makes room again and removes its file.
    auto list = get(s, ayse, "/api/me/cvs").body_json()["cvs"];
    auto id = list[0]["id"].get<std::int64_t>();
    CHECK(http_call(s.port(), "DELETE", "/api/me/cvs/" + std::to_string(id), "", bearer(ayse)).status == 204);
    CHECK(cv_files(s).size() == 4);
    CHECK(upload(s, ayse, pdf, "sixth.pdf").status == 201);
  }

  SECTION("another user's CV by id is 404 everywhere") {
    auto r = upload(s, ayse, pdf, "cv.pdf");
    REQUIRE(r.status == 201);
    auto id = std::to_string(r.body_json()["cv"]["id"].get<std::int64_t>());
    auto mehmet = register_user(s, "mehmet@example.org", "Mehmet");
    CHECK(get(s, mehmet, "/api/me/cvs/" + id + "/file").status == 404);
    CHECK(http_call(s.port(), "DELETE", "/api/me/cvs/" + id, "", bearer(mehmet)).status == 404);
    auto booth = std::to_string(recruiter(s, 1).booth_id);
    CHECK(send(s, mehmet, "POST", "/api/booths/" + booth + "/applications", {{"cv_id", std::stoll(id)}}).status ==
          404);
    CHECK(get(s, mehmet, "/api/me/cvs").body_json()["cvs"].empty());
    // An employer is refused by role, a stranger by the session.
    auto rec = login(s, recruiter(s, 1).email, recruiter(s, 1).password);
    CHECK(get(s, rec, "/api/me/cvs/" + id + "/file").status == 403);
    CHECK(http_call(s.port(), "GET", "/api/me/cvs/" + id + "/file").status == 401);
    CHECK(get(s, ayse, "/api/me/cvs/" + id + "/file").status == 200);
  }
}

TEST_CASE("a PDF that makes pdftotext hang is killed at the limit and stays stored", "[cvs]") {
  server s(env{{"FUAR_UPLOADS_EXTRACT_TIMEOUT_MS", "300"}});
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto bomb = hanging_pdf();
  auto start = std::chrono::steady_clock::now();
  auto r = upload(s, ayse, bomb, "bomb.pdf");
  REQUIRE(r.status == 201);
  auto id = r.body_json()["cv"]["id"].get<std::int64_t>();
  CHECK(wait_text(s, ayse, id) == "unavailable");
  // Killed near the limit, not when pdftotext would have finished (minutes).
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  CHECK(child_count(s.pid()) == 0);
  // The upload is still there and downloadable; the server is healthy.
  CHECK(cv_files(s).size() == 1);
  auto d = get(s, ayse, "/api/me/cvs/" + std::to_string(id) + "/file");
  CHECK(d.status == 200);
  CHECK(d.body == bomb);
  CHECK(http_call(s.port(), "GET", "/healthz").status == 200);
  // Other extractions still work.
  auto ok = upload(s, ayse, text_pdf("Hem\x82ire"), "nurse.pdf");
  REQUIRE(ok.status == 201);
  CHECK(wait_text(s, ayse, ok.body_json()["cv"]["id"]) == "ok");
  CHECK(s.running());
}

TEST_CASE("CV text status is pushed live on the owner's topic", "[cvs]") {
  server s;
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto ws = ws_client::with_token(s, ayse);
  REQUIRE(ws.is_open());
  REQUIRE(ws.command("subscribe", {{"topic", "user:" + std::to_string(my_id(s, ayse))}})["ok"] == true);
  auto r = upload(s, ayse, text_pdf("Kaynak\xE7\x80"), "cv.pdf");
  REQUIRE(r.status == 201);
  auto p = ws.next_push(10s, "cv.updated");
  REQUIRE(p);
  CHECK((*p)["data"]["cv"]["id"] == r.body_json()["cv"]["id"]);
  CHECK((*p)["data"]["cv"]["text_status"] == "ok");
}

TEST_CASE("jobseekers drop a CV at a booth, list and withdraw their applications", "[cvs]") {
  server s;
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto cv = upload(s, ayse, text_pdf("Kaynak\xE7\x80"), "cv.pdf").body_json()["cv"]["id"].get<std::int64_t>();
  auto booth = recruiter(s, 1).booth_id;
  auto path = "/api/booths/" + std::to_string(booth) + "/applications";

  auto r = send(s, ayse, "POST", path, {{"cv_id", cv}, {"note", "Vardiyalı çalışabilirim."}});
  REQUIRE(r.status == 201);
  auto app = r.body_json()["application"];
  CHECK(app["kind"] == "booth");
  CHECK(app["status"] == "received");
  CHECK(app["cv"]["id"] == cv);
  CHECK(r.body_json()["message"].get<std::string>().find(" only.") != std::string::npos);
  CHECK(r.body_json()["shared_with"]["booth_id"] == booth);

  // One per booth; bad input names its field; unknown job or booth is 404.
  CHECK(send(s, ayse, "POST", path, {{"cv_id", cv}}).status == 409);
  auto bad = send(s, ayse, "POST", path, {{"cv_id", cv}, {"note", std::string(1001, 'n')}});
  CHECK(bad.status == 400);
  CHECK(bad.body_json()["error"]["field"] == "note");
  CHECK(send(s, ayse, "POST", path, json::object()).body_json()["error"]["field"] == "cv_id");
  CHECK(send(s, ayse, "POST", "/api/booths/999999/applications", {{"cv_id", cv}}).status == 404);
  CHECK(send(s, ayse, "POST", "/api/jobs/999999/applications", {{"cv_id", cv}}).status == 404);

  auto mine = get(s, ayse, "/api/me/applications").body_json()["applications"];
  REQUIRE(mine.size() == 1);
  CHECK(mine[0]["booth"]["id"] == booth);
  CHECK(!mine[0].contains("rating"));
  CHECK(!mine[0].contains("recruiter_notes"));
  auto id = std::to_string(mine[0]["id"].get<std::int64_t>());
  CHECK(get(s, ayse, "/api/applications/" + id).body_json()["application"]["status"] == "received");

  // Somebody else cannot see or withdraw it.
  auto mehmet = register_user(s, "mehmet@example.org", "Mehmet");
  CHECK(get(s, mehmet, "/api/applications/" + id).status == 404);
  CHECK(http_call(s.port(), "DELETE", "/api/applications/" + id, "", bearer(mehmet)).status == 404);

  CHECK(http_call(s.port(), "DELETE", "/api/applications/" + id, "", bearer(ayse)).status == 204);
  CHECK(get(s, ayse, "/api/me/applications").body_json()["applications"].empty());

  // Dropped again, then moved on by the employer: no longer withdrawable.
  r = send(s, ayse, "POST", path, {{"cv_id", cv}});
  REQUIRE(r.status == 201);
  id = std::to_string(r.body_json()["application"]["id"].get<std::int64_t>());
  auto rec = login(s, recruiter(s, 1).email, recruiter(s, 1).password);
  REQUIRE(send(s, rec, "PATCH", "/api/applications/" + id, {{"status", "shortlisted"}}).status == 200);
  CHECK(http_call(s.port(), "DELETE", "/api/applications/" + id, "", bearer(ayse)).status == 409);

  // Deleting the CV keeps the application, without its CV ("CV withdrawn").
  CHECK(http_call(s.port(), "DELETE", "/api/me/cvs/" + std::to_string(cv), "", bearer(ayse)).status == 204);
  mine = get(s, ayse, "/api/me/applications").body_json()["applications"];
  REQUIRE(mine.size() == 1);
  CHECK(mine[0]["cv"].is_null());
  CHECK(get(s, rec, "/api/applications/" + id + "/cv").status == 404);
}

TEST_CASE("employers list, search, filter, sort and export their booth's applicants", "[cvs]") {
  server s;
  auto booth = recruiter(s, 1).booth_id;
  auto path = "/api/booths/" + std::to_string(booth) + "/applications";
  auto ayse = register_user(s, "ayse@example.org", "Ayşe Kaya");
  auto mehmet = register_user(s, "mehmet@example.org", "Mehmet Demir");
  auto cv1 = upload(s, ayse, text_pdf("Gazalt\x80 Kaynak\xE7\x80s\x80 MIG-MAG welder"), "ayse.pdf");
  auto cv2 = upload(s, mehmet, text_pdf("Hem\x82ire nurse \x81stanbul"), "mehmet.pdf");
  auto id1 = cv1.body_json()["cv"]["id"].get<std::int64_t>(), id2 = cv2.body_json()["cv"]["id"].get<std::int64_t>();
  REQUIRE(wait_text(s, ayse, id1) == "ok");
  REQUIRE(wait_text(s, mehmet, id2) == "ok");
  auto a1 = send(s, ayse, "POST", path, {{"cv_id", id1}, {"note", "forklift licence"}}).body_json()["application"]["id"];
  std::this_thread::sleep_for(1100ms);  // distinct created_at seconds for the sort
  auto a2 = send(s, mehmet, "POST", path, {{"cv_id", id2}, {"note", "=cmd|' /C calc'!A0"}}).body_json()["application"]["id"];

  auto rec = login(s, recruiter(s, 1).email, recruiter(s, 1).password);
  auto list = [&](const std::string& query) {
    auto r = get(s, rec, path + query);
    REQUIRE(r.status == 200);
    return r.body_json();
  };
  auto all = list("");
  REQUIRE(all["total"] == 2);
  CHECK(all["applications"][0]["id"] == a2);  // newest first by default
  CHECK(all["applications"][0]["applicant"]["name"] == "Mehmet Demir");
  CHECK(all["applications"][0]["applicant"]["email"] == "mehmet@example.org");
  CHECK(!all["applications"][0]["applicant"].contains("gender"));
  CHECK(all["applications"][0]["cv"]["text_status"] == "ok");
  CHECK(list("?order=asc")["applications"][0]["id"] == a1);

  // Search over CV text, Turkish letters folded both ways, and over the note.
  for (auto q : {"kaynakci", "KAYNAK%C3%87I", "kaynak%C3%A7%C4%B1", "welder", "gazalti"}) {
    auto r = list(std::string("?q=") + q);
    INFO(q);
    REQUIRE(r["total"] == 1);
    CHECK(r["applications"][0]["id"] == a1);
  }
  CHECK(list("?q=istanbul")["applications"][0]["id"] == a2);
  CHECK(list("?q=hem%C5%9Fire")["total"] == 1);
  CHECK(list("?q=forklift")["applications"][0]["id"] == a1);
  CHECK(list("?q=plumber")["total"] == 0);
  // FTS syntax in the box is only text.
  CHECK(list("?q=%22%2A%28NEAR%20OR%20-%5E")["total"] == 0);
  CHECK(get(s, rec, path + "?sort=name").status == 400);
  CHECK(get(s, rec, path + "?status=lost").status == 400);

  // Rate, note and move one; filter by status; sort by rating.
  auto patch = send(s, rec, "PATCH", "/api/applications/" + std::to_string(a2.get<std::int64_t>()),
                    {{"status", "reviewed"}, {"rating", 5}, {"notes", "=HYPERLINK(\"x\")"}});
  REQUIRE(patch.status == 200);
  CHECK(patch.body_json()["application"]["rating"] == 5);
  CHECK(list("?status=reviewed")["total"] == 1);
  CHECK(list("?status=received")["applications"][0]["id"] == a1);
  CHECK(list("?sort=rating&order=desc")["applications"][0]["id"] == a2);
  CHECK(list("?sort=rating&order=asc")["applications"][0]["id"] == a1);
  CHECK(list("?sort=status&order=asc")["applications"][0]["id"] == a1);
  CHECK(list("?job=none")["total"] == 2);

  // The CSV: header, both rows, formulas neutralised.
  auto csv = get(s, rec, path.substr(0, path.size()) + ".csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.headers["content-type"].find("text/csv") == 0);
  CHECK(csv.headers["content-disposition"].find("attachment") != std::string::npos);
  CHECK(csv.body.find("applicant name,email,city,education,job,status,rating,recruiter notes,applied at,updated at") !=
        std::string::npos);
  CHECK(csv.body.find("Ayşe Kaya,ayse@example.org") != std::string::npos);
  CHECK(csv.body.find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
  CHECK(csv.body.find(",=") == std::string::npos);

  // Another booth's recruiter, and a jobseeker, are refused.
  auto other = login(s, recruiter(s, 2).email, recruiter(s, 2).password);
  CHECK(get(s, other, path).status == 403);
  CHECK(get(s, other, path + ".csv").status == 403);
  CHECK(get(s, other, "/api/applications/" + std::to_string(a1.get<std::int64_t>())).status == 404);
  CHECK(get(s, ayse, path).status == 403);
}

TEST_CASE("status changes reach the applicant live and on reload", "[cvs]") {
  server s;
  auto booth = recruiter(s, 1).booth_id;
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto cv = upload(s, ayse, text_pdf("Kaynak\xE7\x80"), "cv.pdf").body_json()["cv"]["id"].get<std::int64_t>();
  auto app = send(s, ayse, "POST", "/api/booths/" + std::to_string(booth) + "/applications", {{"cv_id", cv}})
                 .body_json()["application"]["id"]
                 .get<std::int64_t>();
  auto target = "/api/applications/" + std::to_string(app);

  auto ws = ws_client::with_token(s, ayse);
  REQUIRE(ws.is_open());
  REQUIRE(ws.command("subscribe", {{"topic", "user:" + std::to_string(my_id(s, ayse))}})["ok"] == true);

  auto rec = login(s, recruiter(s, 1).email, recruiter(s, 1).password);
  auto r = send(s, rec, "PATCH", target, {{"status", "shortlisted"}, {"message", "Mülakat için arayacağız."},
                                          {"rating", 4}, {"notes", "good welder"}});
  REQUIRE(r.status == 200);
  auto staff = r.body_json()["application"];
  CHECK(staff["status"] == "shortlisted");
  CHECK(staff["recruiter_notes"] == "good welder");

  auto p = ws.next_push(10s, "application.updated");
  REQUIRE(p);
  auto pushed = (*p)["data"]["application"];
  CHECK(pushed["id"] == app);
  CHECK(pushed["status"] == "shortlisted");
  CHECK(pushed["status_message"] == "Mülakat için arayacağız.");
  CHECK(!pushed.contains("rating"));
  CHECK(!pushed.contains("recruiter_notes"));

  // Visible on reload too.
  auto mine = get(s, ayse, "/api/me/applications").body_json()["applications"];
  CHECK(mine[0]["status"] == "shortlisted");

  // Rating and notes alone are private: no push (the next push below is the hire's).
  REQUIRE(send(s, rec, "PATCH", target, {{"rating", nullptr}, {"notes", "call Monday"}}).status == 200);
  CHECK(get(s, rec, target).body_json()["application"]["rating"].is_null());

  // Refused moves and values change nothing.
  CHECK(send(s, rec, "PATCH", target, {{"status", "received"}}).status == 409);
  CHECK(send(s, rec, "PATCH", target, {{"rating", 6}}).body_json()["error"]["field"] == "rating");
  CHECK(send(s, rec, "PATCH", target, {{"status", "lost"}}).status == 400);
  CHECK(send(s, rec, "PATCH", target, json::object()).status == 400);
  auto other = login(s, recruiter(s, 2).email, recruiter(s, 2).password);
  CHECK(send(s, other, "PATCH", target, {{"status", "rejected"}}).status == 404);
  CHECK(send(s, ayse, "PATCH", target, {{"status", "hired"}}).status == 403);
  CHECK(get(s, rec, target).body_json()["application"]["status"] == "shortlisted");

  // Hired is final.
  REQUIRE(send(s, rec, "PATCH", target, {{"status", "hired"}}).status == 200);
  auto hired = ws.next_push(10s, "application.updated");
  REQUIRE(hired);
  CHECK((*hired)["data"]["application"]["status"] == "hired");
  CHECK(get(s, rec, target).body_json()["application"]["hired_at"].is_number());
  CHECK(send(s, rec, "PATCH", target, {{"status", "rejected"}}).status == 409);
}

TEST_CASE("CV downloads by employers are recorded before the file is sent", "[cvs]") {
  server s;
  auto booth = recruiter(s, 1).booth_id;
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto pdf = text_pdf("Kaynak\xE7\x80");
  auto cv = upload(s, ayse, pdf, "Ayşe CV.pdf").body_json()["cv"]["id"].get<std::int64_t>();
  auto app = send(s, ayse, "POST", "/api/booths/" + std::to_string(booth) + "/applications", {{"cv_id", cv}})
                 .body_json()["application"]["id"]
                 .get<std::int64_t>();
  auto rec = login(s, recruiter(s, 1).email, recruiter(s, 1).password);
  auto d = get(s, rec, "/api/applications/" + std::to_string(app) + "/cv");
  REQUIRE(d.status == 200);
  CHECK(d.body == pdf);
  CHECK(d.headers["content-type"] == "application/pdf");
  auto other = login(s, recruiter(s, 2).email, recruiter(s, 2).password);
  CHECK(get(s, other, "/api/applications/" + std::to_string(app) + "/cv").status == 404);
  CHECK(get(s, ayse, "/api/applications/" + std::to_string(app) + "/cv").status == 403);

  // The demo fair has no creating organiser: another organiser may not read its log.
  auto fair_id = get(s, rec, "/api/booths/" + std::to_string(booth)).body_json()["fair"]["id"];
  REQUIRE(fair_id.is_number());
  auto org = create_organiser(s, "org2@example.org", "Org Two");
  CHECK(get(s, org, "/api/fairs/" + fair_id.dump() + "/cv-downloads").status == 403);
  CHECK(get(s, org, "/api/fairs/999999/cv-downloads").status == 404);
  CHECK(get(s, rec, "/api/fairs/" + fair_id.dump() + "/cv-downloads").status == 403);
}

TEST_CASE("jobseekers apply to open jobs only, once each", "[cvs]") {
  server s;
  auto booth = recruiter(s, 1).booth_id;
  auto rec = login(s, recruiter(s, 1).email, recruiter(s, 1).password);
  auto make_job = [&](const json& body) {
    auto r = send(s, rec, "POST", "/api/booths/" + std::to_string(booth) + "/jobs", body);
    REQUIRE(r.status == 201);
    return r.body_json()["job"]["id"].get<std::int64_t>();
  };
  auto welder = make_job({{"title", "MIG-MAG welder"}});
  auto closing = make_job({{"title", "Cashier"}});
  auto past = make_job({{"title", "Cook"}, {"closes_at", 1000}});
  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto cv = upload(s, ayse, text_pdf("Kaynak\xE7\x80"), "cv.pdf").body_json()["cv"]["id"].get<std::int64_t>();
  auto apply = [&](std::int64_t job) {
    return send(s, ayse, "POST", "/api/jobs/" + std::to_string(job) + "/applications", {{"cv_id", cv}, {"note", "hi"}});
  };

  auto r = apply(welder);
  REQUIRE(r.status == 201);
  auto app = r.body_json()["application"];
  CHECK(app["kind"] == "job");
  CHECK(app["job"]["title"] == "MIG-MAG welder");
  CHECK(r.body_json()["message"] == "Your CV is shared with " + app["booth"]["name"].get<std::string>() + " only.");
  CHECK(apply(welder).status == 409);

  REQUIRE(send(s, rec, "PATCH", "/api/jobs/" + std::to_string(closing), {{"status", "closed"}}).status == 200);
  CHECK(apply(closing).status == 409);
  CHECK(apply(past).status == 409);
  // A job application and a CV left at the same booth are separate.
  CHECK(send(s, ayse, "POST", "/api/booths/" + std::to_string(booth) + "/applications", {{"cv_id", cv}}).status == 201);

  auto list = get(s, rec, "/api/booths/" + std::to_string(booth) + "/applications?job=" + std::to_string(welder))
                  .body_json();
  REQUIRE(list["total"] == 1);
  CHECK(list["applications"][0]["job"]["id"] == welder);
  CHECK(get(s, rec, "/api/booths/" + std::to_string(booth) + "/applications?job=none").body_json()["total"] == 1);
  CHECK(get(s, ayse, "/api/me/applications").body_json()["applications"].size() == 2);
}

TEST_CASE("the fair's organiser sees who downloaded which CV", "[cvs]") {
  server s;
  auto org = create_organiser(s, "org@example.org", "Organiser");
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto f = send(s, org, "POST", "/api/fairs",
                {{"title", {{"tr", "Kaynak Fuarı"}, {"en", "Welding Fair"}}},
                 {"timezone", "Europe/Istanbul"},
                 {"starts_at", now + 3600},
                 {"ends_at", now + 7 * 86400}});
  REQUIRE(f.status == 201);
  auto fair = f.body_json()["fair"]["id"].get<std::int64_t>();
  REQUIRE(send(s, org, "POST", "/api/fairs/" + std::to_string(fair) + "/publish", json::object()).status == 200);
  auto inv = send(s, org, "POST", "/api/fairs/" + std::to_string(fair) + "/invitations",
                  {{"firm_name", "Demir Çelik"}, {"email", "hr@demir.example"}});
  REQUIRE(inv.status == 201);
  std::string link = inv.body_json()["link"];
  auto token = link.substr(link.rfind('/') + 1);
  auto acc = http_call(s.port(), "POST", "/api/invitations/accept",
                       json{{"token", token}, {"name", "HR"}, {"email", "hr@demir.example"}, {"password", "correct horse"}}
                           .dump(),
                       {{"Content-Type", "application/json"}, {"X-Fuar-CSRF", "1"}, {"Origin", s.origin()}});
  REQUIRE(acc.status == 201);
  auto hr = acc.body_json()["token"].get<std::string>();
  auto booth = acc.body_json()["booth_id"].get<std::int64_t>();

  auto ayse = register_user(s, "ayse@example.org", "Ayşe");
  auto cv = upload(s, ayse, text_pdf("Kaynak\xE7\x80"), "cv.pdf").body_json()["cv"]["id"].get<std::int64_t>();
  auto app = send(s, ayse, "POST", "/api/booths/" + std::to_string(booth) + "/applications", {{"cv_id", cv}});
  REQUIRE(app.status == 201);
  auto app_id = app.body_json()["application"]["id"].get<std::int64_t>();

  auto log = [&](const std::string& who) { return get(s, who, "/api/fairs/" + std::to_string(fair) + "/cv-downloads"); };
  REQUIRE(log(org).status == 200);
  CHECK(log(org).body_json()["downloads"].empty());
  REQUIRE(get(s, hr, "/api/applications/" + std::to_string(app_id) + "/cv").status == 200);
  REQUIRE(get(s, hr, "/api/applications/" + std::to_string(app_id) + "/cv").status == 200);
  auto rows = log(org).body_json()["downloads"];
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["application_id"] == app_id);
  CHECK(rows[0]["booth"]["id"] == booth);
  CHECK(rows[0]["booth"]["name"] == "Demir Çelik");
  CHECK(rows[0]["downloaded_by"]["name"] == "HR");
  CHECK(rows[0]["at"].get<std::int64_t>() >= now);
  // Another organiser and the employer may not read the log.
  auto org2 = create_organiser(s, "org2@example.org", "Org Two");
  CHECK(log(org2).status == 403);
  CHECK(log(hr).status == 403);
}
