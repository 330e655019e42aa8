// The jobseeker app: page shell (header, language switch, connection status), hash router,
// and the signed-in user. Views live in js/views/; each is an async function that fetches what
// it needs and returns its element (see `route` for the contract).
import { FuarClient } from "./client.js";
import { api } from "./http.js";
import { t, tx, tattr, bind, getLang, setLang, LANGS } from "./i18n.js";
import { h, safeNext } from "./ui.js";
import { landingView } from "./views/landing.js";
import { loginView, registerView } from "./views/auth.js";
import { fairView } from "./views/fair.js";
import { boothView } from "./views/booth.js";
import { notFoundView, errorView } from "./views/errors.js";
// Each capability registers its own pages and nav links (capabilities.js).
import { capabilityRoutes, navLinks } from "./capabilities.js";

const ROUTES = [
  { pattern: /^\/$/, view: landingView },
  { pattern: /^\/login$/, view: loginView, guestOnly: true },
  { pattern: /^\/register$/, view: registerView, guestOnly: true },
  { pattern: /^\/fair\/(\d+)$/, view: fairView, auth: true },
  { pattern: /^\/booth\/(\d+)$/, view: boothView, auth: true },
  ...capabilityRoutes(),
];
const NAV = navLinks();

class App {
  constructor() {
    this.user = null;
    this.client = new FuarClient();
    this._flash = null;
    this._navSeq = 0;
    this._cleanups = [];
    this._controller = null;
    this._firstRender = true;
    this._titleRender = () => t("app.name");
  }

  // ---- shell ---------------------------------------------------------------------------------

  start() {
    document.documentElement.lang = getLang();
    const main = h("main", { id: "main", tabindex: "-1" });
    this.main = main;
    this.nav = h("ul", { class: "nav-list" });
    this.announcer = h("p", { class: "sr-only", role: "status" });
    document.body.replaceChildren(
      this._skipLink(),
      h(
        "header",
        { class: "site-header" },
        h(
          "div",
          { class: "bar" },
          h("a", { class: "brand", href: "#/" }, tx("app.name")),
          tattr(h("nav", {}, this.nav), "aria-label", "nav.label"),
          h("div", { class: "tools" }, this._langSwitch(), this._statusWidget()),
        ),
      ),
      main,
      h("footer", { class: "site-footer" }, h("p", {}, tx("footer.text"))),
      this.announcer,
    );
    bind(document.documentElement, () => (document.title = this._titleRender()));
    this.client.on("state", (s) => this._onClientState(s));
    this._renderNav();
    window.addEventListener("hashchange", () => this.route());
    // A debugging handle (console, tests): the live client and the router.
    window.fuar = { app: this, client: this.client };
    this._loadUser().then(() => this.route());
  }

  _skipLink() {
    // The hash is the router's, so the skip link moves focus itself instead of changing it.
    return h(
      "a",
      {
        class: "skip-link",
        href: "#main",
        onclick: (ev) => {
          ev.preventDefault();
          this.main.focus();
        },
      },
      tx("skip"),
    );
  }

  _langSwitch() {
    const group = h("div", { class: "lang-switch", role: "group" });
    tattr(group, "aria-label", "lang.label");
    for (const l of LANGS) {
      const button = h("button", { type: "button", lang: l, class: "lang-button" }, l.toUpperCase());
      tattr(button, "aria-label", `lang.${l}`);
      bind(button, (b) => b.setAttribute("aria-pressed", String(getLang() === l)));
      button.addEventListener("click", () => setLang(l));
      group.append(button);
    }
    return group;
  }

  /** "Connecting… / Online / Reconnecting in N s / Offline". Only state changes are announced:
   *  the live region holds the state, the second-by-second countdown sits beside it, hidden from
   *  screen readers. */
  _statusWidget() {
    const text = h("span", { class: "conn-text", role: "status", id: "conn-status" });
    const countdown = h("span", { class: "conn-countdown", "aria-hidden": "true" });
    const retry = h("button", { type: "button", class: "conn-retry", hidden: true }, tx("conn.retryNow"));
    retry.addEventListener("click", () => this.client.connect());
    const box = h("div", { class: "conn", "data-state": "idle" }, h("span", { class: "conn-dot", "aria-hidden": "true" }), text, countdown, retry);
    let timer = null;
    const render = () => {
      const { state, ...d } = { state: this.client.state, ...this.client.stateDetail };
      box.dataset.state = state;
      const label = h("span", { class: "sr-only" }, `${t("conn.label")}: `);
      let key = `conn.${state}`;
      if (state === "reconnecting" && navigator.onLine === false) key = "conn.reconnectingNoNetwork";
      text.replaceChildren(label, state === "banned" ? t(key, { reason: d.reason || "—" }) : t(key));
      retry.hidden = !["reconnecting", "offline"].includes(state);
      clearInterval(timer);
      const tick = () => {
        const s = Math.max(0, Math.ceil((d.retryAt - Date.now()) / 1000));
        countdown.textContent = state === "reconnecting" && s > 0 ? t("conn.inSeconds", { n: s }) : "";
      };
      tick();
      if (state === "reconnecting") timer = setInterval(tick, 1000);
    };
    this._renderStatus = render;
    bind(box, render);
    return box;
  }

  _renderNav() {
    const items = [h("li", {}, h("a", { href: "#/" }, tx("nav.fairs")))];
    if (this.user) {
      for (const n of NAV.filter((n) => n.roles.includes(this.user.role)))
        items.push(h("li", {}, h("a", { href: n.href }, tx(n.key))));
      items.push(h("li", { class: "nav-user" }, tx("nav.signedInAs", { name: this.user.name })));
      items.push(h("li", {}, h("button", { type: "button", class: "link-button", onclick: () => this.logout() }, tx("nav.logout"))));
    } else {
      items.push(h("li", {}, h("a", { href: "#/login" }, tx("nav.login"))));
      items.push(h("li", {}, h("a", { href: "#/register" }, tx("nav.register"))));
    }
    this.nav.replaceChildren(...items);
  }

