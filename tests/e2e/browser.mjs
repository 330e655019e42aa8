// Browser helpers for the e2e tests: Debian's Chromium through playwright-core (no browser is
// ever downloaded), axe-core, and a few steps shared by the test files.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.FUAR_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** `fakeMedia: true` adds Chromium's fake camera and microphone (a test pattern and a beep), grants
 *  them without a prompt, and lets media play without a user gesture (the WebRTC room tests). */
export function launchBrowser({ fakeMedia = false } = {}) {
  const media = fakeMedia ? ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"] : [];
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...media] });
}

/**
 * A fresh context (own cookies and storage) and page. `lang` picks the browser locale, which the
 * app follows ("tr" → Turkish). Page errors and console errors are collected in page.problems.
 * bypassCSP lets axe-core be injected as an inline script despite the page's CSP.
 */
export async function openPage(browser, baseURL, { lang = "en", viewport = { width: 1280, height: 800 }, timezoneId } = {}) {
  const context = await browser.newContext({
    baseURL,
    locale: lang === "tr" ? "tr-TR" : "en-US",
    viewport,
    timezoneId,
    bypassCSP: true,
  });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    // HTTP errors the app expects (401 from /api/me for a guest, 409, 429…) are logged by
    // Chromium as "Failed to load resource"; they are not the app's errors.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) page.problems.push(`console.error: ${msg.text()}`);
  });
  return { context, page };
}

const require = createRequire(import.meta.url);
let axeSource = null;

/** Runs axe-core on the page; returns its violations as plain objects. */
export async function axeViolations(page) {
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
    }));
  });
}

let counter = 0;
/** A user nobody has registered yet. */
export function newUser(prefix = "user") {
  counter += 1;
  const tag = `${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
  return { name: `Test ${prefix} ${counter}`, email: `${prefix}-${tag}@example.org`, password: `pw-${tag}-secret` };
}

/** Registers `user` through the HTTP API in this browser context, which keeps the session cookie. */
export async function registerInContext(context, user) {
  const res = await context.request.post("/api/auth/register", {
    headers: { "X-Fuar-CSRF": "1" },
    data: user,
  });
  if (res.status() !== 201) throw new Error(`register ${user.email}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()).user;
}

/** Logs in through the HTTP API in this browser context. */
export async function loginInContext(context, { email, password }) {
  const res = await context.request.post("/api/auth/login", { headers: { "X-Fuar-CSRF": "1" }, data: { email, password } });
  if (res.status() !== 200) throw new Error(`login ${email}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()).user;
}

/** Waits until the router has swapped in a view whose h1 matches `heading` (string or RegExp). */
export async function waitForView(page, heading) {
  await page.locator("main:not([aria-busy]) h1", { hasText: heading }).waitFor();
}

/** Polls `check` (async, throws while not yet true) until it passes or `timeoutMs` runs out. */
export async function eventually(check, { timeoutMs = 15000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** The number shown by the page's live count, or null: "N online now" on a fair page, the
 *  visitors of "N visitors, K recruiters online" on a booth page. */
export async function liveCount(page) {
  const count = page.locator(".live-count");
  const value = (await count.count())
    ? await count.first().getAttribute("data-count")
    : await page.locator(".pr-booth .pr-counts").first().getAttribute("data-visitors");
  return value === null || value === "" ? null : Number(value);
}
