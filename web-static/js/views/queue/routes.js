// Pages of the queue capability (capabilities.js): ROUTES rows {pattern, view, auth, roles}, NAV rows
// {href, key, roles}; BOOTH_SECTIONS: functions (ctx, {booth, fair, jobs}) => element or null,
// shown on the booth page (views/booth.js); STAFF_LINKS: {key, href(boothId)} links shown for each
// booth on the employer's "My booths" page (key is an i18n key taking {name}).
import "./strings.js";
import "./watch.js"; // follows the signed-in user's topic on every page and shows the call dialog
import { queueSection } from "./section.js";
import { queueConsoleView } from "./console.js";

export const ROUTES = [
  { pattern: /^\/employer\/booth\/(\d+)\/queue$/, view: queueConsoleView, auth: true, roles: ["employer"] },
];
export const NAV = [];
export const BOOTH_SECTIONS = [queueSection];
export const STAFF_LINKS = [{ key: "queue.staff.link", href: (boothId) => `#/employer/booth/${boothId}/queue` }];
