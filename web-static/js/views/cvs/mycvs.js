// #/me/cvs — a jobseeker's CVs: upload with a real progress bar (XMLHttpRequest upload
// progress), the list with each CV's text status kept live by `cv.updated` on the user's own
// topic, download and delete.
import { api } from "../../http.js";
import { t, tx, bind, formatNumber } from "../../i18n.js";
import { h, newId, errorText } from "../../ui.js";
import { EVT, topic } from "../../protocol.js";
import { when } from "./strings.js";

/**
 * Sends `file` as the body of POST /api/me/cvs. onProgress(fraction) while it goes.
 * Resolves with {cv}; rejects with {code, message, field, status}.
 */
export function uploadCv(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/me/cvs?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("X-Fuar-CSRF", "1");
    xhr.setRequestHeader("Content-Type", "application/pdf");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON (e.g. a proxy's 413 page) */
      }
      if (xhr.status === 201) return resolve(body);
      const codes = { 400: "invalid", 401: "unauthorized", 403: "forbidden", 409: "conflict", 413: "too_large" };
      reject({ ...(body?.error ?? { code: codes[xhr.status] ?? "internal" }), status: xhr.status });
    };
    xhr.onerror = () => reject({ code: "network" });
    xhr.send(file);
  });
}

export async function myCvsView(ctx) {
  const { app } = ctx;
  const data = await api("GET", "/api/me/cvs", undefined, { signal: ctx.signal });
  const mb = Math.floor(data.max_bytes / (1024 * 1024));
  let cvs = data.cvs;

  const status = h("p", { class: "notice", role: "status", hidden: true });
  const say = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };

  // ---- upload form ----
  const fileId = newId("cv-file");
  const hintId = newId("cv-file-hint");
  const errId = newId("cv-file-error");
  const progId = newId("cv-progress");
  const input = h("input", { type: "file", id: fileId, name: "file", accept: "application/pdf,.pdf", "aria-describedby": `${hintId} ${errId}` });
  const error = h("p", { class: "field-error", id: errId, hidden: true });
  const progress = h("progress", { id: progId, max: "100", value: "0" });
  const percent = h("span", { class: "cv-percent", "aria-hidden": "true" });
  const progressBox = h("div", { class: "cv-progress", hidden: true }, h("label", { for: progId }, tx("cv.upload.progress")), progress, percent);
  const button = h("button", { type: "submit", class: "button primary" }, tx("cv.upload.button"));
  const showError = (text) => {
    error.textContent = text;
    error.hidden = !text;
    text ? input.setAttribute("aria-invalid", "true") : input.removeAttribute("aria-invalid");
  };
  const setProgress = (p) => {
    const pct = Math.round(p * 100);
    progress.value = pct;
    progress.setAttribute("aria-valuetext", t("cv.upload.percent", { p: pct }));
    percent.textContent = t("cv.upload.percent", { p: pct });
  };

  const form = h(
    "form",
    {
      class: "form cv-upload",
      "aria-labelledby": "cv-upload-title",
      onsubmit: async (e) => {
        e.preventDefault();
        say("");
        const file = input.files?.[0];
        if (!file) return showError(t("cv.upload.pick")), input.focus();
        if (file.size > data.max_bytes) return showError(t("cv.upload.tooLarge", { mb })), input.focus();
        showError("");
        button.disabled = true;
        progressBox.hidden = false;
        setProgress(0);
        try {
          const { cv } = await uploadCv(file, setProgress);
          setProgress(1);
          cvs = [cv, ...cvs.filter((c) => c.id !== cv.id)];
          renderList();
          form.reset();
          say(t("cv.upload.done", { name: cv.name }));
        } catch (err) {
          progressBox.hidden = true;
          if (err.status === 413) showError(t("cv.upload.tooLarge", { mb }));
          else if (err.status === 409) showError(t("cv.upload.quota", { n: cvs.length }));
          else if (err.status === 400) showError(t("cv.upload.notPdf"));
          else showError(errorText(err));
          input.focus();
        } finally {
          button.disabled = false;
        }
      },
    },
    h("h2", { id: "cv-upload-title" }, tx("cv.upload.title", { mb })),
    h(
      "div",
      { class: "field" },
      h("label", { for: fileId }, tx("cv.upload.file")),
      h("p", { class: "hint", id: hintId }, tx("cv.upload.hint", { n: data.max_per_user })),
      input,
      error,
    ),
    progressBox,
    h("div", {}, button),
  );

  // ---- list ----
  const listBox = h("div", { class: "cv-list" });
  function textCell(c) {
    const span = h("span", { class: `badge cv-text-${c.text_status}`, "data-cv-text": c.id });
    bind(span, (n) => (n.textContent = t(`cv.text.${c.text_status}`)));
    return span;
  }
  function row(c) {
    const del = h("button", {
      type: "button",
      class: "button",
      onclick: async () => {
        if (!confirm(t("cv.confirmDelete", { name: c.name }))) return;
        try {
          await api("DELETE", `/api/me/cvs/${c.id}`);
          cvs = cvs.filter((x) => x.id !== c.id);
          renderList();
          say(t("cv.deleted", { name: c.name }));
          listBox.querySelector("button")?.focus() ?? input.focus();
        } catch (err) {
          say(errorText(err));
        }
      },
    });
    bind(del, (n) => (n.textContent = t("cv.delete", { name: c.name })));
    const dl = h("a", { href: `/api/me/cvs/${c.id}/file`, download: c.name });
    bind(dl, (n) => (n.textContent = t("cv.download", { name: c.name })));
    return h(
      "tr",
      { "data-cv": c.id },
      h("th", { scope: "row" }, c.name),
      h("td", {}, tx("cv.kb", { n: formatNumber(Math.max(1, Math.round(c.size_bytes / 1024))) })),
      h("td", {}, when(c.uploaded_at)),
      h("td", {}, textCell(c)),
      h("td", { class: "cv-actions" }, dl, " ", del),
    );
  }
  function renderList() {
    if (!cvs.length) {
      listBox.replaceChildren(h("p", {}, tx("cv.list.empty")));
      return;
    }
    listBox.replaceChildren(
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "cv-table" },
          h("caption", { class: "sr-only" }, tx("cv.list.title")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["cv.list.name", "cv.list.size", "cv.list.uploaded", "cv.list.text", "cv.list.actions"].map((k) => h("th", { scope: "col" }, tx(k))),
            ),
          ),
          h("tbody", {}, cvs.map(row)),
        ),
      ),
    );
  }
  renderList();

  // ---- live text status ----
  const client = app.client;
  if (app.user) {
    client.connect?.();
    const sub = client.subscribe(topic.user(app.user.id), {
      onEvent: (push) => {
        if (push.event !== EVT.CV_UPDATED || !push.data?.cv) return;
        const cv = push.data.cv;
        if (!cvs.some((c) => c.id === cv.id)) return;
        cvs = cvs.map((c) => (c.id === cv.id ? cv : c));
        renderList();
      },
      onSubscribed: async () => {
        // Anything missed while not subscribed (e.g. the extraction finished before).
        try {
          const fresh = await api("GET", "/api/me/cvs", undefined, { signal: ctx.signal });
          cvs = fresh.cvs;
          renderList();
        } catch {
          /* the list stays as it was */
        }
      },
    });
    ctx.onCleanup(() => sub.unsubscribe());
  }

  app.setTitle?.(() => t("cv.my.title"));
  return h(
    "div",
    { class: "cv-page" },
    h("h1", {}, tx("cv.my.title")),
    status,
    form,
    h("section", { "aria-labelledby": "cv-list-title" }, h("h2", { id: "cv-list-title" }, tx("cv.list.title")), listBox),
  );
}
