// web-static/js/client.js under Node with a scripted WebSocket: frame splitting, request/reply,
// queueing, recovery with since, duplicate dropping, close-code reactions and backoff. No browser
// and no server: these cases are hard to provoke against the real server on demand.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setMaxListeners } from "node:events";

// client.js listens for the browser's `online` event on the global object.
const win = new EventTarget();
setMaxListeners(100, win);
globalThis.addEventListener = win.addEventListener.bind(win);
// The browser's CustomEvent, which Node has as a global only from 19 on (Debian 12 ships 18).
globalThis.CustomEvent ??= class CustomEvent extends Event {
  constructor(type, init = {}) {
    super(type, init);
    this.detail = init.detail ?? null;
  }
};

const { FuarClient } = await import("../../web-static/js/client.js");
const { COMMANDS } = await import("../../web-static/js/protocol.js");

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closedByClient = null;
    FakeSocket.all.push(this);
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close(code, reason) {
    this.closedByClient = { code, reason };
  }
  // The server's side:
  open() {
    this.onopen?.();
  }
  frame(...messages) {
    this.onmessage?.({ data: messages.map((m) => JSON.stringify(m)).join("\n") });
  }
  drop(code, reason = "") {
    this.onclose?.({ code, reason });
  }
  /** The last command of this type the client sent. */
  last(type) {
    return this.sent.findLast((c) => c.type === type);
  }
  /** Answers the last command of `type` with `data` (or with {error}). */
  answer(type, data, { error } = {}) {
    const cmd = this.last(type);
    assert.ok(cmd, `the client sent no ${type}; sent: ${JSON.stringify(this.sent)}`);
    this.frame(error ? { id: cmd.id, ok: false, error } : { id: cmd.id, ok: true, data });
  }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const latest = () => FakeSocket.all.at(-1);

function makeClient(options = {}) {
  const client = new FuarClient({
    url: "ws://test/ws",
    WebSocket: FakeSocket,
    authCheck: null,
    random: () => 1, // the top of the jitter range: delays are the caps
    backoffBaseMs: 20,
    backoffMaxMs: 100,
    requestTimeoutMs: 200,
    ...options,
  });
  const states = [];
  client.on("state", (s) => states.push(s));
  return { client, states };
}

/** Connects and completes hello; returns the socket. */
async function online(client) {
  client.connect();
  const sock = latest();
  sock.open();
  sock.answer("hello", { user: { id: 7, name: "Ayşe", role: "jobseeker" } });
  await tick();
  return sock;
}

beforeEach(() => {
  FakeSocket.all = [];
});

test("requests resolve with reply.data; errors carry code, message, field, retry_after", async () => {
  const { client } = makeClient();
  const sock = await online(client);
  assert.equal(client.user.name, "Ayşe");
  const ok = client.request("ping");
  const bad = client.request("chat.send", { booth_id: 1, text: "" });
  const [ping, send] = sock.sent.slice(-2);
  assert.deepEqual(ping, { id: ping.id, type: "ping" }, "no data field when there is no data");
  // Two replies in one frame, out of order.
  sock.frame(
    { id: send.id, ok: false, error: { code: "invalid", message: "text: must be 1 to 2000 characters", field: "data.text" } },
    { id: ping.id, ok: true, data: { server_time_ms: 5 } },
  );
  assert.deepEqual(await ok, { server_time_ms: 5 });
  await assert.rejects(bad, (err) => err.code === "invalid" && err.field === "data.text" && /2000/.test(err.message));
  const limited = client.request("ping");
  sock.answer("ping", null, { error: { code: "rate_limited", message: "slow down", retry_after: 3 } });
  await assert.rejects(limited, (err) => err.code === "rate_limited" && err.retry_after === 3);
  for (const c of sock.sent) assert.ok(COMMANDS.includes(c.type), `${c.type} is in the catalogue`);
  client.disconnect();
});

test("a request without a reply times out", async () => {
  const { client } = makeClient();
  await online(client);
  await assert.rejects(client.request("ping", undefined, { timeoutMs: 30 }), (err) => err.code === "timeout");
  client.disconnect();
});

