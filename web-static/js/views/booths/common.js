// Shared parts of the booths pages: their Turkish and English strings, labels of job values, and
// a labelled form field with an error line (aria-invalid + aria-describedby) like the login form's.
import { t, tx, bind, addStrings } from "../../i18n.js";
import { h, newId, errorText, markFieldError } from "../../ui.js";

addStrings({
  en: {
    "bo.nav.myBooths": "My booths",
    "bo.my.title": "My booths",
    "bo.my.empty": "You do not staff any booth yet. A fair organiser or a booth owner can invite you.",
    "bo.my.fair": "Fair",
    "bo.my.role": "Your role",
    "bo.my.edit": "Edit {name}",
    "bo.my.view": "Open the booth page of {name}",
    "bo.my.team": "Team of {name}",
    "bo.my.applicants": "Applicants of {name}",
    "bo.role.owner": "Owner",
    "bo.role.recruiter": "Recruiter",
    "bo.edit.title": "Edit booth: {name}",
    "bo.edit.back": "My booths",
    "bo.edit.profile": "Booth profile",
    "bo.edit.save": "Save profile",
    "bo.edit.saved": "The booth profile was saved.",
    "bo.f.name": "Firm name",
    "bo.f.sector": "Sector",
    "bo.f.city": "City",
    "bo.f.website": "Website",
    "bo.f.websiteHint": "An address starting with https:// or http://.",
    "bo.f.video": "Video link",
    "bo.f.videoHint": "Optional. An address starting with https://.",
    "bo.f.description": "Description",
    "bo.f.descriptionHint": "Up to 5000 characters.",
    "bo.f.opensAt": "Opens at",
    "bo.f.closesAt": "Closes at",
    "bo.f.hoursHint": "Optional, both or neither, within the fair ({range}). Times on the fair's clock ({zone}).",
    "bo.logo.title": "Logo",
    "bo.logo.current": "Current logo of {name}",
    "bo.logo.none": "No logo yet.",
    "bo.logo.file": "Logo image",
    "bo.logo.hint": "PNG, JPEG or WebP, at most 1 MB.",
    "bo.logo.preview": "Preview of the chosen image",
    "bo.logo.chosen": "{name}, {size} KB",
    "bo.logo.upload": "Upload logo",
    "bo.logo.remove": "Remove logo",
    "bo.logo.uploaded": "The logo was uploaded.",
    "bo.logo.removed": "The logo was removed.",
    "bo.logo.badType": "This file is not a PNG, JPEG or WebP image.",
    "bo.logo.tooLarge": "This file is too large.",
    "bo.logo.pick": "Choose an image first.",
    "bo.jobs.title": "Jobs",
    "bo.jobs.empty": "No jobs yet.",
    "bo.jobs.add": "Add a job",
    "bo.jobs.editing": "Edit job: {title}",
    "bo.jobs.new": "New job",
    "bo.jobs.save": "Save job",
    "bo.jobs.cancel": "Cancel",
    "bo.jobs.edit": "Edit {title}",
    "bo.jobs.close": "Close {title}",
    "bo.jobs.reopen": "Reopen {title}",
    "bo.jobs.delete": "Delete {title}",
    "bo.jobs.created": "The job was added.",
    "bo.jobs.saved": "The job was saved.",
    "bo.jobs.closed": "The job was closed.",
    "bo.jobs.reopened": "The job was reopened.",
    "bo.jobs.deleted": "The job was deleted.",
    "bo.jobs.hasApplications": "This job has applications and cannot be deleted. Close it instead.",
    "bo.jobs.confirmDelete": "Delete the job “{title}”?",
    "bo.j.title": "Job title",
    "bo.j.occupation": "Occupation",
    "bo.j.noOccupation": "Not listed",
    "bo.j.city": "Location",
    "bo.j.workMode": "Work mode",
    "bo.j.employmentType": "Employment type",
    "bo.j.education": "Education required",
    "bo.j.experience": "Years of experience",
    "bo.j.openings": "Openings",
    "bo.j.disability": "Candidates with disabilities",
    "bo.j.description": "Job description",
    "bo.j.closesAt": "Application deadline",
    "bo.j.closesAtHint": "Optional.",
    "bo.j.status": "Status",
    "bo.wm.onsite": "On site",
    "bo.wm.remote": "Remote",
    "bo.wm.hybrid": "Hybrid",
    "bo.et.full_time": "Full time",
    "bo.et.part_time": "Part time",
    "bo.et.temporary": "Temporary",
    "bo.et.seasonal": "Seasonal",
    "bo.et.internship": "Internship",
    "bo.et.apprenticeship": "Apprenticeship",
    "bo.ed.none": "No requirement",
    "bo.ed.primary": "Primary school",
    "bo.ed.secondary": "High school",
    "bo.ed.associate": "Associate degree",
    "bo.ed.bachelor": "Bachelor's degree",
    "bo.ed.master": "Master's degree",
    "bo.ed.doctorate": "Doctorate",
    "bo.dis.none": "No specific arrangement",
    "bo.dis.suitable": "Suitable for candidates with disabilities",
    "bo.dis.reserved": "Reserved for a candidate with a disability",
    "bo.st.open": "Open",
    "bo.st.closed": "Closed",
    "bo.badge.remote": "Remote",
    "bo.badge.disability": "Disability-friendly",
    "bo.err.field": "Check this field: {message}",
    "bo.err.required": "This field is required.",
    "bo.err.url": "Enter an address starting with https:// or http://.",
    "bo.err.https": "Enter an address starting with https://.",
    "bo.err.hours": "Give both opening and closing times within the fair, closing after opening.",
    "bo.err.number": "Enter a whole number in the allowed range.",
    "bo.hall.title": "Booths and jobs: {fair}",
    "bo.hall.back": "Back to the fair: {fair}",
    "bo.hall.filters": "Search and filters",
    "bo.hall.q": "Search booths and jobs",
    "bo.hall.qHint": "For example: kaynak, İzmir, software.",
    "bo.hall.occupation": "Occupation",
    "bo.hall.anyOccupation": "Any occupation",
    "bo.hall.city": "City",
    "bo.hall.anyCity": "Any city",
    "bo.hall.education": "My education level",
    "bo.hall.anyEducation": "Any level",
    "bo.hall.remote": "Remote or hybrid jobs only",
    "bo.hall.disability": "Disability-friendly jobs only",
    "bo.hall.search": "Search",
    "bo.hall.clear": "Clear filters",
    "bo.hall.results": "Results",
    "bo.hall.count": "{booths} booths, {jobs} jobs found.",
    "bo.hall.none": "No booth or job matches. Try fewer filters or other words.",
    "bo.hall.noSector": "Other",
    "bo.hall.openJobs.one": "{n} open job",
    "bo.hall.openJobs.other": "{n} open jobs",
    "bo.hall.matching": "Matching jobs at {name}",
    "bo.hall.prev": "Previous page",
    "bo.hall.next": "Next page",
    "bo.hall.page": "Page {page} of {pages}",
    "bo.hall.pages": "Pages",
    "bo.job.back": "Booth: {booth}",
    "bo.job.booth": "Employer",
    "bo.job.closedNote": "This job is closed and no longer takes applications.",
    "bo.job.applySoon": "Applying to jobs will be available here.",
    "bo.job.deadline": "Apply by",
    "bo.profile.title": "About the firm",
    "bo.profile.website": "Website",
    "bo.profile.video": "Watch the firm's video",
    "bo.profile.hours": "Booth hours",
    "bo.profile.jobs": "Open jobs",
    "bo.profile.noJobs": "No open jobs at the moment.",
    "bo.profile.logo": "Logo of {name}",
  },
  tr: {
    "bo.nav.myBooths": "Standlarım",
    "bo.my.title": "Standlarım",
    "bo.my.empty": "Henüz bir standda görevli değilsiniz. Fuar organizatörü ya da stand sahibi sizi davet edebilir.",
    "bo.my.fair": "Fuar",
    "bo.my.role": "Rolünüz",
    "bo.my.edit": "{name} standını düzenle",
    "bo.my.view": "{name} stand sayfasını aç",
    "bo.my.team": "{name} ekibi",
    "bo.my.applicants": "{name} başvuruları",
    "bo.role.owner": "Stand sahibi",
    "bo.role.recruiter": "İşe alım uzmanı",
    "bo.edit.title": "Standı düzenle: {name}",
    "bo.edit.back": "Standlarım",
    "bo.edit.profile": "Stand bilgileri",
    "bo.edit.save": "Bilgileri kaydet",
    "bo.edit.saved": "Stand bilgileri kaydedildi.",
    "bo.f.name": "Firma adı",
    "bo.f.sector": "Sektör",
    "bo.f.city": "Şehir",
    "bo.f.website": "Web sitesi",
    "bo.f.websiteHint": "https:// ya da http:// ile başlayan bir adres.",
    "bo.f.video": "Video bağlantısı",
    "bo.f.videoHint": "İsteğe bağlı. https:// ile başlayan bir adres.",
    "bo.f.description": "Tanıtım",
    "bo.f.descriptionHint": "En çok 5000 karakter.",
    "bo.f.opensAt": "Açılış",
    "bo.f.closesAt": "Kapanış",
    "bo.f.hoursHint": "İsteğe bağlı; ikisi birlikte, fuar süresi içinde ({range}). Saatler fuarın saat diliminde ({zone}).",
    "bo.logo.title": "Logo",
    "bo.logo.current": "{name} firmasının şu anki logosu",
    "bo.logo.none": "Henüz logo yok.",
    "bo.logo.file": "Logo görseli",
    "bo.logo.hint": "PNG, JPEG ya da WebP, en çok 1 MB.",
    "bo.logo.preview": "Seçilen görselin önizlemesi",
    "bo.logo.chosen": "{name}, {size} KB",
    "bo.logo.upload": "Logoyu yükle",
    "bo.logo.remove": "Logoyu kaldır",
    "bo.logo.uploaded": "Logo yüklendi.",
    "bo.logo.removed": "Logo kaldırıldı.",
    "bo.logo.badType": "Bu dosya PNG, JPEG ya da WebP görseli değil.",
    "bo.logo.tooLarge": "Bu dosya çok büyük.",
    "bo.logo.pick": "Önce bir görsel seçin.",
    "bo.jobs.title": "İş ilanları",
    "bo.jobs.empty": "Henüz ilan yok.",
    "bo.jobs.add": "İlan ekle",
    "bo.jobs.editing": "İlanı düzenle: {title}",
    "bo.jobs.new": "Yeni ilan",
    "bo.jobs.save": "İlanı kaydet",
    "bo.jobs.cancel": "Vazgeç",
    "bo.jobs.edit": "{title} ilanını düzenle",
    "bo.jobs.close": "{title} ilanını kapat",
    "bo.jobs.reopen": "{title} ilanını yeniden aç",
    "bo.jobs.delete": "{title} ilanını sil",
    "bo.jobs.created": "İlan eklendi.",
    "bo.jobs.saved": "İlan kaydedildi.",
    "bo.jobs.closed": "İlan kapatıldı.",
    "bo.jobs.reopened": "İlan yeniden açıldı.",
    "bo.jobs.deleted": "İlan silindi.",
    "bo.jobs.hasApplications": "Bu ilana başvuru var, silinemez. Bunun yerine ilanı kapatın.",
    "bo.jobs.confirmDelete": "“{title}” ilanı silinsin mi?",
    "bo.j.title": "İlan başlığı",
    "bo.j.occupation": "Meslek",
    "bo.j.noOccupation": "Listede yok",
    "bo.j.city": "Çalışma yeri",
    "bo.j.workMode": "Çalışma şekli",
    "bo.j.employmentType": "Çalışma türü",
    "bo.j.education": "Aranan eğitim",
    "bo.j.experience": "Deneyim (yıl)",
    "bo.j.openings": "Kadro sayısı",
    "bo.j.disability": "Engelli adaylar",
    "bo.j.description": "İlan açıklaması",
    "bo.j.closesAt": "Son başvuru tarihi",
    "bo.j.closesAtHint": "İsteğe bağlı.",
    "bo.j.status": "Durum",
    "bo.wm.onsite": "İş yerinde",
    "bo.wm.remote": "Uzaktan",
    "bo.wm.hybrid": "Hibrit",
    "bo.et.full_time": "Tam zamanlı",
    "bo.et.part_time": "Yarı zamanlı",
    "bo.et.temporary": "Geçici",
    "bo.et.seasonal": "Mevsimlik",
    "bo.et.internship": "Staj",
    "bo.et.apprenticeship": "Çıraklık",
    "bo.ed.none": "Şart yok",
    "bo.ed.primary": "İlkokul / ortaokul",
    "bo.ed.secondary": "Lise",
    "bo.ed.associate": "Ön lisans",
    "bo.ed.bachelor": "Lisans",
    "bo.ed.master": "Yüksek lisans",
    "bo.ed.doctorate": "Doktora",
    "bo.dis.none": "Özel bir düzenleme yok",
    "bo.dis.suitable": "Engelli adaylara uygun",
    "bo.dis.reserved": "Engelli kadrosu",
    "bo.st.open": "Açık",
    "bo.st.closed": "Kapalı",
    "bo.badge.remote": "Uzaktan",
    "bo.badge.disability": "Engelli dostu",
    "bo.err.field": "Bu alanı kontrol edin: {message}",
    "bo.err.required": "Bu alan zorunlu.",
    "bo.err.url": "https:// ya da http:// ile başlayan bir adres girin.",
    "bo.err.https": "https:// ile başlayan bir adres girin.",
    "bo.err.hours": "Açılış ve kapanışı birlikte, fuar süresi içinde girin; kapanış açılıştan sonra olmalı.",
    "bo.err.number": "İzin verilen aralıkta bir tam sayı girin.",
    "bo.hall.title": "Standlar ve ilanlar: {fair}",
    "bo.hall.back": "Fuara dön: {fair}",
    "bo.hall.filters": "Arama ve süzgeçler",
    "bo.hall.q": "Stand ve ilan ara",
    "bo.hall.qHint": "Örneğin: kaynak, İzmir, yazılım.",
    "bo.hall.occupation": "Meslek",
    "bo.hall.anyOccupation": "Tüm meslekler",
    "bo.hall.city": "Şehir",
    "bo.hall.anyCity": "Tüm şehirler",
    "bo.hall.education": "Eğitim düzeyim",
    "bo.hall.anyEducation": "Tüm düzeyler",
    "bo.hall.remote": "Yalnızca uzaktan ya da hibrit işler",
    "bo.hall.disability": "Yalnızca engelli dostu işler",
    "bo.hall.search": "Ara",
    "bo.hall.clear": "Süzgeçleri temizle",
    "bo.hall.results": "Sonuçlar",
    "bo.hall.count": "{booths} stand, {jobs} ilan bulundu.",
    "bo.hall.none": "Eşleşen stand ya da ilan yok. Daha az süzgeç ya da başka sözcükler deneyin.",
    "bo.hall.noSector": "Diğer",
    "bo.hall.openJobs.one": "{n} açık ilan",
    "bo.hall.openJobs.other": "{n} açık ilan",
    "bo.hall.matching": "{name} standındaki eşleşen ilanlar",
    "bo.hall.prev": "Önceki sayfa",
    "bo.hall.next": "Sonraki sayfa",
    "bo.hall.page": "Sayfa {page} / {pages}",
    "bo.hall.pages": "Sayfalar",
    "bo.job.back": "Stand: {booth}",
    "bo.job.booth": "İşveren",
    "bo.job.closedNote": "Bu ilan kapandı, başvuru almıyor.",
    "bo.job.applySoon": "İlana başvuru burada yapılabilecek.",
    "bo.job.deadline": "Son başvuru",
    "bo.profile.title": "Firma hakkında",
    "bo.profile.website": "Web sitesi",
    "bo.profile.video": "Firmanın videosunu izleyin",
    "bo.profile.hours": "Stand saatleri",
    "bo.profile.jobs": "Açık ilanlar",
    "bo.profile.noJobs": "Şu an açık ilan yok.",
    "bo.profile.logo": "{name} logosu",
  },
});

