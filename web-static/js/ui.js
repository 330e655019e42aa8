// Small DOM and formatting helpers shared by the views.
import { t, tn, getLang } from "./i18n.js";

/** h("a", {href: "#/", class: "x", onclick: fn}, child…): builds an element. Children are nodes
 *  or strings (always inserted as text, never as HTML). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/**
 * Puts `li` (a message whose id is `id`) into `list` in ascending id order, after the last
 * element whose data-id is smaller (searching from the end: new messages usually go last).
 */
export function insertByIdOrder(list, li, id) {
  for (let el = list.lastElementChild; el; el = el.previousElementSibling) {
    if (Number(el.dataset.id) < id) {
      el.after(li);
      return;
    }
  }
  list.prepend(li);
}

let uid = 0;
/** A document-unique id with a readable prefix. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * Tells assistive technology whether a form control holds an error: invalid sets
 * `aria-invalid="true"` and describes the control by its hint (if any) and then its error text;
 * valid removes `aria-invalid` and leaves only the hint. The error text itself is the caller's
 * (some keep it in the current language with bind, some hide the element when empty).
 * @param {HTMLElement} input
 * @param {boolean} invalid
 * @param {{hintId?: string|null, errorId: string}} ids
 */
export function markFieldError(input, invalid, { hintId = null, errorId }) {
  if (invalid) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  } else {
    input.removeAttribute("aria-invalid");
    if (hintId) input.setAttribute("aria-describedby", hintId);
    else input.removeAttribute("aria-describedby");
  }
}

/** The viewer's own time zone, e.g. "Europe/Berlin". */
export function viewerTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "18 Eyl 2025 10:00 – 15:00 GMT+3" for unix seconds, in `timeZone` and the current language. */
export function formatRange(startS, endS, timeZone, { zoneName = true } = {}) {
  const opts = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone };
  if (zoneName) opts.timeZoneName = "short";
  const f = new Intl.DateTimeFormat(getLang(), opts);
  const start = new Date(startS * 1000);
  const end = new Date(endS * 1000);
  return typeof f.formatRange === "function" && endS ? f.formatRange(start, end) : f.format(start);
}

/** True when the wall-clock times in the two zones differ for these instants. */
export function zonesDiffer(startS, endS, zoneA, zoneB) {
  if (!zoneA || !zoneB || zoneA === zoneB) return false;
  try {
    return formatRange(startS, endS, zoneA, { zoneName: false }) !== formatRange(startS, endS, zoneB, { zoneName: false });
  } catch {
    return true;
  }
}

/** A chat timestamp: the time of day, with the date when it is not today (viewer's zone). */
export function formatMessageTime(ms) {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  const opts = today ? { hour: "2-digit", minute: "2-digit" } : { dateStyle: "short", timeStyle: "short" };
  return new Intl.DateTimeFormat(getLang(), opts).format(d);
}

/** The text to show for an error from api() or client.request(). */
export function errorText(err) {
  if (!err) return t("error.generic", { code: "internal" });
  switch (err.code) {
    case "network":
    case "disconnected":
    case "offline":
    case "timeout":
      return t("error.network");
    case "rate_limited": {
      const s = Math.max(1, Math.ceil(err.retry_after ?? 1));
      return s >= 90 ? tn("error.rateLimitedMinutes", Math.ceil(s / 60)) : tn("error.rateLimited", s);
    }
    case "unavailable":
      return t("error.unavailable");
    case "not_found":
      return t("error.notFound");
    default:
      return t("error.generic", { code: err.code ?? "internal" });
  }
}

/** A random nonce for chat.send (works on plain http too, unlike crypto.randomUUID). */
export function randomNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A hash path to go back to after logging in: only our own routes. */
export function safeNext(next) {
  return typeof next === "string" && /^\/[A-Za-z0-9/_-]*$/.test(next) ? next : "/";
}