test("requests made while connecting are queued and sent after hello and the subscriptions", async () => {
  const { client } = makeClient();
  client.subscribe("booth:3", {});
  client.connect();
  const pending = client.request("chat.history", { booth_id: 3 });
  const sock = latest();
  assert.equal(sock.sent.length, 0, "nothing is sent before the socket opens");
  sock.open();
  assert.deepEqual(
    sock.sent.map((c) => c.type),
    ["hello", "subscribe", "chat.history"],
  );
  sock.answer("chat.history", { messages: [], has_more: false });
  assert.deepEqual(await pending, { messages: [], has_more: false });
  client.disconnect();
  await assert.rejects(client.request("ping"), (err) => err.code === "offline", "rejected at once when closed");
});

test("pushes: in order, duplicates dropped, ephemeral ones always delivered, several per frame", async () => {
  const { client } = makeClient();
  const sock = await online(client);
  const events = [];
  const sub = client.subscribe("booth:3", { onEvent: (p) => events.push(p.offset ?? p.event) });
  sock.answer("subscribe", { topic: "booth:3", epoch: "e1", offset: 4, publications: [] });
  assert.deepEqual(await sub.ready, { topic: "booth:3", epoch: "e1", offset: 4, publications: [] });
  sock.frame(
    { topic: "booth:3", offset: 4, event: "chat.message", data: {} }, // already covered by the snapshot
    { topic: "booth:3", offset: 5, event: "chat.message", data: {} },
    { topic: "booth:3", event: "presence", data: { count: 2 } },
    { topic: "booth:3", offset: 5, event: "chat.message", data: {} },
    { topic: "booth:3", offset: 6, event: "chat.message", data: {} },
    { topic: "fair:1", event: "presence", data: { count: 9 } }, // not subscribed
  );
  assert.deepEqual(events, [5, "presence", 6]);
  sub.unsubscribe();
  assert.deepEqual(sock.last("unsubscribe").data, { topic: "booth:3" });
  sock.frame({ topic: "booth:3", offset: 7, event: "chat.message", data: {} });
  assert.deepEqual(events, [5, "presence", 6], "nothing after unsubscribe");
  client.disconnect();
});

test("after a drop the client resubscribes with since and delivers recovered publications once", async () => {
  const { client, states } = makeClient();
  let sock = await online(client);
  const events = [];
  const subscribed = [];
  client.subscribe("booth:3", {
    onEvent: (p) => events.push(p.offset),
    onSubscribed: (reply, info) => subscribed.push(info),
    onReset: () => assert.fail("no reset when history covers the gap"),
  });
  sock.answer("subscribe", { topic: "booth:3", epoch: "e1", offset: 10, publications: [] });
  sock.frame({ topic: "booth:3", offset: 11, event: "chat.message", data: {} });
  const inFlight = client.request("chat.send", { booth_id: 3, text: "hi", nonce: "n1" });

  sock.drop(1006);
  await assert.rejects(inFlight, (err) => err.code === "disconnected");
  const reconnecting = states.at(-1);
  assert.equal(reconnecting.state, "reconnecting");
  assert.equal(reconnecting.retryInMs, 20, "first delay: the base, at the top of the jitter");

  await tick(40);
  sock = latest();
  assert.equal(FakeSocket.all.length, 2, "a new socket");
  sock.open();
  assert.deepEqual(sock.last("subscribe").data, { topic: "booth:3", since: { epoch: "e1", offset: 11 } });
  // A live push racing the reply is held back until the recovered publications are delivered.
  sock.frame({ topic: "booth:3", offset: 14, event: "chat.message", data: {} });
  sock.answer("subscribe", {
    topic: "booth:3",
    epoch: "e1",
    offset: 13,
    recovered: true,
    publications: [11, 12, 13].map((offset) => ({ topic: "booth:3", offset, event: "chat.message", data: {} })),
  });
  assert.deepEqual(events, [11, 12, 13, 14]);
  assert.deepEqual(subscribed, [
    { resubscribed: false, recovered: false },
    { resubscribed: true, recovered: true },
  ]);
  client.disconnect();
});

test("recovered false calls onReset and carries on from the reply's position", async () => {
  const { client } = makeClient();
  let sock = await online(client);
  const events = [];
  const resets = [];
  client.subscribe("booth:3", { onEvent: (p) => events.push(p.offset), onReset: (reply) => resets.push(reply.epoch) });
  sock.answer("subscribe", { topic: "booth:3", epoch: "e1", offset: 10, publications: [] });
  sock.drop(1001);
  await tick(40);
  sock = latest();
  sock.open();
  sock.answer("subscribe", { topic: "booth:3", epoch: "e2", offset: 3, recovered: false, publications: [] });
  assert.deepEqual(resets, ["e2"]);
  sock.frame({ topic: "booth:3", offset: 4, event: "chat.message", data: {} });
  assert.deepEqual(events, [4], "offsets of the new epoch are accepted");
  sock.drop(1006);
  await tick(60);
  latest().open();
  assert.deepEqual(latest().last("subscribe").data.since, { epoch: "e2", offset: 4 });
  client.disconnect();
});

