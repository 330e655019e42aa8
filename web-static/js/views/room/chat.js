// The room's own chat (room.chat / room.chat.history), in the shared chat pane. Anyone joined may
// write; an ended room's chat stays readable. The view loads it after every subscribe that could
// not recover the topic, and forwards room.chat pushes to push().
import { t, tx, tOr } from "../../i18n.js";
import { CMD, LIMITS } from "../../protocol.js";
import { h, errorText, randomNonce } from "../../ui.js";
import { chatPane, messageItem, sendForm } from "../chat/pane.js";

const PAGE = 50;

/**
 * @param {object} ctx        the view's context (app, signal)
 * @param {number} roomId
 * @param {number} me         our user id
 * @param {() => boolean} canSend   we are in the call
 * Returns {element, load(), loaded(), renderForm(), push(message), reset()}.
 */
export function roomChat(ctx, roomId, me, canSend) {
  const { client } = ctx.app;
  let hasMore = false;
  let loaded = false;

  const pane = chatPane({
    idPrefix: "room-chat",
    className: "chat room-chat",
    title: tx("room.chat.title"),
    logClass: "chat-log room-chat-log",
    logLabelKey: "room.chat.log",
    emptyKey: "room.chat.empty",
    olderKey: "room.chat.older",
    renderMessage: (m) => {
      const mine = m.user?.id === me;
      return messageItem(m, {
        mine,
        author: () => (mine ? t("room.you", { name: m.user.name }) : (m.user?.name ?? "?")),
        badge: m.user?.role ? { class: "badge badge-role", text: () => tOr(`room.role.${m.user.role}`, m.user.role) } : null,
      });
    },
  });
  const { log, older, loadError } = pane;

  async function load() {
    try {
      const d = await client.request(CMD.ROOM_CHAT_HISTORY, { room_id: roomId, limit: PAGE });
      pane.quietly(() => (d.messages ?? []).forEach(pane.insert));
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      loaded = true;
      loadError.textContent = "";
      pane.toBottom();
    } catch (err) {
      if (ctx.signal.aborted) return;
      loadError.textContent = errorText(err);
    }
  }

  older.addEventListener("click", async () => {
    if (pane.size === 0) return;
    try {
      const d = await client.request(CMD.ROOM_CHAT_HISTORY, { room_id: roomId, before: pane.oldestId(), limit: PAGE });
      pane.keepPlace(() => pane.quietly(() => (d.messages ?? []).forEach(pane.insert)));
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      if (!hasMore) log.focus();
    } catch (err) {
      loadError.textContent = errorText(err);
    }
  });

  const notJoined = h("p", { class: "hint" }, tx("room.chat.notJoined"));
  const f = sendForm({
    idPrefix: "room-chat-input",
    inputAttrs: { name: "text", type: "text", autocomplete: "off", maxlength: LIMITS.CHAT_TEXT_MAX, enterkeyhint: "send" },
    labelKey: "room.chat.label",
    sendKey: "room.chat.send",
    extras: [notJoined],
  });
  const { input, button: send } = f;
  // Room chat errors are shown in the language they were raised in.
  const problem = (text) => f.setProblem(text ? () => text : null);
  let pending = null; // {text, nonce}: a retry of the same text reuses its nonce (stored once)
  let busy = false;
  f.form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (busy || !canSend()) return;
    const text = input.value.trim();
    const n = [...text].length;
    if (n < LIMITS.CHAT_TEXT_MIN || n > LIMITS.CHAT_TEXT_MAX) {
      problem(t("room.chat.invalid"));
      input.focus();
      return;
    }
    problem(null);
    if (!pending || pending.text !== text) pending = { text, nonce: randomNonce() };
    busy = true;
    send.disabled = true;
    try {
      const d = await client.request(CMD.ROOM_CHAT, { room_id: roomId, text: pending.text, nonce: pending.nonce }, { timeoutMs: 15000 });
      pending = null;
      input.value = "";
      pane.insert(d.message);
      pane.toBottom();
    } catch (err) {
      problem(err.code === "invalid" ? t("room.chat.invalid") : t("room.chat.failed", { message: errorText(err) }));
    } finally {
      busy = false;
      renderForm();
      if (!ctx.signal.aborted) input.focus();
    }
  });

  function renderForm() {
    const ok = canSend();
    input.disabled = !ok;
    send.disabled = !ok || busy;
    notJoined.hidden = ok;
  }

  const element = pane.place([], [], f.form);
  return {
    element,
    load,
    loaded: () => loaded,
    renderForm,
    push: (m) => pane.push(m),
    reset: () => {
      pane.clear();
      loaded = false;
    },
  };
}
