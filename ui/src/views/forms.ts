import { useState } from "react";
import { KindlyError, messageOf } from "../backend";
import type { Nav } from "../App";
import type { ErrorCode } from "../bindings";

/** Run a one-click action: on success say so (if there is something to say) and reload; on
 * failure show why. */
export function actWith(nav: Nav, reload: () => void, setError: (e: string | null) => void) {
  return async (f: () => Promise<unknown>, text?: string) => {
    setError(null);
    try {
      await f();
      if (text) nav.notify(text);
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
}

/** Run a save; a field error lands under its field, any other error in `formError`. */
export function useFormErrors() {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [formCode, setFormCode] = useState<ErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    setFormCode(null);
    try {
      return await action();
    } catch (e) {
      // A save over someone else's newer change names no field the form shows: say it above
      // the buttons.
      if (e instanceof KindlyError && e.field && e.field !== "version") {
        const prefix = `${e.field}: `;
        const text = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
        setFieldErrors({ [e.field]: text });
      } else {
        setFormError(messageOf(e));
        setFormCode(e instanceof KindlyError ? e.code : null);
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { fieldErrors, formError, formCode, busy, run };
}
