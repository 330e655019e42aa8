// Runs the e2e test files one after another, each in its own `node --test` process, and ends
// with a summary and a non-zero exit when any failed. ctest runs this; by hand:
//   node tests/e2e/run.mjs                 every *.test.mjs
//   node tests/e2e/run.mjs chat queue      only the files whose names contain these words
// One file at a time because each starts its own server and browser on a 2-core machine; a
// runner of our own because Node 18 (Debian 12's) has no --test-concurrency.
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MIN_NODE_MAJOR = 18;
const major = Number(process.versions.node.split(".")[0]);
if (major < MIN_NODE_MAJOR) {
  console.error(`e2e: Node.js ${process.versions.node} is too old; ${MIN_NODE_MAJOR} or newer is needed (Debian 12 ships 18)`);
  process.exit(2);
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".test.mjs"))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`e2e: no test file matches ${filters.join(", ")}`);
  process.exit(2);
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--test", path.join(dir, file)], { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve({ file, ok: code === 0, code, signal, ms: Date.now() - started }));
    child.on("error", (err) => resolve({ file, ok: false, code: null, signal: String(err), ms: Date.now() - started }));
  });
}

console.log(`e2e: Node.js ${process.versions.node}, ${files.length} file(s)`);
const results = [];
for (const file of files) {
  console.log(`\ne2e: ── ${file}`);
  results.push(await runFile(file));
}

console.log("\ne2e: summary");
for (const r of results) {
  const how = r.ok ? "ok  " : "FAIL";
  const why = r.ok ? "" : r.signal ? ` (signal ${r.signal})` : ` (exit ${r.code})`;
  console.log(`  ${how} ${r.file.padEnd(24)} ${(r.ms / 1000).toFixed(1).padStart(6)} s${why}`);
}
const failed = results.filter((r) => !r.ok);
console.log(failed.length === 0 ? `e2e: all ${results.length} files passed` : `e2e: ${failed.length} of ${results.length} files failed`);
process.exit(failed.length === 0 ? 0 : 1);
