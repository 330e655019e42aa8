#include "server/fair/demo.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "server/auth/tokens.hpp"
#include "server/util/clock.hpp"

namespace fuar::fair {
namespace {

struct demo_job {
  const char* title;
  const char* occupation_id;  // from the list seeded by migration 002
  const char* city;
  const char* work_mode;
  const char* education_level;
  const char* disability;
  const char* description;
};

struct demo_booth {
  const char* name;
  const char* sector;
  const char* city;
  const char* description;
  const char* website;
  demo_job jobs[3];  // title nullptr: no more jobs
};

// Four booths with 2-3 jobs each, so a fresh `make run` shows a hall worth filtering: every
// education level, a remote and a hybrid job, disability-suitable and reserved jobs, and a
// welder for the "kaynak" search.
constexpr demo_booth booths[] = {
    {"Demo Tekstil A.Ş.", "Textile and garment", "İzmir",
     "Demo booth. Sewing machinists, quality-control officers and packaging staff wanted.",
     "https://example.org/demo-tekstil",
     {{"Dikiş makinecisi", "sewing-machinist", "İzmir", "onsite", "primary", "none",
       "Demo job. Overlock and flat machines; training for beginners."},
      {"Kalite kontrol sorumlusu", "quality-control", "İzmir", "onsite", "associate", "none",
       "Demo job. Checks finished garments against the customer's specification."},
      {"Paketleme elemanı", "packer", "Manisa", "onsite", "none", "suitable",
       "Demo job. Barrier-free workplace; seated work available."}}},
    {"Demo Yazılım Ltd.", "Software", "İstanbul",
     "Demo booth. Junior software engineers, e-commerce specialists; remote roles available.",
     "https://example.org/demo-yazilim",
     {{"Genç yazılım mühendisi", "software-engineer", "İstanbul", "remote", "bachelor", "suitable",
       "Demo job. Fully remote; screen-reader users welcome."},
      {"E-ticaret uzmanı", "e-commerce-specialist", "İstanbul", "hybrid", "associate", "none",
       "Demo job. Marketplace listings and campaign reports; two days a week at the office."},
      {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr}}},
    {"Demo Lojistik", "Transport and logistics", "Ankara",
     "Demo booth. Truck drivers, warehouse workers, CNC operators.",
     "https://example.org/demo-lojistik",
     {{"Tır şoförü", "truck-driver", "Ankara", "onsite", "primary", "none",
       "Demo job. Class CE licence and SRC certificate required."},
      {"Gazaltı kaynakçısı", "mig-mag-welder", "Kocaeli", "onsite", "secondary", "none",
       "Demo job. MIG/MAG welding of trailer frames."},
      {"Depo elemanı", "freight-handler", "Ankara", "onsite", "none", "reserved",
       "Demo job. Reserved for a candidate with a disability (3% quota)."}}},
    {"Demo Sağlık Grubu", "Health care", "Bursa",
     "Demo booth. Nurses, physiotherapists and patient-care staff; barrier-free workplaces.",
     "https://example.org/demo-saglik",
     {{"Hemşire", "nurse", "Bursa", "onsite", "bachelor", "none", "Demo job. Shifts in the surgery ward."},
      {"Fizyoterapist", "physiotherapist", "Bursa", "onsite", "bachelor", "suitable",
       "Demo job. Outpatient rehabilitation; accessible building."},
      {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr}}},
};

std::vector<demo_account> read_accounts(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("demo accounts file is missing: " + path);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_array()) throw std::runtime_error("demo accounts file is damaged: " + path);
  std::vector<demo_account> out;
  for (const auto& a : j)
    out.push_back({a.value("role", ""), a.value("email", ""), a.value("password", ""),
                   a.value("booth_id", std::int64_t(0))});
  return out;
}

void write_accounts(const std::string& path, const std::vector<demo_account>& accounts) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& a : accounts)
    j.push_back({{"role", a.role}, {"email", a.email}, {"password", a.password}, {"booth_id", a.booth_id}});
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp);
    out << j.dump(2) << "\n";
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path);
}

}  // namespace

std::vector<demo_account> ensure_demo(store::store& st, const std::string& data_dir,
                                      auth::password_cost cost) {
  const std::string path = data_dir + "/demo-accounts.json";
  if (st.get_meta("demo_seeded")) return read_accounts(path);

  std::vector<demo_account> accounts;
  auto make_user = [&](const std::string& email, const std::string& name, store::role r) {
    auto password = auth::random_password(16);
    auto u = st.create_user(email, name, r, auth::hash_password(password, cost));
    if (!u) throw std::runtime_error("demo account " + email + " exists but the demo is not marked seeded");
    accounts.push_back({std::string(store::to_string(r)), email, password, 0});
    return *u;
  };

  auto organiser = make_user("organiser@demo.fuar.local", "Demo Organiser", store::role::organiser);

  store::fair f;
  f.title_tr = "Demo: Gençlik İstihdam Fuarı";
  f.title_en = "Demo: Youth Employment Fair";
  f.description_tr = "Bu bir deneme fuarıdır; firmalar ve ilanlar örnek veridir.";
  f.description_en = "This is a demo fair; its firms and jobs are sample data.";
  f.theme = "youth";
  f.timezone = "Europe/Istanbul";
  f.starts_at = util::unix_s() - 3600;
  f.ends_at = util::unix_s() + 30 * 86400;
  f.status = "live";
  f.is_demo = true;
  f.created_by = organiser.id;  // the demo organiser owns the demo fair
  auto fair_id = st.fairs().create_fair(f, {}, util::unix_s());

  int n = 0;
  for (const auto& b : booths) {
    store::booth booth{0, fair_id, b.name, b.sector, b.city, b.description, true};
    auto booth_id = st.booths().create_booth(booth);
    // Website and opening hours (the whole fair: the demo is open whenever someone tries it).
    store::booth_profile profile{b.name, b.sector, b.city, b.website, "", b.description,
                                 f.starts_at, f.ends_at};
    st.booths().update_booth_profile(booth_id, profile, util::unix_s());
    for (const auto& dj : b.jobs) {
      if (!dj.title) break;
      store::job j;
      j.booth_id = booth_id;
      j.title = dj.title;
      j.occupation_id = dj.occupation_id;
      j.city = dj.city;
      j.work_mode = dj.work_mode;
      j.education_level = dj.education_level;
      j.disability = dj.disability;
      j.description = dj.description;
      j.openings = 2;
      st.booths().create_job(j, util::unix_s());
    }
    ++n;
    // Two recruiters for the first booths, so a person can try both sides of the chat.
    if (n <= 2) {
      auto email = "recruiter" + std::to_string(n) + "@demo.fuar.local";
      auto u = make_user(email, std::string("Demo Recruiter ") + std::to_string(n), store::role::employer);
      st.booths().add_booth_member(booth_id, u.id, "owner");
      accounts.back().booth_id = booth_id;
    }
  }
  make_user("jobseeker@demo.fuar.local", "Demo Jobseeker", store::role::jobseeker);

  // Write the passwords before marking the demo seeded: a crash in between re-seeds nothing
  // and leaves a readable file.
  write_accounts(path, accounts);
  st.set_meta("demo_seeded", "1");
  return accounts;
}

}  // namespace fuar::fair
