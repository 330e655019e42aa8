// `#/booth/{id}`: booth info, live visitor count and the booth's public chat.
//
// Chat contract: the topic booth:{id} is subscribed for as long as the view lives. After the first
// subscribe the latest page of chat.history is loaded; "Load older" pages back with `before`.
// chat.message pushes are merged in by message id (a message is never shown twice, whether it
// arrives by history, push or our own send reply). When the client reports that the topic could
// not be recovered after a reconnect (onReset), the list is cleared and reloaded from history.
// Sending uses one random nonce per message; a send lost to a reconnect is retried with the same
// nonce, so the server stores it once.
import { t, tn, tx, tOr, bind, tattr, localized } from "../i18n.js";
import { api } from "../http.js";
import { CMD, EVT, LIMITS, topic } from "../protocol.js";
import { h, insertByIdOrder, newId, errorText, formatMessageTime, randomNonce } from "../ui.js";
import { liveCount } from "./fair.js";
import { boothProfileSection } from "./booths/profile.js";
import { dropCvButton } from "./cvs/apply.js";
// The live capabilities add their own sections to the booth page (views/<capability>/routes.js).
import * as presencePages from "./presence/routes.js";
import * as queuePages from "./queue/routes.js";
import * as slotPages from "./slot/routes.js";
import * as chatPages from "./chat/routes.js";
import * as roomPages from "./room/routes.js";

const SECTIONS = [presencePages, queuePages, slotPages, roomPages, chatPages].flatMap((p) => p.BOOTH_SECTIONS ?? []);

const PAGE = 50;

export async function boothView(ctx) {
  const id = Number(ctx.params[0]);
  const [{ booth, fair }, { jobs = [] }] = await Promise.all([
    api("GET", `/api/booths/${id}`, undefined, { signal: ctx.signal }),
    api("GET", `/api/booths/${id}/jobs`, undefined, { signal: ctx.signal }),
  ]);
  ctx.app.setTitle(() => booth.name);

  const chat = boothChat(ctx, booth);
  // The page's booth:{id} subscription, shared by the chat and the presence section. Its own
  // counter is not shown: the presence section's "N visitors, K recruiters online" is the
  // booth's count (the raw subscriber count mixed recruiters and visitors).
  liveCount(ctx, topic.booth(id), "booth.visitors", chat.handlers);

  const fairLink = h("a", { href: `#/fair/${booth.fair_id ?? fair?.id}` });
  bind(fairLink, (el) => (el.textContent = t("booth.backToFair", { fair: localized(fair?.title).text })));
  const facts = h(
    "dl",
    { class: "facts" },
    booth.sector ? h("div", { class: "fact" }, h("dt", {}, tx("booth.sector")), h("dd", {}, booth.sector)) : null,
    booth.city ? h("div", { class: "fact" }, h("dt", {}, tx("booth.city")), h("dd", {}, booth.city)) : null,
  );
  return h(
    "div",
    { class: "view booth-view" },
    h("p", { class: "breadcrumb" }, fairLink),
    h("h1", {}, booth.name),
    booth.demo ? h("p", { class: "badges" }, h("span", { class: "badge badge-demo" }, tx("fair.demo"))) : null,
    facts,
    ctx.app.user?.role === "jobseeker" ? dropCvButton(booth, ctx.app) : null,
    boothProfileSection(booth, jobs, fair),
    ...SECTIONS.map((section) => section(ctx, { booth, fair, jobs })),
    chat.element,
  );
}

