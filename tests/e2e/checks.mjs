// Checks and fixtures shared by the browser tests: axe-core and layout assertions, keyboard
// navigation, a minimal PDF for CV uploads.
import assert from "node:assert/strict";
import { axeViolations } from "./browser.mjs";

/**
 * axe-core on the whole page: serious and critical violations fail the test (listed in full),
 * minor ones are printed as TAP comments. A page has exactly one h1.
 */
export async function assertAccessible(page, label) {
  const violations = await axeViolations(page);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const minor = violations.filter((v) => !bad.includes(v));
  if (minor.length) console.log(`# ${label}: minor axe findings: ${minor.map((v) => `${v.id} (${v.impact}): ${v.nodes.join("; ")}`).join(", ")}`);
  assert.deepEqual(bad, [], `${label}: axe found serious/critical violations:\n${JSON.stringify(bad, null, 2)}`);
  assert.equal(await page.locator("h1").count(), 1, `${label}: one h1`);
}

/** The page does not scroll sideways (a 1 px rounding allowance). */
export async function assertNoSidewaysScroll(page, label) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll - client <= 1, `${label}: the page scrolls sideways by ${scroll - client}px`);
}

/** Presses Tab until the focused element's text is `name` (at most `limit` times). */
export async function tabTo(page, name, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (text === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** A one-page PDF showing `text` (Helvetica, WinAnsi) with correct xref offsets: enough for
 *  the CV upload's content check and for pdftotext to find the text. */
export function pdf(text) {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  objs[3] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  let out = "%PDF-1.4\n";
  const offs = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
