// #/organiser/fair/{id}/moderation — the fair organiser's chat moderation: reports (delete the
// message, dismiss the report, mute or ban its author), the muted and banned users with "lift",
// and the moderation log. Reloaded after every action and by "Refresh".
import { t, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD } from "../../protocol.js";
import { h, newId } from "../../ui.js";
import { chatErrorText } from "./strings.js";

function when(s) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" }).format(new Date(s * 1000));
}

export async function moderationView(ctx) {
  const { app } = ctx;
  const { client } = app;
  const fairId = Number(ctx.params[0]);
  const { fair } = await api("GET", `/api/fairs/${fairId}`, undefined, { signal: ctx.signal });
  const fairName = () => localized(fair.title).text;
  app.setTitle(() => t("mod.title", { fair: fairName() }));

  const status = h("p", { class: "notice", role: "status" });
  const error = h("p", { class: "error-text", role: "alert" });
  const say = (text) => {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  };
  const filterId = newId("mod-filter");
  const filter = h("select", { id: filterId }, h("option", { value: "open" }, tx("mod.filter.open")), h("option", { value: "" }, tx("mod.filter.all")));
  const refreshButton = h("button", { type: "button", class: "button" }, tx("mod.refresh"));
  const reportList = h("ul", { class: "mod-reports", role: "list" });
  const muteList = h("ul", { class: "mod-list", role: "list" });
  const banList = h("ul", { class: "mod-list", role: "list" });
  const logList = h("ol", { class: "mod-log" });

  async function act(type, data, doneText) {
    try {
      await client.request(type, data);
      error.textContent = "";
      say(doneText);
      await load();
      return true;
    } catch (err) {
      error.textContent = t("mod.failed", { message: err.code === "forbidden" && !/muted|banned/.test(err.message ?? "") ? t("mod.forbidden") : chatErrorText(err) });
      return false;
    }
  }

  function reportItem(r) {
    const author = r.author.name || `#${r.author.id}`;
    const where = h("p", { class: "mod-where" }, tx(r.kind === "public" ? "mod.where.public" : "mod.where.thread", { booth: r.booth.name }), " · ", when(r.created_at));
    const statusBadge = h("span", { class: `badge mod-status mod-${r.status}` }, tx(`mod.status.${r.status}`));
    const actions = h("div", { class: "mod-actions" });
    if (r.status === "open") {
      const del = h("button", { type: "button", class: "button danger" }, tx("mod.delete"));
      del.addEventListener("click", () => {
        if (confirm(t("mod.confirmDelete"))) act(CMD.CHAT_DELETE, { kind: r.kind, message_id: r.message_id, reason: r.reason.slice(0, 500) }, t("mod.deleted"));
      });
      const dismiss = h("button", { type: "button", class: "button" }, tx("mod.dismiss"));
      dismiss.addEventListener("click", () => act(CMD.CHAT_DISMISS, { report_id: r.id }, t("mod.dismissed")));
      actions.append(del, " ", dismiss);
    }
    // Mute the author for N minutes.
    const minutesId = newId("mod-minutes");
    const minutes = h("input", { id: minutesId, type: "number", min: 1, max: 10080, value: 30, required: true, class: "mod-minutes" });
    const muteForm = h(
      "form",
      { class: "mod-inline", novalidate: true },
      h("label", { for: minutesId }, tx("mod.minutes")),
      " ",
      minutes,
      " ",
      h("button", { type: "submit", class: "button" }, tx("mod.mute", { name: author })),
    );
    muteForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const n = Number(minutes.value);
      if (!Number.isInteger(n) || n < 1 || n > 10080) {
        minutes.setAttribute("aria-invalid", "true");
        minutes.focus();
        return;
      }
      minutes.removeAttribute("aria-invalid");
      act(CMD.CHAT_MUTE, { fair_id: fairId, user_id: r.author.id, minutes: n, reason: r.reason.slice(0, 500) }, t("mod.muted", { name: author, time: when(Date.now() / 1000 + n * 60) }));
    });
    // Ban the author (with the reason they will be shown).
    const reasonId = newId("mod-reason");
    const reason = h("input", { id: reasonId, type: "text", maxlength: 500, required: true, value: r.reason.slice(0, 500) });
    const banForm = h(
      "form",
      { class: "mod-inline", novalidate: true },
      h("label", { for: reasonId }, tx("mod.banReason")),
      " ",
      reason,
      " ",
      h("button", { type: "submit", class: "button danger" }, tx("mod.ban", { name: author })),
    );
    banForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        reason.setAttribute("aria-invalid", "true");
        reason.focus();
        return;
      }
      reason.removeAttribute("aria-invalid");
      if (confirm(t("mod.confirmBan", { name: author }))) act(CMD.CHAT_BAN, { fair_id: fairId, user_id: r.author.id, reason: text }, t("mod.banned", { name: author }));
    });
    return h(
      "li",
      { class: "mod-report", "data-id": r.id },
      where,
      h("p", {}, tx("mod.author", { name: author }), " ", statusBadge),
      h("blockquote", { class: "mod-text" }, r.text),
      h("p", { class: "hint" }, tx("mod.reportedBy", { name: r.reporter.name, reason: r.reason })),
      actions,
      r.author.id ? muteForm : null,
      r.author.id ? banForm : null,
    );
  }

  function sanctionItem(s, kind) {
    const name = s.user.name || `#${s.user.id}`;
    const lift = h("button", { type: "button", class: "button" }, tx(kind === "mute" ? "mod.unmute" : "mod.unban", { name }));
    lift.addEventListener("click", () => act(kind === "mute" ? CMD.CHAT_UNMUTE : CMD.CHAT_UNBAN, { fair_id: fairId, user_id: s.user.id }, t("mod.lifted")));
    return h("li", {}, h("strong", {}, name), " ", s.until ? tx("mod.until", { time: when(s.until) }) : null, s.reason ? ` — ${s.reason}` : "", " ", lift);
  }

  async function load() {
    try {
      const [{ reports }, mod] = await Promise.all([
        client.request(CMD.CHAT_REPORTS, filter.value ? { fair_id: fairId, status: filter.value } : { fair_id: fairId }),
        client.request(CMD.CHAT_MODERATION, { fair_id: fairId }),
      ]);
      reportList.replaceChildren(...(reports.length ? reports.map(reportItem) : [h("li", { class: "hint" }, tx("mod.noReports"))]));
      muteList.replaceChildren(...(mod.mutes.length ? mod.mutes.map((s) => sanctionItem(s, "mute")) : [h("li", { class: "hint" }, tx("mod.noMutes"))]));
      banList.replaceChildren(...(mod.bans.length ? mod.bans.map((s) => sanctionItem(s, "ban")) : [h("li", { class: "hint" }, tx("mod.noBans"))]));
      logList.replaceChildren(
        ...(mod.log.length
          ? mod.log.map((e) => {
              const line = h("span", {});
              bind(line, (el) => (el.textContent = t("mod.logLine", { actor: e.actor.name || "—", action: t(`mod.action.${e.action}`), target: e.target.name || "—" })));
              return h("li", {}, h("time", { datetime: new Date(e.at * 1000).toISOString() }, when(e.at)), " ", line, e.detail ? ` (${e.detail})` : "");
            })
          : [h("li", { class: "hint" }, tx("mod.noLog"))]),
      );
    } catch (err) {
      if (ctx.signal.aborted) return;
      error.textContent = t("mod.failed", { message: err.code === "forbidden" ? t("mod.forbidden") : chatErrorText(err) });
    }
  }
  filter.addEventListener("change", load);
  refreshButton.addEventListener("click", async () => {
    await load();
    say(t("mod.refresh"));
  });
  await load();

  const section = (key, ...children) => {
    const id = newId("mod");
    return h("section", { class: "mod-section", "aria-labelledby": id }, h("h2", { id }, tx(key)), ...children);
  };
  const title = h("h1", {});
  bind(title, (el) => (el.textContent = t("mod.title", { fair: fairName() })));
  return h(
    "div",
    { class: "view moderation-view" },
    h("p", { class: "breadcrumb" }, h("a", { href: `#/fair/${fairId}` }, fairName())),
    title,
    status,
    error,
    section("mod.reports", h("p", { class: "mod-toolbar" }, h("label", { for: filterId }, tx("mod.filter")), " ", filter, " ", refreshButton), reportList),
    section("mod.mutes", muteList),
    section("mod.bans", banList),
    section("mod.log", logList),
  );
}
