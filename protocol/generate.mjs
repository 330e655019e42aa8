#!/usr/bin/env node
// Writes every copy of the wire contract from its one description:
//
//   protocol/catalogue/*.json   one file per capability: its WebSocket commands (type, field
//                               rules, reply, audience and ownership, description, example) and
//                               the events it pushes (topic, who receives them, data, history)
//   protocol/close_codes.json   WebSocket close codes and the client's reaction to each
//
// into
//
//   protocol/catalogue_table.inc  the C++ field specs, command table and event table that
//                                 protocol/catalogue.cpp includes (validation stays there)
//   protocol/close_codes.hpp      the close codes as named C++ constants
//   web-static/js/protocol.js     the block between "// BEGIN CATALOGUE" and "// END CATALOGUE"
//   protocol/PROTOCOL.md, protocol/ws/*.md
//                                 the tables between "<!-- BEGIN GENERATED: … -->" and
//                                 "<!-- END GENERATED: … -->" (the prose around them is written
//                                 by hand)
//
// Usage: `node protocol/generate.mjs` writes the files; `node protocol/generate.mjs --check`
// writes nothing and exits with 1, naming each file that differs from what it would write (a
// test runs it, so an edit to a generated part, or a data file without a regeneration, fails).
// Node 18 or later, no packages: Node is there for the tests, and nothing else is needed.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CATALOGUE_DIR = "protocol/catalogue";
const GENERATED_BY = "protocol/generate.mjs";

const AUDIENCES = ["signed_in", "jobseeker", "employer", "organiser"];  // WebSocket: always signed in
const FIELD_TYPES = ["integer", "string", "object"];
const REACTIONS = ["none", "reconnect", "reconnect_now", "login", "give_up", "stop"];
const NAME = /^[a-z]+(\.[a-z_]+)*$/;

// ---- reading and checking the data ------------------------------------------------------------

class DataError extends Error {}

function fail(where, message) {
  throw new DataError(`${where}: ${message}`);
}

function readJson(rel) {
  const text = readFileSync(path.join(ROOT, rel), "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(rel, `not valid JSON (${e.message})`);
  }
}

// Refuses keys outside `allowed` and missing `required` ones, so a typo never passes silently.
function checkKeys(where, obj, required, optional = []) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) fail(where, "must be an object");
  for (const k of Object.keys(obj))
    if (!required.includes(k) && !optional.includes(k)) fail(where, `unknown key "${k}"`);
  for (const k of required) if (!(k in obj)) fail(where, `"${k}" is required`);
}

function checkText(where, value, { empty = false } = {}) {
  if (typeof value !== "string" || (!empty && value.trim() === "")) fail(where, "must be a non-empty string");
  // Control characters would need escapes that C++ and Markdown read differently.
  if (/[\u0000-\u001f\u007f]/.test(value)) fail(where, "must not contain control characters or line breaks");
}

function checkInt(where, value) {
  if (!Number.isSafeInteger(value)) fail(where, "must be an integer (a safe one: JavaScript reads these files too)");
}

function checkFields(where, fields) {
  if (!Array.isArray(fields)) fail(where, "must be an array");
  const names = new Set();
  fields.forEach((f, i) => {
    const at = `${where}[${i}]`;
    checkKeys(at, f, ["name", "type", "required"], ["min", "max", "children", "values", "note"]);
    if (!/^[a-z][a-z0-9_]*$/.test(f.name)) fail(at, `bad field name "${f.name}"`);
    if (names.has(f.name)) fail(at, `field "${f.name}" twice`);
    names.add(f.name);
    if (!FIELD_TYPES.includes(f.type)) fail(at, `type must be one of ${FIELD_TYPES.join(", ")}`);
    if (typeof f.required !== "boolean") fail(at, "required must be true or false");
    if (f.type === "object") {
      if ("min" in f || "max" in f || "values" in f) fail(at, "an object has children, not min, max or values");
      checkFields(`${at}.children`, f.children);
    } else {
      if ("children" in f) fail(at, "only objects have children");
      checkInt(`${at}.min`, f.min);
      if (f.type === "string" && !("max" in f)) fail(at, "a string needs a max (length in characters)");
      if ("max" in f) checkInt(`${at}.max`, f.max);
      if (f.min < 0 || ("max" in f && f.max < f.min)) fail(at, "needs 0 <= min <= max");
      if ("values" in f) {
        // Documentation of the values the handler accepts; the catalogue checks type and range.
        if (!Array.isArray(f.values) || f.values.length === 0) fail(at, "values must be a non-empty array");
        for (const v of f.values)
          if (f.type === "string" ? typeof v !== "string" : !Number.isSafeInteger(v))
            fail(at, `value ${JSON.stringify(v)} is not a ${f.type}`);
      }
    }
    if ("note" in f) checkText(`${at}.note`, f.note);
  });
}

