// #/me/applications — a jobseeker's applications with their status, updated live by
// `application.updated` on the user's own topic (and reloaded after every (re)subscribe, so a
// change made while offline shows too), plus withdraw while received or reviewed.
import { api } from "../../http.js";
import { t, tx, bind } from "../../i18n.js";
import { h, errorText } from "../../ui.js";
import { localized } from "../../i18n.js";
import { EVT, topic } from "../../protocol.js";
import { when, statusText, targetText } from "./strings.js";

const WITHDRAWABLE = ["received", "reviewed"];

export async function myApplicationsView(ctx) {
  const { app } = ctx;
  let apps = (await api("GET", "/api/me/applications", undefined, { signal: ctx.signal })).applications;
  const status = h("p", { class: "notice", role: "status", hidden: true });
  const say = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };
  const box = h("div", { class: "cv-list" });

  function row(a) {
    const fair = localized({ tr: a.fair.title_tr, en: a.fair.title_en });
    const st = h("span", { class: `badge cv-status cv-status-${a.status}`, "data-status": a.status });
    bind(st, (n) => (n.textContent = statusText(a.status)));
    const target = h("span", {});
    bind(target, (n) => (n.textContent = targetText(a)));
    let action = null;
    if (WITHDRAWABLE.includes(a.status)) {
      action = h("button", {
        type: "button",
        class: "button",
        onclick: async () => {
          if (!confirm(t("cv.apps.confirmWithdraw", { firm: a.booth.name }))) return;
          try {
            await api("DELETE", `/api/applications/${a.id}`);
            apps = apps.filter((x) => x.id !== a.id);
            render();
            say(t("cv.apps.withdrawn"));
          } catch (err) {
            say(err.message || errorText(err));
          }
        },
      });
      bind(action, (n) => (n.textContent = t("cv.apps.withdraw", { firm: a.booth.name })));
    }
    return h(
      "tr",
      { "data-application": a.id },
      h("th", { scope: "row" }, target, a.cv ? null : h("span", { class: "hint" }, " · ", tx("cv.apps.cvWithdrawn"))),
      h("td", { lang: fair.lang ?? undefined }, fair.text),
      h("td", {}, st, a.status_message ? h("p", { class: "cv-message" }, a.status_message) : null),
      h("td", {}, when(a.created_at)),
      h("td", {}, when(a.updated_at)),
      h("td", {}, action),
    );
  }
  function render() {
    if (!apps.length) return box.replaceChildren(h("p", {}, tx("cv.apps.empty")));
    box.replaceChildren(
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "cv-table" },
          h("caption", { class: "sr-only" }, tx("cv.apps.title")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["cv.apps.to", "cv.apps.fair", "cv.apps.status", "cv.apps.sent", "cv.apps.updated", "cv.apps.actions"].map((k) => h("th", { scope: "col" }, tx(k))),
            ),
          ),
          h("tbody", {}, apps.map(row)),
        ),
      ),
    );
  }
  render();

  if (app.user) {
    app.client.connect?.();
    // Pushes that arrive while a reload is in flight are applied again over its result when
    // they are newer, so an older snapshot never overwrites a live change.
    let pushedDuringReload = null;
    const merge = (a) => {
      const known = apps.find((x) => x.id === a.id);
      if (known && (known.updated_at ?? 0) > (a.updated_at ?? 0)) return;
      apps = known ? apps.map((x) => (x.id === a.id ? a : x)) : [a, ...apps];
    };
    const sub = app.client.subscribe(topic.user(app.user.id), {
      onEvent: (push) => {
        if (push.event !== EVT.APPLICATION_UPDATED || !push.data?.application) return;
        const a = push.data.application;
        pushedDuringReload?.push(a);
        merge(a);
        render();
        const text = t("cv.apps.live", { firm: a.booth.name, status: statusText(a.status) });
        say(text);
      },
      // After every subscribe, the first one too: a change made between the GET above and the
      // subscription taking effect sends its push to nobody.
      onSubscribed: async () => {
        const pushed = (pushedDuringReload = []);
        try {
          apps = (await api("GET", "/api/me/applications", undefined, { signal: ctx.signal })).applications;
          for (const a of pushed) merge(a);
          render();
        } catch {
          /* keep what is shown */
        } finally {
          if (pushedDuringReload === pushed) pushedDuringReload = null;
        }
      },
    });
    ctx.onCleanup(() => sub.unsubscribe());
  }

  app.setTitle?.(() => t("cv.apps.title"));
  return h("div", { class: "cv-page" }, h("h1", {}, tx("cv.apps.title")), status, box);
}
