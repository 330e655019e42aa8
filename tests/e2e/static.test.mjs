// Checks on web-static/ and the wire contract that need neither a browser nor a server: the
// generated parts are up to date (protocol/generate.mjs --check), the catalogue block keeps the
// form the C++ test reads, both languages have the same strings, and every string key the code
// uses exists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const WEB = path.join(ROOT, "web-static");

async function sources(dir = path.join(WEB, "js")) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(p)));
    else if (entry.name.endsWith(".js")) out.push(p);
  }
  return out;
}

test("the generated parts of the wire contract are what protocol/generate.mjs writes", () => {
  // C++ tables, protocol.js's block, the tables of PROTOCOL.md and ws/*.md, close_codes.hpp.
  const r = spawnSync(process.execPath, [path.join(ROOT, "protocol", "generate.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, `generate.mjs --check failed:\n${r.stderr}`);
});

test("generate.mjs --check names each file that differs, and writing puts it back", async () => {
  // A copy of what the generator reads and writes, so the real tree is never touched.
  const tmp = await mkdtemp(path.join(os.tmpdir(), "fuar-generate-"));
  try {
    await cp(path.join(ROOT, "protocol"), path.join(tmp, "protocol"), { recursive: true });
    await cp(path.join(WEB, "js", "protocol.js"), path.join(tmp, "web-static", "js", "protocol.js"));
    const run = (...args) => spawnSync(process.execPath, [path.join(tmp, "protocol", "generate.mjs"), ...args], { encoding: "utf8" });
    assert.equal(run("--check").status, 0, "the copy starts out generated");
    // A hand edit of a generated table, and a data file changed without regenerating.
    const md = path.join(tmp, "protocol", "ws", "queue.md");
    await writeFile(md, (await readFile(md, "utf8")).replace("| `queue.join` |", "| `queue.joined` |"));
    const data = path.join(tmp, "protocol", "close_codes.json");
    await writeFile(data, (await readFile(data, "utf8")).replace('"code": 4200', '"code": 4201'));
    const r = run("--check");
    assert.equal(r.status, 1);
    for (const file of ["protocol/ws/queue.md", "protocol/close_codes.hpp", "web-static/js/protocol.js", "protocol/PROTOCOL.md"])
      assert.match(r.stderr, new RegExp(`^${file.replace(/[./]/g, "\\$&")} differs`, "m"), file);
    assert.doesNotMatch(r.stderr, /ws\/room\.md/);
    assert.equal(run().status, 0);
    assert.equal(run("--check").status, 0);
    assert.match(await readFile(md, "utf8"), /\| `queue\.join` \|/);
    assert.match(await readFile(path.join(tmp, "protocol", "close_codes.hpp"), "utf8"), /banned += 4201;/);
    // A data file with a typo is refused with its name and the key.
    const queue = path.join(tmp, "protocol", "catalogue", "queue.json");
    await writeFile(queue, (await readFile(queue, "utf8")).replace('"reply":', '"replies":'));
    const bad = run("--check");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /protocol\/catalogue\/queue\.json: commands\[0\] \(queue\.create\): unknown key "replies"/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test("protocol.js: the catalogue block as the C++ test reads it, the name objects, the close reactions", async () => {
  const text = await readFile(path.join(WEB, "js", "protocol.js"), "utf8");
  const block = text.match(/^\/\/ BEGIN CATALOGUE\n([\s\S]*?)^\/\/ END CATALOGUE$/m);
  assert.ok(block, "markers present");
  // What the C++ sync test reads: comment lines dropped, each array a JSON list of names.
  const code = block[1].split("\n").filter((l) => !/^\s*\/\//.test(l)).join("\n");
  const arrays = [...code.matchAll(/export const (\w+) = (\[[^\]]*\]);/g)];
  assert.deepEqual(arrays.map((m) => m[1]), ["COMMANDS", "EVENTS"]);
  const parse = (literal) => JSON.parse(literal.replace(/,\s*\]$/, "]"));
  const { COMMANDS, EVENTS, CMD, EVT, CLOSE, closeReaction } = await import(path.join(WEB, "js", "protocol.js"));
  assert.deepEqual(parse(arrays[0][2]), COMMANDS);
  assert.deepEqual(parse(arrays[1][2]), EVENTS);
  for (const name of [...COMMANDS, ...EVENTS]) assert.match(name, /^[a-z]+(\.[a-z_]+)*$/);
  // The name objects hold every name once, under the key the views use.
  assert.deepEqual(Object.values(CMD), COMMANDS);
  assert.deepEqual(Object.values(EVT), EVENTS);
  assert.equal(CMD.ROOM_CHAT_HISTORY, "room.chat_history");
  assert.equal(EVT.PRESENCE, "presence");
  assert.ok(Object.isFrozen(CMD) && Object.isFrozen(EVT) && Object.isFrozen(CLOSE));
  // The reactions of PROTOCOL.md section 7.
  const expected = { 1000: "none", 1001: "reconnect", 1006: "reconnect", 1008: "stop", 1009: "reconnect", 1011: "reconnect",
                     4000: "reconnect_now", 4001: "reconnect", 4099: "reconnect", 4100: "login", 4101: "login", 4150: "login",
                     4200: "give_up", 4299: "give_up", 4300: "reconnect", 3000: "reconnect" };
  for (const [code, reaction] of Object.entries(expected)) assert.equal(closeReaction(Number(code)), reaction, `close ${code}`);
  assert.equal(CLOSE.SLOW, 4000);
  assert.equal(CLOSE.BANNED, 4200);
});

test("Turkish and English have the same strings, and every key the code uses exists", async () => {
  const { STRINGS } = await import(path.join(WEB, "js", "i18n.js"));
  assert.deepEqual(Object.keys(STRINGS.tr).sort(), Object.keys(STRINGS.en).sort());
  for (const [key, value] of Object.entries(STRINGS.en)) {
    const params = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(params(STRINGS.tr[key]), params(value), `${key}: same placeholders in both languages`);
  }
  // Every string literal that looks like one of our keys ("prefix.name" with a known prefix).
  const prefixes = new Set(Object.keys(STRINGS.en).map((k) => k.split(".")[0]));
  const used = new Set();
  for (const file of await sources()) {
    if (file.endsWith("i18n.js") || file.endsWith("protocol.js")) continue; // strings; wire names
    const text = await readFile(file, "utf8");
    for (const m of text.matchAll(/"([a-z][a-zA-Z]*)\.([a-zA-Z][\w.]*)"/g)) if (prefixes.has(m[1])) used.add(`${m[1]}.${m[2]}`);
  }
  assert.ok(used.size > 60, `found the keys in use (${used.size})`);
  for (const key of used) assert.ok(key in STRINGS.en || `${key}.other` in STRINGS.en, `missing string ${key}`);
});