// The pages a generated table may go to: PROTOCOL.md and the capability pages under ws/.
function pages() {
  return ["PROTOCOL.md", ...readdirSync(path.join(ROOT, "protocol/ws")).filter((f) => f.endsWith(".md")).sort().map((f) => `ws/${f}`)];
}

// Every capability file, the connection-level `session` first, then by name.
function loadCatalogue() {
  const files = readdirSync(path.join(ROOT, CATALOGUE_DIR)).filter((f) => f.endsWith(".json")).sort();
  files.sort((a, b) => (a === "session.json" ? -1 : b === "session.json" ? 1 : 0));
  const known = pages();
  const capabilities = [];
  const commandNames = new Set(), eventNames = new Set();
  for (const file of files) {
    const rel = `${CATALOGUE_DIR}/${file}`;
    const cap = readJson(rel);
    checkKeys(rel, cap, ["capability", "page", "commands", "events"], ["description"]);
    if (cap.capability !== file.replace(/\.json$/, "")) fail(rel, `"capability" must be "${file.replace(/\.json$/, "")}", as the file is named`);
    if (!known.includes(cap.page)) fail(rel, `page "${cap.page}" is not one of ${known.join(", ")}`);
    if (!Array.isArray(cap.commands) || !Array.isArray(cap.events)) fail(rel, "commands and events must be arrays");
    const listed = (at, item) => {
      if (!("listed_in" in item)) return [cap.page];
      if (!Array.isArray(item.listed_in) || item.listed_in.length === 0) fail(at, "listed_in must be a non-empty array of pages");
      for (const p of item.listed_in) if (!known.includes(p)) fail(at, `listed_in: "${p}" is not one of ${known.join(", ")}`);
      return item.listed_in;
    };
    cap.commands.forEach((c, i) => {
      const at = `${rel}: commands[${i}]${c && c.type ? ` (${c.type})` : ""}`;
      checkKeys(at, c, ["type", "description", "fields", "reply", "audience", "ownership"],
                ["data_note", "errors", "listed_in", "example"]);
      if (!NAME.test(c.type)) fail(at, `bad command type "${c.type}"`);
      if (commandNames.has(c.type)) fail(at, `command "${c.type}" is described twice`);
      commandNames.add(c.type);
      for (const k of ["description", "reply", "ownership", "data_note", "errors"]) if (k in c) checkText(`${at}.${k}`, c[k]);
      if (!AUDIENCES.includes(c.audience)) fail(at, `audience must be one of ${AUDIENCES.join(", ")}`);
      checkFields(`${at}.fields`, c.fields);
      if ("example" in c) checkKeys(`${at}.example`, c.example, [], ["data", "reply"]);
      c.pages = listed(at, c);
    });
    cap.events.forEach((e, i) => {
      const at = `${rel}: events[${i}]${e && e.name ? ` (${e.name})` : ""}`;
      checkKeys(at, e, ["name", "topic", "who", "data", "history"], ["note", "listed_in"]);
      if (!NAME.test(e.name)) fail(at, `bad event name "${e.name}"`);
      if (eventNames.has(e.name)) fail(at, `event "${e.name}" is described twice`);
      eventNames.add(e.name);
      for (const k of ["topic", "who", "data", "note"]) if (k in e) checkText(`${at}.${k}`, e[k]);
      if (typeof e.history !== "boolean") fail(at, "history must be true (the push has an offset) or false (ephemeral)");
      e.pages = listed(at, e);
    });
    capabilities.push(cap);
  }
  return capabilities;
}

