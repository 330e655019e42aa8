// `#/login` and `#/register`: forms posting to /api/auth/login and /api/auth/register.
// Errors appear next to their field (aria-invalid + aria-describedby) and in an alert summary;
// a rate-limited form says when to try again (the server's retry_after).
import { t, tx, bind } from "../i18n.js";
import { api } from "../http.js";
import { LIMITS } from "../protocol.js";
import { h, newId, errorText, safeNext, markFieldError } from "../ui.js";

export async function loginView(ctx) {
  ctx.app.setTitle(() => t("login.title"));
  const form = authForm(ctx, {
    fields: [
      { name: "email", type: "email", labelKey: "login.email", autocomplete: "email", validate: validEmail },
      { name: "password", type: "password", labelKey: "login.password", autocomplete: "current-password", validate: validPassword },
    ],
    submitKey: "login.submit",
    endpoint: "/api/auth/login",
    onError: (err, ui) => (err.code === "unauthorized" ? ui.summary("login.wrong") : false),
  });
  return h(
    "div",
    { class: "view narrow" },
    h("h1", {}, tx("login.title")),
    form,
    h("p", {}, tx("login.noAccount"), " ", h("a", { href: withNext("#/register", ctx.query) }, tx("login.registerLink"))),
  );
}

export async function registerView(ctx) {
  ctx.app.setTitle(() => t("register.title"));
  const form = authForm(ctx, {
    fields: [
      { name: "name", type: "text", labelKey: "register.name", autocomplete: "name", validate: validName },
      { name: "email", type: "email", labelKey: "login.email", autocomplete: "email", validate: validEmail },
      {
        name: "password",
        type: "password",
        labelKey: "login.password",
        autocomplete: "new-password",
        hintKey: "register.passwordHint",
        validate: validPassword,
      },
    ],
    submitKey: "register.submit",
    endpoint: "/api/auth/register",
    onError: (err, ui) => (err.code === "conflict" ? ui.fieldError("email", "register.taken") : false),
  });
  return h(
    "div",
    { class: "view narrow" },
    h("h1", {}, tx("register.title")),
    form,
    h("p", {}, tx("register.haveAccount"), " ", h("a", { href: withNext("#/login", ctx.query) }, tx("register.loginLink"))),
  );
}

function withNext(href, query) {
  const next = query.get("next");
  return next ? `${href}?next=${encodeURIComponent(safeNext(next))}` : href;
}

// Client-side checks mirror PROTOCOL.md's field rules; the server checks again.
function validEmail(v) {
  const s = v.trim();
  return s.length >= LIMITS.EMAIL_MIN && s.length <= LIMITS.EMAIL_MAX && s.split("@").length === 2 && !s.startsWith("@") && !s.endsWith("@")
    ? null
    : "field.email.invalid";
}
function validPassword(v) {
  return v.length >= LIMITS.PASSWORD_MIN && v.length <= LIMITS.PASSWORD_MAX ? null : "field.password.invalid";
}
function validName(v) {
  const s = v.trim();
  return s.length >= LIMITS.NAME_MIN && s.length <= LIMITS.NAME_MAX ? null : "field.name.invalid";
}

/** A labelled input with an optional hint and an error line wired through aria-describedby. */
function field(spec) {
  const id = newId(`f-${spec.name}`);
  const hintId = spec.hintKey ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h("input", {
    id,
    name: spec.name,
    type: spec.type,
    autocomplete: spec.autocomplete,
    required: true,
    spellcheck: spec.type === "email" ? "false" : null,
    autocapitalize: spec.type === "email" ? "none" : null,
    "aria-describedby": hintId,
  });
  const hint = spec.hintKey ? h("p", { id: hintId, class: "hint" }, tx(spec.hintKey)) : null;
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  let current = null; // {key}
  const renderError = bind(error, (el) => (el.textContent = current ? t(current.key) : ""));
  return {
    spec,
    input,
    element: h("div", { class: "field" }, h("label", { for: id }, tx(spec.labelKey)), hint, input, error),
    setError(err) {
      current = err;
      renderError();
      error.hidden = !err;
      markFieldError(input, Boolean(err), { hintId, errorId });
    },
  };
}

/** The shared login/register form: validate, POST, show errors, sign in and go back to ?next. */
function authForm(ctx, { fields: specs, submitKey, endpoint, onError }) {
  const { app } = ctx;
  const fields = specs.map(field);
  const byName = Object.fromEntries(fields.map((f) => [f.spec.name, f]));
  const summary = h("div", { class: "form-summary", role: "alert", tabindex: "-1" });
  let summaryMessage = null; // {key, params} or {fn} (called on each render, so it follows the language)
  const renderSummary = bind(summary, (el) => {
    el.textContent = !summaryMessage ? "" : summaryMessage.key ? t(summaryMessage.key, summaryMessage.params) : summaryMessage.fn();
    el.classList.toggle("is-empty", !summaryMessage);
  });
  const button = h("button", { type: "submit", class: "button primary" }, tx(submitKey));
  const form = h("form", { class: "form", novalidate: true }, summary, fields.map((f) => f.element), h("div", { class: "actions" }, button));

  const ui = {
    summary(key, params) {
      summaryMessage = { key, params };
      renderSummary();
      summary.focus();
      return true;
    },
    fieldError(name, key) {
      const f = byName[name];
      if (!f) return false;
      f.setError({ key });
      summaryMessage = { key: "form.fixFields" };
      renderSummary();
      f.input.focus();
      return true;
    },
  };

  let busy = false;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (busy) return;
    summaryMessage = null;
    renderSummary();
    let firstInvalid = null;
    for (const f of fields) {
      const problem = f.spec.validate(f.input.value);
      f.setError(problem ? { key: problem } : null);
      if (problem && !firstInvalid) firstInvalid = f;
    }
    if (firstInvalid) {
      summaryMessage = { key: "form.fixFields" };
      renderSummary();
      firstInvalid.input.focus();
      return;
    }
    const body = {};
    for (const f of fields) body[f.spec.name] = f.spec.type === "password" ? f.input.value : f.input.value.trim();
    busy = true;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const res = await api("POST", endpoint, body, { signal: ctx.signal });
      app.setUser(res.user);
      app.flash("login.welcome", { name: res.user?.name ?? "" });
      app.navigate(safeNext(ctx.query.get("next")), { replace: true });
      return;
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (onError(err, ui)) return;
      if (err.code === "invalid" && err.field) {
        const name = String(err.field).split(".").pop();
        const f = byName[name];
        if (f) {
          // The server's message is English; the rule for this field is the same as ours.
          f.setError({ key: f.spec.validate("") });
          summaryMessage = { key: "form.fixFields" };
          renderSummary();
          f.input.focus();
          return;
        }
      }
      summaryMessage = { fn: () => errorText(err) };
      renderSummary();
      summary.focus();
    } finally {
      busy = false;
      form.removeAttribute("aria-busy");
      button.disabled = false;
    }
  });
  return form;
}
