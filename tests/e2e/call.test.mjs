// web-static/js/views/room/call.js under Node: the interview room's call state machine (phases,
// the steps of a join, what each push of room:{id} means) and what it says to show, with no
// browser, media or server. The browser side of the same rules is room.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";

const { Call, PHASES, HELD_SIGNALS_MAX, notice, controls, selfTileState, peerConnState, showsConn } = await import("../../web-static/js/views/room/call.js");

const ME = 7;
const joinedCall = (members = [{ user_id: ME, state: "joined" }]) => {
  const c = new Call({ me: ME });
  const seq = c.join();
  c.joinSent();
  c.joined(seq, members);
  return c;
};

test("a room opens idle, or ended when it is over; ended and kicked cannot be joined", () => {
  assert.equal(new Call({ me: ME }).phase, "idle");
  assert.equal(new Call({ me: ME, ended: true }).phase, "ended");
  assert.deepEqual(PHASES, ["idle", "joining", "joined", "left", "replaced", "kicked", "ended"]);
  for (const final of ["ended", "kicked"]) {
    const c = new Call({ me: ME });
    c.stop(final);
    assert.equal(c.join(), 0);
    assert.equal(c.phase, final);
  }
});

test("a join: joining, then joined with offers to every other joined member and the held offers replayed", () => {
  const c = new Call({ me: ME });
  const seq = c.join();
  assert.ok(seq > 0);
  assert.equal(c.phase, "joining");
  assert.ok(c.active);
  // An offer arrives while we are joining (someone rejoined at the same moment): held, with its ICE.
  assert.equal(c.signal({ to: ME, from: 3, kind: "ice" }), "ignore", "ICE without a held offer");
  assert.equal(c.signal({ to: ME, from: 3, kind: "offer" }), "hold");
  assert.equal(c.signal({ to: ME, from: 3, kind: "ice" }), "hold");
  assert.equal(c.signal({ to: ME, from: 4, kind: "answer" }), "ignore", "an answer belongs to a connection we closed");
  assert.equal(c.signal({ to: 99, from: 3, kind: "offer" }), "ignore", "not for us");
  c.joinSent();
  const plan = c.joined(seq, [
    { user_id: ME, state: "joined" },
    { user_id: 3, state: "joined" },
    { user_id: 4, state: "left" },
    { user_id: 5, state: "joined" },
  ]);
  assert.equal(c.phase, "joined");
  assert.deepEqual(plan.offerTo, [3, 5]);
  assert.deepEqual(plan.replay.map((d) => d.kind), ["offer", "ice"]);
  assert.equal(c.signal({ to: ME, from: 3, kind: "answer" }), "handle", "joined: everything goes to the mesh");
});

test("held signals are capped", () => {
  const c = new Call({ me: ME });
  c.join();
  for (let i = 0; i < HELD_SIGNALS_MAX; i += 1) assert.equal(c.signal({ to: ME, from: 100 + i, kind: "offer" }), "hold");
  assert.equal(c.signal({ to: ME, from: 1, kind: "offer" }), "ignore");
});

test("without WebRTC no signal is handled", () => {
  const c = new Call({ me: ME, rtc: false });
  const seq = c.join();
  c.joined(seq, []);
  assert.equal(c.signal({ to: ME, from: 3, kind: "offer" }), "ignore");
});

test("a stale join changes nothing: leave or a newer join bumps the sequence", () => {
  const c = new Call({ me: ME });
  const first = c.join();
  const second = c.join();
  assert.equal(c.joining(first), false);
  assert.equal(c.joined(first, []), null);
  assert.equal(c.joinFailed(first, { code: "internal" }, false), null);
  assert.equal(c.phase, "joining");
  c.leave();
  assert.equal(c.joined(second, []), null);
  assert.equal(c.phase, "left");
});

test("join failures: not_found/forbidden → kicked (or ended), conflict → ended, others → idle with the error", () => {
  const cases = [
    [{ code: "not_found" }, false, "kicked", true],
    [{ code: "forbidden" }, false, "kicked", true],
    [{ code: "not_found" }, true, "ended", true],
    [{ code: "conflict" }, false, "ended", true],
    [{ code: "timeout" }, false, "idle", false],
  ];
  for (const [err, roomEnded, phase, hangUp] of cases) {
    const c = new Call({ me: ME });
    const seq = c.join();
    assert.deepEqual(c.joinFailed(seq, err, roomEnded), { hangUp }, err.code);
    assert.equal(c.phase, phase, err.code);
    assert.equal(c.joinError, hangUp ? null : err);
  }
  // A retryable failure shows "rejoin", and rejoining clears it.
  const c = new Call({ me: ME });
  c.joinFailed(c.join(), { code: "timeout" }, false);
  assert.deepEqual(notice({ phase: c.phase, joinError: c.joinError, media: null, allFailed: false }).actions, ["rejoin"]);
  c.join();
  assert.equal(c.joinError, null);
});

