// Fallback views: an unknown route or a missing resource, and a page that failed to load.
import { t, tx } from "../i18n.js";
import { h, errorText } from "../ui.js";

export async function notFoundView(ctx) {
  ctx.app.setTitle(() => t("notFound.title"));
  return h(
    "div",
    { class: "view" },
    h("h1", {}, tx("notFound.title")),
    h("p", {}, tx("error.notFound")),
    h("p", {}, h("a", { href: "#/" }, tx("notFound.home"))),
  );
}

export async function errorView(ctx, err) {
  ctx.app.setTitle(() => t("error.retry"));
  const message = h("p", { class: "error-text" });
  const render = () => (message.textContent = t("error.load", { message: errorText(err) }));
  render();
  return h(
    "div",
    { class: "view" },
    h("h1", {}, tx("error.retry")),
    message,
    h("p", {}, h("button", { type: "button", class: "button", onclick: () => ctx.app.route() }, tx("error.retry"))),
  );
}
