-- 002_fair_domain: fairs, booths, jobs, jobseeker profiles, CVs and applications.
-- The shape follows what organisers report (../shared/domain.md): every count and breakdown is
-- one GROUP BY over these tables. Personal categories (gender, birth year, disability) live in
-- `demographics`, apart from the profile, each with its own consent time; employers never see
-- them and reports only aggregate them.
-- Times are unix seconds (UTC). Later changes go into 003_... onwards.

-- ---- fairs -------------------------------------------------------------------------------
-- status is what the organiser decided: draft, published (the clock makes it live at starts_at
-- and closed at ends_at), live (opened early), closed (closed early or by the clock). The
-- status shown to users is derived from this and the clock (fair/status.cpp).
ALTER TABLE fairs ADD COLUMN capacity   INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0);  -- 0: no limit
ALTER TABLE fairs ADD COLUMN min_age    INTEGER NULL CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 120);
ALTER TABLE fairs ADD COLUMN max_age    INTEGER NULL CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 120);
ALTER TABLE fairs ADD COLUMN created_by INTEGER NULL REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE fairs ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fairs ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- Target groups: a list the organisers extend. `key` is stable ([a-z0-9_-]), labels are shown.
CREATE TABLE target_groups (
  key      TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40 AND key NOT GLOB '*[^a-z0-9_-]*'),
  label_tr TEXT NOT NULL,
  label_en TEXT NOT NULL,
  builtin  INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;
INSERT INTO target_groups (key, label_tr, label_en, builtin) VALUES
  ('youth', 'Gençler (15–24)', 'Youth (15–24)', 1),
  ('neet', 'Ne eğitimde ne istihdamda olan gençler', 'Young people not in education or employment (NEET)', 1),
  ('women', 'Kadınlar', 'Women', 1),
  ('disability', 'Engelli bireyler', 'People with disabilities', 1),
  ('long-term-unemployed', 'Uzun süreli işsizler', 'Long-term unemployed', 1),
  ('roma-youth', 'Roman gençler', 'Roma youth', 1),
  ('rural', 'Kırsal bölgelerde yaşayanlar', 'Rural residents', 1),
  ('graduates', 'Yükseköğretim mezunları', 'Graduates', 1);

CREATE TABLE fair_target_groups (
  fair_id   INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  group_key TEXT    NOT NULL REFERENCES target_groups(key),
  PRIMARY KEY (fair_id, group_key)
) STRICT;

-- Invitations. kind 'firm': an organiser invites a firm to a fair; accepting creates (or links)
-- the employer account and creates the booth with them as owner. kind 'colleague': a booth
-- owner invites a recruiter to their booth. Only the SHA-256 of the link's token is stored.
CREATE TABLE invitations (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT    NOT NULL UNIQUE,
  kind        TEXT    NOT NULL CHECK (kind IN ('firm', 'colleague')),
  fair_id     INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  booth_id    INTEGER NULL REFERENCES booths(id) ON DELETE CASCADE,  -- colleague: the booth; firm: set on acceptance
  firm_name   TEXT    NOT NULL DEFAULT '',
  email       TEXT    NOT NULL DEFAULT '' CHECK (email = lower(email)),
  created_by  INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  accepted_at INTEGER NULL,
  accepted_by INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  revoked_at  INTEGER NULL,
  CHECK ((kind = 'colleague') = (booth_id IS NOT NULL) OR (kind = 'firm' AND accepted_at IS NOT NULL))
) STRICT;
CREATE INDEX invitations_fair ON invitations(fair_id, id);
CREATE INDEX invitations_booth ON invitations(booth_id) WHERE booth_id IS NOT NULL;

