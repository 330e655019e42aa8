// `#/employer/booth/{id}/live` (booth staff): the visitors at the booth now — cards of those who
// share their profile (name, city, education, occupations), the others as a count — and the
// recruiter's own availability (available / away; "in an interview" is derived by the server).
//
// Contract: subscribes to staff:{booth} for the view's life (that is what shows this recruiter as
// online to visitors) and to booth:{booth} (for booth.presence: one's own state as visitors see
// it). After every (re)subscribe it asks presence.visitors / presence.booth for the current
// snapshot; booth.visitors and booth.presence pushes (complete snapshots) replace it. Changing
// the availability sends presence.availability and says the result in a status line.
import { t, tn, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { countsText, stateBadge } from "./booth.js";

export async function liveVisitorsView(ctx) {
  const boothId = Number(ctx.params[0]);
  const { booth } = await api("GET", `/api/booths/${boothId}`, undefined, { signal: ctx.signal });
  const { client } = ctx.app;
  const me = () => ctx.app.user ?? client.user;
  ctx.app.setTitle(() => t("pr.live.title", { name: booth.name }));

  // ---- my availability ----
  const meHeadingId = newId("pr-me");
  const hintId = newId("pr-me-hint");
  const radios = ["available", "away"].map((state) => {
    const id = newId(`pr-set-${state}`);
    const input = h("input", { type: "radio", name: "pr-availability", id, value: state, "aria-describedby": hintId });
    return { state, input, element: h("div", { class: "pr-radio" }, input, h("label", { for: id }, tx(`pr.live.set.${state}`))) };
  });
  const shown = h("p", { class: "pr-me-shown" });
  const saved = h("p", { class: "hint", role: "status" });
  const failed = h("p", { class: "error-text", role: "alert" });
  let myState = null; // as visitors see it
  const renderShown = () => {
    shown.replaceChildren();
    if (!myState) return;
    shown.append(stateBadge(myState));
    if (myState === "busy") shown.append(" ", h("span", { class: "hint" }, tx("pr.live.nowBusy")));
  };
  const fieldset = h(
    "fieldset",
    { class: "pr-me" },
    h("legend", { id: meHeadingId }, tx("pr.live.me")),
    h("p", { id: hintId, class: "hint" }, tx("pr.live.meHint")),
    ...radios.map((r) => r.element),
  );
  let busy = false;
  for (const r of radios) {
    r.input.addEventListener("change", async () => {
      if (!r.input.checked || busy) return;
      busy = true;
      failed.textContent = "";
      saved.textContent = "";
      try {
        const d = await client.request(CMD.PRESENCE_AVAILABILITY, { booth_id: boothId, state: r.state });
        myState = d.state;
        renderShown();
        saved.textContent = t("pr.live.saved", { state: t(`pr.state.${d.state}`) });
      } catch (err) {
        failed.textContent = t("pr.live.failed", { message: errorText(err) });
      } finally {
        busy = false;
      }
    });
  }

  function applyBooth(d) {
    if (!d || d.booth_id !== boothId) return;
    const mine = (d.online ?? []).find((o) => o.user_id === me()?.id);
    if (!mine) return;
    myState = mine.state;
    // The radios show what was set; busy is derived, so it leaves them as they are.
    if (mine.state !== "busy") for (const r of radios) r.input.checked = r.state === mine.state;
    renderShown();
  }

  // ---- visitors ----
  const visitorsHeadingId = newId("pr-visitors");
  const counts = h("p", { class: "pr-counts", role: "status" });
  const cards = h("ul", { class: "cards pr-cards", role: "list", "aria-labelledby": visitorsHeadingId });
  const noneShared = h("p", { class: "hint", hidden: true }, tx("pr.live.shared.none"));
  const others = h("p", { class: "pr-others" });
  const truncated = h("p", { class: "hint", hidden: true });
  const loadError = h("p", { class: "error-text", role: "alert" });
  let visitors = null;
  let recruiters = null;

  const renderCounts = bind(counts, (el) => {
    el.textContent = visitors === null ? t("pr.loading") : countsText(visitors.visitors, recruiters ?? 0);
  });
  const renderOthers = bind(others, (el) => {
    el.textContent = visitors && visitors.others > 0 ? tn("pr.live.others", visitors.others) : "";
  });
  const renderTruncated = bind(truncated, (el) => (el.textContent = t("pr.live.truncated", { n: visitors?.shared?.length ?? 0 })));

  function card(v) {
    const occupations = (v.occupations ?? []).map((o) => {
      const s = h("span", {});
      bind(s, (el) => (el.textContent = localized(o.name).text || o.id));
      return h("li", {}, s);
    });
    const fact = (key, value) => h("div", { class: "fact" }, h("dt", {}, tx(key)), h("dd", {}, value));
    return h(
      "li",
      { class: "card pr-card", "data-user-id": v.user_id },
      h("h3", { class: "card-title" }, v.name),
      h(
        "dl",
        { class: "facts" },
        fact("pr.live.city", v.city || t("pr.live.none")),
        fact("pr.live.education", v.education_level ? tx(`bo.ed.${v.education_level}`) : t("pr.live.none")),
        fact("pr.live.occupations", occupations.length ? h("ul", { class: "pr-occupations" }, occupations) : t("pr.live.none")),
      ),
    );
  }

  function applyVisitors(d) {
    if (!d || d.booth_id !== boothId) return;
    visitors = d;
    loadError.textContent = "";
    renderCounts();
    cards.replaceChildren(...(d.shared ?? []).map(card));
    cards.hidden = !(d.shared ?? []).length;
    noneShared.hidden = (d.shared ?? []).length > 0;
    renderOthers();
    truncated.hidden = !d.truncated;
    renderTruncated();
  }

  const failedLoad = (err) => {
    if (!ctx.signal.aborted) loadError.textContent = t("pr.unavailable", { message: errorText(err) });
  };
  const askVisitors = () => client.request(CMD.PRESENCE_VISITORS, { booth_id: boothId }).then(applyVisitors, failedLoad);
  const askBooth = () =>
    client.request(CMD.PRESENCE_BOOTH, { booth_id: boothId }).then((d) => {
      recruiters = d.recruiters;
      renderCounts();
      applyBooth(d);
    }, failedLoad);

  // staff:{booth} first: being on it is what makes this recruiter "online".
  const staff = client.subscribe(topic.staff(boothId), {
    onSubscribed: () => {
      askVisitors();
      askBooth();
    },
    onEvent: (push) => {
      if (push.event === EVT.BOOTH_VISITORS) applyVisitors(push.data);
    },
    onError: failedLoad,
  });
  const boothSub = client.subscribe(topic.booth(boothId), {
    onEvent: (push) => {
      if (push.event !== EVT.BOOTH_PRESENCE) return;
      recruiters = push.data?.recruiters ?? recruiters;
      renderCounts();
      applyBooth(push.data);
    },
  });
  ctx.onCleanup(() => {
    staff.unsubscribe();
    boothSub.unsubscribe();
  });

  const back = h("a", { href: "#/employer" }, tx("pr.live.back"));
  const heading = h("h1", {});
  bind(heading, (el) => (el.textContent = t("pr.live.title", { name: booth.name })));
  return h(
    "div",
    { class: "view pr-live-view" },
    h("p", { class: "breadcrumb" }, back),
    heading,
    h("section", { class: "pr-me-section", "aria-labelledby": meHeadingId }, fieldset, shown, saved, failed),
    h(
      "section",
      { class: "pr-visitors", "aria-labelledby": visitorsHeadingId },
      h("h2", { id: visitorsHeadingId }, tx("pr.live.visitors")),
      counts,
      loadError,
      cards,
      noneShared,
      others,
      truncated,
    ),
  );
}
