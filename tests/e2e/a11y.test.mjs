// Accessibility and layout: axe-core on every view in Turkish and English, the language switch,
// and no horizontal scrolling on a 360 px wide phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, waitForView, eventually, liveCount } from "./browser.mjs";
import { assertAccessible } from "./checks.mjs";

let server;
let browser;
let fair;
let booth;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.url}/api/fairs`);
  const { fairs } = await res.json();
  fair = fairs.find((f) => f.demo) ?? fairs[0];
  assert.ok(fair, "the server has a fair");
  const detail = await (await fetch(`${server.url}/api/fairs/${fair.id}`)).json();
  booth = detail.booths[0];
  assert.ok(booth, "the fair has a booth");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const HEADINGS = {
  en: { landing: "Virtual job fairs", login: "Log in", register: "Create an account" },
  tr: { landing: "Sanal istihdam fuarları", login: "Giriş yap", register: "Hesap oluşturun" },
};

/** The shared axe check, and every view has one main landmark. */
async function assertAccessibleView(page, label) {
  await assertAccessible(page, label);
  assert.equal(await page.locator("main").count(), 1, `${label}: one main`);
}

for (const lang of ["en", "tr"]) {
  test(`axe reports no serious or critical violations on every view (${lang})`, async () => {
    const guest = await openPage(browser, server.url, { lang });
    const member = await openPage(browser, server.url, { lang });
    try {
      const h = HEADINGS[lang];
      for (const [hash, heading] of [
        ["/", h.landing],
        ["/login", h.login],
        ["/register", h.register],
      ]) {
        await guest.page.goto(`/#${hash}`);
        await waitForView(guest.page, heading);
        assert.equal(await guest.page.getAttribute("html", "lang"), lang);
        await assertAccessibleView(guest.page, `${lang} #${hash}`);
      }
      // Errors shown in a form must be accessible too.
      await guest.page.getByRole("button", { name: lang === "en" ? "Create account" : "Hesap oluştur" }).click();
      await guest.page.locator("[aria-invalid=true]").first().waitFor();
      await assertAccessibleView(guest.page, `${lang} #/register with errors`);

      await registerInContext(member.context, newUser(`axe${lang}`));
      await member.page.goto(`/#/fair/${fair.id}`);
      await waitForView(member.page, fair.title[lang] ?? fair.title.en);
      await eventually(async () => assert.ok((await liveCount(member.page)) >= 1));
      await assertAccessibleView(member.page, `${lang} #/fair/${fair.id}`);

      await member.page.goto(`/#/booth/${booth.id}`);
      await waitForView(member.page, booth.name);
      await eventually(async () => assert.ok((await liveCount(member.page)) >= 1));
      const input = member.page.locator(".chat-form input");
      await input.fill(`axe ${lang} ${"uzun-kelime".repeat(5)}`);
      await input.press("Enter");
      await eventually(async () => assert.equal(await input.inputValue(), ""));
      await assertAccessibleView(member.page, `${lang} #/booth/${booth.id}`);
      assert.deepEqual(guest.page.problems, []);
      assert.deepEqual(member.page.problems, []);
    } finally {
      await guest.context.close();
      await member.context.close();
    }
  });
}

test("the language switch changes the page, sets <html lang> and is remembered", async () => {
  const { context, page } = await openPage(browser, server.url, { lang: "en" });
  try {
    await page.goto("/#/login");
    await waitForView(page, "Log in");
    const tr = page.getByRole("button", { name: "TR, Türkçe" });
    await tr.click();
    await waitForView(page, "Giriş yap");
    assert.equal(await page.getAttribute("html", "lang"), "tr");
    assert.equal(await tr.getAttribute("aria-pressed"), "true");
    assert.ok(await tr.evaluate((el) => el === document.activeElement), "focus stays on the switch");
    await page.getByLabel("E-posta").waitFor();
    await page.reload();
    await waitForView(page, "Giriş yap");
    assert.equal(await page.getAttribute("html", "lang"), "tr");
    await page.getByRole("button", { name: "EN, English" }).click();
    await waitForView(page, "Log in");
    assert.equal(await page.getAttribute("html", "lang"), "en");
  } finally {
    await context.close();
  }
});

test("a 360x640 phone screen has no horizontal scroll on the booth page", async () => {
  const { context, page } = await openPage(browser, server.url, { viewport: { width: 360, height: 640 } });
  try {
    const user = newUser("phone");
    user.name = `Çok Uzun İsimli Bir İş Arayan ${"x".repeat(40)}`;
    await registerInContext(context, user);
    const overflow = () =>
      page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        widest: [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName}.${el.className}`),
      }));
    for (const hash of ["/", `/fair/${fair.id}`, `/booth/${booth.id}`]) {
      await page.goto(`/#${hash}`);
      await page.locator("main:not([aria-busy]) h1").waitFor();
      if (hash.startsWith("/booth")) {
        await eventually(async () => assert.ok((await liveCount(page)) >= 1));
        // Long words and links must wrap, not widen the page.
        const input = page.getByLabel("Your message");
        await input.fill(`https://example.org/${"a".repeat(300)} ${"ş".repeat(120)}`);
        await input.press("Enter");
        await eventually(async () => assert.equal(await input.inputValue(), ""));
      }
      const o = await overflow();
      assert.ok(o.scrollWidth <= o.clientWidth, `#${hash} scrolls sideways at 360 px: ${JSON.stringify(o)}`);
    }
  } finally {
    await context.close();
  }
});
