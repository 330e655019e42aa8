// `#/`: the fair list (GET /api/fairs), with dates in the fair's time zone and the viewer's own.
import { t, tx, tOr, bind, localized } from "../i18n.js";
import { api } from "../http.js";
import { h, formatRange, zonesDiffer, viewerTimeZone } from "../ui.js";

export async function landingView(ctx) {
  const { fairs = [] } = await api("GET", "/api/fairs", undefined, { signal: ctx.signal });
  ctx.app.setTitle(() => t("landing.title"));
  const list = fairs.length
    ? h("ul", { class: "cards", role: "list" }, fairs.map((fair) => h("li", { class: "card" }, fairSummary(fair, { link: true }))))
    : h("p", {}, tx("landing.empty"));
  if (fairs.length) bind(list, (el) => el.setAttribute("aria-label", t("landing.listLabel")));
  return h("div", { class: "view" }, h("h1", {}, tx("landing.title")), h("p", { class: "lead" }, tx("landing.intro")), list);
}

/** A fair's title (a link when `link`), badges and facts. Used by the landing page and the lobby. */
export function fairSummary(fair, { link = false, headingLevel = 2 } = {}) {
  const title = h(link ? "a" : "span", link ? { href: `#/fair/${fair.id}` } : {});
  bind(title, (el) => {
    const { text, lang } = localized(fair.title);
    el.textContent = text || `#${fair.id}`;
    if (lang && lang !== document.documentElement.lang) el.setAttribute("lang", lang);
    else el.removeAttribute("lang");
  });
  const heading = headingLevel ? h(`h${headingLevel}`, { class: "card-title" }, title) : null;
  return h(
    "article",
    { class: "fair-summary", "data-fair-id": fair.id },
    heading,
    fairBadges(fair),
    fairFacts(fair),
    link ? fairDescription(fair) : null,
  );
}

export function fairBadges(fair) {
  const status = h("span", { class: `badge badge-status badge-${fair.status}` });
  bind(status, (el) => (el.textContent = tOr(`status.${fair.status}`, fair.status ?? "")));
  const demo = fair.demo ? h("span", { class: "badge badge-demo", "data-demo": "true" }, tx("fair.demo")) : null;
  return h("p", { class: "badges" }, status, demo);
}

export function fairDescription(fair) {
  const p = h("p", { class: "description" });
  bind(p, (el) => {
    const { text, lang } = localized(fair.description);
    el.textContent = text;
    if (lang && lang !== document.documentElement.lang) el.setAttribute("lang", lang);
    else el.removeAttribute("lang");
  });
  return p;
}

function fact(labelKey, ...value) {
  return h("div", { class: "fact" }, h("dt", {}, tx(labelKey)), h("dd", {}, ...value));
}

/** Theme and dates: in the fair's zone, and in the viewer's zone too when the clock differs. */
export function fairFacts(fair) {
  const theme = h("span");
  bind(theme, (el) => (el.textContent = tOr(`theme.${fair.theme}`, fair.theme ?? "")));
  const facts = [fact("fair.theme", theme)];
  if (fair.starts_at) {
    const when = h("time", { datetime: new Date(fair.starts_at * 1000).toISOString() });
    bind(when, (el) => (el.textContent = `${formatRange(fair.starts_at, fair.ends_at, fair.timezone)} (${fair.timezone})`));
    facts.push(fact("fair.when", when));
    const mine = viewerTimeZone();
    if (zonesDiffer(fair.starts_at, fair.ends_at, fair.timezone, mine)) {
      const local = h("time", { datetime: new Date(fair.starts_at * 1000).toISOString(), "data-viewer-zone": mine });
      bind(local, (el) => (el.textContent = `${formatRange(fair.starts_at, fair.ends_at, mine)} (${mine})`));
      facts.push(fact("fair.yourTime", local));
    }
  }
  return h("dl", { class: "facts" }, facts);
}
