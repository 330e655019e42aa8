// #/employer/booth/{id}/applicants — a booth's applicants for its staff: filters (job, status),
// search over CV text and notes, sorting, and per applicant a small form (status, message to the
// applicant, rating, private notes) saved on its own. CV links go through
// /api/applications/{id}/cv, which records every download for the organiser.
import { api } from "../../http.js";
import { t, tx, bind, formatNumber } from "../../i18n.js";
import { h, newId, errorText } from "../../ui.js";
import { STATUSES, when, statusText } from "./strings.js";

// Moves staff may make from each status (server/cv/workflow.hpp): forward, or rejected.
function nextStatuses(from) {
  if (from === "hired" || from === "rejected") return [from];
  const order = STATUSES.slice(0, 6);
  return [...order.slice(order.indexOf(from)), "rejected"];
}

function field(label, control, hint) {
  const id = control.id || (control.id = newId("f"));
  return h("div", { class: "field" }, h("label", { for: id }, label), hint ?? null, control);
}

export async function applicantsView(ctx) {
  const boothId = Number(ctx.params[0]);
  const { booth } = await api("GET", `/api/booths/${boothId}`, undefined, { signal: ctx.signal });
  const q = { job: ctx.query.get("job") ?? "", status: ctx.query.get("status") ?? "", q: ctx.query.get("q") ?? "", sort: ctx.query.get("sort") ?? "created", order: ctx.query.get("order") ?? "desc", page: 1 };
  const jobs = new Map((booth.jobs ?? []).map((j) => [String(j.id), j.title]));

  const status = h("p", { class: "notice", role: "status", hidden: true });
  const say = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };
  const list = h("div", { class: "cv-applicants", "aria-live": "off" });
  const count = h("p", { class: "cv-count" });
  const pager = h("nav", { class: "cv-pager", "aria-label": t("cv.emp.page", { p: 1, n: 1 }) });

  const query = (extra = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, ...extra })) if (v !== "" && v != null) p.set(k, String(v));
    return p.toString();
  };
  const csv = h("a", { class: "button", href: "#" }, tx("cv.emp.csv"));
  const updateCsv = () => csv.setAttribute("href", `/api/booths/${boothId}/applications.csv?${query({ page: "" })}`);

  // ---- filters ----
  const jobSelect = h("select", { id: newId("cv-job"), name: "job" });
  const renderJobs = () => {
    jobSelect.replaceChildren(
      h("option", { value: "" }, t("cv.emp.allJobs")),
      h("option", { value: "none" }, t("cv.emp.drops")),
      ...[...jobs].map(([id, title]) => h("option", { value: id }, title)),
    );
    jobSelect.value = q.job;
  };
  bind(jobSelect, renderJobs);
  const statusSelect = h("select", { id: newId("cv-status"), name: "status" });
  bind(statusSelect, (s) => {
    s.replaceChildren(h("option", { value: "" }, t("cv.emp.anyStatus")), ...STATUSES.map((v) => h("option", { value: v }, statusText(v))));
    s.value = q.status;
  });
  const search = h("input", { type: "search", id: newId("cv-q"), name: "q", value: q.q, maxlength: "200" });
  const sort = h("select", { id: newId("cv-sort"), name: "sort" });
  bind(sort, (s) => {
    s.replaceChildren(
      ...[
        ["created", "cv.emp.sortCreated"],
        ["updated", "cv.emp.sortUpdated"],
        ["rating", "cv.emp.sortRating"],
        ["status", "cv.emp.sortStatus"],
      ].map(([v, k]) => h("option", { value: v }, t(k))),
    );
    s.value = q.sort;
  });
  const order = h("select", { id: newId("cv-order"), name: "order" });
  bind(order, (s) => {
    s.replaceChildren(h("option", { value: "desc" }, t("cv.emp.desc")), h("option", { value: "asc" }, t("cv.emp.asc")));
    s.value = q.order;
  });
  const filters = h(
    "form",
    {
      class: "form cv-filters",
      role: "search",
      "aria-labelledby": "cv-filters-title",
      onsubmit: (e) => {
        e.preventDefault();
        Object.assign(q, { job: jobSelect.value, status: statusSelect.value, q: search.value.trim(), sort: sort.value, order: order.value, page: 1 });
        load();
      },
    },
    h("h2", { id: "cv-filters-title" }, tx("cv.emp.filters")),
    h(
      "div",
      { class: "cv-filter-grid" },
      field(tx("cv.emp.search"), search),
      field(tx("cv.emp.job"), jobSelect),
      field(tx("cv.emp.status"), statusSelect),
      field(tx("cv.emp.sort"), sort),
      field(tx("cv.emp.order"), order),
    ),
    h("p", {}, h("button", { type: "submit", class: "button primary" }, tx("cv.emp.apply")), " ", csv),
  );

  // ---- one applicant ----
  function card(a) {
    const name = a.applicant?.name ?? t("cv.emp.deleted");
    const headId = newId("cv-app");
    const msgs = h("p", { class: "cv-saved", role: "status" });
    const st = h("select", { id: newId("cv-st"), name: "status" }, nextStatuses(a.status).map((v) => h("option", { value: v }, statusText(v))));
    st.value = a.status;
    const message = h("textarea", { id: newId("cv-msg"), name: "message", rows: "2", maxlength: "500" });
    message.value = a.status_message;
    const rating = h("select", { id: newId("cv-rating"), name: "rating" }, h("option", { value: "" }, t("cv.emp.noRating")), [1, 2, 3, 4, 5].map((n) => h("option", { value: String(n) }, "★".repeat(n) + ` ${n}/5`)));
    rating.value = a.rating == null ? "" : String(a.rating);
    const notes = h("textarea", { id: newId("cv-notes"), name: "notes", rows: "2", maxlength: "2000" });
    notes.value = a.recruiter_notes;
    const save = h("button", { type: "submit", class: "button primary" }, t("cv.emp.save", { name }));
    const form = h(
      "form",
      {
        class: "form cv-app-form",
        onsubmit: async (e) => {
          e.preventDefault();
          save.disabled = true;
          msgs.textContent = "";
          try {
            const body = { message: message.value, rating: rating.value ? Number(rating.value) : null, notes: notes.value };
            if (st.value !== a.status) body.status = st.value;
            const r = await api("PATCH", `/api/applications/${a.id}`, body);
            const fresh = card(r.application);
            article.replaceWith(fresh);
            fresh.querySelector(".cv-saved").textContent = t("cv.emp.saved");
            fresh.querySelector("button[type=submit]").focus();
          } catch (err) {
            msgs.textContent = err.message || errorText(err);
            save.disabled = false;
          }
        },
      },
      field(t("cv.emp.statusOf", { name }), st),
      field(t("cv.emp.message", { name }), message),
      field(t("cv.emp.rating", { name }), rating),
      field(t("cv.emp.notes", { name }), notes),
      h("p", {}, save),
      msgs,
    );
    const facts = h(
      "dl",
      { class: "facts" },
      a.applicant ? [h("dt", {}, tx("cv.emp.email")), h("dd", {}, h("a", { href: `mailto:${a.applicant.email}` }, a.applicant.email))] : null,
      a.applicant?.city ? [h("dt", {}, tx("cv.emp.where")), h("dd", {}, [a.applicant.city, a.applicant.education_level].filter(Boolean).join(" · "))] : null,
      h("dt", {}, tx("cv.emp.job")),
      h("dd", {}, a.job ? a.job.title : t("cv.emp.drops")),
      h("dt", {}, tx("cv.emp.status")),
      h("dd", {}, h("span", { class: `badge cv-status cv-status-${a.status}` }, statusText(a.status)), " · ", when(a.created_at)),
      h("dt", {}, tx("cv.emp.cv")),
      h("dd", {}, a.cv ? h("a", { href: `/api/applications/${a.id}/cv`, download: a.cv.name }, t("cv.emp.openCv", { name })) : t("cv.emp.noCv")),
      a.note ? [h("dt", {}, tx("cv.emp.note")), h("dd", { class: "cv-message" }, a.note)] : null,
    );
    const article = h("article", { class: "card cv-applicant", "aria-labelledby": headId, "data-application": a.id }, h("h3", { id: headId }, name), facts, form);
    return article;
  }

  async function load() {
    updateCsv();
    try {
      const r = await api("GET", `/api/booths/${boothId}/applications?${query()}`, undefined, { signal: ctx.signal });
      for (const a of r.applications) if (a.job) jobs.set(String(a.job.id), a.job.title);
      renderJobs();
      count.textContent = t("cv.emp.count", { n: formatNumber(r.total) });
      list.replaceChildren(...(r.applications.length ? r.applications.map(card) : [h("p", {}, tx("cv.emp.empty"))]));
      const pages = Math.max(1, Math.ceil(r.total / r.page_size));
      pager.setAttribute("aria-label", t("cv.emp.page", { p: q.page, n: pages }));
      pager.replaceChildren(
        ...(pages > 1
          ? [
              h("button", { type: "button", class: "button", disabled: q.page <= 1, onclick: () => ((q.page -= 1), load()) }, tx("cv.emp.prev")),
              h("span", {}, ` ${t("cv.emp.page", { p: q.page, n: pages })} `),
              h("button", { type: "button", class: "button", disabled: q.page >= pages, onclick: () => ((q.page += 1), load()) }, tx("cv.emp.next")),
            ]
          : []),
      );
      say("");
    } catch (err) {
      if (err?.name === "AbortError") return;
      say(err.message || errorText(err));
    }
  }
  await load();

  ctx.app.setTitle?.(() => t("cv.emp.title", { name: booth.name }));
  return h(
    "div",
    { class: "cv-page" },
    h("h1", {}, tx("cv.emp.title", { name: booth.name })),
    status,
    filters,
    h("section", { "aria-labelledby": "cv-results-title" }, h("h2", { id: "cv-results-title", class: "sr-only" }, tx("cv.emp.applicant")), count, list, pager),
  );
}
