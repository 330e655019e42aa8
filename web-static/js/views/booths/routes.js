// Pages of the booths capability (capabilities.js): ROUTES rows {pattern, view, auth, roles},
// NAV rows {href, key, roles}.
import "./common.js"; // strings, before the nav renders their labels
import { hallView } from "./hall.js";
import { jobView } from "./job.js";
import { myBoothsView, boothEditView } from "./employer.js";

const EVERYONE = ["jobseeker", "employer", "organiser"];

export const ROUTES = [
  { pattern: /^\/fair\/(\d+)\/hall$/, view: hallView, auth: true, roles: EVERYONE },
  { pattern: /^\/job\/(\d+)$/, view: jobView, auth: true, roles: EVERYONE },
  { pattern: /^\/employer$/, view: myBoothsView, auth: true, roles: ["employer"] },
  { pattern: /^\/employer\/booth\/(\d+)$/, view: boothEditView, auth: true, roles: ["employer"] },
];
export const NAV = [{ href: "#/employer", key: "bo.nav.myBooths", roles: ["employer"] }];
