// The employer's pages: `#/employer` (the booths I staff, GET /api/me/booths) and
// `#/employer/booth/{id}` (edit the booth profile, upload the logo, manage jobs).
// Every form shows a server error next to the field it names (aria-invalid, aria-describedby),
// anything else in a summary (role=alert); successes are announced in a status line.
import { t, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { FuarError } from "../../client.js";
import { h, newId, errorText } from "../../ui.js";
import { formatFairTimes, unixToZoned, zonedToUnix } from "../fairs/time.js";
import {
  WORK_MODES,
  EMPLOYMENT_TYPES,
  EDUCATION_LEVELS,
  DISABILITY,
  formField,
  showError,
  statusLine,
  label,
  toDateInput,
  fromDateInput,
} from "./common.js";
// Links to the live capabilities' staff pages of a booth.
import { staffLinks } from "../../capabilities.js";

export async function myBoothsView(ctx) {
  ctx.app.setTitle(() => t("bo.my.title"));
  const { booths } = await api("GET", "/api/me/booths", undefined, { signal: ctx.signal });
  const links = staffLinks();
  const items = booths.map(({ booth, fair, member_role }) => {
    const fairTitle = h("span", {});
    bind(fairTitle, (el) => (el.textContent = localized(fair.title).text));
    const edit = h("a", { class: "button primary", href: `#/employer/booth/${booth.id}` });
    bind(edit, (el) => (el.textContent = t("bo.my.edit", { name: booth.name })));
    const view = h("a", { class: "button", href: `#/booth/${booth.id}` });
    bind(view, (el) => (el.textContent = t("bo.my.view", { name: booth.name })));
    // The team (fairs capability) and applicants (CVs capability) pages of the same booth.
    const team = h("a", { href: `#/employer/booth/${booth.id}/team` });
    bind(team, (el) => (el.textContent = t("bo.my.team", { name: booth.name })));
    const applicants = h("a", { href: `#/employer/booth/${booth.id}/applicants` });
    bind(applicants, (el) => (el.textContent = t("bo.my.applicants", { name: booth.name })));
    return h(
      "li",
      { class: "card", "data-booth-id": booth.id },
      h("h2", { class: "card-title" }, booth.name),
      h(
        "dl",
        { class: "facts" },
        h("div", { class: "fact" }, h("dt", {}, tx("bo.my.fair")), h("dd", {}, h("a", { href: `#/fair/${fair.id}` }, fairTitle))),
        h("div", { class: "fact" }, h("dt", {}, tx("bo.my.role")), h("dd", {}, label("role", member_role))),
      ),
      h("p", { class: "actions bo-actions" }, edit, view),
      h("p", { class: "bo-actions" }, applicants, team),
      links.length
        ? h(
            "p",
            { class: "bo-actions" },
            links.map((l) => {
              const a = h("a", { href: l.href(booth.id) });
              bind(a, (el) => (el.textContent = t(l.key, { name: booth.name })));
              return a;
            }),
          )
        : null,
    );
  });
  return h(
    "div",
    { class: "view" },
    h("h1", {}, tx("bo.my.title")),
    items.length ? h("ul", { class: "cards", role: "list" }, items) : h("p", {}, tx("bo.my.empty")),
  );
}

export async function boothEditView(ctx) {
  const id = Number(ctx.params[0]);
  const [{ booths }, { jobs }, { occupations }] = await Promise.all([
    api("GET", "/api/me/booths", undefined, { signal: ctx.signal }),
    api("GET", `/api/booths/${id}/jobs`, undefined, { signal: ctx.signal }),
    api("GET", "/api/occupations", undefined, { signal: ctx.signal }),
  ]);
  const mine = booths.find((b) => b.booth.id === id);
  if (!mine) throw new FuarError({ code: "not_found", message: "not your booth" });
  const state = { booth: mine.booth, fair: mine.fair, jobs };

  ctx.app.setTitle(() => t("bo.edit.title", { name: state.booth.name }));
  const heading = h("h1", {});
  const renderHeading = bind(heading, (el) => (el.textContent = t("bo.edit.title", { name: state.booth.name })));

  return h(
    "div",
    { class: "view booth-edit" },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/employer" }, tx("bo.edit.back"))),
    heading,
    profileForm(state, renderHeading),
    logoSection(state),
    jobsSection(state, occupations),
  );
}

// ---- profile -----------------------------------------------------------------------------------

function profileForm(state, onSaved) {
  const b = state.booth;
  const f = {
    name: formField({ name: "name", id: "booth-name", labelKey: "bo.f.name", required: true, value: b.name, attrs: { maxlength: 120, autocomplete: "organization" } }),
    sector: formField({ name: "sector", id: "booth-sector", labelKey: "bo.f.sector", value: b.sector, attrs: { maxlength: 80 } }),
    city: formField({ name: "city", id: "booth-city", labelKey: "bo.f.city", value: b.city, attrs: { maxlength: 80 } }),
    website: formField({ name: "website", id: "booth-website", type: "url", labelKey: "bo.f.website", hintKey: "bo.f.websiteHint", value: b.website, attrs: { maxlength: 500, autocomplete: "url" } }),
    video_url: formField({ name: "video_url", id: "booth-video", type: "url", labelKey: "bo.f.video", hintKey: "bo.f.videoHint", value: b.video_url, attrs: { maxlength: 500 } }),
    description: formField({ name: "description", id: "booth-description", type: "textarea", labelKey: "bo.f.description", hintKey: "bo.f.descriptionHint", value: b.description, attrs: { maxlength: 5000 }, rows: 6 }),
  };
  // Opening hours are entered on the fair's clock, like the fair's own times.
  const zone = state.fair.timezone || "UTC";
  const toInput = (s) => (s == null ? "" : unixToZoned(s, zone));
  const hoursParams = () => ({ range: formatFairTimes(state.fair), zone });
  f.opens_at = formField({ name: "opens_at", id: "booth-opens", type: "datetime-local", labelKey: "bo.f.opensAt", hintKey: "bo.f.hoursHint", hintParams: hoursParams, value: toInput(b.opens_at) });
  f.closes_at = formField({ name: "closes_at", id: "booth-closes", type: "datetime-local", labelKey: "bo.f.closesAt", value: toInput(b.closes_at) });

  const summary = h("p", { class: "error-text", role: "alert" });
  const status = statusLine();
  const submit = h("button", { type: "submit", class: "button primary" }, tx("bo.edit.save"));
  const headingId = newId("profile");
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("bo.edit.profile")),
    Object.values(f).map((x) => x.element),
    summary,
    h("div", {}, submit),
    status.element,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    summary.textContent = "";
    for (const x of Object.values(f)) x.setError(null);
    // An unchanged time keeps its exact stored second (the input shows minutes only).
    const time = (field, stored) => {
      if (field.value() === toInput(stored)) return stored ?? null;
      return field.value() ? (zonedToUnix(field.value(), zone) ?? NaN) : null;
    };
    const opens = time(f.opens_at, state.booth.opens_at);
    const closes = time(f.closes_at, state.booth.closes_at);
    if (!f.name.value().trim()) return (f.name.setError(t("bo.err.required")), f.name.input.focus());
    if ((opens === null) !== (closes === null) || Number.isNaN(opens) || Number.isNaN(closes)) {
      const bad = opens === null || Number.isNaN(opens) ? f.opens_at : f.closes_at;
      bad.setError(t("bo.err.hours"));
      return bad.input.focus();
    }
    const body = {
      name: f.name.value(),
      sector: f.sector.value(),
      city: f.city.value(),
      website: f.website.value().trim(),
      video_url: f.video_url.value().trim(),
      description: f.description.value(),
      opens_at: opens,
      closes_at: closes,
    };
    submit.disabled = true;
    try {
      const { booth } = await api("PATCH", `/api/booths/${state.booth.id}`, body);
      state.booth = booth;
      onSaved();
      status.say("bo.edit.saved");
    } catch (err) {
      showError(err, f, summary, { website: "bo.err.url", video_url: "bo.err.https", opens_at: "bo.err.hours", closes_at: "bo.err.hours" });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- logo --------------------------------------------------------------------------------------

function logoSection(state) {
  const headingId = newId("logo");
  const current = h("div", { class: "bo-logo-current" });
  const renderCurrent = () => {
    if (state.booth.logo_url) {
      const img = h("img", { class: "bo-logo bo-logo-large", src: state.booth.logo_url, width: 96, height: 96 });
      bind(img, (el) => el.setAttribute("alt", t("bo.logo.current", { name: state.booth.name })));
      current.replaceChildren(img);
    } else {
      current.replaceChildren(h("p", { class: "hint" }, tx("bo.logo.none")));
    }
    remove.hidden = !state.booth.logo_url;
  };
  const file = formField({ name: "logo", id: "booth-logo", type: "file", labelKey: "bo.logo.file", hintKey: "bo.logo.hint", attrs: { accept: "image/png,image/jpeg,image/webp" } });
  const preview = h("div", { class: "bo-logo-preview", hidden: true });
  const summary = h("p", { class: "error-text", role: "alert" });
  const status = statusLine();
  const upload = h("button", { type: "submit", class: "button primary" }, tx("bo.logo.upload"));
  const remove = h("button", { type: "button", class: "button" }, tx("bo.logo.remove"));
  file.input.addEventListener("change", () => {
    file.setError(null);
    const chosen = file.input.files?.[0];
    if (!chosen) {
      preview.hidden = true;
      return;
    }
    // A data: URL, not a blob: one: the page's CSP allows images from 'self' and data: only.
    const img = h("img", { class: "bo-logo bo-logo-large", width: 96, height: 96 });
    bind(img, (el) => el.setAttribute("alt", t("bo.logo.preview")));
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      if (file.input.files?.[0] === chosen) img.src = reader.result;
    });
    if (chosen.size <= 5 * 1024 * 1024) reader.readAsDataURL(chosen);
    preview.replaceChildren(img, h("p", { class: "hint" }, tx("bo.logo.chosen", { name: chosen.name, size: Math.ceil(chosen.size / 1024) })));
    preview.hidden = false;
  });

  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("bo.logo.title")),
    current,
    file.element,
    preview,
    summary,
    h("div", { class: "bo-actions" }, upload, remove),
    status.element,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    summary.textContent = "";
    const chosen = file.input.files?.[0];
    if (!chosen) {
      file.setError(t("bo.logo.pick"));
      return file.input.focus();
    }
    upload.disabled = true;
    try {
      const { booth } = await putLogo(state.booth.id, chosen);
      state.booth = booth;
      file.input.value = "";
      preview.hidden = true;
      file.setError(null);
      renderCurrent();
      status.say("bo.logo.uploaded");
    } catch (err) {
      // The server decides by content; its answer is shown in the visitor's language.
      file.setError(err.code === "too_large" ? t("bo.logo.tooLarge") : err.code === "invalid" ? t("bo.logo.badType") : errorText(err));
      file.input.focus();
    } finally {
      upload.disabled = false;
    }
  });
  remove.addEventListener("click", async () => {
    summary.textContent = "";
    try {
      await api("DELETE", `/api/booths/${state.booth.id}/logo`);
      state.booth = { ...state.booth, logo_url: null };
      renderCurrent();
      status.say("bo.logo.removed");
      file.input.focus();
    } catch (err) {
      summary.textContent = errorText(err);
    }
  });
  renderCurrent();
  return form;
}

