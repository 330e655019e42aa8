// Pages of the presence capability (capabilities.js): ROUTES rows {pattern, view, auth, roles}, NAV rows
// {href, key, roles}; BOOTH_SECTIONS: functions (ctx, {booth, fair, jobs}) => element or null,
// shown on the booth page (views/booth.js); STAFF_LINKS: {key, href(boothId)} links shown for each
// booth on the employer's "My booths" page (key is an i18n key taking {name}).
// The hall's live counts (presence/hall.js) are wired in views/booths/hall.js.
import "./strings.js";
import { boothPresenceSection } from "./booth.js";
import { liveVisitorsView } from "./live.js";

export const ROUTES = [
  // Staff of the booth only: the server refuses presence.visitors to anyone else (forbidden).
  { pattern: /^\/employer\/booth\/(\d+)\/live$/, view: liveVisitorsView, auth: true, roles: ["employer"] },
];
export const NAV = [];
export const BOOTH_SECTIONS = [boothPresenceSection];
export const STAFF_LINKS = [{ key: "pr.staffLink", href: (boothId) => `#/employer/booth/${boothId}/live` }];
