// The signed-in user's own topic (user:{id}) for as long as the app runs, and the call dialog.
//
// app.js does not subscribe to user:{id} itself, so this module does, for every signed-in page:
// it installs itself once the app exists (see the bottom of this file) and follows sign-in and
// sign-out. That subscription is also what keeps a jobseeker's queue places through a short
// disconnect (the server releases places of users with no connection on their topic for
// queues.disconnect_grace_s). Views listen to the topic's pushes through listen().
//
// The call dialog: when a queue.place push (or queue.mine after a reconnect) says a place is
// called, a dialog (role=alertdialog) appears on whatever page is open, takes the focus, and
// counts down to the deadline; Accept opens the interview room (#/room/{id}), Decline frees the
// recruiter for the next person.
import { t, tx, bind } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { queueName } from "./strings.js";

let current = null;

/** The watcher of `app` (created on first use). */
export function watcher(app) {
  if (!current || current.app !== app) current = new Watcher(app);
  return current;
}

class Watcher {
  constructor(app) {
    this.app = app;
    this.userId = null;
    this.sub = null;
    this.listeners = new Set();
    this.dialog = null; // {placeId, element, timer}
    app.client.on("state", () => this.sync());
    this.sync();
  }

  /** Subscribes to the signed-in user's topic; drops it on sign-out or a change of user. */
  sync() {
    const id = this.app.user?.id ?? null;
    if (id === this.userId) return;
    this.sub?.unsubscribe();
    this.sub = null;
    this.userId = id;
    this.closeDialog();
    if (id === null) return;
    this.sub = this.app.client.subscribe(topic.user(id), {
      onEvent: (push) => this.onPush(push),
      onSubscribed: () => this.refresh(),
    });
  }

  /** fn(push) for every push on the user's topic; returns the function that stops it. */
  listen(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onPush(push) {
    for (const fn of [...this.listeners]) {
      try {
        fn(push);
      } catch (err) {
        console.error("queue: listener failed", err);
      }
    }
    if (push.event === EVT.QUEUE_PLACE) this.onPlace(push.data?.place);
  }

  /** After a (re)subscribe: a call that arrived while we were away still shows. */
  async refresh() {
    if (this.app.user?.role !== "jobseeker") return;
    try {
      const { places = [] } = await this.app.client.request(CMD.QUEUE_MINE, {});
      for (const p of places) this.onPlace(p);
    } catch {
      /* the next push or reconnect tries again */
    }
  }

  onPlace(place) {
    if (!place || this.app.user?.role !== "jobseeker") return;
    if (place.status === "called" && place.deadline_at * 1000 > Date.now()) this.showDialog(place);
    else if (this.dialog?.placeId === place.id) this.closeDialog();
  }

  closeDialog() {
    if (!this.dialog) return;
    clearInterval(this.dialog.timer);
    this.dialog.element.remove();
    this.dialog = null;
  }

  showDialog(place) {
    if (this.dialog?.placeId === place.id) return;
    this.closeDialog();
    const { client } = this.app;
    const titleId = newId("call-title");
    const textId = newId("call-text");
    const title = h("h2", { id: titleId });
    bind(title, (el) => (el.textContent = t("queue.call.title", { booth: place.booth_name || "" })));
    const text = h("p", { id: textId });
    bind(text, (el) => (el.textContent = t("queue.call.text", { queue: queueName(place.queue) })));
    const countdown = h("p", { class: "queue-countdown", "aria-hidden": "true" });
    const status = h("p", { class: "queue-call-status", role: "status" });
    const accept = h("button", { type: "button", class: "button primary" }, tx("queue.call.accept"));
    const decline = h("button", { type: "button", class: "button" }, tx("queue.call.decline"));
    const element = h(
      "section",
      { class: "queue-call", role: "alertdialog", "aria-labelledby": titleId, "aria-describedby": textId, tabindex: "-1" },
      title,
      text,
      countdown,
      h("p", { class: "actions" }, accept, " ", decline),
      status,
    );
    const dialog = { placeId: place.id, element, timer: null };
    this.dialog = dialog;
    const tick = () => {
      const s = Math.max(0, Math.ceil(place.deadline_at - Date.now() / 1000));
      countdown.textContent = t("queue.call.countdown", { s });
      if (s <= 0) {
        clearInterval(dialog.timer);
        accept.disabled = decline.disabled = true;
        status.textContent = t("queue.call.expired");
        setTimeout(() => this.dialog === dialog && this.closeDialog(), 4000);
      }
    };
    tick();
    dialog.timer = setInterval(tick, 1000);
    const busy = (on) => (accept.disabled = decline.disabled = on);
    accept.addEventListener("click", async () => {
      busy(true);
      try {
        const { room } = await client.request(CMD.QUEUE_ACCEPT, { place_id: place.id });
        this.closeDialog();
        this.app.navigate(`/room/${room.id}`);
      } catch (err) {
        status.textContent = t("queue.failed", { message: err.message && err.code === "conflict" ? err.message : errorText(err) });
        busy(false);
      }
    });
    decline.addEventListener("click", async () => {
      busy(true);
      try {
        await client.request(CMD.QUEUE_DECLINE, { place_id: place.id });
        this.closeDialog();
        this.app.announce(t("queue.call.declined"));
      } catch (err) {
        status.textContent = t("queue.failed", { message: errorText(err) });
        busy(false);
      }
    });
    document.body.append(element);
    // The dialog takes the focus: its role and label are read out at once.
    element.focus();
  }
}

// Install as soon as the app exists (app.js sets window.fuar after importing the views), so the
// user topic is followed on every page, not only after a queue view was opened.
setTimeout(() => {
  const app = globalThis.fuar?.app;
  if (app) watcher(app);
}, 0);
