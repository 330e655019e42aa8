// The booth's public profile, for the lead's booth page (#/booth/{id}) to embed:
// boothProfileSection(booth, jobs) → a <section> with the logo, description, website, video
// link, opening hours and the open jobs (links to #/job/{id}). `booth` is the full booth object
// of protocol/http/booths.md, `jobs` the list of GET /api/booths/{id}/jobs, `fair` (optional)
// the booth's fair: with it the hours are shown on the fair's clock and the viewer's.
import { t, tx, bind } from "../../i18n.js";
import { h, newId, formatRange, viewerTimeZone } from "../../ui.js";
import { formatInZone } from "../fairs/time.js";
import { label, formatDate } from "./common.js";

export function boothProfileSection(booth, jobs = [], fair = null) {
  const headingId = newId("booth-profile");
  const facts = [];
  if (booth.website)
    facts.push(fact("bo.profile.website", h("a", { href: booth.website, rel: "noopener noreferrer", target: "_blank" }, booth.website)));
  if (booth.opens_at != null && booth.closes_at != null) {
    const hours = h("span", {});
    bind(hours, (el) => {
      el.textContent = fair?.timezone
        ? `${formatInZone(booth.opens_at, fair.timezone)} – ${formatInZone(booth.closes_at, fair.timezone)}`
        : formatRange(booth.opens_at, booth.closes_at, viewerTimeZone());
    });
    facts.push(fact("bo.profile.hours", hours));
  }
  const logo = booth.logo_url ? h("img", { class: "bo-logo bo-logo-large", src: booth.logo_url, width: 96, height: 96 }) : null;
  if (logo) bind(logo, (el) => el.setAttribute("alt", t("bo.profile.logo", { name: booth.name })));
  const open = jobs.filter((j) => j.status !== "closed");
  return h(
    "section",
    { class: "bo-profile", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("bo.profile.title")),
    logo,
    booth.description ? h("p", { class: "description bo-pre" }, booth.description) : null,
    facts.length ? h("dl", { class: "facts" }, facts) : null,
    booth.video_url
      ? h("p", {}, h("a", { href: booth.video_url, rel: "noopener noreferrer", target: "_blank" }, tx("bo.profile.video")))
      : null,
    h("h3", {}, tx("bo.profile.jobs")),
    open.length ? jobList(open) : h("p", { class: "hint" }, tx("bo.profile.noJobs")),
  );
}

function fact(key, value) {
  return h("div", { class: "fact" }, h("dt", {}, tx(key)), h("dd", {}, value));
}

/** Job links with city, work mode and deadline. */
export function jobList(jobs) {
  return h(
    "ul",
    { class: "booth-list bo-jobs" },
    jobs.map((j) =>
      h(
        "li",
        { class: "booth-item" },
        h("a", { class: "booth-link", href: `#/job/${j.id}` }, j.title),
        h(
          "span",
          { class: "booth-meta" },
          j.city ? `${j.city} · ` : "",
          label("wm", j.work_mode),
          j.disability && j.disability !== "none" ? [" · ", label("dis", j.disability)] : null,
          j.closes_at ? [" · ", tx("bo.job.deadline"), " ", formatDate(j.closes_at)] : null,
        ),
      ),
    ),
  );
}
