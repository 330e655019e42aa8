// Time in a fair's zone ("shown in the fair's zone and the viewer's own when they
// differ"). Pure functions over Intl; no library. Other capabilities reuse formatInZone.
import { t, getLang } from "../../i18n.js";
import "./strings.js";

/** The viewer's own IANA zone, e.g. "Europe/Berlin". */
export function viewerZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

// The wall clock of instant `ms` in `zone`, as the numbers a datetime-local input shows.
function wallClock(ms, zone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour") % 24, mi: get("minute"), s: get("second") };
}

// Minutes by which `zone` is ahead of UTC at instant `ms` (e.g. 180 for Istanbul).
function offsetMinutes(ms, zone) {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * "2026-03-29T10:00" (a datetime-local value) read as a wall-clock time IN `zone` → unix seconds.
 * Across a DST change the offset of the result itself is used; a time that does not exist (the
 * hour skipped in spring) moves forward by the gap, as clocks do.
 * Returns null for a malformed value.
 */
export function zonedToUnix(value, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value ?? "");
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const readsBack = (ms) => {
    const w = wallClock(ms, zone);
    return w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi;
  };
  // The zone's offsets a day before and after bracket any DST change of that day.
  const candidates = [...new Set([-1, 1].map((k) => guess - offsetMinutes(guess + k * 86400000, zone) * 60000))];
  const good = candidates.filter(readsBack);
  // Repeated hour (autumn): the first one. Skipped hour (spring): later, as the clocks moved.
  const ms = good.length ? Math.min(...good) : Math.max(...candidates);
  return Math.floor(ms / 1000);
}

/** Unix seconds → the datetime-local value ("YYYY-MM-DDTHH:mm") of the wall clock in `zone`. */
export function unixToZoned(seconds, zone) {
  const w = wallClock(seconds * 1000, zone);
  const p = (n, l = 2) => String(n).padStart(l, "0");
  return `${p(w.y, 4)}-${p(w.mo)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`;
}

function format(seconds, zone, withDate) {
  const opts = withDate ? { dateStyle: "medium", timeStyle: "short", timeZone: zone } : { timeStyle: "short", timeZone: zone };
  return new Intl.DateTimeFormat(getLang(), opts).format(new Date(seconds * 1000));
}

function sameDay(seconds, a, b) {
  const x = wallClock(seconds * 1000, a), y = wallClock(seconds * 1000, b);
  return x.y === y.y && x.mo === y.mo && x.d === y.d;
}

/**
 * "18 Eyl 2026 10:00 Europe/Istanbul (09:00 your time)": the time in the fair's zone and, when the
 * viewer's clock reads differently, in the viewer's own (with the date when that differs too).
 * `viewer` defaults to the browser's zone; `withDate` false gives the time of day only.
 */
export function formatInZone(seconds, zone, { viewer = viewerZone(), withDate = true } = {}) {
  const main = `${format(seconds, zone, withDate)} ${zone}`;
  if (!viewer || viewer === zone || offsetMinutes(seconds * 1000, zone) === offsetMinutes(seconds * 1000, viewer)) return main;
  const mine = format(seconds, viewer, withDate && !sameDay(seconds, zone, viewer));
  return `${main} (${t("fairs.time.yours", { time: mine })})`;
}

/** A fair's start and end with formatInZone (end without the date when on the same day). */
export function formatFairTimes(fair, opts = {}) {
  const sameDate = unixToZoned(fair.starts_at, fair.timezone).slice(0, 10) === unixToZoned(fair.ends_at, fair.timezone).slice(0, 10);
  return `${formatInZone(fair.starts_at, fair.timezone, opts)} – ${formatInZone(fair.ends_at, fair.timezone, { ...opts, withDate: !sameDate })}`;
}
