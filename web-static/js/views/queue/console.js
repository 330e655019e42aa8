// `#/employer/booth/{id}/queue`: the recruiter's queue console. Opens and closes the booth's
// queues, shows each line live (queue.line on staff:{booth}), calls the next person or a chosen
// one, shows who is held, the outstanding call with its countdown and the recent calls
// (accepted, declined, no-shows). When a called candidate accepts, the server creates the room
// and pushes room.invited on the recruiter's own topic: the console then opens #/room/{id}.
import { t, tx, bind } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { queueName } from "./strings.js";
import { watcher } from "./watch.js";

export async function queueConsoleView(ctx) {
  const boothId = Number(ctx.params[0]);
  const { app } = ctx;
  const { client } = app;
  const [{ booth }, { jobs = [] }] = await Promise.all([
    api("GET", `/api/booths/${boothId}`, undefined, { signal: ctx.signal }),
    api("GET", `/api/booths/${boothId}/jobs`, undefined, { signal: ctx.signal }),
  ]);
  const data = await client.request(CMD.QUEUE_CONSOLE, { booth_id: boothId });
  ctx.app.setTitle(() => t("queue.console.title", { name: booth.name }));

  const entries = new Map(data.queues.map((e) => [e.queue.id, e])); // queue id → {queue, places, recent}
  const status = h("p", { class: "sr-only", role: "status" });
  const problem = h("p", { class: "error-text", role: "alert" });
  const container = h("div", { class: "queue-console" });
  const none = h("p", { class: "hint" }, tx("queue.console.none"));
  const timers = new Set();
  ctx.onCleanup(() => timers.forEach(clearInterval));

  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }
  function fail(err) {
    problem.textContent = t("queue.failed", { message: err.code === "conflict" ? err.message : errorText(err) });
  }

  async function call(queueId, placeId) {
    problem.textContent = "";
    try {
      const { place } = await client.request(CMD.QUEUE_CALL, placeId ? { queue_id: queueId, place_id: placeId } : { queue_id: queueId });
      say(t("queue.console.called", { name: place.user.name }));
    } catch (err) {
      fail(err);
    }
  }

  function renderEntry(e) {
    const q = e.queue;
    const headingId = newId("q");
    const heading = h("h2", { id: headingId });
    bind(heading, (el) => (el.textContent = queueName(q)));
    const callNext = h("button", { type: "button", class: "button primary" }, tx("queue.console.callNext"));
    callNext.addEventListener("click", () => call(q.id));
    const close = h("button", { type: "button", class: "button" }, tx("queue.console.close"));
    close.addEventListener("click", async () => {
      try {
        await client.request(CMD.QUEUE_CLOSE, { queue_id: q.id });
        entries.delete(q.id);
        render();
        say(t("queue.console.closed"));
      } catch (err) {
        fail(err);
      }
    });
    const rows = e.places.map((p) => {
      let state;
      if (p.status === "called") {
        state = h("span", { class: "badge badge-called" });
        const tick = () => {
          const s = Math.max(0, Math.ceil(p.deadline_at - Date.now() / 1000));
          state.textContent = t("queue.console.calling", { name: p.called_by?.name ?? "", s });
        };
        tick();
        timers.add(setInterval(tick, 1000));
      } else {
        state = h("span", { class: p.held ? "badge badge-held" : "badge" });
        bind(state, (el) => (el.textContent = t(p.held ? "queue.console.held" : "queue.console.waiting")));
      }
      let action = null;
      if (p.status === "waiting" && !p.held) {
        action = h("button", { type: "button", class: "button" });
        bind(action, (el) => (el.textContent = t("queue.console.callOne", { name: p.user.name })));
        action.addEventListener("click", () => call(q.id, p.id));
      }
      return h("tr", { "data-place-id": p.id }, h("td", {}, p.position ?? "—"), h("td", {}, p.user.name), h("td", {}, state), h("td", {}, action));
    });
    const table = rows.length
      ? h(
          "table",
          { class: "queue-table" },
          h("caption", {}, tx("queue.console.line")),
          h(
            "thead",
            {},
            h("tr", {}, ...["position", "person", "state", "action"].map((k) => h("th", { scope: "col" }, tx(`queue.console.${k}`)))),
          ),
          h("tbody", {}, rows),
        )
      : h("p", { class: "hint" }, tx("queue.console.empty"));
    const recent = e.recent.length
      ? h(
          "ul",
          { class: "queue-recent", role: "list" },
          e.recent.map((p) => {
            const li = h("li", { "data-outcome": p.status });
            bind(li, (el) => (el.textContent = `${p.user.name}: ${t(`queue.outcome.${p.status}`)}`));
            return li;
          }),
        )
      : h("p", { class: "hint" }, tx("queue.console.noRecent"));
    return h(
      "section",
      { class: "queue-entry card", "aria-labelledby": headingId, "data-queue-id": q.id },
      heading,
      h("p", { class: "actions" }, callNext, " ", close),
      table,
      h("h3", {}, tx("queue.console.recent")),
      recent,
    );
  }

  function render() {
    timers.forEach(clearInterval);
    timers.clear();
    const focused = document.activeElement?.closest?.("[data-queue-id]")?.dataset.queueId;
    container.replaceChildren(...[...entries.values()].filter((e) => e.queue.status === "open").map(renderEntry));
    none.hidden = container.children.length > 0;
    if (focused) container.querySelector(`[data-queue-id="${focused}"] button`)?.focus();
  }

  // ---- open a queue ----
  const targetId = newId("q-target");
  const labelId = newId("q-label");
  const target = h("select", { id: targetId, name: "target" }, h("option", { value: "" }, tx("queue.general")));
  for (const j of jobs) target.append(h("option", { value: String(j.id) }, j.title));
  const label = h("input", { id: labelId, name: "name", type: "text", maxlength: 80, autocomplete: "off" });
  const form = h(
    "form",
    { class: "queue-open", novalidate: true },
    h("h2", {}, tx("queue.console.open")),
    h("p", { class: "field" }, h("label", { for: targetId }, tx("queue.console.target")), target),
    h("p", { class: "field" }, h("label", { for: labelId }, tx("queue.console.label")), label),
    h("p", {}, h("button", { type: "submit", class: "button primary" }, tx("queue.console.create"))),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    problem.textContent = "";
    const body = { booth_id: boothId };
    if (target.value) body.job_id = Number(target.value);
    if (label.value.trim()) body.name = label.value.trim();
    try {
      const { queue } = await client.request(CMD.QUEUE_CREATE, body);
      entries.set(queue.id, { queue, places: [], recent: [] });
      label.value = "";
      render();
      say(t("queue.console.created"));
    } catch (err) {
      fail(err);
    }
  });

  // ---- live ----
  const sub = client.subscribe(topic.staff(boothId), {
    onSubscribed: async (reply, { resubscribed }) => {
      if (!resubscribed) return;
      try {
        const d = await client.request(CMD.QUEUE_CONSOLE, { booth_id: boothId });
        entries.clear();
        for (const e of d.queues) entries.set(e.queue.id, e);
        render();
      } catch (err) {
        fail(err);
      }
    },
    onEvent: (push) => {
      if (push.event !== EVT.QUEUE_LINE) return;
      entries.set(push.data.queue.id, push.data);
      render();
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  // A candidate accepted our call: go to the interview room.
  ctx.onCleanup(
    watcher(app).listen((push) => {
      const room = push.data?.room;
      if (push.event !== EVT.ROOM_INVITED || room?.source !== "queue" || room.booth_id !== boothId) return;
      say(t("queue.console.opening"));
      app.navigate(`/room/${room.id}`);
    }),
  );

  render();
  return h(
    "div",
    { class: "view queue-console-view" },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/employer" }, tx("queue.console.back"))),
    h("h1", {}, t("queue.console.title", { name: booth.name })),
    problem,
    status,
    form,
    none,
    container,
  );
}
