// #/organiser/fair/{id}/cv-downloads — who downloaded which application's CV, when (the fair's
// organiser only).
import { api } from "../../http.js";
import { t, tx } from "../../i18n.js";
import { h } from "../../ui.js";
import { when } from "./strings.js";

export async function cvDownloadsView(ctx) {
  const fairId = Number(ctx.params[0]);
  const { downloads } = await api("GET", `/api/fairs/${fairId}/cv-downloads`, undefined, { signal: ctx.signal });
  const body = downloads.length
    ? h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "cv-table" },
          h("caption", { class: "sr-only" }, tx("cv.dl.title")),
          h("thead", {}, h("tr", {}, ["cv.dl.at", "cv.dl.who", "cv.dl.booth", "cv.dl.application"].map((k) => h("th", { scope: "col" }, tx(k))))),
          h(
            "tbody",
            {},
            downloads.map((d) =>
              h(
                "tr",
                {},
                h("td", {}, when(d.at)),
                h("td", {}, d.downloaded_by?.name ?? t("cv.dl.unknown")),
                h("td", {}, d.booth.name),
                h("td", {}, d.application_id ? t("cv.dl.appRef", { id: d.application_id, job: d.job_title }) : t("cv.dl.unknown")),
              ),
            ),
          ),
        ),
      )
    : h("p", {}, tx("cv.dl.empty"));
  ctx.app.setTitle?.(() => t("cv.dl.title"));
  return h("div", { class: "cv-page" }, h("h1", {}, tx("cv.dl.title")), h("p", { class: "lead" }, tx("cv.dl.lead")), body);
}
