// `#/fair/{id}/hall`: the fair hall. A search box and filters (occupation, city, education
// level, remote, disability-friendly) over GET /api/fairs/{id}/hall; results grouped by sector
// (one h2 each), booth cards linking to #/booth/{id} and their matching jobs to #/job/{id}.
//
// The filters live in the URL's query (#/fair/1/hall?q=kaynak&city=İzmir) so a result can be
// shared and survives a reload; the query is updated with history.replaceState, which does not
// re-render the page, so focus stays in the form while the results change.
//
// Each card also shows its live visitor and recruiter counts (presence/hall.js), from one
// throttled hall.presence push per interval on fair:{id}.
import { t, tn, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { h, newId, errorText } from "../../ui.js";
import { EDUCATION_LEVELS, formField, label } from "./common.js";
import { hallPresence } from "../presence/hall.js";

const FILTERS = ["q", "occupation", "city", "education", "work_mode", "disability", "page"];

export async function hallView(ctx) {
  const fairId = Number(ctx.params[0]);
  const [{ fair }, first] = await Promise.all([
    api("GET", `/api/fairs/${fairId}`, undefined, { signal: ctx.signal }),
    api("GET", hallPath(fairId, ctx.query), undefined, { signal: ctx.signal }),
  ]);
  const fairTitle = () => localized(fair.title).text || `#${fair.id}`;
  ctx.app.setTitle(() => t("bo.hall.title", { fair: fairTitle() }));

  const heading = h("h1", {});
  bind(heading, (el) => (el.textContent = t("bo.hall.title", { fair: fairTitle() })));
  const back = h("a", { href: `#/fair/${fair.id}` });
  bind(back, (el) => (el.textContent = t("bo.hall.back", { fair: fairTitle() })));

  const filters = filterForm(first.facets, ctx.query);
  const status = h("p", { class: "bo-count", role: "status", id: "hall-count" });
  const loadError = h("p", { class: "error-text", role: "alert" });
  const results = h("div", { id: "hall-results", class: "hall-results" });
  let current = first;
  let seq = 0;
  // Live visitor and recruiter counts on every card: one throttled push per interval for the
  // whole fair (presence capability, views/presence/hall.js).
  const live = hallPresence(ctx, fairId);
  const liveNote = h("p", { class: "hint pr-hall-note" }, tx("pr.hall.live"));

  const renderStatus = bind(status, (el) => {
    el.textContent =
      current.total_booths === 0 ? t("bo.hall.none") : t("bo.hall.count", { booths: current.total_booths, jobs: current.total_jobs });
  });

  function render() {
    renderStatus();
    results.replaceChildren(...renderGroups(current), pager(current, go));
    live.decorate(results);
  }

  async function load(query) {
    const mine = ++seq;
    loadError.textContent = "";
    results.setAttribute("aria-busy", "true");
    try {
      const next = await api("GET", hallPath(fairId, query), undefined, { signal: ctx.signal });
      if (mine !== seq) return;
      current = next;
      const qs = query.toString();
      history.replaceState(null, "", `#/fair/${fairId}/hall${qs ? `?${qs}` : ""}`);
      render();
    } catch (err) {
      if (err?.name === "AbortError") return;
      loadError.textContent = errorText(err);
    } finally {
      if (mine === seq) results.removeAttribute("aria-busy");
    }
  }

  function go(page) {
    const query = filters.query();
    if (page > 1) query.set("page", String(page));
    // The page's results replace the old ones: move focus to their first heading.
    load(query).then(() => {
      const first = results.querySelector("h2");
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    });
  }

  filters.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    load(filters.query());
  });
  // Selects and checkboxes apply at once; the text box on submit (Enter or the button).
  filters.form.addEventListener("change", (ev) => {
    if (ev.target.name !== "q") load(filters.query());
  });
  filters.clear.addEventListener("click", () => {
    filters.reset();
    load(filters.query());
  });

  render();
  return h(
    "div",
    { class: "view hall-view" },
    h("p", { class: "breadcrumb" }, back),
    heading,
    filters.element,
    h("h2", { class: "sr-only" }, tx("bo.hall.results")),
    status,
    liveNote,
    loadError,
    results,
  );
}

function hallPath(fairId, query) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (query.get(k)) q.set(k, query.get(k));
  const s = q.toString();
  return `/api/fairs/${fairId}/hall${s ? `?${s}` : ""}`;
}

