// Functional check of the Socket.IO peer at the wire level, as the load generator speaks it
// (Engine.IO v4 / Socket.IO v5 text packets over a plain WebSocket; `ws` is a devDependency
// used only here).
//
// usage: node check.mjs [--clients 50] [--messages 20] [--redis]
// Starts server.mjs on a free port (with --redis also a private redis-server on a free port),
// connects the clients, joins them to room "seminar" (one outsider to "other"), publishes
// from two of them and checks that every member receives every message exactly once and the
// outsider none; answers the server's pings. With --redis a second server on the same Redis
// holds one more member of "seminar", which must receive every message through the adapter. Prints "1 passed, 0 failed" on success.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import WebSocket from "ws";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const nClients = opt("--clients", 50);
const nMessages = opt("--messages", 20);
const useRedis = args.includes("--redis");

const children = [];
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
}
process.on("exit", cleanup);
const fail = (msg) => {
  console.error("FAIL:", msg);
  console.log("0 passed, 1 failed");
  process.exit(1);
};
setTimeout(() => fail("timed out"), 60000).unref();

async function freePort() {
  const s = createServer().listen(0, "127.0.0.1");
  await once(s, "listening");
  const p = s.address().port;
  s.close();
  return p;
}

function waitLine(child, prefix) {
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      for (const line of buf.split("\n")) if (line.startsWith(prefix)) resolve(line);
    });
    child.on("exit", (code) => reject(new Error(`${prefix} exited with ${code}`)));
  });
}

// One Socket.IO client over a raw WebSocket.
class Client {
  constructor(port) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    this.msgs = [];
    this.acks = new Map();
    this.nextAck = 1;
    this.sid = null;
    this.connected = new Promise((resolve, reject) => {
      this.ws.on("error", reject);
      this.ws.on("message", (data) => {
        const s = data.toString();
        if (s.startsWith("0{")) {
          const open = JSON.parse(s.slice(1));
          if (!open.sid || !open.pingInterval) reject(new Error("bad open packet " + s));
          this.ws.send("40");
        } else if (s.startsWith("40{")) {
          this.sid = JSON.parse(s.slice(2)).sid;
          resolve();
        } else if (s === "2") {
          this.ws.send("3");
        } else if (s.startsWith("42[")) {
          const [name, payload] = JSON.parse(s.slice(2));
          if (name !== "msg") reject(new Error("unexpected event " + s));
          this.msgs.push(payload);
        } else if (/^43\d+\[/.test(s)) {
          const id = Number(s.slice(2, s.indexOf("[")));
          this.acks.get(id)?.();
        } else {
          reject(new Error("unexpected packet " + s));
        }
      });
    });
  }
  emitAck(...args) {
    const id = this.nextAck++;
    const p = new Promise((resolve) => this.acks.set(id, resolve));
    this.ws.send(`42${id}${JSON.stringify(args)}`);
    return p;
  }
  emit(...args) {
    this.ws.send(`42${JSON.stringify(args)}`);
  }
}

let redisArg = [];
if (useRedis) {
  const rport = await freePort();
  const redis = spawn("redis-server", ["--port", String(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] });
  children.push(redis);
  await new Promise((resolve, reject) => {
    let buf = "";
    redis.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("Ready to accept connections")) resolve();
    });
    redis.on("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  redisArg = ["--redis", `redis://127.0.0.1:${rport}`];
}
const port = await freePort();
const server = spawn(process.execPath, [join(here, "server.mjs"), "--port", String(port), ...redisArg],
  { stdio: ["ignore", "pipe", "pipe"] });
children.push(server);
let serverErr = "";
server.stderr.on("data", (d) => (serverErr += d));
console.log(await waitLine(server, "socketio: listening on 127.0.0.1:"));
// With Redis: a second node on the same Redis; its member of the room must get every message too.
let remote = null;
if (useRedis) {
  const port2 = await freePort();
  const server2 = spawn(process.execPath, [join(here, "server.mjs"), "--port", String(port2), ...redisArg],
    { stdio: ["ignore", "pipe", "inherit"] });
  children.push(server2);
  console.log(await waitLine(server2, "socketio: listening on 127.0.0.1:"));
  remote = new Client(port2);
  await remote.connected.catch((e) => fail(e.message));
  await remote.emitAck("join", "seminar");
}

const clients = Array.from({ length: nClients }, () => new Client(port));
const outsider = new Client(port);
await Promise.all([...clients, outsider].map((c) => c.connected)).catch((e) => fail(e.message));
await Promise.all(clients.map((c) => c.emitAck("join", "seminar")));
await outsider.emitAck("join", "other");
console.log(`${nClients} clients connected (open packet, 40 -> 40{sid}), joined with acks`);

const publishers = [clients[0], clients[1]];
for (let j = 0; j < nMessages; j++) {
  for (const [k, p] of publishers.entries()) {
    if (j === nMessages - 1) await p.emitAck("publish", "seminar", { pub: k, seq: j, t: Date.now() });
    else p.emit("publish", "seminar", { pub: k, seq: j, t: Date.now() });
  }
}
const total = publishers.length * nMessages;
const deadline = Date.now() + 10000;
const members = remote ? [...clients, remote] : clients;
while (members.some((c) => c.msgs.length < total) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 200));
for (const [i, c] of members.entries()) {
  if (c.msgs.length !== total) fail(`client ${i} got ${c.msgs.length} of ${total}`);
  for (let k = 0; k < publishers.length; k++) {
    const seqs = c.msgs.filter((m) => m.pub === k).map((m) => m.seq);
    if (seqs.join() !== [...Array(nMessages).keys()].join()) fail(`client ${i} publisher ${k}: ${seqs}`);
  }
}
if (outsider.msgs.length !== 0) fail(`outsider got ${outsider.msgs.length}`);
console.log(`fan-out: ${nClients} x ${total} = ${nClients * total} "msg" events, each once and in order; outsider none` +
  (remote ? `; member on a second node (via Redis) got all ${total}` : ""));

for (const c of [...members, outsider]) c.ws.close();
server.kill("SIGTERM");
const [code] = await once(server, "exit");
if (code !== 0) fail(`server exit code ${code}`);
console.log(`SIGTERM: exit 0; ${serverErr.trim()}`);
console.log("1 passed, 0 failed");
process.exit(0);
