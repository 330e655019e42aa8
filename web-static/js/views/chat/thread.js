// One private thread between a jobseeker and a booth, as a pane used by the booth page (the
// jobseeker's side) and the staff page (the booth's side; organisers read-only).
//
// Contract: the caller subscribes to the side's topic (user:{me} for the jobseeker, staff:{booth}
// for staff) and forwards every push to pane.onPush(push); pane.reload() after a topic reset.
// History loads the latest page; "Load older" pages back with `before`. Messages merge by id.
// While the pane is shown the caller's side's read mark follows the newest message of the other
// side (thread.read). Typing is sent at most every 2 s while writing and shown for 5 s.
// The log and the form are the shared chat pane's (pane.js).
import { t, tx } from "../../i18n.js";
import { CMD, EVT, LIMITS } from "../../protocol.js";
import { h, randomNonce } from "../../ui.js";
import { chatErrorText } from "./strings.js";
import { reportControl } from "./report.js";
import { chatPane, messageItem, sendForm } from "./pane.js";

const PAGE = 50;

export function threadPane(ctx, { threadId, headingLevel = "h3", title }) {
  const { app } = ctx;
  const { client } = app;
  const me = () => app.user ?? client.user;
  let thread = null;
  let side = null; // jobseeker | booth | moderator
  let hasMore = false;

  const pane = chatPane({
    idPrefix: "thread",
    className: "chat thread",
    headingLevel,
    title,
    logClass: "chat-log thread-log",
    logLabelKey: "thread.log",
    emptyKey: "thread.empty",
    olderKey: "thread.loadOlder",
    renderMessage: (m) => {
      const own = m.author?.id === me()?.id;
      return messageItem(m, {
        mine: own,
        author: () => (own ? t("thread.you", { name: m.author.name }) : m.author.name),
        badge: m.side === "booth" && thread ? { class: "badge badge-role", text: () => t("thread.boothSide", { booth: thread.booth.name }) } : null,
        extra: own ? null : reportControl(client, "thread", m, m.author.name),
      });
    },
  });
  const { log, older, loadError } = pane;
  const typing = h("p", { class: "thread-typing", role: "status" });
  const readMark = h("p", { class: "hint thread-read" });
  const notice = h("p", { class: "sr-only", role: "status" });
  let typingTimer = null;

  function otherRead() {
    if (!thread) return 0;
    return side === "jobseeker" ? thread.read.booth : thread.read.jobseeker;
  }

  function renderReadMark() {
    // "Read by …" under the newest own-side message the other side has read.
    const mine = pane.messages().filter((m) => m.side === side).map((m) => m.id);
    const seen = mine.filter((id) => id <= otherRead());
    readMark.textContent =
      side !== "moderator" && seen.length && Math.max(...seen) === Math.max(...mine)
        ? side === "jobseeker"
          ? t("thread.readByBooth")
          : t("thread.readByJobseeker", { name: thread.jobseeker.name })
        : "";
  }

  function remove(id) {
    if (pane.remove(id)) notice.textContent = t("thread.deleted");
  }

  // Moves our side's read mark to the newest message of the other side we show.
  let marking = false;
  async function markRead() {
    if (!thread || side === "moderator" || marking || document.hidden) return;
    const theirs = pane.messages().filter((m) => m.side !== side).map((m) => m.id);
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
      pane.quietly(() => {
        pane.clear();
        (d.messages ?? []).forEach(pane.insert);
      });
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      f.form.hidden = side === "moderator";
      readOnly.hidden = side !== "moderator";
      loadError.textContent = "";
      renderReadMark();
      pane.toBottom();
      markRead();
    } catch (err) {
      if (!ctx.signal.aborted) loadError.textContent = t("thread.loadFailed", { message: chatErrorText(err) });
    }
  }

  older.addEventListener("click", async () => {
    if (!pane.size) return;
    try {
      const d = await client.request(CMD.THREAD_HISTORY, { thread_id: threadId, before: pane.oldestId(), limit: PAGE });
      (d.messages ?? []).forEach(pane.insert);
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      if (!hasMore) log.focus();
    } catch (err) {
      loadError.textContent = t("thread.loadFailed", { message: chatErrorText(err) });
    }
  });

  // ---- the form ----
  const f = sendForm({
    idPrefix: "thread-input",
    formClass: "chat-form thread-form",
    tag: "textarea",
    inputAttrs: { name: "text", rows: 2, maxlength: LIMITS.CHAT_TEXT_MAX, autocomplete: "off" },
    labelKey: "thread.inputLabel",
    sendKey: "thread.send",
    errorAlert: true,
  });
  const { form, input, button: sendButton } = f;
  const readOnly = h("p", { class: "hint", hidden: true }, tx("thread.readOnly"));
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
      const invalid = t("thread.textInvalid");
      f.setProblem(() => invalid);
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
      f.setProblem(null);
      pane.insert(d.message);
      if (thread) {
        if (side === "jobseeker") thread.read.jobseeker = Math.max(thread.read.jobseeker, d.message.id);
        else thread.read.booth = Math.max(thread.read.booth, d.message.id);
      }
      renderReadMark();
      pane.toBottom();
    } catch (err) {
      // The send failed on the way, not because of the text: described, not marked invalid.
      const failed = t("thread.failed", { message: chatErrorText(err) });
      f.setProblem(() => failed, { invalid: false });
    } finally {
      sendButton.disabled = false;
      if (!ctx.signal.aborted) input.focus();
    }
  });

  function onPush(push) {
    const d = push.data ?? {};
    if (d.thread_id !== threadId) return;
    if (push.event === EVT.THREAD_MESSAGE) {
      pane.push(d.message);
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

  const element = pane.place([], [readMark, typing, notice, readOnly], form);
  return { element, heading: pane.heading, onPush, reload };
}