test("our own joined push that we did not ask for: another window took over (replaced)", () => {
  const c = joinedCall();
  // The push of our own join: expected, nothing happens.
  assert.deepEqual(c.member({ user_id: ME, state: "joined" }, { state: "joined" }), []);
  assert.equal(c.phase, "joined");
  // Another one: replaced, hang up, focus "join here".
  assert.deepEqual(c.member({ user_id: ME, state: "joined" }, { state: "joined" }), [{ do: "hangUp" }, { do: "focus", control: "joinHere" }]);
  assert.equal(c.phase, "replaced");
  assert.deepEqual(notice({ phase: c.phase, joinError: null, media: null, allFailed: false }).actions, ["joinHere"]);
  // Not in the call: someone else's window joining as us changes nothing here.
  const idle = new Call({ me: ME });
  assert.deepEqual(idle.member({ user_id: ME, state: "joined" }, undefined), []);
  assert.equal(idle.phase, "idle");
});

test("we are removed: kicked, hang up", () => {
  const c = joinedCall();
  assert.deepEqual(c.member({ user_id: ME, state: "kicked" }, { state: "joined" }), [{ do: "hangUp" }]);
  assert.equal(c.phase, "kicked");
  assert.equal(c.join(), 0);
});

test("someone else joins: before our join's push they are older (we offer), after it a rejoin (drop the old connection)", () => {
  const c = new Call({ me: ME });
  const seq = c.join();
  c.joinSent();
  // Their push comes before ours: no drop, we offer to them once joined.
  assert.deepEqual(c.member({ user_id: 3, name: "Ada", state: "joined" }, { state: "left" }), [{ do: "announce", key: "room.announce.joined", name: "Ada" }]);
  c.joined(seq, [{ user_id: 3, state: "joined" }]);
  assert.deepEqual(c.member({ user_id: ME, state: "joined" }, {}), [], "our own push");
  // Now they rejoin (reload): the old connection is dead, they offer to us. No second announcement.
  assert.deepEqual(c.member({ user_id: 3, name: "Ada", state: "joined" }, { state: "joined" }), [{ do: "drop", id: 3 }]);
});

test("our join's push overdue or lost to a topic reset: later joins of others count as rejoins", () => {
  const c = new Call({ me: ME });
  const seq = c.join();
  c.joinSent();
  c.joinPushOverdue(seq + 1); // a stale timer: ignored
  assert.equal(c.selfJoinPending, 1);
  c.joinPushOverdue(seq);
  assert.equal(c.selfJoinPending, 0);
  c.joinSent();
  c.reset();
  assert.equal(c.selfJoinPending, 0);
  c.joinSent();
  c.joinNotSent();
  c.joinNotSent();
  assert.equal(c.selfJoinPending, 0, "never below zero");
});

test("someone else leaves or is removed: drop, and announce when they were in", () => {
  const c = joinedCall();
  assert.deepEqual(c.member({ user_id: 3, name: "Ada", state: "left" }, { state: "joined" }), [
    { do: "drop", id: 3 },
    { do: "announce", key: "room.announce.left", name: "Ada" },
  ]);
  assert.deepEqual(c.member({ user_id: 4, name: "Bo", state: "kicked" }, { state: "invited" }), [{ do: "drop", id: 4 }]);
  assert.deepEqual(c.member({ user_id: 5, name: "Cy", state: "kicked" }, { state: "joined" }), [
    { do: "drop", id: 5 },
    { do: "announce", key: "room.announce.kicked", name: "Cy" },
  ]);
});

test("leave, end, revoke, subscribe failures", () => {
  const c = joinedCall();
  assert.equal(c.leave(), true, "in the call: tell the server");
  assert.equal(c.phase, "left");
  assert.equal(c.leave(), false, "already out");
  assert.ok(c.shouldJoinOnSubscribe() === false, "left: a resubscribe does not join");
  assert.ok(new Call({ me: ME }).shouldJoinOnSubscribe());
  assert.ok(joinedCall().shouldJoinOnSubscribe(), "joined: a new connection joins again");

  const e = joinedCall();
  assert.deepEqual(e.ended(), [{ do: "hangUp" }]);
  assert.equal(e.phase, "ended");
  assert.deepEqual(e.ended(), [], "once");
  assert.deepEqual(e.revoked(), [{ do: "unsubscribe" }], "an ended room stays ended");

  const r = joinedCall();
  assert.deepEqual(r.revoked(), [{ do: "unsubscribe" }, { do: "hangUp" }]);
  assert.equal(r.phase, "kicked");

  const s = new Call({ me: ME });
  assert.deepEqual(s.subscribeFailed({ code: "timeout" }, false), []);
  assert.equal(s.joinError.code, "timeout");
  assert.deepEqual(s.subscribeFailed({ code: "forbidden" }, true), [{ do: "hangUp" }]);
  assert.equal(s.phase, "ended");
});

