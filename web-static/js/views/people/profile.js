// `#/me/profile` (jobseekers): the profile form (PUT /api/me/profile) and, in its own fieldset,
// the three optional demographic items (PUT /api/me/demographics), each behind its own consent
// box with the server's consent text. A value input is disabled until its box is ticked;
// saving with a box unticked deletes that item on the server.
import { t, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { h, newId, errorText, markFieldError } from "../../ui.js";
import { formatDate } from "./strings.js";

const MAX_OCCUPATIONS = 10;

export async function profileView(ctx) {
  ctx.app.setTitle(() => t("people.profile.title"));
  const opts = { signal: ctx.signal };
  const [{ profile, occupations, education_levels: levels }, dem] = await Promise.all([
    api("GET", "/api/me/profile", undefined, opts),
    api("GET", "/api/me/demographics", undefined, opts),
  ]);

  const summary = h("div", { class: "form-summary is-empty", role: "alert", tabindex: "-1", id: "profile-errors" });
  const status = h("p", { class: "notice people-status", role: "status", id: "profile-status" });
  let summaryText = null;
  const renderSummary = bind(summary, (el) => {
    el.textContent = summaryText ? summaryText() : "";
    el.classList.toggle("is-empty", !summaryText);
  });
  let statusKey = null;
  const renderStatus = bind(status, (el) => {
    el.textContent = statusKey ? t(statusKey) : "";
    el.hidden = !statusKey;
  });

  // ---- profile fields ----
  const phone = textField({ id: "profile-phone", labelKey: "people.profile.phone", hintKey: "people.profile.phoneHint", value: profile.phone, type: "tel", autocomplete: "tel" });
  const city = textField({ id: "profile-city", labelKey: "people.profile.city", value: profile.city, autocomplete: "address-level2" });
  const education = selectField({
    id: "profile-education",
    labelKey: "people.profile.education",
    options: levels.map((l) => [l, `people.edu.${l}`]),
    value: profile.education_level ?? "",
  });
  const occ = occupationsField(occupations, profile.occupations);
  const shareId = "profile-share";
  const share = h("input", { type: "checkbox", id: shareId, checked: profile.share_with_booths });
  const shareField = h("div", { class: "check" }, share, h("label", { for: shareId }, tx("people.profile.share")));

  // ---- demographics ----
  const year = new Date().getFullYear();
  const texts = dem.consent_texts;
  const items = [
    consentItem({
      name: "gender",
      consentKey: "people.profile.consentGender",
      text: texts.gender,
      current: dem.demographics.gender,
      control: selectField({ id: "demo-gender", labelKey: "people.profile.gender", options: ["female", "male", "other"].map((g) => [g, `people.gender.${g}`]), value: dem.demographics.gender.value ?? "" }),
      read: (f) => f.input.value || null,
    }),
    consentItem({
      name: "birth_year",
      consentKey: "people.profile.consentBirthYear",
      text: texts.birth_year,
      current: dem.demographics.birth_year,
      control: textField({ id: "demo-birth_year", labelKey: "people.profile.birthYear", value: dem.demographics.birth_year.value ?? "", inputmode: "numeric", autocomplete: "bday-year" }),
      read: (f) => {
        const v = f.input.value.trim();
        if (v === "") return null;
        const n = Number(v);
        return /^\d{4}$/.test(v) && n >= 1900 && n <= year ? n : undefined;
      },
      badKey: "people.profile.badYear",
    }),
    consentItem({
      name: "disability",
      consentKey: "people.profile.consentDisability",
      text: texts.disability,
      current: dem.demographics.disability,
      control: selectField({
        id: "demo-disability",
        labelKey: "people.profile.disability",
        options: [["yes", "people.yes"], ["no", "people.no"]],
        value: dem.demographics.disability.value === null ? "" : dem.demographics.disability.value ? "yes" : "no",
      }),
      read: (f) => (f.input.value === "" ? null : f.input.value === "yes"),
    }),
  ];
  const statsLegend = h("legend", {}, tx("people.profile.stats"));
  const stats = h("fieldset", { class: "people-fieldset", id: "demographics" }, statsLegend, h("p", { class: "hint" }, tx("people.profile.statsIntro")), items.map((i) => i.element));

  const save = h("button", { type: "submit", class: "button primary", id: "profile-save" }, tx("people.profile.save"));
  const form = h(
    "form",
    { class: "form", novalidate: true, id: "profile-form" },
    summary,
    h("dl", { class: "facts" }, fact("people.profile.name", profile.name), fact("people.profile.email", profile.email)),
    phone.element,
    city.element,
    education.element,
    occ.element,
    shareField,
    stats,
    h("div", { class: "actions" }, save),
    status,
  );

  const fail = (textFn, focus) => {
    summaryText = textFn;
    renderSummary();
    (focus ?? summary).focus();
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    statusKey = null;
    renderStatus();
    summaryText = null;
    renderSummary();
    for (const f of [phone, city, ...items.map((i) => i.control)]) f.setError(null);
    occ.setError(null);

    // Client checks mirror the server's (people.md); the server checks again.
    const body = {
      phone: phone.input.value.trim(),
      city: city.input.value.trim(),
      education_level: education.input.value || null,
      occupations: occ.selected(),
      share_with_booths: share.checked,
    };
    let firstBad = null;
    const bad = (f, key, params) => {
      f.setError(key, params);
      firstBad ??= f.input;
    };
    if (body.phone && !(/^[0-9 +()-]{1,30}$/.test(body.phone) && /[0-9]/.test(body.phone))) bad(phone, "people.profile.badPhone");
    if ([...body.city].length > 100) bad(city, "people.profile.badCity");
    if (body.occupations.length > MAX_OCCUPATIONS) {
      occ.setError("people.profile.tooMany");
      firstBad ??= occ.first;
    }
    const demographics = {};
    for (const item of items) {
      if (!item.consent.checked) {
        demographics[item.name] = { consent: false };
        continue;
      }
      const v = item.read(item.control);
      if (v === null) bad(item.control, "people.profile.needValue");
      else if (v === undefined) bad(item.control, item.badKey, { max: year });
      else demographics[item.name] = { value: v, consent: true };
    }
    if (firstBad) return fail(() => t("form.fixFields"), firstBad);

    save.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      await api("PUT", "/api/me/profile", body);
      const saved = await api("PUT", "/api/me/demographics", demographics);
      for (const item of items) item.update(saved.demographics[item.name]);
      statusKey = "people.profile.saved";
      renderStatus();
    } catch (err) {
      const target = { phone, city, education_level: education }[err.field];
      if (err.code === "invalid" && target) target.setError(null, null, err.message);
      fail(() => errorText(err), target?.input);
    } finally {
      save.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });

  return h("div", { class: "view narrow people-profile" }, h("h1", {}, tx("people.profile.title")), h("p", { class: "lead" }, tx("people.profile.intro")), form);
}

