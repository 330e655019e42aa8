// `#/job/{id}`: a job's details (GET /api/jobs/{id}) with a link to its booth, and the apply
// button of the CVs capability (views/cvs/apply.js: applyButton(job, app)) when it is there.
import { t, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { h } from "../../ui.js";
import { label, formatDate } from "./common.js";

export async function jobView(ctx) {
  const id = Number(ctx.params[0]);
  const { job } = await api("GET", `/api/jobs/${id}`, undefined, { signal: ctx.signal });
  ctx.app.setTitle(() => job.title);

  const back = h("a", { href: `#/booth/${job.booth_id}` });
  bind(back, (el) => (el.textContent = t("bo.job.back", { booth: job.booth_name })));
  const occupation = job.occupation ? h("span", {}) : null;
  if (occupation) bind(occupation, (el) => (el.textContent = localized(job.occupation.name).text));

  const rows = [
    ["bo.job.booth", h("a", { href: `#/booth/${job.booth_id}` }, job.booth_name)],
    occupation ? ["bo.j.occupation", occupation] : null,
    job.city ? ["bo.j.city", job.city] : null,
    ["bo.j.workMode", label("wm", job.work_mode)],
    ["bo.j.employmentType", label("et", job.employment_type)],
    ["bo.j.education", label("ed", job.education_level)],
    ["bo.j.experience", String(job.experience_years)],
    ["bo.j.openings", String(job.openings)],
    ["bo.j.disability", label("dis", job.disability)],
    job.closes_at ? ["bo.j.closesAt", formatDate(job.closes_at)] : null,
  ].filter(Boolean);

  const badges = [];
  if (job.work_mode !== "onsite") badges.push(h("span", { class: "badge bo-badge-remote" }, label("wm", job.work_mode)));
  if (job.disability !== "none") badges.push(h("span", { class: "badge bo-badge-access" }, tx("bo.badge.disability")));
  if (job.status === "closed") badges.push(h("span", { class: "badge" }, tx("bo.st.closed")));

  return h(
    "div",
    { class: "view job-view" },
    h("p", { class: "breadcrumb" }, back),
    h("h1", {}, job.title),
    badges.length ? h("p", { class: "badges" }, badges) : null,
    h("dl", { class: "facts" }, rows.map(([k, v]) => h("div", { class: "fact" }, h("dt", {}, tx(k)), h("dd", {}, v)))),
    job.description ? h("p", { class: "description bo-pre" }, job.description) : null,
    job.status === "closed" ? h("p", { class: "notice" }, tx("bo.job.closedNote")) : await applyArea(job, ctx),
  );
}

// The CVs capability owns applying. Its module may not exist yet (or fail to load): the page
// still works without it.
async function applyArea(job, ctx) {
  if (ctx.app.user?.role !== "jobseeker") return null;
  try {
    const mod = await import("../cvs/apply.js");
    if (typeof mod.applyButton === "function") return h("div", { class: "bo-apply" }, await mod.applyButton(job, ctx.app));
  } catch {
    /* not there yet */
  }
  return h("p", { class: "hint" }, tx("bo.job.applySoon"));
}
