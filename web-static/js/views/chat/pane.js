// The shape every chat on the site shares (the booth's public chat, a private thread, an
// interview room's chat): a section with its heading, a load error, "Load older", the message log
// (a live region holding messages in id order, each shown once), and a send form (label, input
// and button in a row, the field error). The callers own what differs: where history comes from,
// how they page back, how they send, and what else sits around the log.
//
// Contract of the log: insert() merges a message by id (history, push and our own send reply may
// deliver the same one: it is shown once) and keeps ascending id order; quietly() mutes the live
// region for a batch so screen readers do not read a whole page of history out.
import { tattr, tx, bind } from "../../i18n.js";
import { h, insertByIdOrder, newId, formatMessageTime, markFieldError } from "../../ui.js";

/** How close to the bottom (px) counts as "reading the newest": a push then scrolls along. */
const STICK_PX = 80;

/**
 * @param {object} o
 * @param {string} o.idPrefix      prefix of the heading's id
 * @param {string} o.className     the section's class ("chat …")
 * @param {string} [o.headingLevel="h2"]
 * @param {Node|string} o.title    the heading's content
 * @param {string} o.logClass      the log's class ("chat-log …")
 * @param {string} o.logLabelKey   i18n key of the log's accessible name
 * @param {string} o.emptyKey      i18n key of the "no messages yet" line
 * @param {string} o.olderKey      i18n key of the "Load older" button
 * @param {(m: object) => HTMLElement} o.renderMessage   the <li> of one message (see messageItem)
 * Returns the parts and the log's operations; call place(beforeLog, afterLog, form) once to build
 * `element`.
 */
export function chatPane({ idPrefix, className, headingLevel = "h2", title, logClass, logLabelKey, emptyKey, olderKey, renderMessage }) {
  const headingId = newId(idPrefix);
  const byId = new Map(); // message id → {m, li}
  const list = h("ul", { class: "chat-list", role: "list" });
  const empty = h("p", { class: "chat-empty" }, tx(emptyKey));
  const log = h("div", { class: logClass, role: "log", "aria-live": "polite", tabindex: "0" }, empty, list);
  tattr(log, "aria-label", logLabelKey);
  const older = h("button", { type: "button", class: "button", hidden: true }, tx(olderKey));
  const loadError = h("p", { class: "error-text", role: "alert" });
  const heading = h(headingLevel, { id: headingId }, title ?? "");

  const pane = {
    element: null,
    heading,
    log,
    older,
    loadError,
    /** Inserts a message in id order unless it is already shown; returns whether it was new. */
    insert(m) {
      if (!m || typeof m.id !== "number" || byId.has(m.id)) return false;
      const li = renderMessage(m);
      byId.set(m.id, { m, li });
      insertByIdOrder(list, li, m.id);
      empty.hidden = true;
      return true;
    },
    /** Removes a message; returns whether it was shown. */
    remove(id) {
      const x = byId.get(id);
      if (!x) return false;
      x.li.remove();
      byId.delete(id);
      empty.hidden = byId.size > 0;
      return true;
    },
    /** Forgets every message (a reload from history follows). */
    clear() {
      byId.clear();
      list.replaceChildren();
      empty.hidden = false;
    },
    get size() {
      return byId.size;
    },
    /** The messages shown, in no particular order. */
    messages() {
      return [...byId.values()].map((x) => x.m);
    },
    oldestId() {
      return Math.min(...byId.keys());
    },
    /** Adds many messages without making screen readers read them all out. */
    quietly(fn) {
      log.setAttribute("aria-live", "off");
      fn();
      setTimeout(() => log.setAttribute("aria-live", "polite"), 500);
    },
    nearBottom() {
      return log.scrollHeight - log.scrollTop - log.clientHeight < STICK_PX;
    },
    toBottom() {
      log.scrollTop = log.scrollHeight;
    },
    /** A pushed message: shown, and scrolled to when the reader was at the bottom. */
    push(m) {
      const stick = pane.nearBottom();
      const added = pane.insert(m);
      if (added && stick) pane.toBottom();
      return added;
    },
    /** Runs fn (which prepends older messages) keeping the reader's place in the log. */
    keepPlace(fn) {
      const height = log.scrollHeight;
      fn();
      log.scrollTop += log.scrollHeight - height;
    },
    /** Builds the section: heading, load error, older, beforeLog…, log, afterLog…, form. */
    place(beforeLog, afterLog, form) {
      pane.element = h("section", { class: className, "aria-labelledby": headingId }, heading, loadError, older, ...beforeLog, log, ...afterLog, form);
      return pane.element;
    },
  };
  return pane;
}

