// Pages of the room capability (see app.js): ROUTES rows {pattern, view, auth, roles}, NAV rows
// {href, key, roles}; BOOTH_SECTIONS: functions (ctx, {booth, fair, jobs}) => element or null,
// shown on the booth page (views/booth.js); STAFF_LINKS: {key, href(boothId)} links shown for each
// booth on the employer's "My booths" page (key is an i18n key taking {name}).
export const ROUTES = [];
export const NAV = [];
export const BOOTH_SECTIONS = [];
export const STAFF_LINKS = [];
