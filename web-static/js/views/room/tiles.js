// The room's tiles: one per member (ourselves first, removed members hidden), each with its video
// or an initial, name, role, state, connection state and our own "microphone off" note.
// A tile is built once per member and updated in place: a playing <video> is never rebuilt.
import { t, tx, tattr, bind, tOr } from "../../i18n.js";
import { h } from "../../ui.js";
import { selfTileState, peerConnState, showsConn } from "./call.js";

/**
 * @param {object} o
 * @param {number} o.me
 * @param {Map<number, object>} o.members   user id → member, kept up to date by the view
 * @param {import("./mesh.js").Mesh|null} o.mesh
 * @param {import("./call.js").Call} o.call
 * @param {import("./media.js").LocalMedia} o.local
 * Returns {element, render(id), renderAll(), setStream(id, stream|null)}.
 */
export function roomTiles({ me, members, mesh, call, local }) {
  const tiles = new Map(); // user id → the tile's parts
  const streams = new Map(); // user id → remote MediaStream
  const element = h("ul", { class: "room-tiles", role: "list" });
  tattr(element, "aria-label", "room.tiles");

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
    bind(li, () => render(id));
    return tl;
  }

  function render(id) {
    const m = members.get(id);
    if (!m) return;
    const tl = tile(id);
    const self = id === me;
    const phase = call.phase;
    tl.name.textContent = self ? t("room.you", { name: m.name }) : m.name;
    tl.role.textContent = tOr(`room.role.${m.role}`, m.role);
    tl.role.className = `badge badge-role room-role-${m.role}`;
    const memberState = self ? selfTileState(phase, m.state) : m.state;
    tl.li.dataset.state = memberState;
    tl.state.textContent = tOr(`room.state.${memberState}`, memberState);
    let stream = null;
    if (self) {
      tl.li.dataset.connectionState = mesh ? mesh.state(id) : "closed";
      tl.conn.textContent = "";
      stream = mesh && phase === "joined" && mesh.tracks.video ? mesh.stream : null;
      tl.micNote.hidden = !(phase === "joined" && (local.muted || !local.mic));
      tl.micNote.textContent = t("room.micOff");
      tl.li.classList.toggle("room-sharing", Boolean(local.screen));
    } else {
      const connected = mesh?.has(id) ?? false;
      const cs = peerConnState({ phase, memberState: m.state, meshState: connected ? mesh.state(id) : null });
      tl.li.dataset.connectionState = cs;
      tl.conn.textContent = showsConn(phase, m.state) ? `· ${tOr(`room.conn.${cs}`, cs)}` : "";
      stream = connected ? (streams.get(id) ?? null) : null;
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

  function renderAll() {
    const shown = [...members.values()].filter((m) => m.state !== "kicked" || m.user_id === me);
    // Ourselves first, then the others in the server's order.
    shown.sort((a, b) => (a.user_id === me ? -1 : b.user_id === me ? 1 : 0));
    const wanted = shown.map((m) => tile(m.user_id).li);
    const current = [...element.children];
    // Moving a playing <video> is harmless, but only touch the list when it changed.
    if (wanted.length !== current.length || wanted.some((li, i) => li !== current[i])) element.replaceChildren(...wanted);
    for (const m of shown) render(m.user_id);
  }

  function setStream(id, stream) {
    if (stream) streams.set(id, stream);
    else streams.delete(id);
    render(id);
  }

  return { element, render, renderAll, setStream };
}
