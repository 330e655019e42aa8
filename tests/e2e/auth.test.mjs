// Accounts in the jobseeker app: register, log out, log in (with the mouse and with the keyboard
// only), and the error display of the forms.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, waitForView, eventually } from "./browser.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const apiMeStatus = (page) => page.evaluate(() => fetch("/api/me", { cache: "no-store" }).then((r) => r.status));

test("a new user registers on the page, lands logged in, logs out and logs in again", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    const user = newUser("reg");
    await page.goto("/#/register");
    await waitForView(page, "Create an account");
    await page.getByLabel("Full name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();

    // Logged in: the header names the user, the landing page shows, the cookie works.
    await page.locator(".nav-user", { hasText: user.name }).waitFor();
    await waitForView(page, "Virtual job fairs");
    assert.equal(await apiMeStatus(page), 200);
    await page.locator("#conn-status", { hasText: "Online" }).waitFor();

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("status").filter({ hasText: "You have logged out." }).waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Log in" }).waitFor();
    assert.equal(await page.locator(".nav-user").count(), 0);
    assert.equal(await apiMeStatus(page), 401, "the session must be gone after logging out");

    await page.getByRole("navigation").getByRole("link", { name: "Log in" }).click();
    await waitForView(page, "Log in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.locator(".nav-user", { hasText: user.name }).waitFor();
    assert.equal(await apiMeStatus(page), 200);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the forms show errors next to their fields", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    const taken = newUser("taken");
    await registerInContext(context, taken);
    await context.clearCookies();

    await page.goto("/#/register");
    await waitForView(page, "Create an account");
    // Too short a password: caught before sending, shown next to the field.
    await page.getByLabel("Full name").fill("Short Password");
    await page.getByLabel("Email").fill(newUser("short").email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    const password = page.getByLabel("Password");
    await eventually(async () => assert.equal(await password.getAttribute("aria-invalid"), "true"));
    const describedBy = (await password.getAttribute("aria-describedby")).split(" ");
    const errorText = await page.locator(`[id="${describedBy.at(-1)}"]`).textContent();
    assert.match(errorText, /8 to 128 characters/);
    assert.ok(await password.evaluate((el) => el === document.activeElement), "focus moves to the invalid field");

    // An email that is taken: the server's 409, shown next to the email field.
    await page.getByLabel("Email").fill(taken.email);
    await password.fill("long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    const email = page.getByLabel("Email");
    await eventually(async () => assert.equal(await email.getAttribute("aria-invalid"), "true"));
    const emailError = (await email.getAttribute("aria-describedby")).split(" ").at(-1);
    assert.match(await page.locator(`[id="${emailError}"]`).textContent(), /already exists/);
    assert.equal(await password.getAttribute("aria-invalid"), null, "a corrected field is no longer marked");

    // A wrong password on the login form: an alert, no session.
    await page.goto("/#/login");
    await waitForView(page, "Log in");
    await page.getByLabel("Email").fill(taken.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "The email or the password is wrong." }).waitFor();
    assert.equal(await apiMeStatus(page), 401);

    // Too many wrong passwords: the server's 429 and its retry_after are shown.
    let limited = false;
    for (let i = 0; i < 10 && !limited; i += 1) {
      const reply = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
      await page.getByRole("button", { name: "Log in" }).click();
      limited = (await reply).status() === 429;
    }
    assert.ok(limited, "repeated wrong passwords are rate limited");
    await page.getByRole("alert").filter({ hasText: /Too many attempts\. Try again in \d+ (second|minute)s?\./ }).waitFor();
  } finally {
    await context.close();
  }
});

test("keyboard only: reach and submit the login form with Tab and Enter", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    const user = newUser("keys");
    await registerInContext(context, user);
    await context.clearCookies();
    await page.goto("/#/");
    await waitForView(page, "Virtual job fairs");

    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return { tag: el?.tagName, text: el?.textContent?.trim(), href: el?.getAttribute("href"), type: el?.getAttribute("type") };
      });
    // The first stop is the skip link.
    await page.keyboard.press("Tab");
    assert.equal((await focused()).text, "Skip to main content");
    // Tab on to the header's "Log in" link.
    let reached = false;
    for (let i = 0; i < 15 && !reached; i += 1) {
      await page.keyboard.press("Tab");
      reached = (await focused()).href === "#/login";
    }
    assert.ok(reached, "the Log in link is reachable with Tab");
    await page.keyboard.press("Enter");
    await waitForView(page, "Log in");
    // Focus moved to the heading of the new view; the next Tab stops are the fields.
    assert.equal((await focused()).tag, "H1");
    await page.keyboard.press("Tab");
    assert.equal((await focused()).type, "email");
    await page.keyboard.type(user.email);
    await page.keyboard.press("Tab");
    assert.equal((await focused()).type, "password");
    await page.keyboard.type(user.password);
    await page.keyboard.press("Enter");
    await page.locator(".nav-user", { hasText: user.name }).waitFor();
    assert.equal(await apiMeStatus(page), 200);
  } finally {
    await context.close();
  }
});
