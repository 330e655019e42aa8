// Pages of the chat capability (capabilities.js): ROUTES rows {pattern, view, auth, roles}, NAV rows
// {href, key, roles}; BOOTH_SECTIONS: functions (ctx, {booth, fair, jobs}) => element or null,
// shown on the booth page (views/booth.js); STAFF_LINKS: {key, href(boothId)} links shown for each
// booth on the employer's "My booths" page (key is an i18n key taking {name}).
import "./strings.js";
import { boothThreadSection } from "./booth.js";
import { staffThreadsView } from "./staff.js";
import { moderationView } from "./moderation.js";

export const ROUTES = [
  { pattern: /^\/employer\/booth\/(\d+)\/threads$/, view: staffThreadsView, auth: true, roles: ["employer", "organiser"] },
  { pattern: /^\/organiser\/fair\/(\d+)\/moderation$/, view: moderationView, auth: true, roles: ["organiser"] },
];
export const NAV = [];
export const BOOTH_SECTIONS = [boothThreadSection];
export const STAFF_LINKS = [{ key: "thread.staffLink", href: (boothId) => `#/employer/booth/${boothId}/threads` }];
