// The organiser's pages: `#/organiser` (my fairs) and `#/organiser/fair/new`,
// `#/organiser/fair/{id}` (the fair form, status buttons with a confirm step, registration link
// and QR code, employer invitations). Times are entered as the clock time in the fair's zone and
// converted to UTC here (time.js).
import { t, tx, tOr, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { h } from "../../ui.js";
import { field, summary, statusLine, serverFieldError, copyText } from "./form.js";
import { formatFairTimes, formatInZone, viewerZone, zonedToUnix, unixToZoned } from "./time.js";
import "./strings.js";

const COMMON_ZONES = [
  "Europe/Istanbul",
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "Europe/Amsterdam",
  "Europe/Athens",
  "Europe/Kyiv",
  "Europe/Moscow",
  "Asia/Baku",
  "Asia/Tbilisi",
  "Asia/Dubai",
  "Africa/Cairo",
  "America/New_York",
];

function statusText(status) {
  return tOr(`fairs.st.${status}`, status ?? "");
}

function statusBadge(status) {
  const el = h("span", { class: `badge badge-${status}`, "data-status": status });
  bind(el, (e) => (e.textContent = statusText(status)));
  return el;
}

function titleText(fair) {
  return localized(fair.title).text || `#${fair.id}`;
}

// ---- #/organiser -------------------------------------------------------------------------------

export async function myFairsView(ctx) {
  const { fairs } = await api("GET", "/api/organiser/fairs", undefined, { signal: ctx.signal });
  ctx.app.setTitle(() => t("fairs.mine.title"));
  const list = fairs.length
    ? h(
        "ul",
        { class: "cards", role: "list" },
        fairs.map(({ fair, booths, pending_invitations: pending }) => {
          const link = h("a", { href: `#/organiser/fair/${fair.id}` });
          bind(link, (e) => (e.textContent = titleText(fair)));
          const when = h("p", { class: "fa-when" });
          bind(when, (e) => (e.textContent = formatFairTimes(fair)));
          return h(
            "li",
            { class: "card", "data-fair-id": fair.id },
            h("h2", { class: "card-title" }, link),
            h("p", { class: "badges" }, statusBadge(fair.status)),
            when,
            h("p", { class: "hint" }, tx("fairs.mine.counts", { booths, pending })),
          );
        }),
      )
    : h("p", {}, tx("fairs.mine.empty"));
  if (fairs.length) bind(list, (e) => e.setAttribute("aria-label", t("fairs.mine.listLabel")));
  return h(
    "div",
    { class: "view" },
    h("h1", {}, tx("fairs.mine.title")),
    h("p", {}, h("a", { class: "button primary", href: "#/organiser/fair/new", id: "fa-new-fair" }, tx("fairs.mine.new"))),
    list,
  );
}

// ---- #/organiser/fair/new and #/organiser/fair/{id} ---------------------------------------------

export async function fairFormView(ctx) {
  const id = ctx.params[0] ? Number(ctx.params[0]) : null;
  const [{ target_groups: groups }, loaded] = await Promise.all([
    api("GET", "/api/target-groups", undefined, { signal: ctx.signal }),
    id ? api("GET", `/api/organiser/fairs/${id}`, undefined, { signal: ctx.signal }) : Promise.resolve(null),
  ]);
  let fair = loaded?.fair ?? null;
  ctx.app.setTitle(() => (fair ? `${t("fairs.form.editTitle")}: ${titleText(fair)}` : t("fairs.form.newTitle")));
  const heading = h("h1", {});
  const renderHeading = bind(heading, (e) => (e.textContent = fair ? `${t("fairs.form.editTitle")}: ${titleText(fair)}` : t("fairs.form.newTitle")));
  const setFair = (f) => {
    fair = f;
    renderHeading();
  };

  const view = h("div", { class: "view fa-page" }, h("p", { class: "breadcrumb" }, h("a", { href: "#/organiser" }, tx("fairs.mine.title"))), heading);
  if (fair) view.append(statusSection(ctx, () => fair, setFair));
  view.append(detailsForm(ctx, groups, fair, setFair));
  if (fair) view.append(linkSection(fair), await invitationsSection(ctx, fair));
  return view;
}

function statusSection(ctx, getFair, setFair) {
  const section = h("section", { class: "fa-section", "aria-labelledby": "fa-status-h" }, h("h2", { id: "fa-status-h" }, tx("fairs.status.title")));
  const current = h("p", { id: "fa-status-current" });
  const buttons = h("div", { class: "fa-actions" });
  const confirmBox = h("div", { class: "fa-confirm", hidden: true });
  const sum = summary();
  const done = statusLine();
  const renderCurrent = bind(current, (e) => (e.textContent = t("fairs.status.current", { status: statusText(getFair().status) })));
  const render = () => {
    const f = getFair();
    renderCurrent();
    const actions = [];
    if (f.status === "draft") actions.push("publish");
    if (f.status === "draft" || f.status === "published") actions.push("open");
    if (f.status === "published" || f.status === "live") actions.push("close");
    buttons.replaceChildren(
      ...actions.map((a) => h("button", { type: "button", class: "button", id: `fa-${a}`, onclick: () => ask(a) }, tx(`fairs.status.${a}`))),
    );
  };
  const ask = (action) => {
    const yes = h("button", { type: "button", class: "button primary", id: "fa-confirm-yes" }, tx("fairs.status.confirmYes"));
    const no = h("button", { type: "button", class: "button", id: "fa-confirm-no" }, tx("fairs.status.confirmNo"));
    const text = h("p", { id: "fa-confirm-text" }, tx(`fairs.status.confirm.${action}`));
    confirmBox.replaceChildren(text, h("div", { class: "fa-actions" }, yes, no));
    confirmBox.setAttribute("role", "group");
    confirmBox.setAttribute("aria-labelledby", "fa-confirm-text");
    confirmBox.hidden = false;
    buttons.hidden = true;
    const close = () => {
      confirmBox.hidden = true;
      buttons.hidden = false;
      buttons.querySelector("button")?.focus();
    };
    no.addEventListener("click", close);
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      sum.clear();
      try {
        const res = await api("POST", `/api/fairs/${getFair().id}/${action}`, undefined, { signal: ctx.signal });
        setFair(res.fair);
        render();
        done.show(() => t("fairs.status.done", { status: statusText(res.fair.status) }));
      } catch (err) {
        if (err?.name === "AbortError") return;
        sum.show(() => (err.code === "conflict" || err.code === "invalid" ? err.message : null) || t("error.generic", { code: err.code }));
      }
      close();
    });
    yes.focus();
  };
  render();
  section.append(current, sum.element, buttons, confirmBox, done.element);
  return section;
}

