// The organiser's pages of one fair: `#/organiser/fair/{id}/registrations` (search, paging,
// CSV download; GET /api/fairs/{id}/registrations) and `#/organiser/fair/{id}/report` (the
// aggregate report with its "<5" small cells explained; GET /api/fairs/{id}/report).
import { t, tx, bind, localized, formatNumber } from "../../i18n.js";
import { api } from "../../http.js";
import { h, newId, errorText } from "../../ui.js";
import { formatDate } from "./strings.js";

const PER_PAGE = 25;

async function fairTitle(ctx, id) {
  const { fair } = await api("GET", `/api/fairs/${id}`, undefined, { signal: ctx.signal });
  return () => localized(fair.title).text || `#${fair.id}`;
}

export async function registrationsView(ctx) {
  const id = Number(ctx.params[0]);
  const title = await fairTitle(ctx, id);
  ctx.app.setTitle(() => t("people.org.title", { fair: title() }));
  const heading = h("h1", {});
  bind(heading, (el) => (el.textContent = t("people.org.title", { fair: title() })));

  const searchId = "reg-search";
  const search = h("input", { type: "search", id: searchId, name: "q", autocomplete: "off", value: ctx.query.get("q") ?? "" });
  const form = h(
    "form",
    { class: "people-search", role: "search" },
    h("div", { class: "field" }, h("label", { for: searchId }, tx("people.org.search")), search),
    h("button", { type: "submit", class: "button" }, tx("people.org.searchButton")),
  );
  const csv = h("a", { class: "button", id: "reg-csv", download: "" }, tx("people.org.csv"));
  const results = h("div", { id: "reg-results" });
  const problem = h("div", { class: "form-summary is-empty", role: "alert" });

  let page = 1;
  const load = async () => {
    const q = search.value.trim();
    const qs = new URLSearchParams({ q, page: String(page), per_page: String(PER_PAGE) });
    csv.href = `/api/fairs/${id}/registrations.csv?${new URLSearchParams({ q })}`;
    try {
      const data = await api("GET", `/api/fairs/${id}/registrations?${qs}`, undefined, { signal: ctx.signal });
      problem.textContent = "";
      problem.classList.add("is-empty");
      results.replaceChildren(table(data), pager(data));
    } catch (err) {
      if (err?.name === "AbortError") return;
      problem.textContent = errorText(err);
      problem.classList.remove("is-empty");
    }
  };

  const pager = (data) => {
    const pages = Math.max(1, Math.ceil(data.total / data.per_page));
    if (pages === 1) return h("span");
    const prev = h("button", { type: "button", class: "button", id: "reg-prev", disabled: page <= 1 }, tx("people.org.prev"));
    const next = h("button", { type: "button", class: "button", id: "reg-next", disabled: page >= pages }, tx("people.org.next"));
    prev.addEventListener("click", async () => {
      page -= 1;
      await load();
      document.getElementById("reg-table")?.focus();
    });
    next.addEventListener("click", async () => {
      page += 1;
      await load();
      document.getElementById("reg-table")?.focus();
    });
    const navLabel = newId("pages");
    return h(
      "nav",
      { class: "people-pager", "aria-labelledby": navLabel },
      h("span", { id: navLabel, class: "sr-only" }, tx("people.org.pages")),
      prev,
      h("span", { "aria-live": "polite" }, tx("people.org.page", { page, pages })),
      next,
    );
  };

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    page = 1;
    load();
  });
  await load();

  return h(
    "div",
    { class: "view people-org" },
    h("p", { class: "breadcrumb" }, h("a", { href: `#/fair/${id}` }, bindText(title))),
    heading,
    h("p", { class: "actions" }, csv, " ", h("a", { class: "button", href: `#/organiser/fair/${id}/report`, id: "reg-report" }, tx("people.org.report"))),
    form,
    problem,
    results,
  );
}

function table(data) {
  const cols = ["name", "email", "phone", "city", "education", "registeredAt"];
  const caption = h("caption", {}, tx("people.org.caption", { total: formatNumber(data.total) }));
  const head = h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col" }, tx(`people.org.${c}`)))));
  const rows = data.registrations.map((r) => {
    const edu = r.education_level ? tx(`people.edu.${r.education_level}`) : "";
    return h(
      "tr",
      { "data-user-id": r.user_id },
      h("th", { scope: "row" }, r.name),
      h("td", {}, h("a", { href: `mailto:${r.email}` }, r.email)),
      h("td", {}, r.phone),
      h("td", {}, r.city),
      h("td", {}, edu),
      h("td", {}, h("time", { datetime: new Date(r.registered_at * 1000).toISOString() }, formatDate(r.registered_at))),
    );
  });
  const body = h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: cols.length }, tx("people.org.none"))));
  // The wrapper scrolls on narrow screens; it is focusable so keyboard users can scroll it.
  return h("div", { class: "people-table-wrap", tabindex: "0", id: "reg-table", role: "region", "aria-label": t("people.org.caption", { total: data.total }) }, h("table", { class: "people-table" }, caption, head, body));
}

