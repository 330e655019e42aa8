// Checks on web-static/ that need neither a browser nor a server: the catalogue block keeps the
// form the C++ test reads, both languages have the same strings, and every string key the code
// uses exists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "web-static");

async function sources(dir = path.join(WEB, "js")) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(p)));
    else if (entry.name.endsWith(".js")) out.push(p);
  }
  return out;
}

test("protocol.js keeps the catalogue block: markers and one array per line", async () => {
  const text = await readFile(path.join(WEB, "js", "protocol.js"), "utf8");
  const block = text.match(/^\/\/ BEGIN CATALOGUE\n([\s\S]*?)^\/\/ END CATALOGUE$/m);
  assert.ok(block, "markers present");
  const lines = block[1].trim().split("\n");
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^export const COMMANDS = \[("[a-z.]+", )*"[a-z.]+"\];$/);
  assert.match(lines[1], /^export const EVENTS = \[("[a-z.]+", )*"[a-z.]+"\];$/);
  const { COMMANDS, EVENTS } = await import(path.join(WEB, "js", "protocol.js"));
  assert.deepEqual(JSON.parse(lines[0].slice(lines[0].indexOf("["), -1)), COMMANDS);
  assert.deepEqual(JSON.parse(lines[1].slice(lines[1].indexOf("["), -1)), EVENTS);
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
