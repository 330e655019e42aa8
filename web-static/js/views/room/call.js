// The call's state machine: which phase this window is in, and what to do on each step of a join
// and on each push of the room's topic. No DOM, no media, no network: the view (room.js) performs
// the effects it is told to and renders what the pure `notice`/`controls`/`tile…` functions say,
// so every rule below can be tested under Node (tests/e2e/call.test.mjs).
//
// Phases:
//   idle      not joined yet (first load, or a join that failed with a retryable error)
//   joining   turn + camera/microphone + room.join in flight
//   joined    in the call
//   left      we pressed "leave" (or left the page)
//   replaced  another window or device of ours joined: this one stepped back
//   kicked    removed by a recruiter, or the subscription was revoked
//   ended     the room is over (read-only)
// `ended` and `kicked` are final: join() refuses them.
//
// Rejoin without a ghost (protocol/ws/room.md): the server keeps one connection per member, and
// the topic's pushes come in offset order. So our own `room.member joined` push that we did not
// ask for means another window took over (→ replaced). Someone else's `joined` that arrives while
// our own join's push is still due is older than our join (we offer to them after the reply);
// one that arrives after it is a rejoin: our old connection to them is dead and they offer to us.
//
// Effects returned by the event methods, performed in order by the view:
//   {do: "hangUp"}                 close every connection and release camera and microphone
//   {do: "drop", id}               close the connection to member `id`
//   {do: "announce", key, name}    say `key` ({name}) in the live region
//   {do: "focus", control}         move focus to a notice button ("joinHere")
//   {do: "unsubscribe"}            stop following the room's topic

export const PHASES = ["idle", "joining", "joined", "left", "replaced", "kicked", "ended"];
const FINAL = new Set(["ended", "kicked"]);
/** Offers (and their ICE) kept while joining, at most: a peer that floods us is not remembered. */
export const HELD_SIGNALS_MAX = 200;

export class Call {
  /**
   * @param {object} o
   * @param {number} o.me       our user id
   * @param {boolean} o.ended   the room was already ended when the page opened
   * @param {boolean} o.rtc     the browser has WebRTC (without it the room is text-only)
   */
  constructor({ me, ended = false, rtc = true }) {
    this.me = me;
    this.rtc = rtc;
    this.phase = ended ? "ended" : "idle";
    this.joinError = null; // the last join's retryable failure, shown with "rejoin"
    this.seq = 0; // bumped by every join, leave and stop: a step of an older join sees a new number
    this.selfJoinPending = 0; // our room.join requests whose own `room.member joined` push is still due
    this.held = []; // signals received while joining, handled once joined
  }

  /** In the call or on the way into it. */
  get active() {
    return this.phase === "joined" || this.phase === "joining";
  }

  // ---- joining: the view runs these steps in order ----------------------------------------------

  /** Starts a join. Returns its sequence number, or 0 when the room cannot be joined any more.
   *  The view then drops every connection, renders, gets TURN and media, and sends room.join. */
  join() {
    if (FINAL.has(this.phase)) return 0;
    this.seq += 1;
    this.phase = "joining";
    this.joinError = null;
    this.held = [];
    return this.seq;
  }

  /** Whether join `seq` is still the current one and still joining (checked after every await). */
  joining(seq) {
    return seq === this.seq && this.phase === "joining";
  }

  /** room.join is about to be sent: its own push will come back to us. */
  joinSent() {
    this.selfJoinPending += 1;
  }

  /** room.join failed: its push will not come. */
  joinNotSent() {
    this.selfJoinPending = Math.max(0, this.selfJoinPending - 1);
  }

  /** Our own push is normally in before the reply or just after; after a while it is given up. */
  joinPushOverdue(seq) {
    if (seq === this.seq) this.selfJoinPending = 0;
  }

