// Pages of the people capability (capabilities.js): ROUTES rows {pattern, view, auth, roles},
// NAV rows {href, key, roles}.
import "./strings.js";
import { profileView } from "./profile.js";
import { joinView, myFairsView } from "./join.js";
import { registrationsView, reportView } from "./organiser.js";

export const ROUTES = [
  { pattern: /^\/me\/profile$/, view: profileView, auth: true, roles: ["jobseeker"] },
  { pattern: /^\/me\/fairs$/, view: myFairsView, auth: true, roles: ["jobseeker"] },
  // The registration link and QR code point here: open to everyone, signed in or not.
  { pattern: /^\/join\/(\d+)$/, view: joinView },
  { pattern: /^\/organiser\/fair\/(\d+)\/registrations$/, view: registrationsView, auth: true, roles: ["organiser"] },
  { pattern: /^\/organiser\/fair\/(\d+)\/report$/, view: reportView, auth: true, roles: ["organiser"] },
];

export const NAV = [
  { href: "#/me/profile", key: "people.nav.profile", roles: ["jobseeker"] },
  { href: "#/me/fairs", key: "people.nav.fairs", roles: ["jobseeker"] },
];
