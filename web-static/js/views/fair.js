// `#/fair/{id}`: the fair lobby. Fair info, a live "N online now" (topic fair:{id}: presence
// pushes, and presence.get after every (re)subscribe) and the booth list with a filter.
import { t, tn, tx, bind, localized } from "../i18n.js";
import { api } from "../http.js";
import { CMD, EVT, topic } from "../protocol.js";
import { h, newId, errorText } from "../ui.js";
import { fairBadges, fairFacts, fairDescription } from "./landing.js";

export async function fairView(ctx) {
  const id = Number(ctx.params[0]);
  const { fair, booths = [] } = await api("GET", `/api/fairs/${id}`, undefined, { signal: ctx.signal });
  const title = () => localized(fair.title).text || `#${fair.id}`;
  ctx.app.setTitle(title);

  const heading = h("h1", {});
  bind(heading, (el) => (el.textContent = title()));
  const online = liveCount(ctx, topic.fair(id), "lobby.online");

  return h(
    "div",
    { class: "view" },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/" }, tx("lobby.back"))),
    heading,
    fairBadges(fair),
    online,
    fairActions(ctx, fair),
    fairDescription(fair),
    fairFacts(fair),
    boothList(booths),
  );
}

/** Where to go from the lobby: the hall (jobs, filters, search), registration for jobseekers,
 *  the management pages for organisers. */
function fairActions(ctx, fair) {
  const role = ctx.app.user?.role;
  const links = [h("a", { class: "button primary", href: `#/fair/${fair.id}/hall` }, tx("lobby.hall"))];
  if (role === "jobseeker") links.push(h("a", { class: "button", href: `#/join/${fair.id}` }, tx("lobby.register")));
  if (role === "organiser")
    links.push(
      h("a", { class: "button", href: `#/organiser/fair/${fair.id}` }, tx("lobby.manage")),
      h("a", { class: "button", href: `#/organiser/fair/${fair.id}/registrations` }, tx("lobby.registrations")),
      h("a", { class: "button", href: `#/organiser/fair/${fair.id}/report` }, tx("lobby.report")),
      h("a", { class: "button", href: `#/organiser/fair/${fair.id}/cv-downloads` }, tx("lobby.downloads")),
      h("a", { class: "button", href: `#/organiser/fair/${fair.id}/moderation` }, tx("mod.lobbyLink")),
    );
  return h("p", { class: "actions" }, ...links);
}

/**
 * An element showing a topic's live presence count with `key` ("{n} online now"). Subscribes to
 * `topicName` for as long as the view lives; the count comes from presence.get after every
 * (re)subscribe and from presence pushes in between. data-count holds the number.
 */
export function liveCount(ctx, topicName, key, extraHandlers = {}) {
  const { client } = ctx.app;
  const el = h("p", { class: "live-count", "data-count": "" }, h("span", { class: "live-dot", "aria-hidden": "true" }));
  const text = h("span", { class: "live-count-text" });
  el.append(text);
  let count = null;
  let problem = null;
  const render = bind(text, (node) => {
    if (problem) node.textContent = t("lobby.liveUnavailable", { message: errorText(problem) });
    else node.textContent = count === null ? t("loading") : tn(key, count);
  });
  const setCount = (n) => {
    if (typeof n !== "number") return;
    count = n;
    el.dataset.count = String(n);
    render();
  };
  const askPresence = () =>
    client.request(CMD.PRESENCE_GET, { topic: topicName }).then(
      (d) => setCount(d.count),
      () => {}, // the next push or resubscribe brings the count
    );
  const sub = client.subscribe(topicName, {
    onSubscribed: (...args) => {
      problem = null;
      askPresence();
      extraHandlers.onSubscribed?.(...args);
    },
    onEvent: (push) => {
      if (push.event === EVT.PRESENCE) setCount(push.data?.count);
      extraHandlers.onEvent?.(push);
    },
    onReset: (...args) => extraHandlers.onReset?.(...args),
    onError: (err) => {
      problem = err;
      render();
      extraHandlers.onError?.(err);
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  el.subscription = sub;
  return el;
}

function boothList(booths) {
  const headingId = newId("booths");
  const section = h("section", { class: "booths", "aria-labelledby": headingId }, h("h2", { id: headingId }, tx("lobby.booths")));
  if (!booths.length) {
    section.append(h("p", {}, tx("lobby.noBooths")));
    return section;
  }
  const filterId = newId("booth-filter");
  const filter = h("input", { id: filterId, type: "search", autocomplete: "off" });
  const shown = h("p", { class: "hint", role: "status" });
  const items = booths.map((b) => {
    const meta = [b.sector, b.city].filter(Boolean).join(" · ");
    const li = h(
      "li",
      { class: "booth-item", "data-booth-id": b.id },
      h("a", { href: `#/booth/${b.id}`, class: "booth-link" }, b.name),
      meta ? h("span", { class: "booth-meta" }, meta) : null,
    );
    li.dataset.search = fold(`${b.name} ${b.sector ?? ""} ${b.city ?? ""}`);
    return li;
  });
  let visible = booths.length;
  const renderShown = bind(shown, (el) => (el.textContent = visible === booths.length ? "" : t("lobby.shown", { shown: visible, total: booths.length })));
  filter.addEventListener("input", () => {
    const q = fold(filter.value.trim());
    visible = 0;
    for (const li of items) {
      li.hidden = q !== "" && !li.dataset.search.includes(q);
      if (!li.hidden) visible += 1;
    }
    renderShown();
  });
  section.append(
    h("div", { class: "field filter" }, h("label", { for: filterId }, tx("lobby.filter")), filter),
    shown,
    h("ul", { class: "booth-list", role: "list" }, items),
  );
  return section;
}

/** Case- and accent-insensitive form for matching: "İzmir", "izmir" and "IZMIR" all match. */
function fold(s) {
  return s.toLocaleLowerCase("tr").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ı/g, "i");
}