  /**
   * room.join replied and the members are updated. Returns what to do now that we are in, or
   * null when this join is stale: `offerTo` (we are the newcomer: offer to everyone already in
   * the room) and `replay` (offers that came while joining, handled after our own offers so the
   * mesh settles glare the same way on both sides).
   * @param {Iterable<{user_id:number, state:string}>} members
   */
  joined(seq, members) {
    if (!this.joining(seq)) return null;
    this.phase = "joined";
    const offerTo = [];
    for (const m of members) if (m.user_id !== this.me && m.state === "joined") offerTo.push(m.user_id);
    const replay = this.held;
    this.held = [];
    return { offerTo, replay };
  }

  /**
   * A step of join `seq` threw. Returns null when the failure belongs to a stale join (nothing
   * to do, not even a render); otherwise {hangUp}: whether to release media and connections.
   * not_found/forbidden: we are no longer a member (kicked, or the room ended); conflict: ended.
   */
  joinFailed(seq, err, roomEnded) {
    if (seq !== this.seq || this.phase !== "joining") return null;
    if (err?.code === "not_found" || err?.code === "forbidden") {
      this.phase = roomEnded ? "ended" : "kicked";
      return { hangUp: true };
    }
    if (err?.code === "conflict") {
      this.phase = "ended";
      return { hangUp: true };
    }
    this.phase = "idle";
    this.joinError = err;
    return { hangUp: false };
  }

  // ---- leaving ----------------------------------------------------------------------------------

  /** "Leave" pressed (or the page closes). Returns whether the server must be told (room.leave). */
  leave() {
    const was = this.active;
    this.seq += 1;
    this.phase = "left";
    return was;
  }

  /** The room is over for this window: ended, kicked or replaced. Always hangs up. */
  stop(next) {
    this.seq += 1;
    this.phase = next;
    return [{ do: "hangUp" }];
  }

  // ---- pushes of room:{id} ----------------------------------------------------------------------

  /** After every successful subscribe (also after a reconnect): join again from this connection
   *  (the server replaces the old one, no ghost). */
  shouldJoinOnSubscribe() {
    return this.phase === "idle" || this.active;
  }

  /** The topic could not be recovered: pushes were lost, our join's push among them perhaps. */
  reset() {
    this.selfJoinPending = 0;
  }

  /**
   * A room.signal push. Returns "handle" (give it to the mesh now), "hold" (kept until joined)
   * or "ignore". While joining, answers belong to connections we have closed; an offer starts a
   * new one, and ICE is kept only for a held offer.
   */
  signal(d) {
    if (d?.to !== this.me || !this.rtc) return "ignore";
    if (this.phase === "joined") return "handle";
    if (this.phase !== "joining" || this.held.length >= HELD_SIGNALS_MAX) return "ignore";
    if (d.kind === "offer" || (d.kind === "ice" && this.held.some((x) => x.from === d.from && x.kind === "offer"))) {
      this.held.push(d);
      return "hold";
    }
    return "ignore";
  }

  /**
   * A room.member push `d` ({user_id, name, state}); `prev` is what we knew of that member
   * before it. Returns the effects.
   */
  member(d, prev) {
    const fx = [];
    if (d.user_id === this.me) {
      if (d.state === "joined") {
        if (this.selfJoinPending > 0) this.selfJoinPending -= 1;
        else if (this.active) fx.push(...this.stop("replaced"), { do: "focus", control: "joinHere" });
      } else if (d.state === "kicked") {
        fx.push(...this.stop("kicked"));
      }
      return fx;
    }
    if (d.state === "joined") {
      if (prev?.state !== "joined") fx.push({ do: "announce", key: "room.announce.joined", name: d.name });
      // Joined after our join's push: a rejoin, they offer to us; the old connection is dead.
      if (this.selfJoinPending === 0) fx.push({ do: "drop", id: d.user_id });
    } else if (d.state === "left" || d.state === "kicked") {
      fx.push({ do: "drop", id: d.user_id });
      if (prev?.state === "joined") fx.push({ do: "announce", key: d.state === "left" ? "room.announce.left" : "room.announce.kicked", name: d.name });
    }
    return fx;
  }

  /** room.ended. */
  ended() {
    return this.phase === "ended" ? [] : this.stop("ended");
  }

