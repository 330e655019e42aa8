// #/employer/booth/{id}/threads — the booth's private conversations for its staff (and, read-only,
// for the fair's organiser): the list with unread counts, the chosen conversation with replies,
// typing indicator and read marks. Live: every push on staff:{booth}; the list is re-read when
// a message arrives.
import { t, tn, tx, bind } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, formatMessageTime } from "../../ui.js";
import { chatErrorText } from "./strings.js";
import { threadPane } from "./thread.js";

export async function staffThreadsView(ctx) {
  const { app } = ctx;
  const { client } = app;
  const boothId = Number(ctx.params[0]);
  const { booth } = await api("GET", `/api/booths/${boothId}`, undefined, { signal: ctx.signal });
  app.setTitle(() => t("thread.staff.title", { name: booth.name }));

  const list = h("ul", { class: "thread-list", role: "list" });
  const none = h("p", { class: "hint" }, tx("thread.staff.none"));
  const error = h("p", { class: "error-text", role: "alert" });
  const status = h("p", { class: "sr-only", role: "status" });
  const paneBox = h("div", { class: "thread-pane" }, h("p", { class: "hint" }, tx("thread.staff.pick")));
  let threads = [];
  let openId = null;
  let pane = null;

  function renderList() {
    none.hidden = threads.length > 0;
    list.replaceChildren(
      ...threads.map((th) => {
        let unread = null;
        if (th.unread > 0) {
          unread = h("span", { class: "badge thread-unread" });
          bind(unread, (el) => (el.textContent = tn("thread.staff.unread", th.unread)));
        }
        const when = th.last_message_at_ms ? h("span", { class: "hint" }, " ", formatMessageTime(th.last_message_at_ms)) : null;
        const button = h("button", { type: "button", class: "link-button thread-open", "aria-current": th.id === openId ? "true" : null }, tx("thread.staff.open", { name: th.jobseeker.name }));
        button.addEventListener("click", () => open(th.id));
        return h("li", { class: th.id === openId ? "thread-item current" : "thread-item" }, button, " ", unread, when);
      }),
    );
  }

  async function refresh() {
    try {
      const d = await client.request(CMD.THREAD_LIST, { booth_id: boothId });
      threads = d.threads ?? [];
      error.textContent = "";
      renderList();
    } catch (err) {
      if (!ctx.signal.aborted) error.textContent = t("thread.loadFailed", { message: chatErrorText(err) });
    }
  }

  function open(id) {
    openId = id;
    const th = threads.find((x) => x.id === id);
    pane = threadPane(ctx, { threadId: id, headingLevel: "h2", title: tx("thread.staff.open", { name: th?.jobseeker.name ?? "" }) });
    paneBox.replaceChildren(pane.element);
    pane.reload().then(() => {
      pane.element.querySelector("textarea")?.focus();
      refresh();
    });
    renderList();
  }

  let timer = null;
  const sub = client.subscribe(topic.staff(boothId), {
    onSubscribed: (reply, { resubscribed }) => {
      refresh();
      if (resubscribed) pane?.reload();
    },
    onReset: () => {
      refresh();
      pane?.reload();
    },
    onEvent: (push) => {
      pane?.onPush(push);
      if (push.event === EVT.THREAD_MESSAGE || push.event === EVT.THREAD_READ) {
        if (push.event === EVT.THREAD_MESSAGE && push.data.thread_id !== openId && push.data.message.side === "jobseeker")
          status.textContent = t("thread.staff.new", { name: push.data.jobseeker.name });
        clearTimeout(timer);
        timer = setTimeout(refresh, 300);
      }
    },
  });
  ctx.onCleanup(() => {
    clearTimeout(timer);
    sub.unsubscribe();
  });

  const listHeading = h("h2", { id: "thread-list-heading" }, tx("thread.staff.list"));
  return h(
    "div",
    { class: "view thread-staff-view" },
    h("p", { class: "breadcrumb" }, h("a", { href: `#/booth/${boothId}` }, booth.name)),
    h("h1", {}, tx("thread.staff.title", { name: booth.name })),
    error,
    status,
    h("div", { class: "thread-columns" }, h("nav", { class: "thread-nav", "aria-labelledby": "thread-list-heading" }, listHeading, none, list), paneBox),
  );
}