test("close codes: 4100 asks for a login, 4200 gives up with the reason, 1008 stops, 4000 retries at once", async () => {
  {
    const { client, states } = makeClient();
    const sock = await online(client);
    sock.drop(4100, "session ended");
    assert.equal(client.state, "unauthenticated");
    await assert.rejects(client.request("ping"), (err) => err.code === "offline");
    await tick(150);
    assert.equal(FakeSocket.all.length, 1, "no reconnect without a new login");
    client.connect(); // after logging in again
    assert.equal(FakeSocket.all.length, 2);
    assert.equal(states.at(-1).state, "connecting");
    client.disconnect();
  }
  {
    const { client, states } = makeClient();
    const sock = await online(client);
    const sockets = FakeSocket.all.length;
    sock.drop(4201, "spam");
    assert.deepEqual([client.state, states.at(-1).reason], ["banned", "spam"]);
    await tick(150);
    assert.equal(FakeSocket.all.length, sockets, "no reconnect after a ban");
  }
  {
    const { client } = makeClient();
    const sock = await online(client);
    const sockets = FakeSocket.all.length;
    sock.drop(1008, "abuse");
    assert.equal(client.state, "offline");
    await tick(150);
    assert.equal(FakeSocket.all.length, sockets, "no automatic reconnect after 1008");
  }
  {
    const { client, states } = makeClient();
    const sock = await online(client);
    const sockets = FakeSocket.all.length;
    sock.drop(4000, "slow");
    assert.equal(states.at(-1).retryInMs, 0, "slow: reconnect at once");
    await tick(5);
    assert.equal(FakeSocket.all.length, sockets + 1);
    client.disconnect();
  }
});

test("backoff doubles to the cap with jitter, and a browser `online` event retries at once", async () => {
  const { client, states } = makeClient({ backoffBaseMs: 1000, backoffMaxMs: 4000 });
  client.connect();
  const delays = [];
  for (let i = 0; i < 4; i += 1) {
    latest().drop(1006);
    delays.push(states.at(-1).retryInMs);
    win.dispatchEvent(new Event("online")); // network back: no waiting
    assert.equal(client.state, "connecting");
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 4000]);
  client.disconnect();

  const jittered = makeClient({ backoffBaseMs: 1000, backoffMaxMs: 30000, random: () => 0.25 });
  jittered.client.connect();
  latest().drop(1006);
  assert.equal(jittered.states.at(-1).retryInMs, 250, "full jitter: uniform in [0, cap]");
  jittered.client.disconnect();
});

test("a socket that never opens is checked against the session", async () => {
  let checks = 0;
  const { client } = makeClient({
    authCheck: async () => {
      checks += 1;
      return false; // GET /api/me said 401
    },
  });
  client.connect();
  latest().drop(1006); // the upgrade was refused
  await tick();
  assert.equal(checks, 1);
  assert.equal(client.state, "unauthenticated");
});

test("subscription.reset on a live socket calls onReset and accepts the new epoch's offsets from 1", async () => {
  const { client } = makeClient();
  const sock = await online(client);
  const events = [];
  const resets = [];
  client.subscribe("booth:3", { onEvent: (p) => events.push(p.offset), onReset: (info) => resets.push(info.epoch) });
  sock.answer("subscribe", { topic: "booth:3", epoch: "e1", offset: 40, publications: [] });
  sock.frame({ topic: "booth:3", offset: 41, event: "chat.message", data: {} });
  sock.frame({ topic: "booth:3", event: "subscription.reset", data: { epoch: "e9" } });
  sock.frame({ topic: "booth:3", offset: 1, event: "chat.message", data: {} });
  sock.frame({ topic: "booth:3", offset: 1, event: "chat.message", data: {} });  // a duplicate
  assert.deepEqual(resets, ["e9"]);
  assert.deepEqual(events, [41, 1], "the reset is not an event; offset 1 of the new epoch once");
  client.disconnect();
});
