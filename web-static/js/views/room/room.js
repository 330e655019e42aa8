// `#/room/{id}`: an interview room. Joins the room, builds the WebRTC mesh (mesh.js), shows one
// tile per participant, the call controls, the in-room chat and, for recruiters, the panel
// (participants with "remove", invite, end, and the evaluation of each candidate).
//
// Life cycle (protocol/ws/room.md):
//   room.get → subscribe room:{id} → (on every successful subscribe, i.e. also after a
//   reconnect) room.turn, camera+microphone, room.join → offer to every other joined member.
//   Navigating away leaves the room (room.leave) and stops the camera.
// Rejoin without a ghost: the server keeps one connection per member; when our own
// `room.member joined` arrives although we did not send a join (another window or device took
// over), this window stops its media and says so. The pushes of the topic come in offset order,
// so a `joined` of someone else that arrives before the push of our own join is older than our
// join (we offer to them); one that arrives after it is a rejoin (they offer to us): the old
// connection to them is closed.
// `?relay=1` forces TURN relays (iceTransportPolicy "relay"), for tests and awkward networks.
import "./strings.js";
import { t, tx, tattr, bind, tOr } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD, EVT, LIMITS, topic } from "../../protocol.js";
import { h, insertByIdOrder, newId, errorText, formatMessageTime, randomNonce } from "../../ui.js";
import { Mesh } from "./mesh.js";

const VIDEO = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };
const CHAT_PAGE = 50;
const OUTCOMES = ["next_step", "rejected", "hired"];
const EVAL_NOTES_MAX = 4000;