function loadCloseCodes() {
  const rel = "protocol/close_codes.json";
  const data = readJson(rel);
  checkKeys(rel, data, ["codes", "ranges", "otherwise"]);
  const seen = new Set();
  data.codes.forEach((c, i) => {
    const at = `${rel}: codes[${i}]`;
    checkKeys(at, c, ["code", "ident", "name", "reaction", "advice"], ["sent"]);
    checkInt(`${at}.code`, c.code);
    if (c.code < 1000 || c.code > 4999 || seen.has(c.code)) fail(at, "code must be 1000–4999 and listed once");
    seen.add(c.code);
    if (!/^[a-z][a-z_]*$/.test(c.ident)) fail(at, `bad ident "${c.ident}"`);
    checkText(`${at}.name`, c.name);
    checkText(`${at}.advice`, c.advice);
    if (!REACTIONS.includes(c.reaction)) fail(at, `reaction must be one of ${REACTIONS.join(", ")}`);
  });
  data.ranges.forEach((r, i) => {
    const at = `${rel}: ranges[${i}]`;
    checkKeys(at, r, ["first", "last", "reaction"]);
    checkInt(`${at}.first`, r.first);
    checkInt(`${at}.last`, r.last);
    if (!REACTIONS.includes(r.reaction)) fail(at, `reaction must be one of ${REACTIONS.join(", ")}`);
  });
  if (!REACTIONS.includes(data.otherwise)) fail(rel, `otherwise must be one of ${REACTIONS.join(", ")}`);
  return data;
}

// ---- C++ -------------------------------------------------------------------------------------

const cppString = (s) => JSON.stringify(s);  // checkText keeps these to what both languages read alike

function cppTable(capabilities) {
  // Field arrays are shared between commands with the same rules (as written by hand before).
  const arrays = new Map();  // JSON of the fields -> { name, code }
  const order = [];
  function fieldArray(fields, suggested) {
    if (fields.length === 0) return "{}";
    const key = JSON.stringify(fields.map(({ name, type, required, min, max, children }) => ({ name, type, required, min, max, children })));
    if (arrays.has(key)) return arrays.get(key).name;
    const rows = fields.map((f) => {
      if (f.type === "object") return `    {${cppString(f.name)}, ft::object, ${f.required}, 0, 0, ${fieldArray(f.children, `${suggested}_${f.name}`)}},`;
      return `    {${cppString(f.name)}, ft::${f.type}, ${f.required}, ${f.min}, ${"max" in f ? f.max : "int_max"}},`;
    });
    let name = `${suggested}_fields`;
    for (let n = 2; order.some((a) => a.name === name); ++n) name = `${suggested}${n}_fields`;
    const entry = { name, code: `constexpr field_spec ${name}[] = {\n${rows.join("\n")}\n};` };
    arrays.set(key, entry);
    order.push(entry);
    return name;
  }
  const commandRows = [], eventRows = [];
  for (const cap of capabilities) {
    if (cap.commands.length) commandRows.push(`    // ${cap.capability}`);
    for (const c of cap.commands) {
      const fields = fieldArray(c.fields, c.type.replace(/\./g, "_"));
      const example = c.example && c.example.data !== undefined ? JSON.stringify(c.example.data) : "";
      commandRows.push(`    {${cppString(c.type)}, ${fields}, ${cppString(cap.capability)}, ${cppString(c.audience)},\n     ${cppString(c.ownership)},\n     ${cppString(example)}},`);
    }
    if (cap.events.length) eventRows.push(`    // ${cap.capability}\n    ${cap.events.map((e) => cppString(e.name)).join(", ")},`);
  }
  return [
    `// Generated by ${GENERATED_BY} from ${CATALOGUE_DIR}/*.json: edit those and run`,
    `// \`node ${GENERATED_BY}\`. Included by protocol/catalogue.cpp, which defines \`ft\` and \`int_max\`.`,
    "",
    ...order.map((a) => a.code),
    "",
    "constexpr command_spec command_table[] = {",
    ...commandRows,
    "};",
    "",
    "constexpr std::string_view event_table[] = {",
    ...eventRows,
    "};",
    "",
  ].join("\n");
}