-- ---- booths and jobs ---------------------------------------------------------------------
ALTER TABLE booths ADD COLUMN website    TEXT    NOT NULL DEFAULT '';
ALTER TABLE booths ADD COLUMN video_url  TEXT    NOT NULL DEFAULT '';
ALTER TABLE booths ADD COLUMN logo_file  TEXT    NULL;   -- random storage name under <data_dir>/files/logos
ALTER TABLE booths ADD COLUMN logo_type  TEXT    NULL CHECK (logo_type IS NULL OR logo_type IN ('image/png', 'image/jpeg', 'image/webp'));
ALTER TABLE booths ADD COLUMN opens_at   INTEGER NULL;   -- opening hours within the fair; NULL: the fair's hours
ALTER TABLE booths ADD COLUMN closes_at  INTEGER NULL;
ALTER TABLE booths ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- Occupations: seeded from ../shared/data/occupations.json (ISCO-08 where one fits), extendable.
CREATE TABLE occupations (
  id      TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 60 AND id NOT GLOB '*[^a-z0-9_-]*'),
  isco08  TEXT NULL,
  name_tr TEXT NOT NULL,
  name_en TEXT NOT NULL
) STRICT;
INSERT INTO occupations (id, isco08, name_tr, name_en) VALUES
  ('waiter', '5131', 'Garson (Servis Elemanı)', 'Waiter / service staff'),
  ('sewing-machinist', '8153', 'Makineci (Dikiş)', 'Sewing machinist'),
  ('sales-consultant', '5223', 'Satış Danışmanı', 'Sales consultant'),
  ('cleaner', '9112', 'Temizlik Görevlisi', 'Cleaner'),
  ('mig-mag-welder', '7212', 'Gazaltı (MIG-MAG) Kaynakçısı', 'MIG/MAG welder'),
  ('cashier', '5230', 'Kasiyer', 'Cashier'),
  ('truck-driver', '8332', 'Şoför (Yük Taşıma)', 'Truck driver'),
  ('packer', '9321', 'Paketleme İşçisi', 'Packaging worker'),
  ('garment-worker', NULL, 'Konfeksiyon İşçisi', 'Garment worker'),
  ('bus-driver', '8331', 'Şoför (Yolcu Taşıma)', 'Bus / passenger driver'),
  ('mechanical-engineer', '2144', 'Makine Mühendisi', 'Mechanical engineer'),
  ('electrical-engineer', '2151', 'Elektrik Mühendisi', 'Electrical engineer'),
  ('electronics-engineer', '2152', 'Elektrik-Elektronik Mühendisi', 'Electrical-electronics engineer'),
  ('nurse', '2221', 'Hemşire', 'Nurse'),
  ('computer-engineer', NULL, 'Bilgisayar Mühendisi', 'Computer engineer'),
  ('physiotherapist', '2264', 'Fizyoterapist', 'Physiotherapist'),
  ('civil-engineer', '2142', 'İnşaat Mühendisi', 'Civil engineer'),
  ('software-engineer', '2512', 'Yazılım Mühendisi', 'Software engineer'),
  ('quality-control', NULL, 'Kalite Kontrol Sorumlusu', 'Quality-control officer'),
  ('ai-specialist', NULL, 'Yapay Zekâ Uzmanı', 'AI specialist'),
  ('e-commerce-specialist', NULL, 'E-Ticaret Uzmanı', 'E-commerce specialist'),
  ('cnc-operator', '7223', 'CNC Operatörü', 'CNC operator'),
  ('machine-operator', '8342', 'İş Makinesi Operatörü', 'Earth-moving machine operator'),
  ('food-engineer', NULL, 'Gıda Mühendisi', 'Food engineer'),
  ('cook', '5120', 'Aşçı', 'Cook'),
  ('plasterer', '7123', 'Sıvacı', 'Plasterer'),
  ('security-guard', '5414', 'Özel Güvenlik Görevlisi', 'Security guard'),
  ('construction-labourer', '9313', 'İnşaat İşçisi', 'Construction labourer'),
  ('freight-handler', '9333', 'Beden İşçisi (Yükleme-Boşaltma)', 'Freight handler'),
  ('bookkeeper', '4311', 'Ön Muhasebeci', 'Bookkeeping clerk'),
  ('secretary', '4120', 'Sekreter', 'Secretary'),
  ('beautician', '5142', 'Güzellik Uzmanı / Cilt Bakımı Uzmanı', 'Beautician'),
  ('sign-language-interpreter', '2643', 'İşaret Dili Tercümanı', 'Sign-language interpreter'),
  ('confectioner', '7512', 'Çikolata ve Şekerleme Ustası', 'Confectioner'),
  ('product-photographer', '3431', 'Ürün Fotoğrafçısı', 'Product photographer'),
  ('it-support', '3512', 'Bilgisayar Bakım-Onarım Teknisyeni', 'IT support technician'),
  ('electrician', '7411', 'Elektrikçi', 'Electrician'),
  ('plumber', '7126', 'Tesisatçı', 'Plumber'),
  ('car-mechanic', '7231', 'Oto Tamircisi', 'Motor vehicle mechanic'),
  ('child-care-worker', '5311', 'Çocuk Bakım Elemanı', 'Child-care worker'),
  ('graphic-designer', '2166', 'Grafik Tasarımcı', 'Graphic designer');

