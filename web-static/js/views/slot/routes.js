// Pages of the slot capability (capabilities.js): ROUTES rows {pattern, view, auth, roles}, NAV rows
// {href, key, roles}; BOOTH_SECTIONS: functions (ctx, {booth, fair, jobs}) => element or null,
// shown on the booth page (views/booth.js); STAFF_LINKS: {key, href(boothId)} links shown for each
// booth on the employer's "My booths" page (key is an i18n key taking {name}).
import "./strings.js";
import { myScheduleView } from "./mine.js";
import { staffSlotsView } from "./staff.js";
import { boothSlotsSection } from "./booth.js";

export const ROUTES = [
  { pattern: /^\/me\/schedule$/, view: myScheduleView, auth: true, roles: ["jobseeker"] },
  { pattern: /^\/employer\/booth\/(\d+)\/slots$/, view: staffSlotsView, auth: true, roles: ["employer"] },
];
export const NAV = [{ href: "#/me/schedule", key: "slot.nav.schedule", roles: ["jobseeker"] }];
export const BOOTH_SECTIONS = [boothSlotsSection];
export const STAFF_LINKS = [{ key: "slot.staffLink", href: (boothId) => `#/employer/booth/${boothId}/slots` }];