function fact(labelKey, value) {
  return h("div", { class: "fact" }, h("dt", {}, tx(labelKey)), h("dd", {}, value));
}

/** A labelled control with an optional hint and an error line wired through aria-describedby. */
function wire(id, labelKey, hintKey, input) {
  const hintId = hintKey ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const hint = hintKey ? h("p", { class: "hint", id: hintId }, tx(hintKey)) : null;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  if (hintId) input.setAttribute("aria-describedby", hintId);
  let message = null;
  const render = bind(error, (el) => {
    el.textContent = message ? message() : "";
    el.hidden = !message;
  });
  return {
    input,
    element: h("div", { class: "field" }, h("label", { for: id }, tx(labelKey)), hint, input, error),
    setError(key, params, raw) {
      message = key ? () => t(key, params) : raw ? () => raw : null;
      render();
      markFieldError(input, Boolean(message), { hintId, errorId });
    },
  };
}

function textField({ id, labelKey, hintKey, value, type = "text", ...attrs }) {
  const input = h("input", { id, name: id, type, value: value ?? "", ...attrs });
  return wire(id, labelKey, hintKey, input);
}

function selectField({ id, labelKey, options, value }) {
  const input = h("select", { id, name: id, class: "people-select" });
  const none = h("option", { value: "" }, tx("people.choose"));
  input.append(none, ...options.map(([v, key]) => h("option", { value: v }, tx(key))));
  input.value = value ?? "";
  return wire(id, labelKey, null, input);
}

/** Checkboxes for the occupations (a fieldset: its legend labels the group). */
function occupationsField(all, chosen) {
  const set = new Set(chosen);
  const boxes = all.map((o) => {
    const id = `occ-${o.id}`;
    const box = h("input", { type: "checkbox", id, value: o.id, checked: set.has(o.id) });
    const label = h("label", { for: id });
    bind(label, (el) => (el.textContent = localized(o.name).text));
    return { box, element: h("li", { class: "check" }, box, label) };
  });
  const hintId = newId("occ-hint");
  const errorId = newId("occ-error");
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  let key = null;
  const render = bind(error, (el) => {
    el.textContent = key ? t(key) : "";
    el.hidden = !key;
  });
  const fieldset = h(
    "fieldset",
    { class: "people-fieldset", id: "profile-occupations", "aria-describedby": hintId },
    h("legend", {}, tx("people.profile.occupations")),
    h("p", { class: "hint", id: hintId }, tx("people.profile.occupationsHint")),
    error,
    h("ul", { class: "people-checks" }, boxes.map((b) => b.element)),
  );
  return {
    element: fieldset,
    first: boxes[0]?.box,
    selected: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    setError(k) {
      key = k;
      render();
      fieldset.setAttribute("aria-describedby", k ? `${hintId} ${errorId}` : hintId);
    },
  };
}

/** One demographic item: its consent box (described by the server's consent text) and its value
 *  control, disabled while the box is unticked. */
function consentItem({ name, consentKey, text, current, control, read, badKey }) {
  const consentId = `consent-${name}`;
  const textId = `consent-${name}-text`;
  const consent = h("input", { type: "checkbox", id: consentId, checked: current.consent_at !== null, "aria-describedby": textId, "aria-controls": control.input.id });
  const explanation = h("p", { class: "hint", id: textId });
  bind(explanation, (el) => {
    const { text: s, lang } = localized(text);
    el.textContent = s;
    if (lang && lang !== document.documentElement.lang) el.setAttribute("lang", lang);
    else el.removeAttribute("lang");
  });
  const since = h("p", { class: "hint people-since" });
  let consentAt = current.consent_at;
  const renderSince = bind(since, (el) => {
    el.textContent = consentAt ? t("people.profile.consentedAt", { date: formatDate(consentAt) }) : "";
    el.hidden = !consentAt;
  });
  const sync = () => {
    control.input.disabled = !consent.checked;
    if (!consent.checked) control.setError(null);
  };
  consent.addEventListener("change", sync);
  sync();
  const element = h(
    "div",
    { class: "people-consent", "data-item": name },
    h("div", { class: "check" }, consent, h("label", { for: consentId }, tx(consentKey))),
    explanation,
    since,
    control.element,
  );
  return {
    name,
    consent,
    control,
    read,
    badKey,
    element,
    update(saved) {
      consentAt = saved.consent_at;
      renderSince();
      consent.checked = saved.consent_at !== null;
      if (saved.value === null) control.input.value = "";
      sync();
    },
  };
}
