// `#/join/{fairId}` (anyone): the target of a fair's registration link and QR code. Shows the
// fair (GET /api/fairs/{id}/join) and, by who is looking: log-in/create-account links that come
// back here, the Register / Cancel registration buttons of a jobseeker with the outcome in a
// status or alert region, or why other roles cannot register.
// `#/me/fairs` (jobseekers): the fairs I registered for (GET /api/me/registrations).
import { t, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { h, newId, errorText } from "../../ui.js";
import { fairBadges, fairFacts, fairDescription } from "../landing.js";
import { formatDate } from "./strings.js";

export async function joinView(ctx) {
  const id = Number(ctx.params[0]);
  const { fair, places_left: placesLeft, target_groups: groups = [] } = await api("GET", `/api/fairs/${id}/join`, undefined, { signal: ctx.signal });
  const title = () => localized(fair.title).text || `#${fair.id}`;
  ctx.app.setTitle(title);
  const heading = h("h1", {});
  bind(heading, (el) => (el.textContent = title()));

  const role = ctx.app.user?.role;
  let action;
  if (!ctx.app.user) action = guestActions(fair);
  else if (role === "jobseeker") action = await jobseekerActions(ctx, fair);
  else action = h("p", { class: "notice", id: "join-not-jobseeker" }, tx("people.join.notJobseeker"));

  const actionsId = newId("join-actions");
  return h(
    "div",
    { class: "view people-join" },
    heading,
    fairBadges(fair),
    fairDescription(fair),
    fairFacts(fair),
    joinFacts(fair, placesLeft, groups),
    h("section", { class: "people-join-actions", "aria-labelledby": actionsId }, h("h2", { id: actionsId }, tx("people.join.title")), action),
  );
}

/** Target groups, who may register, places. */
function joinFacts(fair, placesLeft, groups) {
  const fact = (key, ...v) => h("div", { class: "fact" }, h("dt", {}, tx(key)), h("dd", {}, ...v));
  const groupList = h("span", { id: "join-groups" });
  bind(groupList, (el) => (el.textContent = groups.map((g) => localized(g.label).text).join(", ")));
  const places =
    fair.capacity > 0
      ? tx("people.join.placesLeft", { left: placesLeft ?? 0, capacity: fair.capacity })
      : tx("people.join.unlimited");
  return h(
    "dl",
    { class: "facts" },
    groups.length ? fact("people.join.groups", groupList) : null,
    fact("people.join.eligibility", h("span", { id: "join-eligibility" }, ageText(fair))),
    fact("people.join.capacity", h("span", { id: "join-capacity" }, places)),
  );
}

function ageText(fair) {
  const { min_age: min, max_age: max } = fair;
  if (min != null && max != null) return tx("people.join.ages", { min, max });
  if (min != null) return tx("people.join.agesMin", { min });
  if (max != null) return tx("people.join.agesMax", { max });
  return tx("people.join.everyone");
}

/** "ages 18–29" in the current language, for the refusal messages. */
function rangeText(fair) {
  const { min_age: min, max_age: max } = fair;
  if (min != null && max != null) return t("people.join.ages", { min, max });
  if (min != null) return t("people.join.agesMin", { min });
  return t("people.join.agesMax", { max });
}

function guestActions(fair) {
  const next = encodeURIComponent(`/join/${fair.id}`);
  return h(
    "div",
    {},
    h("p", {}, tx("people.join.guest")),
    h(
      "p",
      { class: "actions" },
      h("a", { class: "button primary", href: `#/register?next=${next}`, id: "join-create-account" }, tx("people.join.createAccount")),
      " ",
      h("a", { class: "button", href: `#/login?next=${next}`, id: "join-login" }, tx("people.join.login")),
    ),
  );
}

/** The refusal text for an eligibility code (server message when the code is unknown). */
function refusalText(fair, code, fallback) {
  switch (code) {
    case "ended":
      return t("people.join.ended");
    case "full":
      return t("people.join.full");
    case "age_range":
      return t("people.join.ageRange", { range: rangeText(fair) });
    case "birth_year_needed":
      return t("people.join.birthYearNeeded", { range: rangeText(fair) });
    default:
      return fallback;
  }
}

// The server's refusal messages of POST /registration (people.md) mapped to eligibility codes.
function codeOfError(err) {
  const m = String(err.message ?? "");
  if (m === "the fair is full") return "full";
  if (m === "this fair has ended") return "ended";
  if (err.field === "birth_year") return "birth_year_needed";
  if (m.startsWith("this fair is for")) return "age_range";
  return null;
}

async function jobseekerActions(ctx, fair) {
  const path = `/api/fairs/${fair.id}/registration`;
  let state = await api("GET", path, undefined, { signal: ctx.signal });

  const box = h("div", { class: "people-join-state" });
  // Outcomes: success in a status region, refusals in an alert region (both always present, so
  // screen readers announce what is put in them).
  const status = h("p", { class: "notice people-status", role: "status", id: "join-status" });
  const alert = h("div", { class: "form-summary is-empty", role: "alert", id: "join-error" });
  let statusKey = null;
  let alertText = null;
  const renderStatus = bind(status, (el) => {
    el.textContent = statusKey ? t(statusKey) : "";
    el.hidden = !statusKey;
  });
  const renderAlert = bind(alert, (el) => {
    el.textContent = alertText ? alertText() : "";
    el.classList.toggle("is-empty", !alertText);
  });
  const say = (key) => {
    statusKey = key;
    alertText = null;
    renderStatus();
    renderAlert();
  };
  const refuse = (fn) => {
    statusKey = null;
    alertText = fn;
    renderStatus();
    renderAlert();
  };

  const render = () => {
    const parts = [];
    if (state.registered) {
      parts.push(h("p", { id: "join-registered" }, tx("people.join.registered", { date: formatDate(state.registered_at) })));
      const cancel = h("button", { type: "button", class: "button", id: "join-cancel" }, tx("people.join.cancel"));
      cancel.addEventListener("click", () => act(cancel, "DELETE"));
      parts.push(h("p", { class: "actions" }, cancel, " ", h("a", { class: "button primary", href: `#/fair/${fair.id}` }, tx("people.join.toLobby"))));
    } else if (state.eligibility.ok) {
      const register = h("button", { type: "button", class: "button primary", id: "join-register" }, tx("people.join.register"));
      register.addEventListener("click", () => act(register, "POST"));
      parts.push(h("p", { class: "actions" }, register));
    } else {
      const e = state.eligibility;
      parts.push(h("p", { class: "people-refusal", id: "join-refusal" }, bindText(() => refusalText(fair, e.code, e.reason))));
      if (e.code === "birth_year_needed")
        parts.push(h("p", {}, h("a", { class: "button", href: "#/me/profile", id: "join-to-profile" }, tx("people.join.toProfile"))));
    }
    box.replaceChildren(...parts);
  };

  const act = async (button, method) => {
    button.disabled = true;
    try {
      await api(method, path);
      state = await api("GET", path);
      render();
      say(method === "POST" ? "people.join.done" : "people.join.cancelled");
      // The button that was pressed is gone: keep focus on the new state's control.
      box.querySelector("button, a")?.focus();
    } catch (err) {
      button.disabled = false;
      const code = codeOfError(err);
      refuse(() => (code ? refusalText(fair, code, err.message) : errorText(err)));
    }
  };

  render();
  return h("div", {}, box, status, alert);
}

function bindText(fn) {
  const node = document.createTextNode("");
  bind(node, (n) => (n.data = fn()));
  return node;
}

export async function myFairsView(ctx) {
  ctx.app.setTitle(() => t("people.myfairs.title"));
  const { registrations } = await api("GET", "/api/me/registrations", undefined, { signal: ctx.signal });
  const view = h("div", { class: "view people-myfairs" }, h("h1", {}, tx("people.myfairs.title")));
  if (!registrations.length) {
    view.append(h("p", {}, tx("people.myfairs.none")), h("p", {}, h("a", { class: "button", href: "#/" }, tx("people.myfairs.browse"))));
    return view;
  }
  const list = h("ul", { class: "cards", id: "my-fairs" });
  for (const r of registrations) {
    const f = r.fair;
    const title = h("a", { href: `#/fair/${f.id}` });
    bind(title, (el) => {
      const { text, lang } = localized(f.title);
      el.textContent = text || `#${f.id}`;
      if (lang && lang !== document.documentElement.lang) el.setAttribute("lang", lang);
      else el.removeAttribute("lang");
    });
    list.append(
      h(
        "li",
        { class: "card", "data-fair-id": f.id },
        h("h2", { class: "card-title" }, title),
        fairBadges(f),
        fairFacts(f),
        h("p", {}, tx("people.myfairs.registeredAt", { date: formatDate(r.registered_at) })),
        h("p", {}, h("a", { href: `#/join/${f.id}` }, tx("people.myfairs.manage"))),
      ),
    );
  }
  view.append(list);
  return view;
}
