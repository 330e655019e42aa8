// Starts one fuar server for a test file: port 0 on 127.0.0.1, a fresh data directory, the
// repository's web-static/. Resolves once the server prints its listening line.
//
//   const server = await startServer();
//   server.url                      "http://127.0.0.1:PORT"
//   await server.demoAccount("employer")   {role, email, password, booth?} from the printed lines
//   await server.stop()             SIGTERM (SIGKILL after 10 s), then removes the data directory
//
// Environment: FUAR_BINARY (default $FUAR_SOURCE_DIR/build/fuar), FUAR_SOURCE_DIR (default: the
// repository holding this file).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export const SOURCE_DIR = path.resolve(process.env.FUAR_SOURCE_DIR || path.join(path.dirname(fileURLToPath(import.meta.url)), "..", ".."));
export const BINARY = process.env.FUAR_BINARY || path.join(SOURCE_DIR, "build", "fuar");

const LISTENING = /^fuar: listening on (http:\/\/\S+)\s*$/;
const DEMO_ACCOUNT = /^fuar: demo account (.*)$/;

/** "role=employer email=a@b password=x booth=3" → {role, email, password, booth: 3} */
function parseFields(text) {
  const fields = {};
  for (const part of text.trim().split(/\s+/)) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  if (fields.booth !== undefined) fields.booth = Number(fields.booth);
  return fields;
}

export async function startServer({ timeoutMs = 30000, env = {} } = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "fuar-e2e-"));
  const child = spawn(BINARY, [], {
    env: {
      ...process.env,
      FUAR_SERVER_PORT: "0",
      FUAR_SERVER_HOST: "127.0.0.1",
      FUAR_SERVER_DATA_DIR: dataDir,
      FUAR_SERVER_STATIC_DIR: path.join(SOURCE_DIR, "web-static"),
      // Cheap password hashing: config/fuar.json reserves "minimal" for tests and load runs.
      FUAR_AUTH_PASSWORD_COST: "minimal",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A test run that dies half-way must not leave a server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-20000);
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const accounts = [];
  const accountWaiters = new Set();
  // Keep reading stdout for the server's whole life, or a full pipe would block it.
  const lines = readline.createInterface({ input: child.stdout });
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const fail = (message) => reject(new Error(`${message}\n--- fuar stderr (${BINARY}) ---\n${stderr || "(empty)"}`));
      const timer = setTimeout(() => fail(`fuar did not print "fuar: listening on …" within ${timeoutMs} ms`), timeoutMs);
      lines.on("line", (line) => {
        let m;
        if ((m = DEMO_ACCOUNT.exec(line))) {
          accounts.push(parseFields(m[1]));
          accountWaiters.forEach((w) => w());
        } else if ((m = LISTENING.exec(line))) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        fail(`could not start ${BINARY}: ${err.message}`);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        fail(`fuar exited (code ${code}, signal ${signal}) before it was listening`);
      });
    });
  } catch (err) {
    child.kill("SIGKILL");
    process.removeListener("exit", killOnExit);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }

  let stopped = null;
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    accounts,
    stderr: () => stderr,

    /** The first printed demo account with this role (waits up to 5 s for its line). */
    async demoAccount(role) {
      const find = () => accounts.find((a) => a.role === role);
      if (find()) return find();
      await new Promise((resolve, reject) => {
        const done = () => {
          if (!find()) return;
          clearTimeout(timer);
          accountWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          accountWaiters.delete(done);
          reject(new Error(`fuar printed no "demo account role=${role}" line; accounts seen: ${JSON.stringify(accounts)}`));
        }, 5000);
        accountWaiters.add(done);
      });
      return find();
    },

    async stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
          await exited;
          clearTimeout(timer);
        }
        lines.close();
        process.removeListener("exit", killOnExit);
        await rm(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
