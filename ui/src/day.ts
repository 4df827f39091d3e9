// The owner's calendar in the window: days and times in their IANA zone (the core's
// `time_zone`), never UTC's date nor the computer's, so a default date is right all morning in
// Auckland as in London.

function parts(zone: string, at: Date): Record<string, string> {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** The day it is (or was at `at`) in `zone`, as `YYYY-MM-DD`. */
export function dayIn(zone: string, at: Date = new Date()): string {
  const p = parts(zone, at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The time it is (or was at `at`) in `zone`, as `YYYY-MM-DDTHH:MM` for a datetime-local field. */
export function timeIn(zone: string, at: Date = new Date()): string {
  const p = parts(zone, at);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `YYYY-MM-DD` moved by `n` calendar days (a date without a zone: no daylight saving in it). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The owner's zone as the core reports it (UTC until the core has answered). */
export function ownerZone(info: { time_zone: string } | null | undefined): string {
  return info?.time_zone ?? "UTC";
}