  // ---- session -------------------------------------------------------------------------------

  async _loadUser() {
    try {
      const { user } = await api("GET", "/api/me");
      this.setUser(user);
    } catch {
      this.setUser(null); // 401, or the server is unreachable: the views will say so
    }
  }

  /** Signs the app in (opens the live connection) or out (closes it). */
  setUser(user) {
    this.user = user ?? null;
    this._renderNav();
    if (this.user) this.client.connect();
    else if (this.client.state !== "idle") this.client.disconnect();
  }

  async logout() {
    this.client.disconnect(); // before the server closes it with 4100
    try {
      await api("POST", "/api/auth/logout");
    } catch (err) {
      if (err.code !== "unauthorized") {
        this.client.connect();
        this.announce(t("error.network"));
        return;
      }
    }
    this.setUser(null);
    this.flash("logout.done");
    this.navigate("/");
  }

  _onClientState(s) {
    this._renderStatus?.();
    if (s.state === "banned") {
      // Closed with 4200 (an organiser's ban, server/chat): the client gives up; say why where it is seen.
      this._banBanner?.remove();
      const reason = s.reason || this.client.stateDetail?.reason || "—";
      this._banBanner = h("div", { class: "ban-banner", role: "alert" });
      bind(this._banBanner, (el) => (el.textContent = t("conn.banned", { reason })));
      (document.querySelector("header.site-header") ?? document.body).append(this._banBanner);
    } else if (s.state === "online") this._banBanner?.remove();
    if (s.state === "unauthenticated" && this.user) {
      // The session ended (expiry, log-out elsewhere): back to the login page.
      this.user = null;
      this._renderNav();
      if (this._route?.auth) {
        this.flash("login.sessionEnded");
        location.replace(`#/login?next=${encodeURIComponent(this._path)}`);
      }
    }
  }

  // ---- navigation ----------------------------------------------------------------------------

  navigate(path, { replace = false } = {}) {
    if (replace) location.replace(`#${path}`);
    else if (location.hash === `#${path}`) this.route();
    else location.hash = path;
  }

  /** A message shown at the top of the next view (role=status), e.g. "You have logged out." */
  flash(key, params) {
    this._flash = { key, params };
  }

  announce(text) {
    this.announcer.textContent = "";
    setTimeout(() => (this.announcer.textContent = text), 50);
  }

  setTitle(render) {
    this._titleRender = () => `${render()} · ${t("app.name")}`;
    document.title = this._titleRender();
  }

  /**
   * Renders the view for location.hash. A view is `async (ctx) → Element` with
   * ctx = {app, params, query, path, signal, onCleanup}. It fetches what it needs (passing
   * `signal`), registers cleanups (unsubscribe…) with onCleanup, and returns its element, which
   * must contain one h1. The router swaps it in, then moves focus to the h1 (except on the first
   * page load). Navigating away aborts `signal` and runs the cleanups.
   */
  async route() {
    const hash = location.hash;
    if (hash && !hash.startsWith("#/")) return; // an in-page anchor, not a route
    const [path, qs = ""] = (hash.slice(1) || "/").split("?");
    const query = new URLSearchParams(qs);
    let route = null;
    let match = null;
    for (const r of ROUTES) {
      match = path.match(r.pattern);
      if (match) {
        route = r;
        break;
      }
    }
    if (route?.auth && !this.user) {
      if (!this._flash) this.flash("login.needed");
      location.replace(`#/login?next=${encodeURIComponent(path)}`);
      return;
    }
    if (route?.roles && this.user && !route.roles.includes(this.user.role)) route = null; // shown as not found
    if (route?.guestOnly && this.user) {
      location.replace(`#${safeNext(query.get("next"))}`);
      return;
    }

    this._controller?.abort();
    this._cleanups.forEach((fn) => fn());
    this._cleanups = [];
    const controller = new AbortController();
    this._controller = controller;
    const seq = ++this._navSeq;
    this._route = route;
    this._path = path;
    const ctx = {
      app: this,
      params: match ? match.slice(1) : [],
      query,
      path,
      signal: controller.signal,
      onCleanup: (fn) => (controller.signal.aborted ? fn() : this._cleanups.push(fn)),
    };
    this.main.setAttribute("aria-busy", "true");
    const loading = setTimeout(() => {
      if (seq === this._navSeq) this.main.replaceChildren(h("p", { class: "loading", role: "status" }, tx("loading")));
    }, 150);
    let view;
    try {
      view = await (route ? route.view(ctx) : notFoundView(ctx));
    } catch (err) {
      if (err?.name === "AbortError" || seq !== this._navSeq) return;
      view = err?.code === "not_found" ? await notFoundView(ctx) : await errorView(ctx, err);
    } finally {
      clearTimeout(loading);
    }
    if (seq !== this._navSeq) return;
    if (this._flash) {
      const { key, params } = this._flash;
      this._flash = null;
      const note = h("p", { class: "notice", role: "status" }, tx(key, params));
      const heading = view.querySelector("h1");
      heading ? heading.after(note) : view.prepend(note);
    }
    this.main.replaceChildren(view);
    this.main.removeAttribute("aria-busy");
    const heading = view.querySelector("h1");
    if (heading && !this._firstRender) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    this._firstRender = false;
  }
}

new App().start();