/**
 * One message as a list item: author (with "(you)" for our own), an optional badge, the time,
 * the text and an optional extra (the report control). Texts are functions so they follow the
 * language.
 * @param {object} m           the message: {id, text, sent_at_ms}
 * @param {object} o
 * @param {boolean} o.mine
 * @param {() => string} o.author
 * @param {{class: string, text: () => string}|null} [o.badge]
 * @param {Node|null} [o.extra]
 */
export function messageItem(m, { mine, author, badge = null, extra = null }) {
  const who = h("span", { class: "msg-author" });
  bind(who, (el) => (el.textContent = author()));
  const tag = badge ? h("span", { class: badge.class }) : null;
  if (tag) bind(tag, (el) => (el.textContent = badge.text()));
  const time = h("time", { datetime: new Date(m.sent_at_ms).toISOString() });
  bind(time, (el) => (el.textContent = formatMessageTime(m.sent_at_ms)));
  return h(
    "li",
    { class: mine ? "msg mine" : "msg", "data-id": m.id },
    h("p", { class: "msg-meta" }, who, tag ? " " : null, tag, " ", time),
    h("p", { class: "msg-text" }, m.text),
    extra,
  );
}

/**
 * The send form: label, optional hint, the input and its button in a row, the field error, then
 * `extras`. The error is either hidden until there is one, or (`errorAlert`) an always-present
 * alert region whose text is set.
 * @param {object} o
 * @param {string} o.idPrefix          prefix of the input's id
 * @param {string} [o.formClass="chat-form"]
 * @param {"input"|"textarea"} [o.tag="input"]
 * @param {object} o.inputAttrs        the input's attributes after id (name, type, maxlength…)
 * @param {string} o.labelKey
 * @param {string} [o.hintKey]
 * @param {string} o.sendKey
 * @param {boolean} [o.errorAlert=false]
 * @param {Node[]} [o.extras=[]]
 * Returns {form, input, button, error, setProblem(fn, {invalid})}: setProblem(() => text) shows
 * the text (kept in the current language) and marks the input invalid; setProblem(null) clears
 * both; `invalid: false` points the input at the text without calling what was typed invalid
 * (a send that failed on the way, not because of the text).
 */
export function sendForm({ idPrefix, formClass = "chat-form", tag = "input", inputAttrs, labelKey, hintKey = null, sendKey, errorAlert = false, extras = [] }) {
  const inputId = newId(idPrefix);
  const hintId = hintKey ? `${inputId}-hint` : null;
  const errorId = `${inputId}-error`;
  const input = h(tag, { id: inputId, ...inputAttrs, ...(hintId ? { "aria-describedby": hintId } : {}) });
  const button = h("button", { type: "submit", class: "button primary" }, tx(sendKey));
  const error = errorAlert ? h("p", { id: errorId, class: "field-error", role: "alert" }) : h("p", { id: errorId, class: "field-error", hidden: true });
  const form = h(
    "form",
    { class: formClass, novalidate: true },
    h("label", { for: inputId }, tx(labelKey)),
    hintKey ? h("p", { id: hintId, class: "hint" }, tx(hintKey)) : null,
    h("div", { class: "chat-input-row" }, input, button),
    error,
    ...extras,
  );
  let problem = null;
  const renderProblem = bind(error, (el) => (el.textContent = problem ? problem() : ""));
  return {
    form,
    input,
    button,
    error,
    setProblem(fn, { invalid = true } = {}) {
      problem = fn;
      renderProblem();
      if (!errorAlert) error.hidden = !fn;
      if (fn && !invalid) input.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
      else markFieldError(input, Boolean(fn), { hintId, errorId });
    },
  };
}
