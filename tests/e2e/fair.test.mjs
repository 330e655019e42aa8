// The landing page and the fair lobby: the fair list, entering the demo fair, the booth list and
// the live online count; the redirect to the login page and back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, waitForView, eventually, liveCount } from "./browser.mjs";

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

test("a user enters the demo fair from the landing page and sees booths and an online count", async () => {
  // A viewer in another time zone than the fair's sees both.
  const { context, page } = await openPage(browser, server.url, { timezoneId: "America/New_York" });
  try {
    await registerInContext(context, newUser("lobby"));
    await page.goto("/");
    await waitForView(page, "Virtual job fairs");

    const demoCard = page.locator(".card", { has: page.locator(".badge-demo") }).first();
    await demoCard.waitFor();
    assert.equal((await demoCard.locator(".badge-demo").textContent()).trim(), "Demo");
    const times = demoCard.locator("time");
    const fairZone = await times.first().textContent();
    const fairs = await page.evaluate(() => fetch("/api/fairs").then((r) => r.json()));
    const demo = fairs.fairs.find((f) => f.demo);
    assert.ok(fairZone.includes(demo.timezone), `dates name the fair's zone: ${fairZone}`);
    if (demo.timezone !== "America/New_York") {
      assert.ok((await times.last().textContent()).includes("America/New_York"), "and the viewer's own zone");
    }

    const title = (await demoCard.getByRole("link").textContent()).trim();
    assert.equal(title, demo.title.en);
    await demoCard.getByRole("link").click();
    await waitForView(page, title);
    assert.match(page.url(), new RegExp(`#/fair/${demo.id}$`));

    const booths = page.locator(".booth-list a");
    await booths.first().waitFor();
    assert.ok((await booths.count()) >= 1, "the demo fair lists booths");
    await eventually(async () => assert.ok((await liveCount(page)) >= 1, "online count ≥ 1"));
    assert.match(await page.locator(".live-count").textContent(), /\d+ (person|people) online now/);

    // A booth link leads to its page.
    const boothName = (await booths.first().textContent()).trim();
    await booths.first().click();
    await waitForView(page, boothName);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a page that needs a session sends the visitor to log in and back", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    const user = newUser("next");
    await registerInContext(context, user);
    await context.clearCookies();
    const fairs = await (await context.request.get("/api/fairs")).json();
    const fair = fairs.fairs.find((f) => f.demo) ?? fairs.fairs[0];

    await page.goto(`/#/fair/${fair.id}`);
    await waitForView(page, "Log in");
    assert.match(page.url(), /#\/login\?next=/);
    await page.getByText("Please log in to continue.").waitFor();
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await waitForView(page, fair.title.en);
    assert.match(page.url(), new RegExp(`#/fair/${fair.id}$`));
  } finally {
    await context.close();
  }
});