/** The search form: a search box and filters built from the fair's facets. */
function filterForm(facets, query) {
  const q = formField({ name: "q", labelKey: "bo.hall.q", type: "search", id: "hall-q", hintKey: "bo.hall.qHint", attrs: { autocomplete: "off", maxlength: 200 } });
  const occupation = formField({
    name: "occupation",
    id: "hall-occupation",
    labelKey: "bo.hall.occupation",
    type: "select",
    options: [{ value: "", key: "bo.hall.anyOccupation" }],
  });
  // Occupation names follow the language: rebuild their option texts on a switch.
  for (const o of facets.occupations ?? []) {
    const opt = h("option", { value: o.id });
    bind(opt, (el) => (el.textContent = `${localized(o.name).text} (${o.count})`));
    occupation.input.append(opt);
  }
  const city = formField({
    name: "city",
    id: "hall-city",
    labelKey: "bo.hall.city",
    type: "select",
    options: [{ value: "", key: "bo.hall.anyCity" }, ...(facets.cities ?? []).map((c) => ({ value: c.name, text: `${c.name} (${c.count})` }))],
  });
  const education = formField({
    name: "education",
    id: "hall-education",
    labelKey: "bo.hall.education",
    type: "select",
    options: [{ value: "", key: "bo.hall.anyEducation" }, ...EDUCATION_LEVELS.filter((l) => l !== "none").map((l) => ({ value: l, key: `bo.ed.${l}` }))],
  });
  const remote = formField({ name: "work_mode", id: "hall-remote", labelKey: "bo.hall.remote", type: "checkbox" });
  const disability = formField({ name: "disability", id: "hall-disability", labelKey: "bo.hall.disability", type: "checkbox" });

  q.setValue(query.get("q") ?? "");
  occupation.setValue(query.get("occupation") ?? "");
  city.setValue(query.get("city") ?? "");
  education.setValue(query.get("education") ?? "");
  remote.setValue(query.get("work_mode") === "remote");
  disability.setValue(query.get("disability") === "1");

  const clear = h("button", { type: "button", class: "button" }, tx("bo.hall.clear"));
  const headingId = newId("hall-filters");
  const form = h(
    "form",
    { class: "hall-filters", role: "search", "aria-labelledby": headingId },
    h("h2", { id: headingId, class: "sr-only" }, tx("bo.hall.filters")),
    h("div", { class: "hall-search-row" }, q.element, h("button", { type: "submit", class: "button primary" }, tx("bo.hall.search"))),
    h("div", { class: "hall-filter-grid" }, occupation.element, city.element, education.element),
    h("div", { class: "hall-checks" }, remote.element, disability.element, clear),
  );
  return {
    element: form,
    form,
    clear,
    query() {
      const out = new URLSearchParams();
      if (q.value().trim()) out.set("q", q.value().trim());
      if (occupation.value()) out.set("occupation", occupation.value());
      if (city.value()) out.set("city", city.value());
      if (education.value()) out.set("education", education.value());
      if (remote.value()) out.set("work_mode", "remote");
      if (disability.value()) out.set("disability", "1");
      return out;
    },
    reset() {
      for (const f of [q, occupation, city, education, remote, disability]) f.setValue(f === remote || f === disability ? false : "");
    },
  };
}

function renderGroups(hall) {
  return (hall.groups ?? []).map((g) => {
    const title = h("h2", { class: "hall-sector" });
    bind(title, (el) => (el.textContent = g.sector || t("bo.hall.noSector")));
    return h("section", { class: "hall-group" }, title, h("ul", { class: "cards hall-cards", role: "list" }, g.booths.map(boothCard)));
  });
}

/** A booth card: logo, name (link to the booth page), city, open jobs, badges, matching jobs. */
export function boothCard(b) {
  const logo = b.logo_url ? h("img", { class: "bo-logo", src: b.logo_url, alt: "", width: 56, height: 56, loading: "lazy" }) : h("span", { class: "bo-logo bo-logo-empty", "aria-hidden": "true" }, (b.name || "?").slice(0, 1));
  const count = h("span", {});
  bind(count, (el) => (el.textContent = tn("bo.hall.openJobs", b.open_jobs ?? 0)));
  const badges = [];
  if (b.remote) badges.push(h("span", { class: "badge bo-badge-remote" }, tx("bo.badge.remote")));
  if (b.disability_friendly) badges.push(h("span", { class: "badge bo-badge-access" }, tx("bo.badge.disability")));
  const jobsLabelId = newId("hall-jobs");
  const jobs = (b.jobs ?? []).length
    ? [
        h("p", { id: jobsLabelId, class: "sr-only" }, tx("bo.hall.matching", { name: b.name })),
        h(
          "ul",
          { class: "bo-job-links", "aria-labelledby": jobsLabelId },
          b.jobs.map((j) =>
            h(
              "li",
              {},
              h("a", { href: `#/job/${j.id}` }, j.title),
              " ",
              h("span", { class: "booth-meta" }, j.city ? `${j.city} · ` : "", label("wm", j.work_mode)),
            ),
          ),
        ),
      ]
    : [];
  return h(
    "li",
    { class: "card bo-card", "data-booth-id": b.id },
    h("div", { class: "bo-card-head" }, logo, h("h3", { class: "card-title" }, h("a", { class: "booth-link", href: `#/booth/${b.id}` }, b.name))),
    h("p", { class: "booth-meta" }, b.city ? `${b.city} · ` : "", count),
    badges.length ? h("p", { class: "badges" }, badges) : null,
    jobs,
  );
}

function pager(hall, go) {
  if ((hall.pages ?? 1) <= 1) return h("span", { hidden: true });
  const prev = h("button", { type: "button", class: "button", disabled: hall.page <= 1 }, tx("bo.hall.prev"));
  const next = h("button", { type: "button", class: "button", disabled: hall.page >= hall.pages }, tx("bo.hall.next"));
  prev.addEventListener("click", () => go(hall.page - 1));
  next.addEventListener("click", () => go(hall.page + 1));
  const nav = h("nav", { class: "bo-pager" }, prev, h("span", {}, tx("bo.hall.page", { page: hall.page, pages: hall.pages })), next);
  bind(nav, (el) => el.setAttribute("aria-label", t("bo.hall.pages")));
  return nav;
}
