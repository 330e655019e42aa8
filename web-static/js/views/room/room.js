// `#/room/{id}`: an interview room. This view only wires the parts together:
//   call.js      the call's state machine (phases, joining, what each push means; no DOM)
//   media.js     our camera, microphone and screen, and the ICE (TURN) configuration
//   mesh.js      the WebRTC connections, one per other joined member
//   tiles.js     one tile per participant
//   controls.js  mute, camera, audio only, share, leave
//   chat.js      the room's chat
//   panel.js     the recruiter's panel (participants, invite, end, evaluations)
//
// Life cycle (protocol/ws/room.md):
//   room.get → subscribe room:{id} → (on every successful subscribe, i.e. also after a
//   reconnect) room.turn, camera+microphone, room.join → offer to every other joined member.
//   Navigating away leaves the room (room.leave) and stops the camera.
// `?relay=1` forces TURN relays (iceTransportPolicy "relay"), for tests and awkward networks.
import "./strings.js";
import { t, tx, bind, tOr } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { Mesh } from "./mesh.js";
import { Call, notice as noticeState } from "./call.js";
import { LocalMedia, IceConfig } from "./media.js";
import { roomTiles } from "./tiles.js";
import { roomControls } from "./controls.js";
import { roomChat } from "./chat.js";
import { recruiterPanel } from "./panel.js";

/** How long our own `room.member joined` push may take before it is given up (ms). */
const SELF_PUSH_WAIT_MS = 10000;

