// The booth page's "Ask the booth privately" section (jobseekers): opens or continues the
// jobseeker's private thread with the booth. Pushes arrive on user:{me}.
import { t, tx } from "../../i18n.js";
import { CMD, topic } from "../../protocol.js";
import { h, newId } from "../../ui.js";
import { chatErrorText } from "./strings.js";
import { threadPane } from "./thread.js";

export function boothThreadSection(ctx, { booth }) {
  const user = ctx.app.user;
  if (user?.role !== "jobseeker") return null;
  const { client } = ctx.app;
  const headingId = newId("ask");
  const body = h("div", { class: "thread-body" });
  const error = h("p", { class: "error-text", role: "alert" });
  const start = h("button", { type: "button", class: "button primary" }, tx("thread.start"));
  let pane = null;

  const sub = client.subscribe(topic.user(user.id), {
    onEvent: (push) => pane?.onPush(push),
    onReset: () => pane?.reload(),
    onSubscribed: (reply, { resubscribed }) => {
      if (resubscribed) pane?.reload();
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());

  function show(threadId, focus) {
    pane = threadPane(ctx, { threadId, title: tx("thread.log") });
    body.replaceChildren(pane.element);
    pane.reload().then(() => {
      if (focus) pane.element.querySelector("textarea")?.focus();
    });
  }

  start.addEventListener("click", async () => {
    start.disabled = true;
    try {
      const d = await client.request(CMD.THREAD_OPEN, { booth_id: booth.id });
      error.textContent = "";
      show(d.thread.id, true);
    } catch (err) {
      error.textContent = chatErrorText(err);
      start.disabled = false;
    }
  });

  client
    .request(CMD.THREAD_LIST, { booth_id: booth.id })
    .then((d) => {
      if (d.threads?.length) show(d.threads[0].id, false);
      else body.replaceChildren(start);
    })
    .catch((err) => {
      if (!ctx.signal.aborted) error.textContent = t("thread.loadFailed", { message: chatErrorText(err) });
    });

  return h(
    "section",
    { class: "thread-section", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("thread.section")),
    h("p", { class: "hint" }, tx("thread.sectionHint")),
    error,
    body,
  );
}
