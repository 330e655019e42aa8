// Pages of the room capability (capabilities.js): ROUTES rows {pattern, view, auth, roles}, NAV rows
// {href, key, roles}; BOOTH_SECTIONS: functions (ctx, {booth, fair, jobs}) => element or null,
// shown on the booth page (views/booth.js); STAFF_LINKS: {key, href(boothId)} links shown for each
// booth on the employer's "My booths" page (key is an i18n key taking {name}).
import "./strings.js";
import { roomView } from "./room.js";
import { myRoomsView, startInterviewView } from "./rooms.js";

export const ROUTES = [
  // Any signed-in member of the room: the server checks membership (room.get → not_found).
  { pattern: /^\/room\/(\d+)$/, view: roomView, auth: true },
  { pattern: /^\/rooms$/, view: myRoomsView, auth: true, roles: ["jobseeker", "employer"] },
  { pattern: /^\/employer\/booth\/(\d+)\/interviews$/, view: startInterviewView, auth: true, roles: ["employer"] },
];
export const NAV = [{ href: "#/rooms", key: "room.nav.mine", roles: ["jobseeker", "employer"] }];
export const BOOTH_SECTIONS = [];
export const STAFF_LINKS = [{ key: "room.staffLink", href: (boothId) => `#/employer/booth/${boothId}/interviews` }];