function detailsForm(ctx, groups, fair, setFair) {
  const zone0 = fair?.timezone ?? "Europe/Istanbul";
  const zones = [...new Set([...COMMON_ZONES, viewerZone(), zone0])];
  const f = {
    "title.tr": field({ name: "title_tr", labelKey: "fairs.form.titleTr", hintKey: "fairs.form.titleHint", attrs: { maxlength: 200, lang: "tr" } }),
    "title.en": field({ name: "title_en", labelKey: "fairs.form.titleEn", attrs: { maxlength: 200, lang: "en" } }),
    "description.tr": field({ name: "desc_tr", labelKey: "fairs.form.descTr", tag: "textarea", attrs: { rows: 4, maxlength: 5000, lang: "tr" } }),
    "description.en": field({ name: "desc_en", labelKey: "fairs.form.descEn", tag: "textarea", attrs: { rows: 4, maxlength: 5000, lang: "en" } }),
    theme: field({ name: "theme", labelKey: "fairs.form.theme", attrs: { maxlength: 100 } }),
    min_age: field({ name: "min_age", type: "number", labelKey: "fairs.form.minAge", hintKey: "fairs.form.ageHint", attrs: { min: 0, max: 120, inputmode: "numeric" } }),
    max_age: field({ name: "max_age", type: "number", labelKey: "fairs.form.maxAge", attrs: { min: 0, max: 120, inputmode: "numeric" } }),
    timezone: field({ name: "timezone", labelKey: "fairs.form.timezone", hintKey: "fairs.form.timezoneHint", tag: "select", options: zones.map((z) => ({ value: z, label: z })) }),
    starts_at: field({ name: "starts_at", type: "datetime-local", labelKey: "fairs.form.startsAt", attrs: { required: true } }),
    ends_at: field({ name: "ends_at", type: "datetime-local", labelKey: "fairs.form.endsAt", attrs: { required: true } }),
    capacity: field({ name: "capacity", type: "number", labelKey: "fairs.form.capacity", hintKey: "fairs.form.capacityHint", attrs: { min: 0, inputmode: "numeric" } }),
  };
  const set = (k, v) => (f[k].input.value = v ?? "");
  if (fair) {
    set("title.tr", fair.title.tr);
    set("title.en", fair.title.en);
    set("description.tr", fair.description.tr);
    set("description.en", fair.description.en);
    set("theme", fair.theme);
    set("min_age", fair.min_age);
    set("max_age", fair.max_age);
    set("capacity", fair.capacity);
  } else {
    set("capacity", 0);
  }
  f.timezone.input.value = zone0;
  // A new fair: tomorrow 10:00–17:00 in the chosen zone.
  const tomorrow = unixToZoned(Math.floor(Date.now() / 1000) + 86400, zone0).slice(0, 10);
  set("starts_at", fair ? unixToZoned(fair.starts_at, zone0) : `${tomorrow}T10:00`);
  set("ends_at", fair ? unixToZoned(fair.ends_at, zone0) : `${tomorrow}T17:00`);

  // What the times mean, in the zone and the viewer's own: the wall clock stays, the zone changes.
  const preview = h("p", { class: "hint", id: "fa-time-preview", "aria-live": "polite" });
  const renderPreview = bind(preview, (e) => {
    const zone = f.timezone.input.value;
    const s = zonedToUnix(f.starts_at.input.value, zone);
    const en = zonedToUnix(f.ends_at.input.value, zone);
    e.textContent = s && en && en > s ? t("fairs.form.shownAs", { when: formatFairTimes({ starts_at: s, ends_at: en, timezone: zone }) }) : "";
  });
  for (const k of ["timezone", "starts_at", "ends_at"]) f[k].input.addEventListener("change", renderPreview);

  const chosen = new Set(fair?.target_groups ?? []);
  const groupBox = h("div", { class: "fa-checks" });
  const renderGroups = (list) =>
    groupBox.replaceChildren(
      ...list.map((g) => {
        const cb = h("input", { type: "checkbox", id: `fa-group-${g.key}`, value: g.key, name: "target_groups", checked: chosen.has(g.key) });
        cb.addEventListener("change", () => (cb.checked ? chosen.add(g.key) : chosen.delete(g.key)));
        const label = h("label", { for: cb.id });
        bind(label, (e) => (e.textContent = localized(g.label).text || g.key));
        return h("div", { class: "fa-check" }, cb, label);
      }),
    );
  renderGroups(groups);
  const groupsSet = h("fieldset", { class: "fa-fieldset" }, h("legend", {}, tx("fairs.form.groups")), groupBox, addGroup(ctx, groups, renderGroups, chosen));

  const sum = summary();
  const ok = statusLine();
  const submit = h("button", { type: "submit", class: "button primary", id: "fa-save" }, tx(fair ? "fairs.form.save" : "fairs.form.create"));
  const form = h(
    "form",
    { class: "form fa-form", novalidate: true, "aria-labelledby": "fa-details-h" },
    sum.element,
    h("div", { class: "fa-grid" }, f["title.tr"].element, f["title.en"].element),
    h("div", { class: "fa-grid" }, f["description.tr"].element, f["description.en"].element),
    f.theme.element,
    groupsSet,
    h("div", { class: "fa-grid" }, f.min_age.element, f.max_age.element),
    f.timezone.element,
    h("div", { class: "fa-grid" }, f.starts_at.element, f.ends_at.element),
    preview,
    f.capacity.element,
    h("div", { class: "actions" }, submit),
    ok.element,
  );

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sum.clear();
    Object.values(f).forEach((x) => x.setError(null));
    const zone = f.timezone.input.value;
    const starts = zonedToUnix(f.starts_at.input.value, zone);
    const ends = zonedToUnix(f.ends_at.input.value, zone);
    const problems = [];
    if (!f["title.tr"].input.value.trim() && !f["title.en"].input.value.trim()) problems.push(["title.tr", "fairs.form.needTitle"]);
    if (starts == null) problems.push(["starts_at", "fairs.form.badTime"]);
    if (ends == null) problems.push(["ends_at", "fairs.form.badTime"]);
    else if (starts != null && ends <= starts) problems.push(["ends_at", "fairs.form.endBeforeStart"]);
    if (problems.length) {
      for (const [k, key] of problems) f[k].setError(key);
      sum.show("form.fixFields");
      f[problems[0][0]].input.focus();
      return;
    }
    const age = (k) => (f[k].input.value === "" ? (fair ? null : undefined) : Number(f[k].input.value));
    const body = {
      title: { tr: f["title.tr"].input.value.trim(), en: f["title.en"].input.value.trim() },
      description: { tr: f["description.tr"].input.value.trim(), en: f["description.en"].input.value.trim() },
      theme: f.theme.input.value.trim(),
      target_groups: [...chosen].sort(),
      min_age: age("min_age"),
      max_age: age("max_age"),
      timezone: zone,
      starts_at: starts,
      ends_at: ends,
      capacity: f.capacity.input.value === "" ? 0 : Number(f.capacity.input.value),
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      if (fair) {
        const res = await api("PATCH", `/api/fairs/${fair.id}`, body, { signal: ctx.signal });
        setFair(res.fair);
        ok.show("fairs.form.saved");
      } else {
        const res = await api("POST", "/api/fairs", body, { signal: ctx.signal });
        ctx.app.flash("fairs.form.created");
        ctx.app.navigate(`/organiser/fair/${res.fair.id}`);
      }
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (!serverFieldError(err, f, sum)) sum.show(err);
    } finally {
      submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
  return h("section", { class: "fa-section", "aria-labelledby": "fa-details-h" }, h("h2", { id: "fa-details-h" }, tx("fairs.form.details")), form);
}

// "Add a target group": a disclosure with its own fields (not a nested form).
function addGroup(ctx, groups, renderGroups, chosen) {
  const key = field({ name: "group_key", labelKey: "fairs.form.groupKey", attrs: { maxlength: 40, pattern: "[a-z0-9_-]+" } });
  const tr = field({ name: "group_tr", labelKey: "fairs.form.groupTr", attrs: { maxlength: 100, lang: "tr" } });
  const en = field({ name: "group_en", labelKey: "fairs.form.groupEn", attrs: { maxlength: 100, lang: "en" } });
  const sum = summary();
  const ok = statusLine();
  const button = h("button", { type: "button", class: "button", id: "fa-group-add" }, tx("fairs.form.groupAdd"));
  button.addEventListener("click", async () => {
    sum.clear();
    [key, tr, en].forEach((x) => x.setError(null));
    const missing = [key, tr, en].find((x) => !x.input.value.trim());
    if (missing) {
      missing.setError("fairs.field.required");
      missing.input.focus();
      return;
    }
    try {
      const res = await api("POST", "/api/target-groups", { key: key.input.value.trim(), label: { tr: tr.input.value.trim(), en: en.input.value.trim() } }, { signal: ctx.signal });
      groups.push(res.target_group);
      chosen.add(res.target_group.key);
      renderGroups(groups);
      [key, tr, en].forEach((x) => (x.input.value = ""));
      ok.show("fairs.form.groupAdded");
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (!serverFieldError(err, { key, "label.tr": tr, "label.en": en }, sum)) sum.show(err);
    }
  });
  return h("details", { class: "fa-add-group" }, h("summary", {}, tx("fairs.form.addGroup")), sum.element, key.element, tr.element, en.element, h("div", { class: "actions" }, button), ok.element);
}

function linkSection(fair) {
  const input = h("input", { type: "text", id: "fa-reg-link", readonly: true, class: "fa-link" });
  const done = statusLine();
  const copy = h("button", { type: "button", class: "button", id: "fa-reg-copy" }, tx("fairs.link.copy"));
  copy.addEventListener("click", () => copyText(input.value, input, done));
  api("GET", `/api/fairs/${fair.id}/registration-link`).then((r) => (input.value = r.url), () => {});
  const img = h("img", { src: `/api/fairs/${fair.id}/qr.svg`, width: 200, height: 200, class: "fa-qr" });
  bind(img, (e) => e.setAttribute("alt", t("fairs.link.qrAlt")));
  return h(
    "section",
    { class: "fa-section", "aria-labelledby": "fa-link-h" },
    h("h2", { id: "fa-link-h" }, tx("fairs.link.title")),
    h("div", { class: "field" }, h("label", { for: input.id }, tx("fairs.link.label")), h("div", { class: "fa-row" }, input, copy)),
    done.element,
    img,
    h(
      "p",
      { class: "fa-actions" },
      h("a", { href: `/api/fairs/${fair.id}/qr.svg?download=1`, download: `fair-${fair.id}-qr.svg`, id: "fa-qr-svg" }, tx("fairs.link.svg")),
      h("a", { href: `/api/fairs/${fair.id}/qr.png?download=1`, download: `fair-${fair.id}-qr.png`, id: "fa-qr-png" }, tx("fairs.link.png")),
    ),
  );
}

async function invitationsSection(ctx, fair) {
  const list = h("ul", { class: "fa-list", id: "fa-invitations" });
  const done = statusLine();
  const listSum = summary();
  const render = (items) => {
    if (!items.length) {
      list.replaceChildren(h("li", {}, tx("fairs.inv.empty")));
      return;
    }
    list.replaceChildren(
      ...items.map((inv) => {
        const state = h("span", { class: `badge fa-state-${inv.state}` }, tx(`fairs.inv.state.${inv.state}`));
        const expires = h("span", { class: "hint" });
        bind(expires, (e) => (e.textContent = inv.state === "pending" ? t("fairs.inv.expires", { when: formatInZone(inv.expires_at, fair.timezone) }) : ""));
        const revoke =
          inv.state === "pending"
            ? tattrButton("fairs.inv.revoke", "fairs.inv.revokeLabel", { name: inv.firm_name }, async () => {
                try {
                  await api("DELETE", `/api/invitations/${inv.id}`, undefined, { signal: ctx.signal });
                  done.show("fairs.inv.revoked");
                  await reload();
                } catch (err) {
                  if (err?.name !== "AbortError") listSum.show(err);
                }
              })
            : null;
        return h("li", { class: "fa-item", "data-invitation-id": inv.id }, h("strong", {}, inv.firm_name), " ", h("span", {}, inv.email), " ", state, " ", expires, revoke);
      }),
    );
  };
  const reload = async () => render((await api("GET", `/api/fairs/${fair.id}/invitations`, undefined, { signal: ctx.signal })).invitations);
  await reload();

  const firm = field({ name: "firm_name", labelKey: "fairs.inv.firm", attrs: { maxlength: 200, required: true, autocomplete: "organization" } });
  const email = field({ name: "email", type: "email", labelKey: "fairs.inv.email", attrs: { maxlength: 254, required: true, autocomplete: "email", spellcheck: "false", autocapitalize: "none" } });
  const sum = summary();
  const result = h("div", { class: "fa-once", hidden: true });
  const submit = h("button", { type: "submit", class: "button primary", id: "fa-invite-send" }, tx("fairs.inv.send"));
  const form = h("form", { class: "form", novalidate: true, "aria-labelledby": "fa-inv-form-h" }, h("h3", { id: "fa-inv-form-h" }, tx("fairs.inv.send")), sum.element, firm.element, email.element, h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sum.clear();
    firm.setError(null);
    email.setError(null);
    if (!firm.input.value.trim()) return firm.setError("fairs.field.required"), firm.input.focus();
    if (!/^[^@\s]+@[^@\s]+$/.test(email.input.value.trim())) return email.setError("fairs.invite.bad.email"), email.input.focus();
    submit.disabled = true;
    try {
      const res = await api("POST", `/api/fairs/${fair.id}/invitations`, { firm_name: firm.input.value.trim(), email: email.input.value.trim() }, { signal: ctx.signal });
      const linkInput = h("input", { type: "text", id: "fa-invite-link", readonly: true, value: res.link, class: "fa-link" });
      const copied = statusLine();
      const copy = h("button", { type: "button", class: "button", id: "fa-invite-copy" }, tx("fairs.inv.copy"));
      copy.addEventListener("click", () => copyText(res.link, linkInput, copied));
      result.replaceChildren(h("label", { for: linkInput.id }, tx("fairs.inv.linkOnce")), h("div", { class: "fa-row" }, linkInput, copy), copied.element);
      result.hidden = false;
      firm.input.value = "";
      email.input.value = "";
      linkInput.focus();
      linkInput.select();
      await reload();
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (!serverFieldError(err, { firm_name: firm, email }, sum)) sum.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  return h("section", { class: "fa-section", "aria-labelledby": "fa-inv-h" }, h("h2", { id: "fa-inv-h" }, tx("fairs.inv.title")), listSum.element, list, done.element, form, result);
}

/** A button whose visible text is `key` and accessible name `labelKey` (names the row it acts on). */
export function tattrButton(key, labelKey, params, onclick) {
  const b = h("button", { type: "button", class: "button fa-small", onclick }, tx(key));
  bind(b, (e) => e.setAttribute("aria-label", t(labelKey, params)));
  return b;
}