function bindText(fn) {
  const node = document.createTextNode("");
  bind(node, (n) => (n.data = fn()));
  return node;
}

export async function reportView(ctx) {
  const id = Number(ctx.params[0]);
  const [title, { report, outcomes, activity }] = await Promise.all([fairTitle(ctx, id), api("GET", `/api/fairs/${id}/report`, undefined, { signal: ctx.signal })]);
  ctx.app.setTitle(() => t("people.report.title", { fair: title() }));
  const heading = h("h1", {});
  bind(heading, (el) => (el.textContent = t("people.report.title", { fair: title() })));

  const count = (c) => (typeof c === "number" ? formatNumber(c) : c);
  const breakdown = (name) => {
    const cells = report.breakdowns[name] ?? [];
    const rows = cells.map((c) => {
      const label =
        c.key === "city" ? c.name : c.key === "other" && name === "city" ? t("people.key.otherCities") : t(`people.key.${c.key}`);
      return h("tr", {}, h("th", { scope: "row" }, label), h("td", { class: "num" }, count(c.count)));
    });
    return h(
      "div",
      { class: "people-table-wrap" },
      h(
        "table",
        { class: "people-table", "data-breakdown": name },
        h("caption", {}, tx(`people.report.${name}`)),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tx("people.report.group")), h("th", { scope: "col" }, tx("people.report.count")))),
        h("tbody", {}, rows),
      ),
    );
  };
  const days = report.registrations_per_day ?? [];
  const perDay = days.length
    ? h(
        "div",
        { class: "people-table-wrap" },
        h(
          "table",
          { class: "people-table", "data-breakdown": "per-day" },
          h("caption", {}, tx("people.report.perDay")),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tx("people.report.date")), h("th", { scope: "col" }, tx("people.report.registrations")))),
          h("tbody", {}, days.map((d) => h("tr", {}, h("th", { scope: "row" }, h("time", { datetime: d.date }, d.date)), h("td", { class: "num" }, formatNumber(d.count))))),
        ),
      )
    : h("p", {}, tx("people.report.noneYet"));

  return h(
    "div",
    { class: "view people-report" },
    h("p", { class: "breadcrumb" }, h("a", { href: `#/organiser/fair/${id}/registrations` }, bindText(() => t("people.org.title", { fair: title() })))),
    heading,
    h("p", { class: "lead", id: "report-registered" }, tx("people.report.registered", { n: formatNumber(report.registered) })),
    h("p", { class: "notice", id: "report-small-cells" }, tx("people.report.smallCells")),
    h("div", { class: "people-report-grid" }, ["gender", "age_group", "disability", "education", "city"].map(breakdown)),
    perDay,
    activity ? activitySection(activity) : null,
    outcomes ? outcomesSection(outcomes, activity) : null,
  );
}

// A count (number or the "<5" marker) as text that follows the language (thousands separators).
function countNode(c) {
  const node = document.createTextNode("");
  bind(node, (n) => (n.data = typeof c === "number" ? formatNumber(c) : c ?? ""));
  return node;
}

// Seconds as minutes with one decimal ("none yet" when there is no value).
function minutesNode(seconds) {
  if (seconds === null || seconds === undefined) return tx("people.activity.noValue");
  const node = document.createTextNode("");
  bind(node, (n) => (n.data = t("people.activity.minutes", { n: formatNumber(Math.round(seconds / 6) / 10) })));
  return node;
}

// A two-column table of named figures: [[labelKey, valueNode], ...].
function figureTable(name, captionKey, rows) {
  return h(
    "div",
    { class: "people-table-wrap" },
    h(
      "table",
      { class: "people-table", "data-figures": name },
      h("caption", {}, tx(captionKey)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tx("people.activity.figure")), h("th", { scope: "col" }, tx("people.activity.value")))),
      h(
        "tbody",
        {},
        rows.map(([key, value]) => h("tr", { "data-figure": key.split(".").pop() }, h("th", { scope: "row" }, tx(key)), h("td", { class: "num" }, value))),
      ),
    ),
  );
}

