// `#/booth/{id}`: booth info, live visitor count and the booth's public chat (views/chat/public.js).
// The topic booth:{id} is subscribed for as long as the view lives.
import { t, tx, bind, localized } from "../i18n.js";
import { api } from "../http.js";
import { topic } from "../protocol.js";
import { h } from "../ui.js";
import { liveCount } from "./fair.js";
import { boothProfileSection } from "./booths/profile.js";
import { dropCvButton } from "./cvs/apply.js";
import { boothSections } from "../capabilities.js";
import { boothChat } from "./chat/public.js";

export async function boothView(ctx) {
  const id = Number(ctx.params[0]);
  const [{ booth, fair }, { jobs = [] }] = await Promise.all([
    api("GET", `/api/booths/${id}`, undefined, { signal: ctx.signal }),
    api("GET", `/api/booths/${id}/jobs`, undefined, { signal: ctx.signal }),
  ]);
  ctx.app.setTitle(() => booth.name);

  const chat = boothChat(ctx, booth);
  // The page's booth:{id} subscription, shared by the chat and the presence section. Its own
  // counter is not shown: the presence section's "N visitors, K recruiters online" is the
  // booth's count (the raw subscriber count mixed recruiters and visitors).
  liveCount(ctx, topic.booth(id), "booth.visitors", chat.handlers);

  const fairLink = h("a", { href: `#/fair/${booth.fair_id ?? fair?.id}` });
  bind(fairLink, (el) => (el.textContent = t("booth.backToFair", { fair: localized(fair?.title).text })));
  const facts = h(
    "dl",
    { class: "facts" },
    booth.sector ? h("div", { class: "fact" }, h("dt", {}, tx("booth.sector")), h("dd", {}, booth.sector)) : null,
    booth.city ? h("div", { class: "fact" }, h("dt", {}, tx("booth.city")), h("dd", {}, booth.city)) : null,
  );
  return h(
    "div",
    { class: "view booth-view" },
    h("p", { class: "breadcrumb" }, fairLink),
    h("h1", {}, booth.name),
    booth.demo ? h("p", { class: "badges" }, h("span", { class: "badge badge-demo" }, tx("fair.demo"))) : null,
    facts,
    ctx.app.user?.role === "jobseeker" ? dropCvButton(booth, ctx.app) : null,
    boothProfileSection(booth, jobs, fair),
    // The live capabilities add their own sections to the booth page (capabilities.js).
    ...boothSections().map((section) => section(ctx, { booth, fair, jobs })),
    chat.element,
  );
}
