// The one interface the UI uses to reach Kindly's core: the generated Tauri bindings, its
// commands and the events it sends back. The UI's tests run the same bindings over answers
// recorded from the real core (./replay.ts), never over a copy of its rules.
import { createContext, useContext, useEffect, useRef } from "react";
import { commands, events } from "../bindings";
import type { CoreError, ErrorCode } from "../bindings";

export type Backend = typeof commands & { events: typeof events };
export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: CoreError };

export const tauriBackend: Backend = { ...commands, events };

export const BackendContext = createContext<Backend>(tauriBackend);

export function useBackend(): Backend {
  return useContext(BackendContext);
}

type CoreEvents = Backend["events"];
type PayloadOf<K extends keyof CoreEvents> = Parameters<Parameters<CoreEvents[K]["listen"]>[0]>[0]["payload"];

/** Hear one of the core's events while the component is mounted. */
export function useCoreEvent<K extends keyof CoreEvents>(name: K, onEvent: (payload: PayloadOf<K>) => void) {
  const backend = useBackend();
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    const listen = backend.events[name].listen as (cb: (e: { payload: PayloadOf<K> }) => void) => Promise<() => void>;
    listen((e) => latest.current(e.payload))
      .then((u) => (gone ? u() : (unlisten = u)))
      .catch(() => undefined);
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [backend, name]);
}

/** What the UI does with each error code. Typed against the generated `ErrorCode`, so a code
 * added in Rust fails the type check until the UI handles it. */
export const ERROR_HINTS: Record<ErrorCode, string> = {
  validation: "Please correct the highlighted field.",
  not_found: "It may have been deleted. The list has been refreshed.",
  conflict: "This clashes with something already saved.",
  forbidden_transition: "The hiring pipeline does not allow that move.",
  database_too_new: "Update Kindly to open this database.",
  database: "Kindly could not read or write its database.",
  io: "Kindly could not read or write a file.",
  keychain_unavailable: "Unlock your system keychain (or install one), then try again. Everything else keeps working.",
  smtp_auth: "Check the username, or replace the password in the keychain.",
  smtp_tls: "If your server uses its own certificate, choose it under Trust this certificate.",
  smtp_connect: "Check the server name and port, and that you are online.",
  smtp_timeout: "The server was slow to answer. Try again in a minute.",
  smtp_rejected: "The server refused this message. Its reason is above.",
  smtp_temporary: "The server asked to try again later.",
  needs_confirmation: "Confirm to go ahead.",
  tone_blocked: "Change the message as the tone check explains; it cannot be sent as it is.",
  consent_required: "Record the candidate's consent first: when and how they gave it.",
  unsupported: "With a shared PostgreSQL server, the server's own backups apply.",
  cancelled: "Stopped; nothing was changed.",
  mail_not_set_up: "Set up your email in Settings first; nothing was queued.",
  oauth_signin_needed: "Sign in again in Settings; waiting messages go then, each once.",
  mail_server_changed: "Enter your password again, or sign in again, in Settings for the server named there.",
  update_unverified: "Nothing was installed; this version keeps working. Check for updates again later.",
  update_unavailable: "Kindly keeps working as it is. Check the update address in Settings, or try again later.",
  internal: "Your data is safe. Try again; if it keeps happening, restart Kindly.",
};

/** Unwrap a result or throw the error as a `KindlyError` for the caller's catch. */
export class KindlyError extends Error {
  constructor(public readonly error: CoreError) {
    super(error.message);
  }
  get code(): ErrorCode {
    return this.error.code;
  }
  get field(): string | null {
    return this.error.field;
  }
}

/** The window hears of a failure inside Kindly (`internal`) wherever it happened, and offers a
 * report (`App`'s `SomethingWentWrong`). */
export const INTERNAL_EVENT = "kindly-internal-error";

export async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (r.status === "error") {
    if (r.error.code === "internal") window.dispatchEvent(new CustomEvent(INTERNAL_EVENT, { detail: r.error }));
    throw new KindlyError(r.error);
  }
  return r.data;
}

export function messageOf(e: unknown): string {
  if (e instanceof KindlyError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
