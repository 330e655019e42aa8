// Socket.IO reference peer for fuar's load benchmarks (see ../README.md).
//
// A standard Socket.IO v4 server, WebSocket transport only, per-message deflate off, so clients
// speak Engine.IO v4 / Socket.IO v5 over a plain WebSocket at /socket.io/?EIO=4&transport=websocket.
// Semantics the load generator relies on:
//   event "join"    (room: string [, ack])            -> socket.join(room); ack() if given
//   event "publish" (room: string, payload [, ack])   -> io.to(room).emit("msg", payload); ack()
// With --redis URL the @socket.io/redis-adapter is installed (as a multi-node deployment would
// run it; every broadcast is also published to Redis).
//
// usage: node server.mjs --port P [--host 127.0.0.1] [--redis redis://127.0.0.1:6379]
// Prints "socketio: listening on HOST:PORT" once ready. SIGINT/SIGTERM: close and exit 0.
import { createServer } from "node:http";
import { Server } from "socket.io";

function usage(code) {
  (code ? process.stderr : process.stdout).write(
    "usage: node server.mjs --port P [--host 127.0.0.1] [--redis redis://127.0.0.1:PORT]\n");
  process.exit(code);
}

let port = -1;
let host = "127.0.0.1";
let redisUrl = "";
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--port" && i + 1 < argv.length) port = Number(argv[++i]);
  else if (a === "--host" && i + 1 < argv.length) host = argv[++i];
  else if (a === "--redis" && i + 1 < argv.length) redisUrl = argv[++i];
  else if (a === "--help" || a === "-h") usage(0);
  else usage(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(2);

const httpServer = createServer((req, res) => {
  res.writeHead(404).end();
});
const io = new Server(httpServer, {
  transports: ["websocket"],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
});

const redisClients = [];
if (redisUrl) {
  const { createClient } = await import("redis");
  const { createAdapter } = await import("@socket.io/redis-adapter");
  const pubClient = createClient({ url: redisUrl });
  const subClient = pubClient.duplicate();
  for (const c of [pubClient, subClient]) c.on("error", (err) => console.error("socketio: redis:", err.message));
  await Promise.all([pubClient.connect(), subClient.connect()]);
  redisClients.push(pubClient, subClient);
  io.adapter(createAdapter(pubClient, subClient));
}

let published = 0;
io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    if (typeof room === "string") socket.join(room);
    if (typeof ack === "function") ack();
  });
  socket.on("publish", (room, payload, ack) => {
    if (typeof room === "string") {
      io.to(room).emit("msg", payload);
      published++;
    }
    if (typeof ack === "function") ack();
  });
});

httpServer.listen(port, host, () => {
  const addr = httpServer.address();
  console.log(`socketio: listening on ${host}:${addr.port}${redisUrl ? ` (redis adapter ${redisUrl})` : ""}`);
});
httpServer.on("error", (err) => {
  console.error(`socketio: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 3000).unref();
  console.error(`socketio: stopped; published=${published} connections=${io.engine.clientsCount}`);
  io.close();
  await Promise.allSettled(redisClients.map((c) => c.quit()));
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
