// fuar client: the one WebSocket to `/ws`, shared by the jobseeker, booth and admin apps.
//
// Contract (the wire is protocol/PROTOCOL.md; this block says what the module promises):
//
// Connection
//   new FuarClient().connect() opens `/ws` on the page's own origin. The browser sends the
//   HttpOnly `fuar_session` cookie; this module never sees a token. On every open it sends
//   `hello` (the user lands in client.user), re-subscribes every topic, then flushes queued
//   requests, in that order.
//
// Requests
//   request(type, data, {timeoutMs}) resolves with reply.data, or rejects with a FuarError
//   carrying {code, message, field, retry_after}. Codes are those of PROTOCOL.md section 4, plus
//   three of the client's own:
//     "timeout"       no reply within timeoutMs (default 10 s), counted from the call, so time
//                     spent in the queue counts too;
//     "disconnected"  the socket closed after the command was sent: the server may or may not
//                     have run it. Retry only what is idempotent (chat.send with the same nonce is);
//     "offline"       the client is not trying to connect (see the states below).
//   Queueing policy: a request made while the client is idle, connecting or waiting to reconnect
//   is QUEUED and sent once the next socket opens. A request made while the client has given up
//   (offline, unauthenticated, banned, closed) is REJECTED at once with "offline", and the queue is
//   rejected the same way when the client gives up.
//
// Subscriptions
//   subscribe(topic, {onEvent, onSubscribed, onReset, onError}) returns {topic, ready, unsubscribe}.
//   `ready` resolves with the first subscribe reply. Per topic the client keeps the epoch and the
//   last offset it delivered; after a reconnect it subscribes with since:{epoch, offset}:
//     recovered true  → reply.publications are delivered through onEvent, in order, then live pushes;
//     recovered false → onReset(reply) is called: reload a snapshot (e.g. chat.history).
//   onSubscribed(reply, {resubscribed, recovered}) runs after every successful (re)subscribe: ask
//   for ephemeral state there (presence.get). A push with an offset <= the last one delivered is
//   dropped, so nothing is delivered twice; pushes without an offset are ephemeral and always
//   delivered. onError(err) runs when the server refuses the topic (forbidden, not_found…);
//   the subscription is then over.
//
// Reconnecting and states ("state" events; client.state)
//   idle → connecting → online → (socket lost) reconnecting {retryAt, retryInMs} → connecting → …
//   Delays grow from 0.5 s, doubling to 30 s, with full jitter (uniform in [0, cap]); they reset
//   once a socket has stayed open 5 s. Close codes (PROTOCOL.md section 7):
//     4000 slow: retry at once, then back off; 4000–4099, 1001, 1006, 1009, 1011…: back off;
//     4100–4199 → "unauthenticated" (log in, then call connect() again);
//     4200–4299 → "banned" {reason}: give up; 1008 → "offline" {reason}; 1000 from the server →
//     "offline" (no automatic reconnect; connect() retries).
//   A socket that never opens may be a refused upgrade; the client then asks GET /api/me and goes
//   to "unauthenticated" on 401. A browser `online` event cuts a pending retry short. Tab
//   visibility changes nothing. A silent socket is probed with `ping` and replaced when it does
//   not answer. disconnect() → "closed".
import { CMD, EVT, closeReaction } from "./protocol.js";

export class FuarError extends Error {
  constructor({ code = "internal", message, field = null, retry_after = null } = {}) {
    super(message || code);
    this.name = "FuarError";
    this.code = code;
    this.field = field;
    this.retry_after = retry_after;
  }
}

/** States in which request() queues instead of rejecting. */
const QUEUEING = new Set(["idle", "connecting", "reconnecting"]);
const STABLE_AFTER_MS = 5000;

function defaultUrl() {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
}

/** Resolves false when the session is gone (401), true when it is valid, null when unknown. */
async function defaultAuthCheck() {
  try {
    const r = await fetch("/api/me", { credentials: "same-origin", cache: "no-store" });
    return r.status === 401 ? false : r.ok ? true : null;
  } catch {
    return null;
  }
}