function cppCloseCodes(close) {
  const width = Math.max(...close.codes.map((c) => c.ident.length));
  const lines = close.codes.map((c) => `inline constexpr std::uint16_t ${c.ident.padEnd(width)} = ${c.code};  // ${c.name.replace(/`/g, "")}`);
  const ranges = close.ranges.map((r) => `//   ${r.first}–${r.last}: ${r.reaction}`);
  return [
    "#pragma once",
    `// Generated by ${GENERATED_BY} from protocol/close_codes.json: edit that and run`,
    `// \`node ${GENERATED_BY}\`. The WebSocket close codes fuar uses, named once for the server and`,
    "// (as CLOSE in web-static/js/protocol.js) the browser; PROTOCOL.md §7 says what a client does",
    "// on each. Ranges of the codes fuar defines, and the client's reaction:",
    ...ranges,
    "",
    "#include <cstdint>",
    "",
    "namespace fuar::protocol::close_code {",
    "",
    ...lines,
    "",
    "}  // namespace fuar::protocol::close_code",
    "",
  ].join("\n");
}

// ---- JavaScript ------------------------------------------------------------------------------

const jsConst = (name) => name.toUpperCase().replace(/\./g, "_");

function jsBlock(capabilities, close) {
  const list = (items) => capabilities.filter((c) => items(c).length)
    .map((c) => `  // ${c.capability}\n  ${items(c).map((x) => JSON.stringify(x)).join(", ")},`);
  const names = (items) => capabilities.flatMap(items).map((n) => `  ${jsConst(n)}: ${JSON.stringify(n)},`);
  const commands = (c) => c.commands.map((x) => x.type);
  const events = (c) => c.events.map((x) => x.name);
  return [
    `// Generated by ${GENERATED_BY} from ${CATALOGUE_DIR}/*.json and protocol/close_codes.json:`,
    `// edit those and run \`node ${GENERATED_BY}\`.`,
    "export const COMMANDS = [",
    ...list(commands),
    "];",
    "export const EVENTS = [",
    ...list(events),
    "];",
    "",
    "/** Command names, to be used instead of string literals. */",
    "export const CMD = Object.freeze({",
    ...names(commands),
    "});",
    "",
    "/** Event names carried by pushes. */",
    "export const EVT = Object.freeze({",
    ...names(events),
    "});",
    "",
    "/** WebSocket close codes (PROTOCOL.md section 7). */",
    "export const CLOSE = Object.freeze({",
    ...close.codes.map((c) => `  ${c.ident.toUpperCase()}: ${c.code},`),
    "});",
    "",
    "// The client's reaction to a close code: the listed codes, then the ranges, then OTHERWISE.",
    "const CLOSE_REACTIONS = Object.freeze({",
    ...close.codes.map((c) => `  ${c.code}: ${JSON.stringify(c.reaction)},`),
    "});",
    "const CLOSE_RANGES = Object.freeze([",
    ...close.ranges.map((r) => `  [${r.first}, ${r.last}, ${JSON.stringify(r.reaction)}],`),
    "]);",
    `const CLOSE_OTHERWISE = ${JSON.stringify(close.otherwise)};`,
  ].join("\n");
}

// ---- Markdown --------------------------------------------------------------------------------

// A table cell: pipes escaped (they would end the cell), nothing else touched.
const cell = (s) => String(s).replace(/\\?\|/g, "\\|");

function fieldText(f) {
  let s = JSON.stringify(f.name) + (f.required ? "" : "?");
  if (f.type === "object") s += `: {${f.children.map(fieldText).join(", ")}}`;
  if (f.values) s += `: ${f.values.map((v) => JSON.stringify(v)).join("|")}`;
  const notes = [];
  // The range, unless the values say more (ids, integers from 1 without a bound, get none).
  if (!f.values && f.type === "string") notes.push(`${f.min}–${f.max} chars`);
  else if (!f.values && f.type === "integer" && "max" in f) notes.push(`${f.min}–${f.max}`);
  else if (!f.values && f.type === "integer" && f.min !== 1) notes.push(`≥ ${f.min}`);
  if (f.note) notes.push(f.note);
  if (notes.length) s += ` (${notes.join("; ")})`;
  return s;
}

function dataText(c) {
  const base = c.fields.length ? `\`{${c.fields.map(fieldText).join(", ")}}\`` : "—";
  return c.data_note ? `${base}; ${c.data_note}` : base;
}

const AUDIENCE_WORDS = { signed_in: "signed in", jobseeker: "jobseeker", employer: "employer", organiser: "organiser" };

