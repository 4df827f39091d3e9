import type { ErrorCode } from "../bindings";
import type { Nav } from "../App";

/** A form's error. When the fix is in Settings (no email set up yet), a button goes there. */
export function FormError({ text, code, nav }: { text: string | null; code: ErrorCode | null; nav: Nav }) {
  if (!text) return null;
  return (
    <div className="form-error" role="alert">
      {text}
      {(code === "mail_not_set_up" || code === "oauth_signin_needed" || code === "mail_server_changed") && (
        <>
          {" "}
          <button type="button" className="btn small" onClick={() => nav.go("settings")}>
            {code === "mail_not_set_up" ? "Set up email" : "Sign in again"}
          </button>
        </>
      )}
    </div>
  );
}
