// Starts a coturn `turnserver` for one test file: 127.0.0.1 only, a free listening port, a relay
// port range that is free when it starts, the TURN REST scheme (use-auth-secret) with a random
// shared secret, realm fuar.test, no TLS, no CLI, its files (log, pid, user db) in a fresh
// temporary directory. --allow-loopback-peers lets the two browsers of a test, both on this
// machine, reach each other's relayed addresses: test only (config/coturn/turnserver.conf denies
// loopback and private peers).
//
//   const turn = await startTurn();
//   turn.url        "turn:127.0.0.1:PORT?transport=udp"   (also turn.urls: udp and tcp)
//   turn.secret     the static-auth-secret, for FUAR_ROOMS_TURN_SECRET
//   await turn.stop()   SIGTERM (SIGKILL after 5 s), then removes the directory
//
// Environment: FUAR_TURNSERVER (default: turnserver on the PATH).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const TURNSERVER = process.env.FUAR_TURNSERVER || "turnserver";

/** A TCP port that is free on 127.0.0.1 now, and free for UDP as well. */
async function freePort() {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        const p = srv.address().port;
        srv.close(() => resolve(p));
      });
    });
    if (await udpFree(port)) return port;
  }
  throw new Error("no free port for turnserver");
}

function udpFree(port) {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    s.once("error", () => resolve(false));
    s.bind(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A range of `n` consecutive UDP ports, all free now, in the dynamic range. */
async function freeRange(n) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const start = 40000 + Math.floor(Math.random() * (60000 - 40000 - n));
    let ok = true;
    for (let p = start; p < start + n && ok; p += 1) ok = await udpFree(p);
    if (ok) return [start, start + n - 1];
  }
  throw new Error("no free UDP port range for turnserver relays");
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

export async function startTurn({ timeoutMs = 10000 } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "fuar-turn-"));
  const port = await freePort();
  const [minPort, maxPort] = await freeRange(64);
  const secret = randomBytes(24).toString("hex");
  const log = path.join(dir, "turn.log");
  const child = spawn(
    TURNSERVER,
    [
      "-n",
      "--listening-ip", "127.0.0.1",
      "--relay-ip", "127.0.0.1",
      "--listening-port", String(port),
      "--min-port", String(minPort),
      "--max-port", String(maxPort),
      "--use-auth-secret",
      "--static-auth-secret", secret,
      "--realm", "fuar.test",
      "--allow-loopback-peers",
      "--no-tls",
      "--no-dtls",
      "--no-cli",
      "--simple-log",
      "--no-stdout-log",
      "--log-file", log,
      "--pidfile", path.join(dir, "turn.pid"),
      "--userdb", path.join(dir, "turndb"),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c) => (stderr = (stderr + c).slice(-5000)));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let spawnError = null;
  child.once("error", (err) => (spawnError = err));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener("exit", killOnExit);
    await rm(dir, { recursive: true, force: true });
  };

  // Ready once its TCP listener accepts (the UDP one opens with it).
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      const text = await readFile(log, "utf8").catch(() => "");
      await stop();
      throw new Error(`turnserver did not start (${spawnError?.message ?? `exit ${child.exitCode}`}); is coturn installed?\n${stderr}\n${text.slice(-3000)}`);
    }
    if (await tcpOpen(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    secret,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    log: () => readFile(log, "utf8").catch(() => ""),
    stop,
  };
}