export async function roomView(ctx) {
  const { app } = ctx;
  const { client } = app;
  const roomId = Number(ctx.params[0]);
  const me = app.user.id;
  const relay = ctx.query.get("relay") === "1";

  const first = await client.request(CMD.ROOM_GET, { room_id: roomId });
  let room = first.room;
  const members = new Map(first.members.map((m) => [m.user_id, m]));
  let booth = null;
  try {
    booth = (await api("GET", `/api/booths/${room.booth_id}`, undefined, { signal: ctx.signal })).booth;
  } catch (err) {
    if (err?.name === "AbortError") throw err; // the booth's name is a nicety; the room works without it
  }
  const titleText = () => (booth ? t("room.title", { booth: booth.name }) : t("room.titleNoBooth", { id: roomId }));
  app.setTitle(titleText);
  const recruiter = members.get(me)?.role === "recruiter";

  // ---- state ----
  // phase: idle (not joined yet) | joining | joined | left | replaced | kicked | ended
  let phase = room.status === "ended" ? "ended" : "idle";
  let joinError = null;
  let selfJoinPending = 0; // our room.join requests whose own `room.member joined` push is still due
  let heldSignals = []; // offers (and their ICE) received while joining, handled once joined
  let iceServers = [];
  let turnFetchedAt = 0;
  let turnTtlMs = 0;
  let media = null; // null: not asked yet; else {problem: null|"audioOnly"|"failed"|"unsupported", reason}
  let mic = null; // the microphone track
  let camera = null; // the camera track
  let screen = null; // the screen-share track
  let muted = false;
  let cameraOff = false;
  let audioOnly = false;
  const streams = new Map(); // user id → remote MediaStream
  let view = null; // the page's root element (set below)
  const announced = new Set(); // "id:connected" already announced

  const mesh =
    typeof RTCPeerConnection === "function"
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
            renderTile(id);
            renderNotice();
          },
          onStream: (id, stream) => {
            streams.set(id, stream);
            renderTile(id);
          },
          onClosed: (id) => {
            streams.delete(id);
            announced.delete(`${id}:connected`);
            renderTile(id);
            renderNotice();
          },
        })
      : null;

  function nameOf(id) {
    return members.get(id)?.name ?? "?";
  }

  // ---- live region and notices ----
  const announcer = h("p", { class: "sr-only", role: "status", "data-room-announcer": "" });
  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => (announcer.textContent = text), 50);
  }
  const noticeText = h("p", { class: "room-notice-text" });
  const noticeActions = h("p", { class: "room-notice-actions" });
  const notice = h("div", { class: "notice room-notice", role: "status" }, noticeText);
  const rejoinButton = h("button", { type: "button", class: "button primary", onclick: () => join() }, tx("room.rejoin"));
  const joinHereButton = h("button", { type: "button", class: "button primary", onclick: () => join() }, tx("room.joinHere"));
  const retryButton = h(
    "button",
    {
      type: "button",
      class: "button",
      onclick: () => {
        stopMedia();
        join();
      },
    },
    tx("room.retryVideo"),
  );

  function allFailed() {
    if (!mesh || mesh.peers.size === 0) return false;
    return [...mesh.peers.keys()].every((id) => mesh.state(id) === "failed");
  }

  const renderNotice = bind(noticeText, () => {
    const lines = [];
    const actions = [];
    switch (phase) {
      case "idle":
        if (joinError) {
          lines.push(t("room.joinFailed", { message: errorText(joinError) }));
          actions.push(rejoinButton);
        }
        break;
      case "joining":
        lines.push(media === null ? t("room.media.asking") : t("room.joining"));
        break;
      case "joined":
        lines.push(t("room.joined"));
        if (media?.problem === "audioOnly") lines.push(t("room.media.audioOnly"));
        if (media?.problem === "failed") lines.push(t("room.media.failed", { reason: media.reason }), t("room.textOnly"));
        if (media?.problem === "unsupported") lines.push(t("room.media.unsupported"));
        if (allFailed()) lines.push(t("room.connFailed"));
        if (media?.problem === "failed" || allFailed()) actions.push(retryButton);
        break;
      case "left":
        lines.push(t("room.left"));
        actions.push(rejoinButton);
        break;
      case "replaced":
        lines.push(t("room.replaced"));
        actions.push(joinHereButton);
        break;
      case "kicked":
        lines.push(t("room.kicked"));
        break;
      case "ended":
        lines.push(t("room.ended"));
        break;
    }
    noticeText.textContent = lines.join(" ");
    notice.hidden = lines.length === 0;
    notice.dataset.textOnly = String(phase === "joined" && (media?.problem === "failed" || media?.problem === "unsupported" || allFailed()));
    noticeActions.replaceChildren(...actions);
    noticeActions.hidden = actions.length === 0;
    if (view) view.dataset.phase = phase;
  });

  // ---- tiles ----
  const tiles = new Map(); // user id → {li, video, conn, state, play}
  const tileList = h("ul", { class: "room-tiles", role: "list" });
  tattr(tileList, "aria-label", "room.tiles");

  function tile(id) {
    let tl = tiles.get(id);
    if (tl) return tl;
    const self = id === me;
    const video = h("video", { autoplay: true, playsinline: true, class: "room-video", "aria-hidden": "true" });
    if (self) {
      video.muted = true;
      video.setAttribute("muted", "");
    }
    const placeholder = h("div", { class: "room-placeholder", "aria-hidden": "true" });
    const name = h("span", { class: "room-name" });
    const role = h("span", { class: "badge badge-role" });
    const state = h("span", { class: "room-state" });
    const conn = h("span", { class: "room-conn" });
    const micNote = h("span", { class: "room-mic", hidden: true });
    const play = h("button", { type: "button", class: "button room-play", hidden: true }, tx("room.playSound"));
    play.addEventListener("click", () => video.play().then(() => (play.hidden = true), () => {}));
    const li = h(
      "li",
      { class: self ? "room-tile room-self" : "room-tile", "data-user-id": id },
      h("div", { class: "room-media" }, video, placeholder),
      h("p", { class: "room-tile-info" }, name, " ", role, " ", h("span", { class: "room-status" }, state, " ", conn, " ", micNote)),
      play,
    );
    tl = { li, video, placeholder, name, role, state, conn, micNote, play, srcObject: null };
    tiles.set(id, tl);
    bind(li, () => renderTile(id));
    return tl;
  }

  function renderTile(id) {
    const m = members.get(id);
    if (!m) return;
    const tl = tile(id);
    const self = id === me;
    tl.name.textContent = self ? t("room.you", { name: m.name }) : m.name;
    tl.role.textContent = tOr(`room.role.${m.role}`, m.role);
    tl.role.className = `badge badge-role room-role-${m.role}`;
    const memberState = self ? (phase === "joined" ? "joined" : m.state === "joined" ? "left" : m.state) : m.state;
    tl.li.dataset.state = memberState;
    tl.state.textContent = tOr(`room.state.${memberState}`, memberState);
    let stream = null;
    if (self) {
      const cs = mesh ? mesh.state(id) : "closed";
      tl.li.dataset.connectionState = cs;
      tl.conn.textContent = "";
      stream = mesh && phase === "joined" && mesh.tracks.video ? mesh.stream : null;
      tl.micNote.hidden = !(phase === "joined" && (muted || !mic));
      tl.micNote.textContent = t("room.micOff");
      tl.li.classList.toggle("room-sharing", Boolean(screen));
    } else {
      const cs = mesh?.has(id) ? mesh.state(id) : m.state === "joined" && phase === "joined" ? "new" : "closed";
      tl.li.dataset.connectionState = cs;
      tl.conn.textContent = m.state === "joined" && phase === "joined" ? `· ${tOr(`room.conn.${cs}`, cs)}` : "";
      stream = mesh?.has(id) ? (streams.get(id) ?? null) : null;
      tl.micNote.hidden = true;
    }
    if (tl.srcObject !== stream) {
      tl.srcObject = stream;
      tl.video.srcObject = stream;
      if (stream && !self) {
        tl.video.play().then(
          () => (tl.play.hidden = true),
          (err) => (tl.play.hidden = err?.name !== "NotAllowedError"),
        );
      } else tl.play.hidden = true;
    }
    const hasVideo = Boolean(stream && stream.getVideoTracks().length);
    tl.video.hidden = !hasVideo;
    tl.placeholder.hidden = hasVideo;
    tl.placeholder.textContent = (m.name ?? "").trim().charAt(0).toUpperCase() || "?";
    tl.placeholder.setAttribute("title", t("room.noVideo"));
  }

  function renderTiles() {
    const shown = [...members.values()].filter((m) => m.state !== "kicked" || m.user_id === me);
    // Ourselves first, then the others in the server's order.
    shown.sort((a, b) => (a.user_id === me ? -1 : b.user_id === me ? 1 : 0));
    const wanted = shown.map((m) => tile(m.user_id).li);
    const current = [...tileList.children];
    // Moving a playing <video> is harmless, but only touch the list when it changed.
    if (wanted.length !== current.length || wanted.some((li, i) => li !== current[i])) tileList.replaceChildren(...wanted);
    for (const m of shown) renderTile(m.user_id);
  }

  // ---- controls ----
  const muteButton = h("button", { type: "button", class: "button room-toggle", "aria-pressed": "false", "data-control": "mute" }, tx("room.mute"));
  const cameraButton = h("button", { type: "button", class: "button room-toggle", "aria-pressed": "false", "data-control": "camera" }, tx("room.cameraOff"));
  const audioOnlyButton = h("button", { type: "button", class: "button room-toggle", "aria-pressed": "false", "data-control": "audio-only" }, tx("room.audioOnly"));
  const canShare = recruiter && typeof navigator.mediaDevices?.getDisplayMedia === "function";
  const shareButton = canShare ? h("button", { type: "button", class: "button room-toggle", "aria-pressed": "false", "data-control": "share" }, tx("room.share")) : null;
  const leaveButton = h("button", { type: "button", class: "button room-leave", "data-control": "leave" }, tx("room.leave"));
  const controlProblem = h("p", { class: "error-text", role: "alert" });
  const controls = h("div", { class: "room-controls", role: "group" }, muteButton, cameraButton, audioOnlyButton, shareButton, leaveButton);
  tattr(controls, "aria-label", "room.controls");

  function renderControls() {
    const inCall = phase === "joined";
    muteButton.setAttribute("aria-pressed", String(muted));
    muteButton.disabled = !inCall || !mic;
    cameraButton.setAttribute("aria-pressed", String(cameraOff));
    cameraButton.disabled = !inCall || !camera || Boolean(screen);
    audioOnlyButton.setAttribute("aria-pressed", String(audioOnly));
    audioOnlyButton.disabled = !inCall || !mesh || media?.problem === "failed" || media?.problem === "unsupported";
    if (shareButton) {
      shareButton.setAttribute("aria-pressed", String(Boolean(screen)));
      shareButton.disabled = !inCall || !mesh;
    }
    leaveButton.hidden = !(phase === "joined" || phase === "joining");
    controls.hidden = ["ended", "kicked"].includes(phase);
  }

  muteButton.addEventListener("click", () => {
    if (!mic) return;
    muted = !muted;
    mic.enabled = !muted;
    renderControls();
    renderTile(me);
  });
  cameraButton.addEventListener("click", () => {
    if (!camera) return;
    cameraOff = !cameraOff;
    camera.enabled = !cameraOff;
    renderControls();
  });
  audioOnlyButton.addEventListener("click", async () => {
    controlProblem.textContent = "";
    if (!audioOnly) {
      audioOnly = true;
      camera?.stop();
      camera = null;
      if (!screen) mesh?.setTrack("video", null);
    } else {
      audioOnlyButton.disabled = true;
      try {
        const s = await navigator.mediaDevices.getUserMedia({ video: VIDEO });
        if (phase !== "joined") {
          s.getTracks().forEach((tr) => tr.stop());
          return;
        }
        camera = s.getVideoTracks()[0];
        camera.enabled = !cameraOff;
        audioOnly = false;
        if (media?.problem === "audioOnly") media.problem = null;
        if (!screen) mesh?.setTrack("video", camera);
      } catch (err) {
        controlProblem.textContent = t("room.cameraFailed", { reason: err?.name ?? String(err) });
      }
    }
    renderControls();
    renderTile(me);
    renderNotice();
  });
  shareButton?.addEventListener("click", async () => {
    controlProblem.textContent = "";
    if (screen) return stopShare();
    try {
      const s = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      if (phase !== "joined") {
        s.getTracks().forEach((tr) => tr.stop());
        return;
      }
      screen = s.getVideoTracks()[0];
      screen.addEventListener("ended", stopShare);
      mesh?.setTrack("video", screen);
    } catch (err) {
      if (err?.name !== "NotAllowedError" && err?.name !== "AbortError") controlProblem.textContent = t("room.shareFailed", { reason: err?.name ?? String(err) });
    }
    renderControls();
    renderTile(me);
  });
  function stopShare() {
    if (!screen) return;
    screen.stop();
    screen = null;
    mesh?.setTrack("video", audioOnly ? null : camera);
    renderControls();
    renderTile(me);
  }
  leaveButton.addEventListener("click", () => leave());

  // ---- media and joining ----

  async function ensureTurn() {
    if (!mesh) return;
    if (turnFetchedAt && Date.now() - turnFetchedAt < turnTtlMs / 2) return;
    try {
      const r = await client.request(CMD.ROOM_TURN, { room_id: roomId });
      iceServers = Array.isArray(r.ice_servers) ? r.ice_servers : [];
      turnTtlMs = (r.ttl_s ?? 600) * 1000;
      turnFetchedAt = Date.now();
    } catch (err) {
      if (err.code === "not_found" || err.code === "forbidden") throw err;
      // Without TURN or STUN the call still works between hosts that can reach each other.
    }
    mesh.setConfig({ iceServers, iceTransportPolicy: relay ? "relay" : "all" });
  }

  async function ensureMedia() {
    if (media) return;
    if (!mesh) {
      media = { problem: "unsupported", reason: "" };
      return;
    }
    if (typeof navigator.mediaDevices?.getUserMedia !== "function") {
      media = { problem: "failed", reason: "getUserMedia" };
      return;
    }
    renderNotice();
    let stream = null;
    let problem = null;
    let reason = "";
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: audioOnly ? false : VIDEO });
    } catch (err) {
      reason = err?.name ?? String(err);
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        if (!audioOnly) problem = "audioOnly";
      } catch (err2) {
        problem = "failed";
        reason = err2?.name ?? reason;
      }
    }
    if (ctx.signal.aborted || phase !== "joining") {
      // Left the page or the room while the browser was asking: release the devices at once.
      stream?.getTracks().forEach((tr) => tr.stop());
      return;
    }
    mic = stream?.getAudioTracks()[0] ?? null;
    camera = stream?.getVideoTracks()[0] ?? null;
    if (!camera && problem === "audioOnly") audioOnly = true;
    if (mic) mic.enabled = !muted;
    if (camera) camera.enabled = !cameraOff;
    mesh.setTrack("audio", mic);
    mesh.setTrack("video", screen ?? camera);
    media = { problem, reason };
  }

  function stopMedia() {
    for (const tr of [mic, camera, screen]) tr?.stop();
    mic = camera = screen = null;
    mesh?.setTrack("audio", null);
    mesh?.setTrack("video", null);
    media = null;
  }

  let joinSeq = 0;
  async function join() {
    if (phase === "ended" || phase === "kicked" || ctx.signal.aborted) return;
    const seq = ++joinSeq;
    phase = "joining";
    joinError = null;
    heldSignals = [];
    mesh?.dropAll();
    renderAll();
    try {
      await ensureTurn();
      await ensureMedia();
      if (seq !== joinSeq || phase !== "joining") return;
      renderNotice();
      selfJoinPending += 1;
      let reply;
      try {
        reply = await client.request(CMD.ROOM_JOIN, { room_id: roomId });
      } catch (err) {
        selfJoinPending = Math.max(0, selfJoinPending - 1);
        throw err;
      }
      // Our own push is normally in before the reply or just after; do not wait for it forever.
      setTimeout(() => {
        if (joinSeq === seq) selfJoinPending = 0;
      }, 10000);
      if (seq !== joinSeq || phase !== "joining") return;
      updateMembers(reply.members, reply.room);
      phase = "joined";
      // We are the newcomer: offer to everyone already in the room.
      mesh?.dropAll();
      for (const m of members.values()) {
        if (m.user_id !== me && m.state === "joined") mesh?.call(m.user_id).catch((err) => console.warn(`room: offer to ${m.user_id} failed: ${err?.message ?? err}`));
      }
      // Offers that came while we were joining (someone rejoined at the same moment): now that
      // our own offers are out, the mesh settles the glare the same way on both sides.
      const held = heldSignals;
      heldSignals = [];
      for (const d of held) mesh?.handleSignal(d);
    } catch (err) {
      if (ctx.signal.aborted || seq !== joinSeq) return;
      if (phase !== "joining") return;
      if (err.code === "not_found" || err.code === "forbidden") {
        stopMedia();
        phase = room.status === "ended" ? "ended" : "kicked";
      } else if (err.code === "conflict") {
        stopMedia();
        phase = "ended";
      } else {
        phase = "idle";
        joinError = err;
      }
    }
    renderAll();
  }

  async function leave() {
    joinSeq += 1;
    const was = phase;
    phase = "left";
    mesh?.dropAll();
    stopMedia();
    renderAll();
    rejoinButton.focus();
    if (was === "joined" || was === "joining") {
      try {
        await client.request(CMD.ROOM_LEAVE, { room_id: roomId });
      } catch {
        /* the server marks us gone when the connection goes anyway */
      }
    }
  }

  /** The room is over for this window: ended, kicked, or taken over by another window. */
  function stop(next) {
    joinSeq += 1;
    phase = next;
    mesh?.dropAll();
    stopMedia();
    renderAll();
  }

  /** Takes a reply's {room, members} (either may be missing). */
  function updateMembers(list, newRoom) {
    if (newRoom?.id === roomId) {
      room = newRoom;
      renderKind?.();
    }
    if (!Array.isArray(list)) return;
    for (const m of list) members.set(m.user_id, { ...members.get(m.user_id), ...m });
    renderTiles();
    panel?.render();
  }

  // ---- pushes ----

  function onMember(d) {
    if (typeof d?.user_id !== "number") return;
    const prev = members.get(d.user_id);
    members.set(d.user_id, { ...prev, ...d });
    if (d.user_id === me) {
      if (d.state === "joined") {
        if (selfJoinPending > 0) selfJoinPending -= 1;
        else if (phase === "joined" || phase === "joining") {
          stop("replaced");
          joinHereButton.focus();
        }
      } else if (d.state === "kicked") {
        stop("kicked");
      }
    } else {
      if (d.state === "joined") {
        if (prev?.state !== "joined") announce(t("room.announce.joined", { name: d.name }));
        // Joined after us: a rejoin, they offer to us; the old connection is dead.
        if (selfJoinPending === 0 && mesh?.has(d.user_id)) mesh.drop(d.user_id);
      } else if (d.state === "left" || d.state === "kicked") {
        mesh?.drop(d.user_id);
        if (prev?.state === "joined") announce(t(d.state === "left" ? "room.announce.left" : "room.announce.kicked", { name: d.name }));
      }
    }
    renderTiles();
    renderControls();
    renderNotice();
    panel?.render();
  }

  const chat = roomChat(ctx, roomId, me, () => phase === "joined");

  // An ended room is read-only: its chat history and (for recruiters) the evaluations.
  const sub = phase === "ended" ? null : client.subscribe(topic.room(roomId), {
    onSubscribed: (reply, { resubscribed }) => {
      if (!resubscribed || !chat.loaded()) chat.load();
      // A new connection: join again from it (the server replaces the old one, no ghost).
      if (phase === "idle" || phase === "joined" || phase === "joining") join();
    },
    onReset: () => {
      selfJoinPending = 0;
      chat.reset();
    },
    onEvent: (push) => {
      const d = push.data ?? {};
      switch (push.event) {
        case EVT.ROOM_SIGNAL:
          if (d.to !== me || !mesh) break;
          if (phase === "joined") mesh.handleSignal(d);
          else if (phase === "joining" && heldSignals.length < 200) {
            // Answers now belong to connections we have closed; an offer starts a new one.
            if (d.kind === "offer" || (d.kind === "ice" && heldSignals.some((x) => x.from === d.from && x.kind === "offer"))) heldSignals.push(d);
          }
          break;
        case EVT.ROOM_MEMBER:
          onMember(d);
          break;
        case EVT.ROOM_CHAT:
          chat.push(d.message);
          break;
        case EVT.ROOM_ENDED:
          room = d.room ?? { ...room, status: "ended" };
          if (phase !== "ended") {
            stop("ended");
          }
          break;
        case EVT.SUBSCRIPTION_REVOKED:
          sub?.unsubscribe();
          if (phase !== "ended") stop("kicked");
          break;
      }
    },
    onError: (err) => {
      if (err.code === "not_found" || err.code === "forbidden") stop(room.status === "ended" ? "ended" : "kicked");
      else {
        joinError = err;
        renderNotice();
      }
    },
  });

  ctx.onCleanup(() => {
    const wasIn = phase === "joined" || phase === "joining";
    joinSeq += 1;
    phase = "left";
    mesh?.dropAll();
    stopMedia();
    sub?.unsubscribe();
    if (wasIn) client.request(CMD.ROOM_LEAVE, { room_id: roomId }).catch(() => {});
    if (window.fuar?.room?.roomId === roomId) delete window.fuar.room;
  });
  ctx.onCleanup(client.on("state", () => chat.renderForm()));

  // ---- recruiter panel ----
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
          stop("ended");
        },
      })
    : null;

  // ---- the view ----
  function renderAll() {
    renderKind?.();
    renderTiles();
    renderControls();
    renderNotice();
    chat.renderForm();
    panel?.render();
  }

  const kind = h("span", { class: "badge room-kind" });
  const renderKind = bind(kind, (el) => (el.textContent = tOr(`room.kind.${room.kind}`, room.kind)));
  const stageId = newId("room-stage");
  view = h(
    "div",
    { class: "view room-view", "data-room-id": roomId },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/rooms" }, tx("room.back"))),
    h("h1", {}, booth ? tx("room.title", { booth: booth.name }) : tx("room.titleNoBooth", { id: roomId })),
    h("p", { class: "badges" }, kind),
    notice,
    noticeActions,
    announcer,
    h(
      "div",
      { class: "room-layout" },
      h(
        "section",
        { class: "room-stage", "aria-labelledby": stageId },
        h("h2", { id: stageId, class: "sr-only" }, tx("room.stage")),
        tileList,
        controls,
        controlProblem,
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
    phase: () => phase,
    stats: (id) => mesh?.stats(id) ?? null,
  };
  if (phase === "ended") chat.load();
  return view;
}

// ---- the room's chat --------------------------------------------------------------------------

function roomChat(ctx, roomId, me, canSend) {
  const { client } = ctx.app;
  const headingId = newId("room-chat");
  const byId = new Map();
  let hasMore = false;
  let loaded = false;

  const list = h("ul", { class: "chat-list", role: "list" });
  const empty = h("p", { class: "chat-empty" }, tx("room.chat.empty"));
  const log = h("div", { class: "chat-log room-chat-log", role: "log", "aria-live": "polite", tabindex: "0" }, empty, list);
  tattr(log, "aria-label", "room.chat.log");
  const older = h("button", { type: "button", class: "button", hidden: true }, tx("room.chat.older"));
  const loadError = h("p", { class: "error-text", role: "alert" });

  function render(m) {
    const mine = m.user?.id === me;
    const author = h("span", { class: "msg-author" });
    bind(author, (el) => (el.textContent = mine ? t("room.you", { name: m.user.name }) : (m.user?.name ?? "?")));
    const role = m.user?.role ? h("span", { class: "badge badge-role" }) : null;
    if (role) bind(role, (el) => (el.textContent = tOr(`room.role.${m.user.role}`, m.user.role)));
    const time = h("time", { datetime: new Date(m.sent_at_ms).toISOString() });
    bind(time, (el) => (el.textContent = formatMessageTime(m.sent_at_ms)));
    return h("li", { class: mine ? "msg mine" : "msg", "data-id": m.id }, h("p", { class: "msg-meta" }, author, role ? " " : null, role, " ", time), h("p", { class: "msg-text" }, m.text));
  }

  function insert(m) {
    if (!m || typeof m.id !== "number" || byId.has(m.id)) return false;
    const li = render(m);
    byId.set(m.id, li);
    insertByIdOrder(list, li, m.id);
    empty.hidden = true;
    return true;
  }

  function quietly(fn) {
    log.setAttribute("aria-live", "off");
    fn();
    setTimeout(() => log.setAttribute("aria-live", "polite"), 500);
  }

  async function load() {
    try {
      const d = await client.request(CMD.ROOM_CHAT_HISTORY, { room_id: roomId, limit: CHAT_PAGE });
      quietly(() => (d.messages ?? []).forEach(insert));
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      loaded = true;
      loadError.textContent = "";
      log.scrollTop = log.scrollHeight;
    } catch (err) {
      if (ctx.signal.aborted) return;
      loadError.textContent = errorText(err);
    }
  }

  older.addEventListener("click", async () => {
    if (byId.size === 0) return;
    try {
      const d = await client.request(CMD.ROOM_CHAT_HISTORY, { room_id: roomId, before: Math.min(...byId.keys()), limit: CHAT_PAGE });
      const height = log.scrollHeight;
      quietly(() => (d.messages ?? []).forEach(insert));
      log.scrollTop += log.scrollHeight - height;
      hasMore = Boolean(d.has_more);
      older.hidden = !hasMore;
      if (!hasMore) log.focus();
    } catch (err) {
      loadError.textContent = errorText(err);
    }
  });

  const inputId = newId("room-chat-input");
  const errorId = `${inputId}-error`;
  const input = h("input", { id: inputId, name: "text", type: "text", autocomplete: "off", maxlength: LIMITS.CHAT_TEXT_MAX, enterkeyhint: "send" });
  const send = h("button", { type: "submit", class: "button primary" }, tx("room.chat.send"));
  const sendError = h("p", { id: errorId, class: "field-error", hidden: true });
  const notJoined = h("p", { class: "hint" }, tx("room.chat.notJoined"));
  let pending = null;
  let busy = false;
  const form = h(
    "form",
    { class: "chat-form", novalidate: true },
    h("label", { for: inputId }, tx("room.chat.label")),
    h("div", { class: "chat-input-row" }, input, send),
    sendError,
    notJoined,
  );
  function problem(text) {
    sendError.textContent = text ?? "";
    sendError.hidden = !text;
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", errorId);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
  form.addEventListener("submit", async (ev) => {
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
      insert(d.message);
      log.scrollTop = log.scrollHeight;
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

  const element = h(
    "section",
    { class: "chat room-chat", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("room.chat.title")),
    loadError,
    older,
    log,
    form,
  );
  return {
    element,
    load,
    loaded: () => loaded,
    renderForm,
    push: (m) => {
      const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
      if (insert(m) && stick) log.scrollTop = log.scrollHeight;
    },
    reset: () => {
      byId.clear();
      list.replaceChildren();
      empty.hidden = false;
      loaded = false;
    },
  };
}

// ---- the recruiter panel ----------------------------------------------------------------------

function field(label, control) {
  const id = control.id || (control.id = newId("room-f"));
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

function recruiterPanel({ ctx, roomId, me, members, evaluations, getRoom, booth, updateMembers, onEnded }) {
  const { client } = ctx.app;
  const headingId = newId("room-panel");
  const status = h("p", { class: "room-panel-status", role: "status" });
  const people = h("ul", { class: "room-people", role: "list" });
  const evals = h("div", { class: "room-evals" });
  const evalForms = new Map(); // candidate id → form (kept while typing; members changes do not rebuild it)
  const savedEvals = new Map(evaluations.map((e) => [e.candidate_id, e])); // from room.get

  // -- participants with "remove" --
  function renderPeople() {
    const ended = getRoom().status === "ended";
    people.replaceChildren(
      ...[...members.values()].map((m) => {
        const state = h("span", { class: "room-state" }, tOr(`room.state.${m.state}`, m.state));
        const kick =
          m.user_id !== me && m.state !== "kicked" && !ended
            ? h(
                "button",
                {
                  type: "button",
                  class: "button room-kick",
                  "data-kick": m.user_id,
                  onclick: async (ev) => {
                    if (!window.confirm(t("room.panel.confirmKick", { name: m.name }))) return;
                    ev.target.disabled = true;
                    try {
                      await client.request(CMD.ROOM_KICK, { room_id: roomId, user_id: m.user_id });
                      members.set(m.user_id, { ...members.get(m.user_id), state: "kicked" });
                      say(t("room.panel.kicked", { name: m.name }));
                      updateMembers([]);
                    } catch (err) {
                      ev.target.disabled = false;
                      say(t("room.panel.failed", { message: errorText(err) }));
                    }
                  },
                },
                t("room.panel.kick", { name: m.name }),
              )
            : null;
        return h("li", { "data-user-id": m.user_id }, h("span", { class: "room-name" }, m.name), " ", h("span", { class: "badge badge-role" }, tOr(`room.role.${m.role}`, m.role)), " ", state, kick ? " " : null, kick);
      }),
    );
  }

  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }

  // -- invite another applicant (the room becomes a group) --
  const inviteSelect = h("select", { id: newId("room-invite"), name: "application_id" });
  const inviteButton = h("button", { type: "submit", class: "button" }, tx("room.panel.inviteButton"));
  const noApplicants = h("p", { class: "hint", hidden: true }, tx("room.panel.noApplicants"));
  let applicants = [];
  const inviteForm = h(
    "form",
    {
      class: "form room-invite",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const id = Number(inviteSelect.value);
        if (!id) return;
        inviteButton.disabled = true;
        try {
          const r = await client.request(CMD.ROOM_INVITE, { room_id: roomId, application_id: id });
          const a = applicants.find((x) => x.id === id);
          updateMembers(r.members, r.room);
          say(t("room.panel.invited", { name: a?.applicant?.name ?? "" }));
          renderInvite();
        } catch (err) {
          say(t("room.panel.failed", { message: err.message && err.code !== "internal" ? err.message : errorText(err) }));
        } finally {
          inviteButton.disabled = false;
        }
      },
    },
    h("h3", {}, tx("room.panel.invite")),
    field(tx("room.panel.inviteLabel"), inviteSelect),
    noApplicants,
    h("p", {}, inviteButton),
  );
  function renderInvite() {
    const names = new Set([...members.values()].map((m) => m.name));
    const open = applicants.filter((a) => a.applicant && !names.has(a.applicant.name) && a.status !== "rejected" && a.status !== "hired");
    inviteSelect.replaceChildren(...open.map((a) => h("option", { value: a.id }, `${a.applicant.name} — ${a.job ? a.job.title : t("room.start.drop")}`)));
    noApplicants.hidden = open.length > 0;
    inviteSelect.disabled = inviteButton.disabled = open.length === 0;
    inviteForm.hidden = getRoom().status === "ended";
  }
  if (booth) {
    api("GET", `/api/booths/${booth.id}/applications`, undefined, { signal: ctx.signal }).then(
      (r) => {
        applicants = r.applications ?? [];
        renderInvite();
      },
      () => renderInvite(),
    );
  }

  // -- end the room --
  const endButton = h(
    "button",
    {
      type: "button",
      class: "button room-end",
      onclick: async () => {
        if (!window.confirm(t("room.panel.confirmEnd"))) return;
        endButton.disabled = true;
        try {
          const r = await client.request(CMD.ROOM_END, { room_id: roomId });
          onEnded(r.room);
        } catch (err) {
          endButton.disabled = false;
          say(t("room.panel.failed", { message: errorText(err) }));
        }
      },
    },
    tx("room.panel.end"),
  );

  // -- evaluations --
  function evalForm(m) {
    const headId = newId("room-eval");
    const notes = h("textarea", { name: "notes", rows: "3", maxlength: String(EVAL_NOTES_MAX) });
    const rating = h("select", { name: "rating" });
    const outcome = h("select", { name: "outcome" });
    bind(rating, (s) => {
      const v = s.value;
      s.replaceChildren(h("option", { value: "" }, t("room.panel.noRating")), ...[1, 2, 3, 4, 5].map((n) => h("option", { value: String(n) }, `${n}/5`)));
      s.value = v;
    });
    bind(outcome, (s) => {
      const v = s.value;
      s.replaceChildren(h("option", { value: "" }, t("room.panel.noOutcome")), ...OUTCOMES.map((o) => h("option", { value: o }, t(`room.outcome.${o}`))));
      s.value = v;
    });
    const before = savedEvals.get(m.user_id);
    if (before) {
      notes.value = before.notes ?? "";
      rating.value = before.rating == null ? "" : String(before.rating);
      outcome.value = before.outcome ?? "";
    }
    const saved = h("p", { class: "room-saved", role: "status" });
    const save = h("button", { type: "submit", class: "button primary" }, tx("room.panel.save", { name: m.name }));
    const form = h(
      "form",
      {
        class: "form room-eval",
        "data-candidate": m.user_id,
        "aria-labelledby": headId,
        onsubmit: async (ev) => {
          ev.preventDefault();
          save.disabled = true;
          saved.textContent = "";
          const data = { room_id: roomId, candidate_id: m.user_id, notes: notes.value };
          if (rating.value) data.rating = Number(rating.value);
          if (outcome.value) data.outcome = outcome.value;
          try {
            const r = await client.request(CMD.ROOM_EVALUATE, data);
            saved.textContent = r.application_status
              ? `${t("room.panel.saved")} ${t("room.panel.appStatus", { status: tOr(`cv.status.${r.application_status}`, r.application_status) })}`
              : t("room.panel.saved");
          } catch (err) {
            saved.textContent = t("room.panel.failed", { message: err.code === "invalid" && err.message ? err.message : errorText(err) });
          } finally {
            save.disabled = false;
          }
        },
      },
      h("h3", { id: headId }, tx("room.panel.eval", { name: m.name })),
      h("p", { class: "hint" }, tx("room.panel.evalHint")),
      field(tx("room.panel.notes", { name: m.name }), notes),
      h("div", { class: "room-eval-row" }, field(tx("room.panel.rating", { name: m.name }), rating), field(tx("room.panel.outcome", { name: m.name }), outcome)),
      h("p", {}, save),
      saved,
    );
    return form;
  }
  function renderEvals() {
    for (const m of members.values()) {
      if (m.role !== "candidate" || evalForms.has(m.user_id)) continue;
      const f = evalForm(m);
      evalForms.set(m.user_id, f);
      evals.append(f);
    }
  }

  const peopleId = newId("room-people");
  const element = h(
    "section",
    { class: "room-panel", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("room.panel.title")),
    status,
    h("h3", { id: peopleId }, tx("room.panel.people")),
    people,
    inviteForm,
    h("p", {}, endButton),
    evals,
  );
  people.setAttribute("aria-labelledby", peopleId);
  return {
    element,
    render() {
      renderPeople();
      renderInvite();
      renderEvals();
      endButton.hidden = getRoom().status === "ended";
    },
  };
}
