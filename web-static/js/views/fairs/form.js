// Small form helpers of the fairs pages: labelled fields with a hint and an error line wired
// through aria-describedby, and a form summary (role=alert) that follows the language.
import { t, tx, bind } from "../../i18n.js";
import { h, newId, errorText, markFieldError } from "../../ui.js";

/**
 * field({name, labelKey, hintKey?, type?, tag?, attrs?, options?}) → {input, element, setError(text|null)}.
 * `tag` "textarea" or "select" (with `options` [{value, label}]) instead of an input.
 */
export function field(spec) {
  const id = spec.id ?? newId(`fa-${spec.name}`);
  const hintId = spec.hintKey ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const tag = spec.tag ?? "input";
  const input = h(tag, { id, name: spec.name, type: tag === "input" ? spec.type ?? "text" : null, "aria-describedby": hintId, ...(spec.attrs ?? {}) });
  if (tag === "select") for (const o of spec.options ?? []) input.append(h("option", { value: o.value }, o.label));
  const hint = spec.hintKey ? h("p", { id: hintId, class: "hint" }, tx(spec.hintKey)) : null;
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  let current = null; // () => text
  const render = bind(error, (el) => (el.textContent = current ? current() : ""));
  return {
    input,
    element: h("div", { class: "field" }, h("label", { for: id }, tx(spec.labelKey)), hint, input, error),
    /** `problem`: a string key, a function returning text, or null to clear. */
    setError(problem) {
      current = !problem ? null : typeof problem === "function" ? problem : () => t(problem);
      render();
      error.hidden = !problem;
      markFieldError(input, Boolean(problem), { hintId, errorId });
    },
  };
}

/** A summary line: show(key|fn|err), clear(). Focuses itself when shown so it is announced. */
export function summary() {
  const el = h("div", { class: "form-summary is-empty", role: "alert", tabindex: "-1" });
  let msg = null;
  const render = bind(el, (e) => {
    e.textContent = msg ? msg() : "";
    e.classList.toggle("is-empty", !msg);
  });
  return {
    element: el,
    show(what, params) {
      msg = typeof what === "function" ? what : typeof what === "string" ? () => t(what, params) : () => errorText(what);
      render();
      el.focus();
    },
    clear() {
      msg = null;
      render();
    },
  };
}

/** A polite status line for successes ("Saved."). */
export function statusLine() {
  const el = h("p", { class: "notice fa-status", role: "status", hidden: true });
  let msg = null;
  const render = bind(el, (e) => (e.textContent = msg ? msg() : ""));
  return {
    element: el,
    show(key, params) {
      msg = typeof key === "function" ? key : () => t(key, params);
      el.hidden = false;
      render();
    },
  };
}

/**
 * Maps a server `invalid` error to the field it names (`fields` by name; "title.tr" → "title.tr"
 * or "title"), showing the server's message there. Returns true when a field took it.
 */
export function serverFieldError(err, fields, sum) {
  if (err?.code !== "invalid" && err?.code !== "conflict") return false;
  const name = String(err.field ?? "");
  const f = fields[name] ?? fields[name.split(/[.[]/)[0]];
  if (!f) return false;
  f.setError(() => t("fairs.field.invalid", { message: err.message }));
  sum.show("form.fixFields");
  f.input.focus();
  return true;
}

/** Copies `text`; says so in `status`. Falls back to selecting the input when the clipboard API is missing. */
export async function copyText(text, input, status) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    input?.select?.();
    document.execCommand?.("copy");
  }
  status.show("fairs.link.copied");
}