export async function roomView(ctx) {
  const { app } = ctx;
  const { client } = app;
  const roomId = Number(ctx.params[0]);
  const me = app.user.id;

  const first = await client.request(CMD.ROOM_GET, { room_id: roomId });
  let room = first.room;
  const members = new Map(first.members.map((m) => [m.user_id, m]));
  let booth = null;
  try {
    booth = (await api("GET", `/api/booths/${room.booth_id}`, undefined, { signal: ctx.signal })).booth;
  } catch (err) {
    if (err?.name === "AbortError") throw err; // the booth's name is a nicety; the room works without it
  }
  app.setTitle(() => (booth ? t("room.title", { booth: booth.name }) : t("room.titleNoBooth", { id: roomId })));
  const recruiter = members.get(me)?.role === "recruiter";
  const nameOf = (id) => members.get(id)?.name ?? "?";

  const rtc = typeof RTCPeerConnection === "function";
  const call = new Call({ me, ended: room.status === "ended", rtc });
  const announced = new Set(); // "id:connected" already announced
  const mesh = rtc
    ? new Mesh({
        me,
        config: { iceServers: [] },
        send: (to, kind, payload) => client.request(CMD.ROOM_SIGNAL, { room_id: roomId, to, kind, payload }),
        onState: (id, state) => {
          const key = `${id}:connected`;
          if (state === "connected" && !announced.has(key)) {
            announced.add(key);
            announce(t("room.announce.connected", { name: nameOf(id) }));
          }
          if (state !== "connected") announced.delete(key);
          tiles.render(id);
          renderNotice();
        },
        onStream: (id, stream) => tiles.setStream(id, stream),
        onClosed: (id) => {
          announced.delete(`${id}:connected`);
          tiles.setStream(id, null);
          renderNotice();
        },
      })
    : null;
  const local = new LocalMedia(mesh);
  const ice = new IceConfig(client, roomId, ctx.query.get("relay") === "1");

  // ---- the parts ----
  let view = null; // the page's root element (set below)
  const tiles = roomTiles({ me, members, mesh, call, local });
  const controls = roomControls({
    call,
    local,
    recruiter,
    onLeave: () => leave(),
    onChange: (what) => {
      tiles.render(me);
      if (what === "all") renderNotice();
    },
  });
  const chat = roomChat(ctx, roomId, me, () => call.phase === "joined");
  const panel = recruiter
    ? recruiterPanel({
        ctx,
        roomId,
        me,
        members,
        evaluations: first.evaluations ?? [],
        getRoom: () => room,
        booth,
        updateMembers,
        onEnded: (r) => {
          room = r ?? { ...room, status: "ended" };
          perform(call.stop("ended"));
        },
      })
    : null;

  // ---- live region and notice ----
  const announcer = h("p", { class: "sr-only", role: "status", "data-room-announcer": "" });
  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => (announcer.textContent = text), 50);
  }
  const noticeText = h("p", { class: "room-notice-text" });
  const noticeActions = h("p", { class: "room-notice-actions" });
  const noticeBox = h("div", { class: "notice room-notice", role: "status" }, noticeText);
  const buttons = {
    rejoin: h("button", { type: "button", class: "button primary", onclick: () => join() }, tx("room.rejoin")),
    joinHere: h("button", { type: "button", class: "button primary", onclick: () => join() }, tx("room.joinHere")),
    retry: h(
      "button",
      {
        type: "button",
        class: "button",
        onclick: () => {
          local.stop();
          join();
        },
      },
      tx("room.retryVideo"),
    ),
  };

  function allFailed() {
    if (!mesh || mesh.peers.size === 0) return false;
    return [...mesh.peers.keys()].every((id) => mesh.state(id) === "failed");
  }

  const renderNotice = bind(noticeText, () => {
    const n = noticeState({ phase: call.phase, joinError: call.joinError, media: local.status, allFailed: allFailed() });
    noticeText.textContent = n.lines.map((l) => t(l.key, l.error ? { message: errorText(l.error) } : l.params)).join(" ");
    noticeBox.hidden = n.lines.length === 0;
    noticeBox.dataset.textOnly = String(n.textOnly);
    noticeActions.replaceChildren(...n.actions.map((a) => buttons[a]));
    noticeActions.hidden = n.actions.length === 0;
    if (view) view.dataset.phase = call.phase;
  });

  function renderAll() {
    renderKind?.();
    tiles.renderAll();
    controls.render();
    renderNotice();
    chat.renderForm();
    panel?.render();
  }

  /** Performs, in order, the effects the state machine asks for (see call.js). A hang-up
   *  renders at once, so a button it shows can take the focus next. */
  function perform(effects) {
    for (const fx of effects) {
      if (fx.do === "hangUp") {
        mesh?.dropAll();
        local.stop();
        renderAll();
      } else if (fx.do === "drop") mesh?.drop(fx.id);
      else if (fx.do === "announce") announce(t(fx.key, { name: fx.name }));
      else if (fx.do === "focus") buttons[fx.control]?.focus();
      else if (fx.do === "unsubscribe") sub?.unsubscribe();
    }
  }

  // ---- joining and leaving ----

  async function join() {
    if (ctx.signal.aborted) return;
    const seq = call.join();
    if (!seq) return;
    mesh?.dropAll();
    renderAll();
    try {
      await ice.apply(mesh);
      await local.acquire(() => !ctx.signal.aborted && call.phase === "joining");
      if (!call.joining(seq)) return;
      renderNotice();
      call.joinSent();
      let reply;
      try {
        reply = await client.request(CMD.ROOM_JOIN, { room_id: roomId });
      } catch (err) {
        call.joinNotSent();
        throw err;
      }
      setTimeout(() => call.joinPushOverdue(seq), SELF_PUSH_WAIT_MS);
      if (!call.joining(seq)) return;
      updateMembers(reply.members, reply.room);
      const plan = call.joined(seq, members.values());
      mesh?.dropAll();
      for (const id of plan.offerTo) mesh?.call(id).catch((err) => console.warn(`room: offer to ${id} failed: ${err?.message ?? err}`));
      for (const d of plan.replay) mesh?.handleSignal(d);
    } catch (err) {
      if (ctx.signal.aborted) return;
      const r = call.joinFailed(seq, err, room.status === "ended");
      if (!r) return;
      if (r.hangUp) local.stop();
    }
    renderAll();
  }

  async function leave() {
    const wasIn = call.leave();
    mesh?.dropAll();
    local.stop();
    renderAll();
    buttons.rejoin.focus();
    if (wasIn) {
      try {
        await client.request(CMD.ROOM_LEAVE, { room_id: roomId });
      } catch {
        /* the server marks us gone when the connection goes anyway */
      }
    }
  }

  /** Takes a reply's {room, members} (either may be missing). */
  function updateMembers(list, newRoom) {
    if (newRoom?.id === roomId) {
      room = newRoom;
      renderKind?.();
    }
    if (!Array.isArray(list)) return;
    for (const m of list) members.set(m.user_id, { ...members.get(m.user_id), ...m });
    tiles.renderAll();
    panel?.render();
  }

  // ---- pushes ----

  function onMember(d) {
    if (typeof d?.user_id !== "number") return;
    const prev = members.get(d.user_id);
    members.set(d.user_id, { ...prev, ...d });
    perform(call.member(d, prev));
    tiles.renderAll();
    controls.render();
    renderNotice();
    panel?.render();
  }

  // An ended room is read-only: its chat history and (for recruiters) the evaluations.
  const sub =
    call.phase === "ended"
      ? null
      : client.subscribe(topic.room(roomId), {
          onSubscribed: (reply, { resubscribed }) => {
            if (!resubscribed || !chat.loaded()) chat.load();
            if (call.shouldJoinOnSubscribe()) join();
          },
          onReset: () => {
            call.reset();
            chat.reset();
          },
          onEvent: (push) => {
            const d = push.data ?? {};
            switch (push.event) {
              case EVT.ROOM_SIGNAL:
                if (call.signal(d) === "handle") mesh.handleSignal(d);
                break;
              case EVT.ROOM_MEMBER:
                onMember(d);
                break;
              case EVT.ROOM_CHAT:
                chat.push(d.message);
                break;
              case EVT.ROOM_ENDED:
                room = d.room ?? { ...room, status: "ended" };
                perform(call.ended());
                break;
              case EVT.SUBSCRIPTION_REVOKED:
                perform(call.revoked());
                break;
            }
          },
          onError: (err) => {
            const fx = call.subscribeFailed(err, room.status === "ended");
            if (fx.length) perform(fx);
            else renderNotice();
          },
        });

  ctx.onCleanup(() => {
    const wasIn = call.leave();
    mesh?.dropAll();
    local.stop();
    sub?.unsubscribe();
    if (wasIn) client.request(CMD.ROOM_LEAVE, { room_id: roomId }).catch(() => {});
    if (window.fuar?.room?.roomId === roomId) delete window.fuar.room;
  });
  ctx.onCleanup(client.on("state", () => chat.renderForm()));

  // ---- the page ----
  const kind = h("span", { class: "badge room-kind" });
  const renderKind = bind(kind, (el) => (el.textContent = tOr(`room.kind.${room.kind}`, room.kind)));
  const stageId = newId("room-stage");
  view = h(
    "div",
    { class: "view room-view", "data-room-id": roomId },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/rooms" }, tx("room.back"))),
    h("h1", {}, booth ? tx("room.title", { booth: booth.name }) : tx("room.titleNoBooth", { id: roomId })),
    h("p", { class: "badges" }, kind),
    noticeBox,
    noticeActions,
    announcer,
    h(
      "div",
      { class: "room-layout" },
      h(
        "section",
        { class: "room-stage", "aria-labelledby": stageId },
        h("h2", { id: stageId, class: "sr-only" }, tx("room.stage")),
        tiles.element,
        controls.element,
        controls.problem,
      ),
      h("div", { class: "room-side" }, chat.element, panel?.element ?? null),
    ),
  );
  renderAll();

  // A handle for the console and the e2e tests (connection figures come from getStats).
  window.fuar ??= {};
  window.fuar.room = {
    roomId,
    mesh,
    phase: () => call.phase,
    stats: (id) => mesh?.stats(id) ?? null,
  };
  if (call.phase === "ended") chat.load();
  return view;
}
