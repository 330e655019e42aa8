// The booth page's "Who is here" section (BOOTH_SECTIONS): "N visitors, K recruiters online" and
// the online recruiters with their availability, live.
//
// Contract: shares the page's booth:{id} subscription (client.subscribe multiplexes listeners);
// after every (re)subscribe it asks presence.booth for the current snapshot, then applies
// booth.presence pushes (ephemeral, complete snapshots) as they come. The counts line is a
// polite live region; the list is not (a screen reader hears the count change, not every row).
import { t, tn, tx, bind } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";

/** "3 visitors, 1 recruiter online" (used by the booth page and the hall). */
export function countsText(visitors, recruiters, key = "pr.counts") {
  return t(key, { visitors: tn("pr.visitors", visitors), recruiters: tn("pr.recruiters", recruiters) });
}

/** The badge for a recruiter's state (available | busy | away). */
export function stateBadge(state) {
  const b = h("span", { class: `badge pr-state pr-state-${state}`, "data-state": state });
  bind(b, (el) => (el.textContent = t(`pr.state.${state}`)));
  return b;
}

export function boothPresenceSection(ctx, { booth }) {
  const { client } = ctx.app;
  const headingId = newId("presence");
  let snap = null;
  let problem = null;

  const counts = h("p", { class: "pr-counts", role: "status", "data-visitors": "", "data-recruiters": "" });
  const renderCounts = bind(counts, (el) => {
    if (problem) el.textContent = t("pr.unavailable", { message: errorText(problem) });
    else if (!snap) el.textContent = t("pr.loading");
    else el.textContent = countsText(snap.visitors, snap.recruiters);
  });
  const listHeadingId = newId("presence-online");
  const list = h("ul", { class: "pr-online", role: "list", "aria-labelledby": listHeadingId });
  const none = h("p", { class: "hint pr-online-none" }, tx("pr.online.none"));

  function render() {
    renderCounts();
    if (!snap) return;
    counts.dataset.visitors = String(snap.visitors);
    counts.dataset.recruiters = String(snap.recruiters);
    const online = snap.online ?? [];
    list.replaceChildren(
      ...online.map((r) => h("li", { class: "pr-recruiter", "data-user-id": r.user_id }, h("span", { class: "pr-name" }, r.name), " ", stateBadge(r.state))),
    );
    list.hidden = online.length === 0;
    none.hidden = online.length > 0;
  }

  function apply(d) {
    if (!d || d.booth_id !== booth.id) return;
    snap = d;
    problem = null;
    render();
  }

  const ask = () =>
    client.request(CMD.PRESENCE_BOOTH, { booth_id: booth.id }).then(apply, (err) => {
      if (ctx.signal.aborted) return;
      if (!snap) {
        problem = err;
        renderCounts();
      }
    });

  const sub = client.subscribe(topic.booth(booth.id), {
    onSubscribed: () => ask(), // every resubscribe: the pushes missed meanwhile are not replayed
    onEvent: (push) => {
      if (push.event === EVT.BOOTH_PRESENCE) apply(push.data);
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  // The page may have subscribed before this section did: then onSubscribed already ran.
  sub.ready.then(() => {
    if (!snap) ask();
  }, () => {});

  render();
  list.hidden = true;
  none.hidden = true;
  return h(
    "section",
    { class: "pr-booth", "aria-labelledby": headingId, "data-booth-id": booth.id },
    h("h2", { id: headingId }, tx("pr.booth.title")),
    counts,
    h("h3", { id: listHeadingId }, tx("pr.online.title")),
    list,
    none,
  );
}