// The logo goes as the raw body (protocol/http/booths.md), not as JSON: api() cannot send it.
async function putLogo(boothId, file) {
  let res;
  try {
    res = await fetch(`/api/booths/${boothId}/logo`, {
      method: "PUT",
      headers: { "X-Fuar-CSRF": "1", Accept: "application/json", "Content-Type": "application/octet-stream" },
      body: file,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (err) {
    throw new FuarError({ code: "network", message: String(err?.message ?? err) });
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    /* a 413 from the HTTP layer may have no JSON body */
  }
  if (!res.ok) {
    const err = new FuarError(json?.error ?? { code: res.status === 413 ? "too_large" : "internal", message: res.statusText });
    err.status = res.status;
    throw err;
  }
  return json;
}

// ---- jobs --------------------------------------------------------------------------------------

function jobsSection(state, occupations) {
  const headingId = newId("jobs");
  const list = h("ul", { class: "booth-list bo-job-admin", id: "booth-jobs" });
  const status = statusLine();
  const summary = h("p", { class: "error-text", role: "alert" });
  const editor = jobEditor(state, occupations, {
    onSaved(job, created) {
      const i = state.jobs.findIndex((j) => j.id === job.id);
      if (i >= 0) state.jobs[i] = job;
      else state.jobs.push(job);
      renderList();
      status.say(created ? "bo.jobs.created" : "bo.jobs.saved");
      addButton.focus();
    },
    onCancel() {
      addButton.focus();
    },
  });
  const addButton = h("button", { type: "button", class: "button primary", id: "job-add" }, tx("bo.jobs.add"));
  addButton.addEventListener("click", () => editor.open(null));

  function renderList() {
    if (!state.jobs.length) {
      list.replaceChildren(h("li", { class: "booth-item hint" }, tx("bo.jobs.empty")));
      return;
    }
    list.replaceChildren(...state.jobs.map((j) => jobRow(j)));
  }

  function jobRow(job) {
    const edit = h("button", { type: "button", class: "link-button" }, shortLabel("edit", job));
    edit.addEventListener("click", () => editor.open(job));
    const toggle = h("button", { type: "button", class: "link-button" }, shortLabel(job.status === "open" ? "close" : "reopen", job));
    toggle.addEventListener("click", async () => {
      summary.textContent = "";
      try {
        const { job: saved } = await api("PATCH", `/api/jobs/${job.id}`, { status: job.status === "open" ? "closed" : "open" });
        Object.assign(job, saved);
        renderList();
        status.say(saved.status === "closed" ? "bo.jobs.closed" : "bo.jobs.reopened");
      } catch (err) {
        summary.textContent = errorText(err);
      }
    });
    const del = h("button", { type: "button", class: "link-button" }, shortLabel("delete", job));
    del.addEventListener("click", async () => {
      summary.textContent = "";
      if (!window.confirm(t("bo.jobs.confirmDelete", { title: job.title }))) return;
      try {
        await api("DELETE", `/api/jobs/${job.id}`);
        state.jobs = state.jobs.filter((j) => j.id !== job.id);
        renderList();
        status.say("bo.jobs.deleted");
        addButton.focus();
      } catch (err) {
        summary.textContent = err.code === "conflict" ? t("bo.jobs.hasApplications") : errorText(err);
      }
    });
    const badge = h("span", { class: job.status === "open" ? "badge badge-open" : "badge" }, label("st", job.status));
    return h(
      "li",
      { class: "booth-item", "data-job-id": job.id },
      h("a", { class: "booth-link", href: `#/job/${job.id}` }, job.title),
      badge,
      h("span", { class: "booth-meta" }, job.city ? `${job.city} · ` : "", label("wm", job.work_mode)),
      h("span", { class: "bo-row-actions" }, edit, toggle, del),
    );
  }

  renderList();
  return h(
    "section",
    { class: "bo-jobs-section", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("bo.jobs.title")),
    list,
    summary,
    status.element,
    h("p", {}, addButton),
    editor.element,
  );
}

/** A button's visible text: the action verb plus the job title (so every button has a unique,
 *  descriptive name for screen readers and voice control). */
function shortLabel(action, job) {
  const span = h("span", {});
  bind(span, (el) => (el.textContent = t(`bo.jobs.${action}`, { title: job.title })));
  return span;
}

/** The create/edit form of a job, hidden until opened. */
function jobEditor(state, occupations, { onSaved, onCancel }) {
  const occupationOptions = [{ value: "", key: "bo.j.noOccupation" }];
  const f = {
    title: formField({ name: "title", id: "job-title", labelKey: "bo.j.title", required: true, attrs: { maxlength: 200 } }),
    occupation_id: formField({ name: "occupation_id", id: "job-occupation", labelKey: "bo.j.occupation", type: "select", options: occupationOptions }),
    city: formField({ name: "city", id: "job-city", labelKey: "bo.j.city", attrs: { maxlength: 80 } }),
    work_mode: formField({ name: "work_mode", id: "job-work-mode", labelKey: "bo.j.workMode", type: "select", options: WORK_MODES.map((v) => ({ value: v, key: `bo.wm.${v}` })) }),
    employment_type: formField({ name: "employment_type", id: "job-employment-type", labelKey: "bo.j.employmentType", type: "select", options: EMPLOYMENT_TYPES.map((v) => ({ value: v, key: `bo.et.${v}` })) }),
    education_level: formField({ name: "education_level", id: "job-education", labelKey: "bo.j.education", type: "select", options: EDUCATION_LEVELS.map((v) => ({ value: v, key: `bo.ed.${v}` })) }),
    experience_years: formField({ name: "experience_years", id: "job-experience", labelKey: "bo.j.experience", type: "number", attrs: { min: 0, max: 50, inputmode: "numeric" } }),
    openings: formField({ name: "openings", id: "job-openings", labelKey: "bo.j.openings", type: "number", attrs: { min: 1, max: 100000, inputmode: "numeric" } }),
    disability: formField({ name: "disability", id: "job-disability", labelKey: "bo.j.disability", type: "select", options: DISABILITY.map((v) => ({ value: v, key: `bo.dis.${v}` })) }),
    description: formField({ name: "description", id: "job-description", labelKey: "bo.j.description", type: "textarea", attrs: { maxlength: 5000 } }),
    closes_at: formField({ name: "closes_at", id: "job-closes", labelKey: "bo.j.closesAt", type: "date", hintKey: "bo.j.closesAtHint" }),
  };
  // Occupation names in the current language, alphabetical.
  const collator = () => new Intl.Collator(document.documentElement.lang || "en");
  const occOptions = occupations.map((o) => {
    const opt = h("option", { value: o.id });
    bind(opt, (el) => (el.textContent = localized(o.name).text));
    return opt;
  });
  occOptions.sort((a, b) => collator().compare(a.textContent, b.textContent));
  f.occupation_id.input.append(...occOptions);

  const headingId = newId("job-editor");
  const heading = h("h3", { id: headingId, tabindex: "-1" });
  const summary = h("p", { class: "error-text", role: "alert" });
  const save = h("button", { type: "submit", class: "button primary" }, tx("bo.jobs.save"));
  const cancel = h("button", { type: "button", class: "button" }, tx("bo.jobs.cancel"));
  const form = h(
    "form",
    { class: "form bo-job-form", novalidate: true, hidden: true, "aria-labelledby": headingId, id: "job-form" },
    heading,
    Object.values(f).map((x) => x.element),
    summary,
    h("div", { class: "bo-actions" }, save, cancel),
  );
  let editing = null;
  const renderHeading = bind(heading, (el) => (el.textContent = editing ? t("bo.jobs.editing", { title: editing.title }) : t("bo.jobs.new")));

  function open(job) {
    editing = job;
    renderHeading();
    summary.textContent = "";
    for (const x of Object.values(f)) x.setError(null);
    const j = job ?? {};
    f.title.setValue(j.title ?? "");
    f.occupation_id.setValue(j.occupation?.id ?? "");
    f.city.setValue(j.city ?? state.booth.city ?? "");
    f.work_mode.setValue(j.work_mode ?? "onsite");
    f.employment_type.setValue(j.employment_type ?? "full_time");
    f.education_level.setValue(j.education_level ?? "none");
    f.experience_years.setValue(String(j.experience_years ?? 0));
    f.openings.setValue(String(j.openings ?? 1));
    f.disability.setValue(j.disability ?? "none");
    f.description.setValue(j.description ?? "");
    f.closes_at.setValue(toDateInput(j.closes_at));
    form.hidden = false;
    f.title.input.focus();
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    summary.textContent = "";
    for (const x of Object.values(f)) x.setError(null);
    if (!f.title.value().trim()) return (f.title.setError(t("bo.err.required")), f.title.input.focus());
    const ints = {};
    for (const [name, min, max] of [["experience_years", 0, 50], ["openings", 1, 100000]]) {
      const n = Number(f[name].value());
      if (!Number.isInteger(n) || n < min || n > max) return (f[name].setError(t("bo.err.number")), f[name].input.focus());
      ints[name] = n;
    }
    const body = {
      title: f.title.value(),
      occupation_id: f.occupation_id.value() || null,
      city: f.city.value(),
      work_mode: f.work_mode.value(),
      employment_type: f.employment_type.value(),
      education_level: f.education_level.value(),
      ...ints,
      disability: f.disability.value(),
      description: f.description.value(),
      closes_at: fromDateInput(f.closes_at.value()),
    };
    save.disabled = true;
    try {
      const created = !editing;
      const { job } = created
        ? await api("POST", `/api/booths/${state.booth.id}/jobs`, body)
        : await api("PATCH", `/api/jobs/${editing.id}`, body);
      form.hidden = true;
      editing = null;
      onSaved(job, created);
    } catch (err) {
      showError(err, f, summary);
    } finally {
      save.disabled = false;
    }
  });
  cancel.addEventListener("click", () => {
    form.hidden = true;
    editing = null;
    onCancel();
  });
  return { element: form, open };
}
