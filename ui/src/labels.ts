import type { RoleStatus, Stage } from "./bindings";

export const STAGES: Stage[] = ["applied", "interviewing", "interviewed", "finalist", "offer", "hired", "rejected", "withdrawn"];

export const STAGE_LABEL: Record<Stage, string> = {
  applied: "Applied",
  interviewing: "Interviewing",
  interviewed: "Interviewed",
  finalist: "Finalist",
  offer: "Offer",
  hired: "Hired",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

const PATH: Stage[] = ["applied", "interviewing", "interviewed", "finalist", "offer", "hired"];

/** The words on a button that moves an application from one stage to another. */
export function moveLabel(from: Stage, to: Stage): string {
  if (from === "rejected" || from === "withdrawn") return `Reopen as ${STAGE_LABEL[to].toLowerCase()}`;
  const back = PATH.indexOf(to) >= 0 && PATH.indexOf(to) < PATH.indexOf(from);
  if (back) return `Back to ${STAGE_LABEL[to].toLowerCase()}`;
  return to === "rejected" ? "Reject" : to === "withdrawn" ? "Withdrew" : STAGE_LABEL[to];
}

export const ROLE_STATUS_LABEL: Record<RoleStatus, string> = { open: "Open", filled: "Filled", closed: "Closed" };

export const PLACE_LABEL: Record<number, string> = { 1: "1st", 2: "2nd", 3: "3rd" };

export function fullName(p: { first_name: string; last_name: string }): string {
  return `${p.first_name} ${p.last_name}`.trim();
}

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** "rust, remote" → ["rust", "remote"] */
export function splitTags(s: string): string[] {
  return s.split(",").map((t) => t.trim()).filter(Boolean);
}