-- Education levels everywhere (reports group primary / secondary / associate-or-higher):
-- 'primary' (primary or below), 'secondary', 'associate', 'bachelor', 'master', 'doctorate';
-- jobs also use 'none' (no requirement).
CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  booth_id         INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  title            TEXT    NOT NULL,
  occupation_id    TEXT    NULL REFERENCES occupations(id),
  city             TEXT    NOT NULL DEFAULT '',
  work_mode        TEXT    NOT NULL DEFAULT 'onsite' CHECK (work_mode IN ('onsite', 'remote', 'hybrid')),
  employment_type  TEXT    NOT NULL DEFAULT 'full_time'
                   CHECK (employment_type IN ('full_time', 'part_time', 'temporary', 'seasonal', 'internship', 'apprenticeship')),
  education_level  TEXT    NOT NULL DEFAULT 'none'
                   CHECK (education_level IN ('none', 'primary', 'secondary', 'associate', 'bachelor', 'master', 'doctorate')),
  experience_years INTEGER NOT NULL DEFAULT 0 CHECK (experience_years BETWEEN 0 AND 50),
  openings         INTEGER NOT NULL DEFAULT 1 CHECK (openings BETWEEN 1 AND 100000),
  disability       TEXT    NOT NULL DEFAULT 'none' CHECK (disability IN ('none', 'suitable', 'reserved')),
  description      TEXT    NOT NULL DEFAULT '',
  closes_at        INTEGER NULL,
  status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_booth ON jobs(booth_id, id);
CREATE INDEX jobs_occupation ON jobs(occupation_id);

