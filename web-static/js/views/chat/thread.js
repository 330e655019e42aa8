// One private thread between a jobseeker and a booth, as a pane used by the booth page (the
// jobseeker's side) and the staff page (the booth's side; organisers read-only).
//
// Contract: the caller subscribes to the side's topic (user:{me} for the jobseeker, staff:{booth}
// for staff) and forwards every push to pane.onPush(push); pane.reload() after a topic reset.
// History loads the latest page; "Load older" pages back with `before`. Messages merge by id.
// While the pane is shown the caller's side's read mark follows the newest message of the other
// side (thread.read). Typing is sent at most every 2 s while writing and shown for 5 s.
import { t, tx, bind } from "../../i18n.js";
import { CMD, EVT, LIMITS } from "../../protocol.js";
import { h, insertByIdOrder, newId, formatMessageTime, randomNonce } from "../../ui.js";
import { chatErrorText } from "./strings.js";
import { reportControl } from "./report.js";

const PAGE = 50;

export function threadPane(ctx, { threadId, headingLevel = "h3", title }) {
  const { app } = ctx;
  const { client } = app;
  const me = () => app.user ?? client.user;
  const byId = new Map();
  let thread = null;
  let side = null; // jobseeker | booth | moderator
  let hasMore = false;

  const headingId = newId("thread");
  const list = h("ul", { class: "chat-list", role: "list" });
  const empty = h("p", { class: "chat-empty" }, tx("thread.empty"));
  const log = h("div", { class: "chat-log thread-log", role: "log", "aria-live": "polite", tabindex: "0" }, empty, list);
  bind(log, (el) => el.setAttribute("aria-label", t("thread.log")));
  const older = h("button", { type: "button", class: "button", hidden: true }, tx("thread.loadOlder"));
  const typing = h("p", { class: "thread-typing", role: "status" });
  const readMark = h("p", { class: "hint thread-read" });
  const loadError = h("p", { class: "error-text", role: "alert" });
  const notice = h("p", { class: "sr-only", role: "status" });
  let typingTimer = null;

  function otherRead() {
    if (!thread) return 0;
    return side === "jobseeker" ? thread.read.booth : thread.read.jobseeker;
  }

  function renderReadMark() {
    // "Read by …" under the newest own-side message the other side has read.
    const mine = [...byId.values()].filter((x) => x.m.side === side).map((x) => x.m.id);
    const seen = mine.filter((id) => id <= otherRead());
    readMark.textContent =
      side !== "moderator" && seen.length && Math.max(...seen) === Math.max(...mine)
        ? side === "jobseeker"
          ? t("thread.readByBooth")
          : t("thread.readByJobseeker", { name: thread.jobseeker.name })
        : "";
  }

  function renderMessage(m) {
    const own = m.author?.id === me()?.id;
    const author = h("span", { class: "msg-author" });
    bind(author, (el) => (el.textContent = own ? t("thread.you", { name: m.author.name }) : m.author.name));
    const team = m.side === "booth" && thread ? h("span", { class: "badge badge-role" }) : null;
    if (team) bind(team, (el) => (el.textContent = t("thread.boothSide", { booth: thread.booth.name })));
    const time = h("time", { datetime: new Date(m.sent_at_ms).toISOString() });
    bind(time, (el) => (el.textContent = formatMessageTime(m.sent_at_ms)));
    return h(
      "li",
      { class: own ? "msg mine" : "msg", "data-id": m.id },
      h("p", { class: "msg-meta" }, author, team ? " " : null, team, " ", time),
      h("p", { class: "msg-text" }, m.text),
      own ? null : reportControl(client, "thread", m, m.author.name),
    );
  }

  function insert(m) {
    if (!m || byId.has(m.id)) return false;
    const li = renderMessage(m);
    byId.set(m.id, { m, li });
    insertByIdOrder(list, li, m.id);
    empty.hidden = true;
    return true;
  }

  function remove(id) {
    const x = byId.get(id);
    if (!x) return;
    x.li.remove();
    byId.delete(id);
    empty.hidden = byId.size > 0;
    notice.textContent = t("thread.deleted");
  }

  // Moves our side's read mark to the newest message of the other side we show.
  let marking = false;
  async function markRead() {
    if (!thread || side === "moderator" || marking || document.hidden) return;
    const theirs = [...byId.values()].filter((x) => x.m.side !== side).map((x) => x.m.id);
    if (!theirs.length) return;
    const newest = Math.max(...theirs);
    const mark = side === "jobseeker" ? thread.read.jobseeker : thread.read.booth;
    if (newest <= mark) return;
    marking = true;
    try {
      const d = await client.request(CMD.THREAD_READ, { thread_id: threadId, message_id: newest });
      if (side === "jobseeker") thread.read.jobseeker = d.read;
      else thread.read.booth = d.read;
    } catch {
      // Not fatal: the mark follows on the next message or visit.
    } finally {
      marking = false;
    }
  }

  async function reload() {
    try {
      const d = await client.request(CMD.THREAD_HISTORY, { thread_id: threadId, limit: PAGE });
      thread = d.thread;
      side = d.side;
      byId.clear();
      list.replaceChildren();
      log.setAttribute("aria-live", "off");
      (d.messages ?? []).forEach(insert);
      setTimeout(() => log.setAttribute("aria-live", "polite"), 500);
      empty.hidden = byId.size > 0;
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      form.hidden = side === "moderator";
      readOnly.hidden = side !== "moderator";
      loadError.textContent = "";
      renderReadMark();
      log.scrollTop = log.scrollHeight;
      markRead();
    } catch (err) {
      if (!ctx.signal.aborted) loadError.textContent = t("thread.loadFailed", { message: chatErrorText(err) });
    }
  }

  older.addEventListener("click", async () => {
    if (!byId.size) return;
    try {
      const d = await client.request(CMD.THREAD_HISTORY, { thread_id: threadId, before: Math.min(...byId.keys()), limit: PAGE });
      (d.messages ?? []).forEach(insert);
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      if (!hasMore) log.focus();
    } catch (err) {
      loadError.textContent = t("thread.loadFailed", { message: chatErrorText(err) });
    }
  });

  // ---- the form ----
  const inputId = newId("thread-input");
  const errorId = `${inputId}-error`;
  const input = h("textarea", { id: inputId, name: "text", rows: 2, maxlength: LIMITS.CHAT_TEXT_MAX, autocomplete: "off" });
  const sendButton = h("button", { type: "submit", class: "button primary" }, tx("thread.send"));
  const sendError = h("p", { id: errorId, class: "field-error", role: "alert" });
  const readOnly = h("p", { class: "hint", hidden: true }, tx("thread.readOnly"));
  const form = h(
    "form",
    { class: "chat-form thread-form", novalidate: true },
    h("label", { for: inputId }, tx("thread.inputLabel")),
    h("div", { class: "chat-input-row" }, input, sendButton),
    sendError,
  );
  // At most one typing signal per 2 s, the last one of a burst sent at the end of its window.
  let lastTyping = 0;
  let typingLater = null;
  const sendTyping = () => {
    typingLater = null;
    if (!input.value.trim() || side === "moderator") return;
    lastTyping = Date.now();
    client.request(CMD.THREAD_TYPING, { thread_id: threadId }).catch(() => {});
  };
  input.addEventListener("input", () => {
    const wait = lastTyping + 2000 - Date.now();
    if (wait <= 0) sendTyping();
    else if (!typingLater) typingLater = setTimeout(sendTyping, wait);
  });
  ctx.onCleanup(() => clearTimeout(typingLater));
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  let pending = null;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    const n = [...text].length;
    if (n < 1 || n > LIMITS.CHAT_TEXT_MAX) {
      sendError.textContent = t("thread.textInvalid");
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", errorId);
      input.focus();
      return;
    }
    if (!pending || pending.text !== text) pending = { text, nonce: randomNonce() };
    sendButton.disabled = true;
    try {
      const d = await client.request(CMD.THREAD_SEND, { thread_id: threadId, text, nonce: pending.nonce }, { timeoutMs: 15000 });
      pending = null;
      input.value = "";
      clearTimeout(typingLater);
      typingLater = null;
      lastTyping = 0; // the next message's typing shows at once
      sendError.textContent = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      insert(d.message);
      if (thread) {
        if (side === "jobseeker") thread.read.jobseeker = Math.max(thread.read.jobseeker, d.message.id);
        else thread.read.booth = Math.max(thread.read.booth, d.message.id);
      }
      renderReadMark();
      log.scrollTop = log.scrollHeight;
    } catch (err) {
      sendError.textContent = t("thread.failed", { message: chatErrorText(err) });
      input.setAttribute("aria-describedby", errorId);
    } finally {
      sendButton.disabled = false;
      if (!ctx.signal.aborted) input.focus();
    }
  });

  function onPush(push) {
    const d = push.data ?? {};
    if (d.thread_id !== threadId) return;
    if (push.event === EVT.THREAD_MESSAGE) {
      const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
      if (insert(d.message) && stick) log.scrollTop = log.scrollHeight;
      if (d.message.side !== side) {
        typing.textContent = "";
        markRead();
      }
      renderReadMark();
    } else if (push.event === EVT.THREAD_DELETED) {
      remove(d.message_id);
      renderReadMark();
    } else if (push.event === EVT.THREAD_READ && thread) {
      if (d.side === "jobseeker") thread.read.jobseeker = Math.max(thread.read.jobseeker, d.message_id);
      if (d.side === "booth") thread.read.booth = Math.max(thread.read.booth, d.message_id);
      renderReadMark();
    } else if (push.event === EVT.THREAD_TYPING && d.side !== side && d.user?.id !== me()?.id) {
      typing.textContent = t("thread.typing", { name: d.user?.name ?? "?" });
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => (typing.textContent = ""), 5000);
    }
  }
  ctx.onCleanup(() => clearTimeout(typingTimer));
  const onVisible = () => markRead();
  document.addEventListener("visibilitychange", onVisible);
  ctx.onCleanup(() => document.removeEventListener("visibilitychange", onVisible));

  const heading = h(headingLevel, { id: headingId }, title ?? "");
  const element = h(
    "section",
    { class: "chat thread", "aria-labelledby": headingId },
    heading,
    loadError,
    older,
    log,
    readMark,
    typing,
    notice,
    readOnly,
    form,
  );
  return { element, heading, onPush, reload };
}