export class FuarClient extends EventTarget {
  constructor(options = {}) {
    super();
    this.url = options.url ?? defaultUrl();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10000;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 30000;
    this.keepaliveMs = options.keepaliveMs ?? 25000;
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.random = options.random ?? Math.random;
    this.authCheck = options.authCheck === undefined ? defaultAuthCheck : options.authCheck;

    this.state = "idle";
    this.stateDetail = {};
    this.user = null;
    this._ws = null;
    this._nextId = 1;
    this._pending = new Map(); // id → request, sent and awaiting its reply
    this._queue = []; // requests waiting for a socket
    this._topics = new Map(); // topic → entry (see subscribe)
    this._attempt = 0;
    this._retryTimer = null;
    this._stableTimer = null;
    this._keepaliveTimer = null;
    this._lastRx = 0;
    this._onBrowserOnline = () => {
      if (this.state === "reconnecting") this._open();
    };
    globalThis.addEventListener?.("online", this._onBrowserOnline);
  }

  /** Adds a listener for "state" or CMD.HELLO (the hello reply); returns a function that removes it. */
  on(type, fn) {
    const listener = (ev) => fn(ev.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  /** Opens the socket unless one is open or opening; also cuts a pending retry short. */
  connect() {
    if (this.state === "connecting" || this.state === "online") return;
    this._attempt = 0;
    this._open();
  }

  /** Drops the current socket (if any) and connects again at once, recovering every topic. */
  reconnect() {
    this._detach(1000, "reconnect");
    this._attempt = 0;
    this._open();
  }

  /** Closes for good (log-out, leaving the app). Topics are forgotten. */
  disconnect() {
    this._detach(1000, "bye");
    this._topics.clear();
    this._giveUp("closed", {});
  }

  request(type, data, { timeoutMs = this.requestTimeoutMs } = {}) {
    return this._request(type, data, timeoutMs, false);
  }

  subscribe(topic, handlers = {}) {
    let entry = this._topics.get(topic);
    if (!entry) {
      entry = { topic, epoch: null, offset: null, listeners: new Set(), buffer: null };
      entry.ready = new Promise((resolve, reject) => {
        entry.resolveReady = resolve;
        entry.rejectReady = reject;
      });
      entry.ready.catch(() => {}); // a caller that never awaits `ready` must not see an unhandled rejection
      this._topics.set(topic, entry);
      if (this.state === "online") this._subscribeEntry(entry);
    }
    entry.listeners.add(handlers);
    return {
      topic,
      ready: entry.ready,
      unsubscribe: () => {
        if (!entry.listeners.delete(handlers) || entry.listeners.size > 0) return;
        if (this._topics.get(topic) !== entry) return;
        this._topics.delete(topic);
        if (this.state === "online") this._request(CMD.UNSUBSCRIBE, { topic }, this.requestTimeoutMs, true).catch(() => {});
      },
    };
  }

  // ---- socket life cycle -------------------------------------------------------------------

  _open() {
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    this._detach(1000, "replaced");
    this._setState("connecting", {});
    let ws;
    try {
      ws = new this.WebSocket(this.url);
    } catch (err) {
      this._scheduleReconnect({ code: 1006, reason: String(err?.message ?? err) }, false);
      return;
    }
    this._ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this._onOpen();
    };
    ws.onmessage = (ev) => this._onFrame(ev.data);
    ws.onerror = () => {}; // always followed by a close event
    ws.onclose = (ev) => {
      if (ws === this._ws) this._onClose(ev.code, ev.reason, opened);
    };
  }

  _onOpen() {
    this._lastRx = Date.now();
    this._setState("online", {});
    this._stableTimer = setTimeout(() => (this._attempt = 0), STABLE_AFTER_MS);
    this._request(CMD.HELLO, undefined, this.requestTimeoutMs, true).then(
      (data) => {
        this.user = data.user ?? null;
        this.dispatchEvent(new CustomEvent(CMD.HELLO, { detail: data }));
      },
      () => {},
    );
    for (const entry of this._topics.values()) this._subscribeEntry(entry);
    const queued = this._queue;
    this._queue = [];
    for (const r of queued) this._transmit(r);
    this._keepaliveTimer = setInterval(() => this._keepalive(), this.keepaliveMs);
  }

  /** Stops listening to the current socket and closes it; in-flight requests fail "disconnected". */
  _detach(code, reason) {
    const ws = this._ws;
    this._ws = null;
    clearTimeout(this._stableTimer);
    clearInterval(this._keepaliveTimer);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close(code, reason);
      } catch {
        /* already closing */
      }
    }
    this._failInFlight();
  }

  _failInFlight() {
    for (const r of this._pending.values()) {
      clearTimeout(r.timer);
      r.done(new FuarError({ code: "disconnected", message: `connection lost before the reply to ${r.type}` }));
    }
    this._pending.clear();
    for (const entry of this._topics.values()) entry.buffer = null;
  }

  _onClose(code, reason, opened) {
    this._ws = null;
    clearTimeout(this._stableTimer);
    clearInterval(this._keepaliveTimer);
    this._failInFlight();
    const detail = { code, reason: reason || "" };
    switch (closeReaction(code)) {
      case "login":
        return this._giveUp("unauthenticated", detail);
      case "give_up":
        return this._giveUp("banned", detail);
      case "stop":
      case "none":
        return this._giveUp("offline", detail);
      case "reconnect_now":
        return this._scheduleReconnect(detail, true);
      default:
        this._scheduleReconnect(detail, false);
        // A browser reports a refused upgrade (401, 403, 429, 503) as 1006 before `open`:
        // ask the HTTP API whether the session is still valid.
        if (!opened && this.authCheck) {
          this.authCheck().then((valid) => {
            if (valid === false && this.state === "reconnecting") this._giveUp("unauthenticated", detail);
          });
        }
    }
  }

  _scheduleReconnect(detail, atOnce) {
    const cap = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.min(this._attempt, 16));
    const delay = atOnce && this._attempt === 0 ? 0 : Math.round(this.random() * cap);
    this._attempt += 1;
    this._retryTimer = setTimeout(() => this._open(), delay);
    this._setState("reconnecting", { ...detail, retryInMs: delay, retryAt: Date.now() + delay });
  }

  _giveUp(state, detail) {
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    const queued = this._queue;
    this._queue = [];
    for (const r of queued) {
      clearTimeout(r.timer);
      r.done(new FuarError({ code: "offline", message: `not connected (${state})` }));
    }
    this._setState(state, detail);
  }

  _setState(state, detail) {
    this.state = state;
    this.stateDetail = detail;
    this.dispatchEvent(new CustomEvent("state", { detail: { state, ...detail } }));
  }

  /** Probes a socket that has been silent for a while; a probe without answer replaces it. */
  _keepalive() {
    if (this.state !== "online" || Date.now() - this._lastRx < this.keepaliveMs) return;
    const ws = this._ws;
    this._request(CMD.PING, undefined, this.requestTimeoutMs, true).catch((err) => {
      if (err.code === "timeout" && ws === this._ws) {
        this._detach(1000, "no answer to ping");
        this._scheduleReconnect({ code: 1006, reason: "no answer to ping" }, true);
      }
    });
  }

  // ---- requests and replies ----------------------------------------------------------------

  /** `immediate` requests skip the queue: they are sent on the open socket or fail "disconnected". */
  _request(type, data, timeoutMs, immediate) {
    return new Promise((resolve, reject) =>
      this._command(type, data, timeoutMs, immediate, (err, reply) => (err ? reject(err) : resolve(reply))),
    );
  }

  /** The callback form of _request: done(err, data) runs synchronously when the reply is read,
   *  so replies and pushes are handled in the order they came off the wire. */
  _command(type, data, timeoutMs, immediate, done) {
    const open = this.state === "online" && this._ws;
    if (!open && (immediate || !QUEUEING.has(this.state))) {
      const code = immediate ? "disconnected" : "offline";
      done(new FuarError({ code, message: `not connected (${this.state})` }));
      return;
    }
    const r = { id: this._nextId++, type, data, done, timer: null };
    r.timer = setTimeout(() => {
      this._pending.delete(r.id);
      const i = this._queue.indexOf(r);
      if (i >= 0) this._queue.splice(i, 1);
      done(new FuarError({ code: "timeout", message: `no reply to ${type} within ${timeoutMs} ms` }));
    }, timeoutMs);
    if (open) this._transmit(r);
    else this._queue.push(r);
  }

  _transmit(r) {
    const msg = r.data === undefined ? { id: r.id, type: r.type } : { id: r.id, type: r.type, data: r.data };
    this._pending.set(r.id, r);
    try {
      this._ws.send(JSON.stringify(msg));
    } catch (err) {
      this._pending.delete(r.id);
      clearTimeout(r.timer);
      r.done(new FuarError({ code: "disconnected", message: String(err?.message ?? err) }));
    }
  }

  /** One frame may carry several messages separated by "\n". */
  _onFrame(frame) {
    this._lastRx = Date.now();
    if (typeof frame !== "string") return;
    for (const line of frame.split("\n")) {
      if (line.trim() === "") continue;
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        console.warn("fuar: ignoring a message that is not JSON");
        continue;
      }
      if (msg === null || typeof msg !== "object") continue;
      if ("ok" in msg && "id" in msg) this._onReply(msg);
      else if (typeof msg.topic === "string" && typeof msg.event === "string") this._onPush(msg);
    }
  }

  _onReply(msg) {
    const r = this._pending.get(msg.id);
    if (!r) {
      if (msg.id === null) console.warn("fuar: the server could not parse a command:", msg.error);
      return; // a reply after its request timed out
    }
    this._pending.delete(msg.id);
    clearTimeout(r.timer);
    if (msg.ok) r.done(null, msg.data ?? {});
    else r.done(new FuarError(msg.error ?? {}));
  }

  // ---- subscriptions and recovery ----------------------------------------------------------

  _onPush(push) {
    const entry = this._topics.get(push.topic);
    if (!entry) return; // not subscribed (any more)
    // Until the subscribe reply is handled, keep pushes aside so recovered publications go first.
    if (entry.buffer) entry.buffer.push(push);
    else this._accept(entry, push);
  }

  _accept(entry, push) {
    if (push.event === EVT.SUBSCRIPTION_RESET) {
      // The topic's history was lost on the server side (new epoch): offsets start again from
      // 1, and what was missed must come from a snapshot, exactly as for recovered:false.
      entry.epoch = push.data?.epoch ?? entry.epoch;
      entry.offset = 0;
      this._notify(entry, "onReset", { topic: entry.topic, epoch: entry.epoch, offset: 0, recovered: false });
      return;
    }
    if (typeof push.offset === "number") {
      if (entry.offset !== null && push.offset <= entry.offset) return; // seen already
      if (entry.offset !== null && push.offset > entry.offset + 1) {
        console.warn(`fuar: ${entry.topic} jumped from offset ${entry.offset} to ${push.offset}`);
      }
      entry.offset = push.offset;
    }
    this._notify(entry, "onEvent", push);
  }

  _notify(entry, hook, ...args) {
    for (const handlers of [...entry.listeners]) {
      try {
        handlers[hook]?.(...args);
      } catch (err) {
        console.error(`fuar: ${hook} handler for ${entry.topic} failed`, err);
      }
    }
  }

  _subscribeEntry(entry) {
    const resubscribed = entry.epoch !== null;
    const data = { topic: entry.topic };
    if (resubscribed) data.since = { epoch: entry.epoch, offset: entry.offset };
    entry.buffer = [];
    const ws = this._ws;
    this._command(CMD.SUBSCRIBE, data, this.requestTimeoutMs, true, (err, reply) => {
      if (this._topics.get(entry.topic) !== entry || ws !== this._ws) return;
      const buffered = entry.buffer ?? [];
      entry.buffer = null;
      if (err) return this._subscribeFailed(entry, err, ws);
      const recovered = resubscribed && reply.recovered === true && reply.epoch === entry.epoch;
      if (recovered) {
        for (const push of reply.publications ?? []) this._accept(entry, { topic: entry.topic, ...push });
        if (typeof reply.offset === "number" && reply.offset > entry.offset) entry.offset = reply.offset;
      } else {
        // Fresh subscription, or history lost: start from the reply's position.
        entry.epoch = reply.epoch;
        entry.offset = reply.offset;
        if (resubscribed) this._notify(entry, "onReset", reply);
      }
      this._notify(entry, "onSubscribed", reply, { resubscribed, recovered });
      for (const push of buffered) this._accept(entry, push);
      entry.resolveReady(reply);
    });
  }

  _subscribeFailed(entry, err, ws) {
    if (err.code === "disconnected" || err.code === "offline") return; // re-sent on the next open
    if (err.code === "timeout") {
      // The socket looks dead: replace it; every topic is recovered on the new one.
      this._detach(1000, "subscribe timed out");
      this._scheduleReconnect({ code: 1006, reason: "subscribe timed out" }, true);
      return;
    }
    if (["rate_limited", "unavailable", "internal"].includes(err.code)) {
      const delay = err.retry_after ? err.retry_after * 1000 : 1000 + this.random() * 2000;
      setTimeout(() => {
        if (this._topics.get(entry.topic) === entry && this.state === "online" && ws === this._ws) this._subscribeEntry(entry);
      }, delay);
      return;
    }
    this._topics.delete(entry.topic); // forbidden, not_found, invalid, unauthorized
    entry.rejectReady(err);
    this._notify(entry, "onError", err);
  }
}