export const WORK_MODES = ["onsite", "remote", "hybrid"];
export const EMPLOYMENT_TYPES = ["full_time", "part_time", "temporary", "seasonal", "internship", "apprenticeship"];
export const EDUCATION_LEVELS = ["none", "primary", "secondary", "associate", "bachelor", "master", "doctorate"];
export const DISABILITY = ["none", "suitable", "reserved"];

/** A text node with the localized label of a job value, e.g. label("wm", "remote"). */
export function label(group, value) {
  return tx(`bo.${group}.${value}`);
}

/** "12 Mar 2026" in the viewer's zone and language. */
export function formatDate(unixS) {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", { dateStyle: "medium" }).format(new Date(unixS * 1000));
}

/** Unix seconds ↔ the value of a datetime-local input (the viewer's local time). */
export function toLocalInput(unixS) {
  if (unixS == null) return "";
  const d = new Date(unixS * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export function fromLocalInput(value) {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.round(ms / 1000) : NaN;
}
/** A date input's value ↔ unix seconds (the end of that day, viewer's time). */
export function toDateInput(unixS) {
  return unixS == null ? "" : toLocalInput(unixS).slice(0, 10);
}
export function fromDateInput(value) {
  return value ? fromLocalInput(`${value}T23:59`) : null;
}

/**
 * A labelled control with an optional hint and an error line.
 * spec: {name, labelKey, type ("text", "url", "number", "textarea", "select", "datetime-local",
 * "date", "checkbox"), hintKey, hintParams, options: [{value, key | text}], required, value,
 * attrs}. Returns {element, input, name, value(), setValue(v), setError(text | null)}.
 */
export function formField(spec) {
  const id = spec.id ?? newId(`bo-${spec.name}`);
  const hintId = spec.hintKey ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let input;
  if (spec.type === "textarea") {
    input = h("textarea", { id, name: spec.name, rows: spec.rows ?? 5, ...spec.attrs });
  } else if (spec.type === "select") {
    input = h(
      "select",
      { id, name: spec.name, ...spec.attrs },
      (spec.options ?? []).map((o) => h("option", { value: o.value }, o.key ? tx(o.key) : o.text)),
    );
  } else {
    input = h("input", { id, name: spec.name, type: spec.type ?? "text", ...spec.attrs });
  }
  if (spec.required) input.setAttribute("required", "");
  if (hintId) input.setAttribute("aria-describedby", hintId);
  const hint = hintId ? h("p", { id: hintId, class: "hint" }, tx(spec.hintKey, spec.hintParams)) : null;
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  const checkbox = spec.type === "checkbox";
  const labelEl = h("label", { for: id }, tx(spec.labelKey));
  const element = checkbox
    ? h("div", { class: "field field-check" }, input, labelEl, hint, error)
    : h("div", { class: "field" }, labelEl, hint, input, error);
  const f = {
    element,
    input,
    name: spec.name,
    value: () => (checkbox ? input.checked : input.value),
    setValue(v) {
      if (checkbox) input.checked = !!v;
      else input.value = v ?? "";
    },
    setError(text) {
      error.textContent = text ?? "";
      error.hidden = !text;
      markFieldError(input, Boolean(text), { hintId, errorId });
    },
  };
  if (spec.value !== undefined) f.setValue(spec.value);
  return f;
}

/** Shows a server error next to its field when the field is one of `fields` (by name, or by a
 *  map from server field names to form fields); otherwise in `summary`. Returns the field. */
export function showError(err, fields, summary, messages = {}) {
  for (const f of Object.values(fields)) f.setError(null);
  const target = err?.field ? fields[err.field] : null;
  const text = messages[err?.field] ? t(messages[err.field]) : err?.code === "invalid" ? t("bo.err.field", { message: err.message }) : errorText(err);
  if (target) {
    target.setError(text);
    target.input.focus();
  } else {
    summary.textContent = text;
  }
  return target;
}

/** A polite status line for "saved" messages (role=status), kept in the current language. */
export function statusLine() {
  const el = h("p", { class: "bo-status", role: "status" });
  let key = null;
  const render = bind(el, (e) => (e.textContent = key ? t(key) : ""));
  return {
    element: el,
    say(k) {
      key = null;
      render();
      setTimeout(() => {
        key = k;
        render();
      }, 50);
    },
  };
}