function whoText(c) {
  if (c.ownership === "none") return c.audience === "signed_in" ? "any signed-in user" : AUDIENCE_WORDS[c.audience];
  return `${AUDIENCE_WORDS[c.audience]}: ${c.ownership}`;
}

function commandsTable(commands) {
  const errors = commands.some((c) => c.errors);
  const head = ["type", "what", "data", "reply data", "who (audience: ownership)", ...(errors ? ["errors besides `invalid`"] : [])];
  const rows = commands.map((c) => [`\`${c.type}\``, c.description, dataText(c), c.reply, whoText(c), ...(errors ? [c.errors ?? ""] : [])]);
  return table(head, rows);
}

function eventsTable(events) {
  const notes = events.some((e) => e.note);
  const head = ["event", "topic", "who receives it", "data", "history", ...(notes ? ["notes"] : [])];
  const rows = events.map((e) => [`\`${e.name}\``, e.topic, e.who, e.data, e.history ? "yes" : "no (ephemeral)", ...(notes ? [e.note ?? ""] : [])]);
  return table(head, rows);
}

function closeTable(close) {
  return table(["code", "name", "client reaction"], close.codes.map((c) => [String(c.code), c.name, c.advice]));
}

function table(head, rows) {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

// Replaces the text between `begin` and `end` (marker lines kept) with `body`.
function replaceBetween(text, file, begin, end, body) {
  const b = text.indexOf(begin);
  if (b < 0) fail(file, `has no "${begin}" marker`);
  const e = text.indexOf(end, b + begin.length);
  if (e < 0) fail(file, `has no "${end}" marker after "${begin}"`);
  if (text.indexOf(begin, b + begin.length) >= 0) fail(file, `has "${begin}" twice`);
  return text.slice(0, b + begin.length) + "\n" + body + "\n" + text.slice(e);
}

function mdSection(text, file, name, body) {
  return replaceBetween(text, file, `<!-- BEGIN GENERATED: ${name} (node ${GENERATED_BY}; edit ${name === "close codes" ? "protocol/close_codes.json" : `${CATALOGUE_DIR}/*.json`}) -->`,
                        `<!-- END GENERATED: ${name} -->`, body);
}

// ---- main ------------------------------------------------------------------------------------

function outputs() {
  const capabilities = loadCatalogue();
  const close = loadCloseCodes();
  const out = new Map();
  const read = (rel) => readFileSync(path.join(ROOT, rel), "utf8");
  out.set("protocol/catalogue_table.inc", cppTable(capabilities));
  out.set("protocol/close_codes.hpp", cppCloseCodes(close));
  const js = "web-static/js/protocol.js";
  out.set(js, replaceBetween(read(js), js, "// BEGIN CATALOGUE", "// END CATALOGUE", jsBlock(capabilities, close)));
  for (const page of pages()) {
    const rel = `protocol/${page}`;
    let text = read(rel);
    const commands = capabilities.flatMap((c) => c.commands).filter((c) => c.pages.includes(page));
    const events = capabilities.flatMap((c) => c.events).filter((e) => e.pages.includes(page));
    if (commands.length) text = mdSection(text, rel, "commands", commandsTable(commands));
    if (events.length) text = mdSection(text, rel, "events", eventsTable(events));
    if (page === "PROTOCOL.md") text = mdSection(text, rel, "close codes", closeTable(close));
    out.set(rel, text);
  }
  return out;
}

function main(argv) {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`usage: node ${GENERATED_BY} [--check]`);
    return 2;
  }
  let out;
  try {
    out = outputs();
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    console.error(`${GENERATED_BY}: ${e.message}`);
    return 1;
  }
  const differ = [];
  for (const [rel, text] of out) {
    const file = path.join(ROOT, rel);
    let old = null;
    try {
      old = readFileSync(file, "utf8");
    } catch {}
    if (old === text) continue;
    differ.push(rel);
    if (!check) writeFileSync(file, text);
  }
  if (check) {
    for (const rel of differ) console.error(`${rel} differs from what ${GENERATED_BY} writes`);
    if (differ.length) console.error(`run \`node ${GENERATED_BY}\` and commit the result`);
    return differ.length ? 1 : 0;
  }
  for (const rel of differ) console.log(`wrote ${rel}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
