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

test("protocol.js keeps the catalogue block: markers, two arrays of names, comment lines only between names", async () => {
  const text = await readFile(path.join(WEB, "js", "protocol.js"), "utf8");
  const block = text.match(/^\/\/ BEGIN CATALOGUE\n([\s\S]*?)^\/\/ END CATALOGUE$/m);
  assert.ok(block, "markers present");
  // What the C++ sync test reads: comment lines dropped, each array a JSON list of names.
  const code = block[1].split("\n").filter((l) => !/^\s*\/\//.test(l)).join("\n");
  const arrays = [...code.matchAll(/export const (\w+) = (\[[^\]]*\]);/g)];
  assert.deepEqual(arrays.map((m) => m[1]), ["COMMANDS", "EVENTS"]);
  const parse = (literal) => JSON.parse(literal.replace(/,\s*\]$/, "]"));
  const { COMMANDS, EVENTS } = await import(path.join(WEB, "js", "protocol.js"));
  assert.deepEqual(parse(arrays[0][2]), COMMANDS);
  assert.deepEqual(parse(arrays[1][2]), EVENTS);
  for (const name of [...COMMANDS, ...EVENTS]) assert.match(name, /^[a-z]+(\.[a-z_]+)*$/);
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
