// The booth page's public chat (booth:{id}), in the shared chat pane.
//
// Contract: the booth page subscribes to booth:{id} for as long as it lives and hands this chat's
// `handlers` to that subscription. After the first subscribe the latest page of chat.history is
// loaded; "Load older" pages back with `before`. chat.message pushes are merged in by message id
// (a message is never shown twice, whether it arrives by history, push or our own send reply).
// When the client reports that the topic could not be recovered after a reconnect (onReset), the
// list is cleared and reloaded from history. Sending uses one random nonce per message; a send
// lost to a reconnect is retried with the same nonce, so the server stores it once.
import { t, tn, tx, tOr, bind } from "../../i18n.js";
import { CMD, EVT, LIMITS } from "../../protocol.js";
import { h, errorText, randomNonce } from "../../ui.js";
import { chatErrorText } from "./strings.js";
import { reportControl } from "./report.js";
import { chatPane, messageItem, sendForm } from "./pane.js";

const PAGE = 50;

/** Returns {element, handlers} (handlers: onSubscribed, onReset, onEvent, onError of booth:{id}). */
export function boothChat(ctx, booth) {
  const { app } = ctx;
  const { client } = app;
  const boothId = booth.id;
  let hasMore = false;
  let loaded = false;
  const me = () => app.user ?? client.user;

  const pane = chatPane({
    idPrefix: "chat",
    className: "chat",
    title: tx("chat.title"),
    logClass: "chat-log",
    logLabelKey: "chat.log",
    emptyKey: "chat.empty",
    olderKey: "chat.loadOlder",
    renderMessage: (m) => {
      const mine = m.user?.id !== undefined && m.user.id === me()?.id;
      const role = m.user?.role && m.user.role !== "jobseeker" ? m.user.role : null;
      return messageItem(m, {
        mine,
        author: () => (mine ? t("chat.you", { name: m.user.name }) : (m.user?.name ?? "?")),
        badge: role ? { class: `badge badge-role badge-${role}`, text: () => tOr(`role.${role}`, role) } : null,
        extra: mine ? null : reportControl(client, "public", m, m.user?.name ?? "?"),
      });
    },
  });
  const { log, older, loadError } = pane;
  const beginning = h("p", { class: "hint chat-beginning", hidden: true }, tx("chat.beginning"));
  const status = h("p", { class: "sr-only", role: "status" });
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

  function renderOlder() {
    older.hidden = !hasMore;
    beginning.hidden = hasMore || pane.size === 0;
  }

  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }

  async function loadLatest() {
    try {
      const d = await client.request(CMD.CHAT_HISTORY, { booth_id: boothId, limit: PAGE });
      pane.quietly(() => (d.messages ?? []).forEach(pane.insert));
      hasMore = Boolean(d.has_more);
      loaded = true;
      loadError.textContent = "";
      renderOlder();
      pane.toBottom();
    } catch (err) {
      if (ctx.signal.aborted) return;
      loadError.textContent = t("chat.loadFailed", { message: errorText(err) });
    }
  }

  let loadingOlder = false;
  older.addEventListener("click", async () => {
    if (loadingOlder || pane.size === 0) return;
    loadingOlder = true;
    older.setAttribute("aria-disabled", "true");
    try {
      const d = await client.request(CMD.CHAT_HISTORY, { booth_id: boothId, before: pane.oldestId(), limit: PAGE });
      let added = 0;
      pane.keepPlace(() => pane.quietly(() => (d.messages ?? []).forEach((m) => (added += pane.insert(m) ? 1 : 0))));
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

  const sending = h("p", { class: "hint", role: "status" });
  const f = sendForm({
    idPrefix: "chat-input",
    inputAttrs: { name: "text", type: "text", autocomplete: "off", maxlength: LIMITS.CHAT_TEXT_MAX, enterkeyhint: "send" },
    labelKey: "chat.inputLabel",
    hintKey: "chat.hint",
    sendKey: "chat.sendButton",
    extras: [sending],
  });
  const { input, button: sendButton } = f;
  let pending = null; // {text, nonce}: kept until the server has the message
  let busy = false;
  const renderSending = bind(sending, (el) => (el.textContent = busy ? t("chat.sending") : ""));
  f.form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const text = input.value.trim();
    const length = [...text].length;
    if (length < LIMITS.CHAT_TEXT_MIN || length > LIMITS.CHAT_TEXT_MAX) {
      f.setProblem(() => t("chat.textInvalid"));
      input.focus();
      return;
    }
    f.setProblem(null);
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
      pane.insert(message);
      pane.toBottom();
    } catch (err) {
      if (err.code === "invalid") f.setProblem(() => t("chat.textInvalid"));
      else f.setProblem(() => t("chat.failed", { message: chatErrorText(err) }));
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
      pane.clear();
      hasMore = false;
      renderOlder();
      loaded = false;
      say(t("chat.reloaded"));
    },
    onEvent: (push) => {
      if (push.event === EVT.CHAT_DELETED) {
        // Removed by the fair's organiser (server/chat).
        if (pane.remove(push.data.message_id)) say(t("thread.publicRemoved"));
        return;
      }
      if (push.event !== EVT.CHAT_MESSAGE) return;
      pane.push(push.data);
      renderOlder();
    },
    onError: (err) => {
      loadError.textContent = t("chat.loadFailed", { message: errorText(err) });
    },
  };

  const element = pane.place([beginning], [status, connNote], f.form);
  return { element, handlers };
}