-- ---- jobseekers --------------------------------------------------------------------------
CREATE TABLE profiles (
  user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  phone           TEXT    NOT NULL DEFAULT '',
  city            TEXT    NOT NULL DEFAULT '',
  education_level TEXT    NULL CHECK (education_level IS NULL OR
                    education_level IN ('primary', 'secondary', 'associate', 'bachelor', 'master', 'doctorate')),
  -- Visitors who share their profile are listed to a booth's recruiters by name.
  share_with_booths INTEGER NOT NULL DEFAULT 0 CHECK (share_with_booths IN (0, 1)),
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE TABLE profile_occupations (
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  occupation_id TEXT    NOT NULL REFERENCES occupations(id),
  PRIMARY KEY (user_id, occupation_id)
) STRICT;

-- Special categories, each stored only with its own consent (the time it was given). Withdrawing
-- a consent clears the value. Never joined into anything an employer can read.
CREATE TABLE demographics (
  user_id               INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  gender                TEXT    NULL CHECK (gender IS NULL OR gender IN ('female', 'male', 'other')),
  gender_consent_at     INTEGER NULL,
  birth_year            INTEGER NULL CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
  birth_year_consent_at INTEGER NULL,
  disability            INTEGER NULL CHECK (disability IS NULL OR disability IN (0, 1)),
  disability_consent_at INTEGER NULL,
  CHECK (gender IS NULL OR gender_consent_at IS NOT NULL),
  CHECK (birth_year IS NULL OR birth_year_consent_at IS NOT NULL),
  CHECK (disability IS NULL OR disability_consent_at IS NOT NULL)
) STRICT;

CREATE TABLE fair_registrations (
  fair_id       INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  registered_at INTEGER NOT NULL,
  PRIMARY KEY (fair_id, user_id)
) STRICT;
CREATE INDEX fair_registrations_user ON fair_registrations(user_id);

-- ---- CVs and applications ----------------------------------------------------------------
CREATE TABLE cvs (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  storage_name  TEXT    NOT NULL UNIQUE,  -- random, under <data_dir>/files/cvs
  original_name TEXT    NOT NULL,          -- sanitised, for display and downloads only
  size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
  uploaded_at   INTEGER NOT NULL,
  text_status   TEXT    NOT NULL DEFAULT 'pending' CHECK (text_status IN ('pending', 'ok', 'unavailable')),
  text          TEXT    NULL               -- extracted by pdftotext in a separate process
) STRICT;
CREATE INDEX cvs_user ON cvs(user_id, id);

-- An application to a job, or a CV dropped at a booth (job_id NULL). When a jobseeker deletes
-- their account the row stays for the organiser's counts: user_id and cv_id become NULL and
-- the anonymised buckets below are filled from the consented demographics at that moment.
CREATE TABLE applications (
  id              INTEGER PRIMARY KEY,
  fair_id         INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  booth_id        INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  job_id          INTEGER NULL REFERENCES jobs(id) ON DELETE SET NULL,
  user_id         INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  cv_id           INTEGER NULL REFERENCES cvs(id) ON DELETE SET NULL,
  note            TEXT    NOT NULL DEFAULT '',
  status          TEXT    NOT NULL DEFAULT 'received'
                  CHECK (status IN ('received', 'reviewed', 'shortlisted', 'interview', 'offer', 'hired', 'rejected')),
  status_message  TEXT    NOT NULL DEFAULT '',  -- shown to the jobseeker
  rating          INTEGER NULL CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  recruiter_notes TEXT    NOT NULL DEFAULT '',  -- private to the booth
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  hired_at        INTEGER NULL,
  anonymised      INTEGER NOT NULL DEFAULT 0 CHECK (anonymised IN (0, 1)),
  anon_gender     TEXT    NULL,
  anon_age_group  TEXT    NULL,
  anon_disability INTEGER NULL,
  anon_education  TEXT    NULL
) STRICT;
CREATE UNIQUE INDEX applications_job_user ON applications(job_id, user_id)
  WHERE job_id IS NOT NULL AND user_id IS NOT NULL;
CREATE UNIQUE INDEX applications_drop_user ON applications(booth_id, user_id)
  WHERE job_id IS NULL AND user_id IS NOT NULL;
CREATE INDEX applications_booth ON applications(booth_id, id);
CREATE INDEX applications_user ON applications(user_id);
CREATE INDEX applications_fair ON applications(fair_id, status);

-- Every status change, by whom (the jobseeker sees the status and message, not the actor).
CREATE TABLE application_events (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  status         TEXT    NOT NULL,
  message        TEXT    NOT NULL DEFAULT '',
  actor_id       INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  at             INTEGER NOT NULL
) STRICT;
CREATE INDEX application_events_app ON application_events(application_id, id);

-- Every CV view or download by a recruiter (who, when), visible to the organiser.
CREATE TABLE cv_downloads (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NULL REFERENCES applications(id) ON DELETE SET NULL,
  cv_id          INTEGER NULL REFERENCES cvs(id) ON DELETE SET NULL,
  booth_id       INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  fair_id        INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  downloaded_by  INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  at             INTEGER NOT NULL
) STRICT;
CREATE INDEX cv_downloads_fair ON cv_downloads(fair_id, id);
