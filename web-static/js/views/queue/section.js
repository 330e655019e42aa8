// The booth page's "Line up to talk" section (BOOTH_SECTIONS): the booth's open queues with
// their length and the wait a newcomer can expect (live from queue.summary on booth:{id}),
// and for a jobseeker Join/Leave buttons and their own place (live from queue.place on
// user:{id}): position, estimate, held. Plain buttons in a list: keyboard use needs nothing
// special. Staff get a link to the queue console instead.
import { t, tn, tx, bind } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { queueName, waitText } from "./strings.js";
import { watcher } from "./watch.js";

export function queueSection(ctx, { booth }) {
  const { app } = ctx;
  const { client } = app;
  const role = app.user?.role;
  const headingId = newId("queue");
  const state = { queues: new Map(), mine: new Map(), k: 3 }; // queue id → queue; queue id → my place
  const list = h("ul", { class: "queue-list", role: "list" });
  const none = h("p", { class: "hint", hidden: true }, tx("queue.section.none"));
  const status = h("p", { class: "sr-only", role: "status" });
  const problem = h("p", { class: "error-text", role: "alert" });
  const intro = h("p", { class: "hint" });
  const renderIntro = bind(intro, (el) => (el.textContent = t("queue.section.intro", { k: state.k })));

  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }

  function myPlaceText(place) {
    if (place.status === "called") return t("queue.mine.called");
    if (place.held) return t("queue.mine.held");
    return t("queue.mine.position", { position: place.position, wait: waitText(place.estimate_s) });
  }

  function renderQueue(q) {
    const mine = state.mine.get(q.id);
    const name = h("h3", { class: "queue-name" });
    bind(name, (el) => (el.textContent = queueName(q)));
    const facts = h("p", { class: "queue-facts" });
    bind(facts, (el) => (el.textContent = `${tn("queue.length", q.length)} · ${t("queue.estimate", { wait: waitText(q.estimate_s) })}`));
    const item = h("li", { class: "queue-item card", "data-queue-id": q.id }, name, facts);
    if (role === "jobseeker") {
      if (mine) {
        const line = h("p", { class: mine.held ? "queue-mine held" : "queue-mine" });
        bind(line, (el) => (el.textContent = myPlaceText(mine)));
        item.append(line);
      }
      const button = h("button", { type: "button", class: mine ? "button" : "button primary" });
      bind(button, (el) => (el.textContent = t(mine ? "queue.leave" : "queue.join", { name: queueName(q) })));
      button.addEventListener("click", () => (mine ? leave(q) : join(q)));
      if (!mine || mine.status === "waiting") item.append(h("p", { class: "actions" }, button));
    }
    return item;
  }

  function render() {
    const focused = document.activeElement?.closest?.("[data-queue-id]")?.dataset.queueId;
    list.replaceChildren(...[...state.queues.values()].filter((q) => q.status === "open").map(renderQueue));
    none.hidden = list.children.length > 0;
    if (focused) list.querySelector(`[data-queue-id="${focused}"] button`)?.focus();
  }

  async function load() {
    try {
      const d = await client.request(CMD.QUEUE_LIST, { booth_id: booth.id });
      state.queues = new Map(d.queues.map((q) => [q.id, q]));
      state.mine = new Map(d.mine.map((p) => [p.queue_id, p]));
      problem.textContent = "";
      render();
    } catch (err) {
      if (!ctx.signal.aborted) problem.textContent = t("queue.failed", { message: errorText(err) });
    }
    if (role === "jobseeker") {
      client.request(CMD.QUEUE_MINE, {}).then((d) => {
        state.k = d.max_per_user ?? state.k;
        renderIntro();
      }).catch(() => {});
    }
  }

  async function join(q) {
    try {
      const { place } = await client.request(CMD.QUEUE_JOIN, { queue_id: q.id });
      state.mine.set(q.id, place);
      render();
      say(t("queue.joined", { name: queueName(q) }) + " " + myPlaceText(place));
    } catch (err) {
      problem.textContent = t("queue.failed", { message: err.code === "conflict" ? err.message : errorText(err) });
    }
  }

  async function leave(q) {
    try {
      await client.request(CMD.QUEUE_LEAVE, { queue_id: q.id });
      state.mine.delete(q.id);
      render();
      say(t("queue.leftDone", { name: queueName(q) }));
    } catch (err) {
      problem.textContent = t("queue.failed", { message: errorText(err) });
    }
  }

  // Live: the public summary on the booth topic, my places on my own topic.
  const sub = client.subscribe(topic.booth(booth.id), {
    onSubscribed: () => load(),
    onEvent: (push) => {
      if (push.event !== EVT.QUEUE_SUMMARY) return;
      const q = push.data.queue;
      state.queues.set(q.id, q);
      render();
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  if (app.user) {
    ctx.onCleanup(
      watcher(app).listen((push) => {
        if (push.event !== EVT.QUEUE_PLACE) return;
        const p = push.data.place;
        if (p.booth_id !== booth.id) return;
        const before = state.mine.get(p.queue_id);
        if (p.status === "waiting" || p.status === "called") {
          state.mine.set(p.queue_id, p);
          // Moving up (or being held / released) is announced once, in the section's status line.
          if (before && p.status === "waiting" && (before.position !== p.position || before.held !== p.held)) say(myPlaceText(p));
        } else {
          state.mine.delete(p.queue_id);
          if (before && p.status === "left" && p.left_reason !== "self")
            say(t(`queue.ended.${p.left_reason}`, { name: queueName(p.queue) }));
          if (before && p.status === "no_show") say(t("queue.ended.no_show"));
        }
        render();
      }),
    );
  }

  const staff = role === "employer";
  return h(
    "section",
    { class: "queue-section", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("queue.section.title")),
    role === "jobseeker" ? intro : null,
    staff ? h("p", {}, h("a", { href: `#/employer/booth/${booth.id}/queue` }, tx("queue.section.staffLink"))) : null,
    problem,
    none,
    list,
    status,
  );
}