  /** subscription.revoked: no longer a member. */
  revoked() {
    return [{ do: "unsubscribe" }, ...(this.phase === "ended" ? [] : this.stop("kicked"))];
  }

  /** The subscribe itself failed. not_found/forbidden: we are out; anything else is shown. */
  subscribeFailed(err, roomEnded) {
    if (err?.code === "not_found" || err?.code === "forbidden") return this.stop(roomEnded ? "ended" : "kicked");
    this.joinError = err;
    return [];
  }
}

// ---- what to show: pure functions of the state -------------------------------------------------

/**
 * The notice above the tiles. `media`: null (not asked yet) or {problem: null|"audioOnly"|
 * "failed"|"unsupported", reason}; `allFailed`: every connection is in "failed".
 * Returns {lines: [{key, params?, error?}], actions: ["rejoin"|"joinHere"|"retry"], textOnly}:
 * a line with `error` takes {message} from that error's text.
 */
export function notice({ phase, joinError, media, allFailed }) {
  const lines = [];
  const actions = [];
  const problem = media?.problem ?? null;
  switch (phase) {
    case "idle":
      if (joinError) {
        lines.push({ key: "room.joinFailed", error: joinError });
        actions.push("rejoin");
      }
      break;
    case "joining":
      lines.push({ key: media === null || media === undefined ? "room.media.asking" : "room.joining" });
      break;
    case "joined":
      lines.push({ key: "room.joined" });
      if (problem === "audioOnly") lines.push({ key: "room.media.audioOnly" });
      if (problem === "failed") lines.push({ key: "room.media.failed", params: { reason: media.reason } }, { key: "room.textOnly" });
      if (problem === "unsupported") lines.push({ key: "room.media.unsupported" });
      if (allFailed) lines.push({ key: "room.connFailed" });
      if (problem === "failed" || allFailed) actions.push("retry");
      break;
    case "left":
      lines.push({ key: "room.left" });
      actions.push("rejoin");
      break;
    case "replaced":
      lines.push({ key: "room.replaced" });
      actions.push("joinHere");
      break;
    case "kicked":
      lines.push({ key: "room.kicked" });
      break;
    case "ended":
      lines.push({ key: "room.ended" });
      break;
  }
  const textOnly = phase === "joined" && (problem === "failed" || problem === "unsupported" || allFailed);
  return { lines, actions, textOnly };
}

/**
 * The call controls. `local`: {mic, camera, screen (present or not), muted, cameraOff,
 * audioOnly}; `rtc`: the browser has WebRTC. Returns per control {pressed, disabled},
 * `leaveHidden` and `hidden` (the whole bar).
 */
export function controls({ phase, rtc, media, local }) {
  const inCall = phase === "joined";
  const problem = media?.problem ?? null;
  return {
    mute: { pressed: local.muted, disabled: !inCall || !local.mic },
    camera: { pressed: local.cameraOff, disabled: !inCall || !local.camera || Boolean(local.screen) },
    audioOnly: { pressed: local.audioOnly, disabled: !inCall || !rtc || problem === "failed" || problem === "unsupported" },
    share: { pressed: Boolean(local.screen), disabled: !inCall || !rtc },
    leaveHidden: !(phase === "joined" || phase === "joining"),
    hidden: phase === "ended" || phase === "kicked",
  };
}

/** The state shown on our own tile: "joined" while in the call, else what the server says, where
 *  the server's stale "joined" (we left, were replaced) reads "left". */
export function selfTileState(phase, serverState) {
  if (phase === "joined") return "joined";
  return serverState === "joined" ? "left" : serverState;
}

/** The connection state shown on another member's tile: the mesh's state when there is a
 *  connection, "new" while one is due (both of us in the call), else "closed". */
export function peerConnState({ phase, memberState, meshState }) {
  if (meshState) return meshState;
  return memberState === "joined" && phase === "joined" ? "new" : "closed";
}

/** Whether the "· connected" text shows on another member's tile. */
export function showsConn(phase, memberState) {
  return memberState === "joined" && phase === "joined";
}