function boothChat(ctx, booth) {
  const { app } = ctx;
  const { client } = app;
  const boothId = booth.id;
  const headingId = newId("chat");
  const byId = new Map(); // message id → <li>
  let hasMore = false;
  let loaded = false;

  const list = h("ul", { class: "chat-list", role: "list" });
  const empty = h("p", { class: "chat-empty" }, tx("chat.empty"));
  const log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", tabindex: "0" }, empty, list);
  tattr(log, "aria-label", "chat.log");
  const older = h("button", { type: "button", class: "button", hidden: true }, tx("chat.loadOlder"));
  const beginning = h("p", { class: "hint chat-beginning", hidden: true }, tx("chat.beginning"));
  const status = h("p", { class: "sr-only", role: "status" });
  const loadError = h("p", { class: "error-text", role: "alert" });
  // The header's status is far away on a phone: repeat a lost connection next to the chat
  // (not as a live region: the header's already announces it).
  const connNote = h("p", { class: "chat-conn", hidden: true });
  let retrying = false; // between a lost socket and the next "online"
  const renderConn = bind(connNote, (el) => {
    const state = client.state;
    if (state === "reconnecting") retrying = true;
    if (state === "online") retrying = false;
    el.hidden = state === "online" || state === "idle" || (state === "connecting" && !retrying);
    el.textContent = retrying ? t("chat.connLost") : t("chat.connDown");
  });
  ctx.onCleanup(client.on("state", renderConn));

  // ---- the message list ----

  function me() {
    return app.user ?? client.user;
  }

  function renderMessage(m) {
    const mine = m.user?.id !== undefined && m.user.id === me()?.id;
    const author = h("span", { class: "msg-author" });
    bind(author, (el) => (el.textContent = mine ? t("chat.you", { name: m.user.name }) : (m.user?.name ?? "?")));
    let role = null;
    if (m.user?.role && m.user.role !== "jobseeker") {
      role = h("span", { class: `badge badge-role badge-${m.user.role}` });
      bind(role, (el) => (el.textContent = tOr(`role.${m.user.role}`, m.user.role)));
    }
    const time = h("time", { datetime: new Date(m.sent_at_ms).toISOString() });
    bind(time, (el) => (el.textContent = formatMessageTime(m.sent_at_ms)));
    return h(
      "li",
      { class: mine ? "msg mine" : "msg", "data-id": m.id },
      h("p", { class: "msg-meta" }, author, role ? " " : null, role, " ", time),
      h("p", { class: "msg-text" }, m.text),
      mine ? null : chatPages.reportControl(client, "public", m, m.user?.name ?? "?"),
    );
  }

  /** Inserts a message in id order unless it is already shown; returns whether it was new. */
  function insert(m) {
    if (!m || typeof m.id !== "number" || byId.has(m.id)) return false;
    const li = renderMessage(m);
    byId.set(m.id, li);
    insertByIdOrder(list, li, m.id);
    empty.hidden = true;
    return true;
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }
  function toBottom() {
    log.scrollTop = log.scrollHeight;
  }

  /** Adds many messages without making screen readers read them all out. */
  function quietly(fn) {
    log.setAttribute("aria-live", "off");
    fn();
    setTimeout(() => log.setAttribute("aria-live", "polite"), 500);
  }

  function renderOlder() {
    older.hidden = !hasMore;
    beginning.hidden = hasMore || byId.size === 0;
  }

  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }

  async function loadLatest() {
    try {
      const d = await client.request(CMD.CHAT_HISTORY, { booth_id: boothId, limit: PAGE });
      quietly(() => (d.messages ?? []).forEach(insert));
      hasMore = Boolean(d.has_more);
      loaded = true;
      loadError.textContent = "";
      renderOlder();
      toBottom();
    } catch (err) {
      if (ctx.signal.aborted) return;
      loadError.textContent = t("chat.loadFailed", { message: errorText(err) });
    }
  }

  let loadingOlder = false;
  older.addEventListener("click", async () => {
    if (loadingOlder || byId.size === 0) return;
    loadingOlder = true;
    older.setAttribute("aria-disabled", "true");
    const oldest = Math.min(...byId.keys());
    try {
      const d = await client.request(CMD.CHAT_HISTORY, { booth_id: boothId, before: oldest, limit: PAGE });
      const height = log.scrollHeight;
      let added = 0;
      quietly(() => (d.messages ?? []).forEach((m) => (added += insert(m) ? 1 : 0)));
      log.scrollTop += log.scrollHeight - height; // keep the reader's place
      hasMore = Boolean(d.has_more);
      renderOlder();
      say(tn("chat.olderLoaded", added));
      if (!hasMore) log.focus(); // the button is gone: keep focus near it
    } catch (err) {
      loadError.textContent = t("chat.loadFailed", { message: errorText(err) });
    } finally {
      loadingOlder = false;
      older.removeAttribute("aria-disabled");
    }
  });

  // ---- the send form ----

  const inputId = newId("chat-input");
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const input = h("input", {
    id: inputId,
    name: "text",
    type: "text",
    autocomplete: "off",
    maxlength: LIMITS.CHAT_TEXT_MAX,
    enterkeyhint: "send",
    "aria-describedby": hintId,
  });
  const sendButton = h("button", { type: "submit", class: "button primary" }, tx("chat.sendButton"));
  const sendError = h("p", { id: errorId, class: "field-error", hidden: true });
  const sending = h("p", { class: "hint", role: "status" });
  let problem = null; // () => string
  const renderProblem = bind(sendError, (el) => (el.textContent = problem ? problem() : ""));
  function setProblem(fn) {
    problem = fn;
    renderProblem();
    sendError.hidden = !fn;
    if (fn) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${hintId} ${errorId}`);
    } else {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", hintId);
    }
  }

  let pending = null; // {text, nonce}: kept until the server has the message
  let busy = false;
  const renderSending = bind(sending, (el) => (el.textContent = busy ? t("chat.sending") : ""));
  const form = h(
    "form",
    { class: "chat-form", novalidate: true },
    h("label", { for: inputId }, tx("chat.inputLabel")),
    h("p", { id: hintId, class: "hint" }, tx("chat.hint")),
    h("div", { class: "chat-input-row" }, input, sendButton),
    sendError,
    sending,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const text = input.value.trim();
    const length = [...text].length;
    if (length < LIMITS.CHAT_TEXT_MIN || length > LIMITS.CHAT_TEXT_MAX) {
      setProblem(() => t("chat.textInvalid"));
      input.focus();
      return;
    }
    setProblem(null);
    // The same text after a failure keeps its nonce: if the first try did reach the server,
    // the retry returns the stored message instead of posting it twice.
    if (!pending || pending.text !== text) pending = { text, nonce: randomNonce() };
    busy = true;
    sendButton.disabled = true;
    renderSending();
    try {
      const message = await sendWithRetry(pending);
      pending = null;
      input.value = "";
      insert(message);
      toBottom();
    } catch (err) {
      if (err.code === "invalid") setProblem(() => t("chat.textInvalid"));
      else setProblem(() => t("chat.failed", { message: chatPages.chatErrorText(err) }));
    } finally {
      busy = false;
      renderSending();
      sendButton.disabled = false;
      if (!ctx.signal.aborted) input.focus();
    }
  });

  async function sendWithRetry(p) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const d = await client.request(CMD.CHAT_SEND, { booth_id: boothId, text: p.text, nonce: p.nonce }, { timeoutMs: 15000 });
        return d.message;
      } catch (err) {
        const transient = ["disconnected", "timeout", "unavailable"].includes(err.code) || (err.code === "internal" && attempt === 1);
        if (!transient || attempt >= 3 || ctx.signal.aborted) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt + Math.random() * 500));
      }
    }
  }

  // ---- live updates (handlers for the booth topic, shared with the visitor count) ----

  const handlers = {
    onSubscribed: (reply, { resubscribed }) => {
      if (!resubscribed || !loaded) loadLatest();
    },
    onReset: () => {
      // History after our last offset is gone: start again from the latest page.
      byId.clear();
      list.replaceChildren();
      empty.hidden = false;
      hasMore = false;
      renderOlder();
      loaded = false;
      say(t("chat.reloaded"));
    },
    onEvent: (push) => {
      if (push.event === EVT.CHAT_DELETED) {
        // Removed by the fair's organiser (server/chat).
        const li = byId.get(push.data.message_id);
        if (li) {
          li.remove();
          byId.delete(push.data.message_id);
          empty.hidden = byId.size > 0;
          say(t("thread.publicRemoved"));
        }
        return;
      }
      if (push.event !== EVT.CHAT_MESSAGE) return;
      const stick = nearBottom();
      if (insert(push.data) && stick) toBottom();
      renderOlder();
    },
    onError: (err) => {
      loadError.textContent = t("chat.loadFailed", { message: errorText(err) });
    },
  };

  const element = h(
    "section",
    { class: "chat", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("chat.title")),
    loadError,
    older,
    beginning,
    log,
    status,
    connNote,
    form,
  );
  return { element, handlers };
}