test("the notice says what the phase and the media are, with the text-only fallback", () => {
  const keys = (n) => n.lines.map((l) => l.key);
  assert.deepEqual(notice({ phase: "idle", joinError: null, media: null, allFailed: false }), { lines: [], actions: [], textOnly: false });
  assert.deepEqual(keys(notice({ phase: "joining", media: null })), ["room.media.asking"]);
  assert.deepEqual(keys(notice({ phase: "joining", media: { problem: null } })), ["room.joining"]);
  assert.deepEqual(keys(notice({ phase: "joined", media: { problem: null } })), ["room.joined"]);
  assert.deepEqual(keys(notice({ phase: "joined", media: { problem: "audioOnly" } })), ["room.joined", "room.media.audioOnly"]);
  const failed = notice({ phase: "joined", media: { problem: "failed", reason: "NotFoundError" }, allFailed: false });
  assert.deepEqual(keys(failed), ["room.joined", "room.media.failed", "room.textOnly"]);
  assert.deepEqual(failed.lines[1].params, { reason: "NotFoundError" });
  assert.deepEqual(failed.actions, ["retry"]);
  assert.equal(failed.textOnly, true);
  const unsupported = notice({ phase: "joined", media: { problem: "unsupported", reason: "" } });
  assert.deepEqual(keys(unsupported), ["room.joined", "room.media.unsupported"]);
  assert.deepEqual(unsupported.actions, [], "nothing to retry without WebRTC");
  assert.equal(unsupported.textOnly, true);
  const conn = notice({ phase: "joined", media: { problem: null }, allFailed: true });
  assert.deepEqual(keys(conn), ["room.joined", "room.connFailed"]);
  assert.deepEqual(conn.actions, ["retry"]);
  assert.equal(conn.textOnly, true);
  assert.deepEqual(notice({ phase: "left" }).actions, ["rejoin"]);
  assert.deepEqual(keys(notice({ phase: "kicked" })), ["room.kicked"]);
  assert.deepEqual(notice({ phase: "ended" }).actions, []);
  const err = { code: "timeout" };
  assert.equal(notice({ phase: "idle", joinError: err }).lines[0].error, err);
});

test("the controls: usable only in the call, with what the devices allow", () => {
  const local = { mic: {}, camera: {}, screen: null, muted: false, cameraOff: false, audioOnly: false };
  const inCall = controls({ phase: "joined", rtc: true, media: { problem: null }, local });
  assert.deepEqual(inCall.mute, { pressed: false, disabled: false });
  assert.deepEqual(inCall.camera, { pressed: false, disabled: false });
  assert.equal(inCall.leaveHidden, false);
  assert.equal(inCall.hidden, false);
  const joining = controls({ phase: "joining", rtc: true, media: null, local });
  assert.equal(joining.mute.disabled, true);
  assert.equal(joining.leaveHidden, false, "a join can be abandoned");
  const sharing = controls({ phase: "joined", rtc: true, media: { problem: null }, local: { ...local, screen: {}, muted: true } });
  assert.equal(sharing.camera.disabled, true, "the camera toggle waits while the screen is shared");
  assert.equal(sharing.share.pressed, true);
  assert.equal(sharing.mute.pressed, true);
  const noMic = controls({ phase: "joined", rtc: true, media: { problem: "failed" }, local: { ...local, mic: null, camera: null } });
  assert.equal(noMic.mute.disabled, true);
  assert.equal(noMic.audioOnly.disabled, true);
  assert.equal(controls({ phase: "left", rtc: true, media: null, local }).leaveHidden, true);
  for (const phase of ["ended", "kicked"]) assert.equal(controls({ phase, rtc: true, media: null, local }).hidden, true);
  assert.equal(controls({ phase: "joined", rtc: false, media: { problem: "unsupported" }, local }).share.disabled, true);
});

test("tile states", () => {
  assert.equal(selfTileState("joined", "left"), "joined");
  assert.equal(selfTileState("left", "joined"), "left", "the server's stale joined after we left");
  assert.equal(selfTileState("replaced", "joined"), "left");
  assert.equal(selfTileState("idle", "invited"), "invited");
  assert.equal(peerConnState({ phase: "joined", memberState: "joined", meshState: "connecting" }), "connecting");
  assert.equal(peerConnState({ phase: "joined", memberState: "joined", meshState: null }), "new");
  assert.equal(peerConnState({ phase: "left", memberState: "joined", meshState: null }), "closed");
  assert.equal(showsConn("joined", "joined"), true);
  assert.equal(showsConn("joined", "left"), false);
});