// Visits, firms, chats, interviews, queues and slots (the report's "activity").
function activitySection(a) {
  const n = countNode;
  const v = a.visits ?? {};
  const i = a.interviews ?? {};
  const q = a.queues ?? {};
  const sl = a.slots ?? {};
  const c = a.chats ?? {};
  const b = a.booths ?? {};
  const days = v.visitors_per_day ?? [];
  const headingId = "report-activity-heading";
  return h(
    "section",
    { id: "report-activity", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("people.activity.title")),
    h("p", { id: "report-visit-definition" }, tx("people.activity.visitDefinition")),
    h(
      "div",
      { class: "people-report-grid" },
      figureTable("visits", "people.activity.visits", [
        ["people.activity.unique_visitors", n(v.unique_visitors)],
        ["people.activity.fair_visits", n(v.fair_visits)],
        ["people.activity.booth_visits", n(v.booth_visits)],
        ["people.activity.booths_visited", n(v.booths_visited)],
      ]),
      figureTable("booths", "people.activity.booths", [
        ["people.activity.booths_total", n(b.total)],
        ["people.activity.participating_firms", n(b.participating_firms)],
      ]),
      figureTable("chats", "people.activity.chats", [
        ["people.activity.public_messages", n(c.public_messages)],
        ["people.activity.threads", n(c.threads)],
        ["people.activity.thread_messages", n(c.thread_messages)],
      ]),
      figureTable("interviews", "people.activity.interviews", [
        ["people.activity.held", n(i.held)],
        ["people.activity.one_to_one", n(i.one_to_one)],
        ["people.activity.group", n(i.group)],
        ["people.activity.from_queue", n(i.by_source?.queue)],
        ["people.activity.from_slot", n(i.by_source?.slot)],
        ["people.activity.direct", n(i.by_source?.direct)],
        ["people.activity.candidates", n(i.candidates)],
        ["people.activity.total_minutes", minutesNode(i.duration_s?.total ?? 0)],
        ["people.activity.median_minutes", minutesNode(i.duration_s?.median)],
      ]),
      figureTable("queues", "people.activity.queues", [
        ["people.activity.joined", n(q.joined)],
        ["people.activity.called", n(q.called)],
        ["people.activity.accepted", n(q.accepted)],
        ["people.activity.declined", n(q.declined)],
        ["people.activity.queue_no_shows", n(q.no_shows)],
        ["people.activity.median_wait", minutesNode(q.median_wait_s)],
      ]),
      figureTable("slots", "people.activity.slots", [
        ["people.activity.published", n(sl.published)],
        ["people.activity.withdrawn", n(sl.withdrawn)],
        ["people.activity.booked", n(sl.booked)],
        ["people.activity.cancelled", n(sl.cancelled)],
        ["people.activity.slot_no_shows", n(sl.no_shows)],
      ]),
    ),
    days.length
      ? h(
          "div",
          { class: "people-table-wrap" },
          h(
            "table",
            { class: "people-table", "data-figures": "visitors-per-day" },
            h("caption", {}, tx("people.activity.perDay")),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tx("people.report.date")), h("th", { scope: "col" }, tx("people.activity.visitors")))),
            h("tbody", {}, days.map((d) => h("tr", {}, h("th", { scope: "row" }, h("time", { datetime: d.date }, d.date)), h("td", { class: "num" }, n(d.count))))),
          ),
        )
      : h("p", {}, tx("people.activity.noVisits")),
  );
}

// The bucket keys of the outcome breakdowns (server/cv/privacy.hpp), in reading order.
const OUTCOME_BUCKETS = {
  gender: ["female", "male", "other", "unknown"],
  age_group: ["15-24", "25+", "unknown"],
  disability: ["yes", "no", "unknown"],
  education: ["primary", "secondary", "associate_or_higher", "unknown"],
};

// Applications, CVs received, placements, and who was hired and interviewed by group.
function outcomesSection(o, activity) {
  const n = countNode;
  const interviewed = activity?.interviews?.interviewed_by ?? {};
  const hired = o.hired_by ?? {};
  const headingId = "report-outcomes-heading";
  const breakdown = (dim) =>
    h(
      "div",
      { class: "people-table-wrap" },
      h(
        "table",
        { class: "people-table", "data-outcome": dim },
        h("caption", {}, tx(`people.report.${dim}`)),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, tx("people.report.group")),
            h("th", { scope: "col" }, tx("people.outcomes.interviewed")),
            h("th", { scope: "col" }, tx("people.outcomes.hired")),
          ),
        ),
        h(
          "tbody",
          {},
          OUTCOME_BUCKETS[dim].map((k) =>
            h(
              "tr",
              { "data-key": k },
              h("th", { scope: "row" }, tx(`people.key.${k === "primary" ? "primary_or_below" : k}`)),
              h("td", { class: "num" }, n(interviewed[dim]?.[k] ?? 0)),
              h("td", { class: "num" }, n(hired[dim]?.[k] ?? 0)),
            ),
          ),
        ),
      ),
    );
  return h(
    "section",
    { id: "report-outcomes", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("people.outcomes.title")),
    figureTable("outcomes", "people.outcomes.figures", [
      ["people.outcomes.applications", n(o.applications)],
      ["people.outcomes.cvs_received", n(o.cvs_received)],
      ["people.outcomes.distinct_applicants", n(o.distinct_applicants)],
      ["people.outcomes.hired_total", n(o.hired)],
    ]),
    h("p", { class: "notice", id: "report-outcome-cells" }, tx("people.outcomes.smallCells")),
    h("div", { class: "people-report-grid is-wide" }, Object.keys(OUTCOME_BUCKETS).map(breakdown)),
  );
}
