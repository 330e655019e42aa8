// `#/rooms`: the signed-in user's open interview rooms (room.mine), kept current by the
// room.invited pushes on user:{id}.
// `#/employer/booth/{id}/interviews`: a booth's applicants, each with "start an interview"
// (room.create), which opens the new room.
import "./strings.js";
import { t, tx, bind, tOr } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";

async function boothNames(ids, signal) {
  const names = new Map();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      try {
        names.set(id, (await api("GET", `/api/booths/${id}`, undefined, { signal })).booth.name);
      } catch (err) {
        if (err?.name === "AbortError") throw err;
      }
    }),
  );
  return names;
}

export async function myRoomsView(ctx) {
  const { app } = ctx;
  const { client } = app;
  const me = app.user.id;
  ctx.app.setTitle(() => t("room.mine.title"));
  const list = h("ul", { class: "room-list", role: "list" });
  const empty = h("p", { class: "room-empty" }, tx("room.mine.empty"));
  const problem = h("p", { class: "error-text", role: "alert" });
  const live = h("p", { class: "sr-only", role: "status" });

  async function load() {
    try {
      const { rooms = [] } = await client.request(CMD.ROOM_MINE, {});
      const names = await boothNames(rooms.map((r) => r.room.booth_id), ctx.signal);
      list.replaceChildren(
        ...rooms.map(({ room, members }) => {
          const booth = names.get(room.booth_id) ?? `#${room.booth_id}`;
          const others = members.filter((m) => m.user_id !== me && m.state !== "kicked").map((m) => m.name);
          const link = h("a", { class: "button primary", href: `#/room/${room.id}` });
          bind(link, (el) => (el.textContent = t("room.mine.open", { booth })));
          const kind = h("span", { class: "badge" });
          bind(kind, (el) => (el.textContent = tOr(`room.kind.${room.kind}`, room.kind)));
          const withText = h("p", {});
          bind(withText, (el) => (el.textContent = t("room.mine.with", { names: others.join(", ") })));
          return h("li", { class: "card room-card", "data-room-id": room.id }, h("h2", { class: "card-title" }, booth, " ", kind), withText, h("p", {}, link));
        }),
      );
      empty.hidden = rooms.length > 0;
      problem.textContent = "";
      return { rooms, names };
    } catch (err) {
      if (ctx.signal.aborted) return null;
      problem.textContent = errorText(err);
      return null;
    }
  }

  const sub = client.subscribe(topic.user(me), {
    onEvent: async (push) => {
      if (push.event !== EVT.ROOM_INVITED) return;
      const r = await load();
      const name = r?.names.get(push.data?.room?.booth_id);
      if (name) {
        live.textContent = "";
        setTimeout(() => (live.textContent = t("room.mine.invitedLive", { booth: name })), 50);
      }
    },
    onSubscribed: (reply, { resubscribed }) => {
      if (resubscribed) load();
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  await load();
  return h("div", { class: "view room-mine" }, h("h1", {}, tx("room.mine.title")), problem, live, empty, list);
}

export async function startInterviewView(ctx) {
  const { client } = ctx.app;
  const boothId = Number(ctx.params[0]);
  const [{ booth }, r] = await Promise.all([
    api("GET", `/api/booths/${boothId}`, undefined, { signal: ctx.signal }),
    api("GET", `/api/booths/${boothId}/applications`, undefined, { signal: ctx.signal }),
  ]);
  ctx.app.setTitle(() => t("room.start.title", { name: booth.name }));
  const problem = h("p", { class: "error-text", role: "alert" });
  const apps = (r.applications ?? []).filter((a) => a.applicant);
  const items = apps.map((a) => {
    const headId = newId("room-app");
    const job = h("p", {});
    bind(job, (el) => (el.textContent = a.job ? t("room.start.job", { title: a.job.title }) : t("room.start.drop")));
    const start = h("button", { type: "button", class: "button primary", "data-application": a.id });
    bind(start, (el) => (el.textContent = t("room.start.button", { name: a.applicant.name })));
    start.addEventListener("click", async () => {
      start.disabled = true;
      problem.textContent = "";
      try {
        const { room } = await client.request(CMD.ROOM_CREATE, { booth_id: boothId, application_id: a.id });
        ctx.app.navigate(`/room/${room.id}`);
      } catch (err) {
        start.disabled = false;
        problem.textContent = t("room.start.failed", { message: err.message && err.code !== "internal" ? err.message : errorText(err) });
      }
    });
    return h("li", { class: "card room-card", "aria-labelledby": headId }, h("h2", { id: headId, class: "card-title" }, a.applicant.name), job, h("p", {}, start));
  });
  return h(
    "div",
    { class: "view room-start" },
    h("h1", {}, tx("room.start.title", { name: booth.name })),
    h("p", { class: "lead" }, tx("room.start.lead")),
    problem,
    items.length ? h("ul", { class: "room-list", role: "list" }, items) : h("p", {}, tx("room.start.empty")),
  );
}
