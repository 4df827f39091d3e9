import { useEffect, useState } from "react";
import type { CoreError } from "../bindings";
import { INTERNAL_EVENT, messageOf, unwrap, useBackend } from "../backend";

/** Put `text` on the clipboard: the Clipboard API where the page may use it, else a selected
 * textarea and the copy command. Whether it worked. */
async function copy(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Falls through to the older way.
  }
  const area = document.createElement("textarea");
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand?.("copy") ?? false;
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Something failed inside Kindly (a bug, never the owner's doing): say the data is safe, and
 * offer a report to copy (version, system, the error's code, the log's last lines; no names).
 * Nothing is sent anywhere. */
export function SomethingWentWrong() {
  const backend = useBackend();
  const [error, setError] = useState<CoreError | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    const on = (e: Event) => {
      setError((e as CustomEvent<CoreError>).detail);
      setReport(null);
      setCopied(null);
    };
    window.addEventListener(INTERNAL_EVENT, on);
    return () => window.removeEventListener(INTERNAL_EVENT, on);
  }, []);
  if (!error) return null;
  return (
    <section className="banner error" role="alert" aria-label="Something went wrong" id="something-wrong">
      <p>
        <strong>Something went wrong inside Kindly; your data is safe.</strong> Try again. If it keeps happening, copy a report
        for whoever helps you with Kindly: it holds the version, your system and Kindly's last log lines, never names,
        addresses or messages.
      </p>
      <div className="actions">
        <button
          type="button"
          className="btn small"
          id="copy-report"
          onClick={async () => {
            try {
              const r = report ?? (await unwrap(backend.crashReport(error.code)));
              setReport(r);
              setCopied((await copy(r)) ? "Copied. Paste it into an email to whoever helps you." : "Select the report below and copy it.");
            } catch (e) {
              setCopied(messageOf(e));
            }
          }}
        >
          Copy a report
        </button>
        <button type="button" className="btn small quiet" onClick={() => setError(null)}>
          Dismiss
        </button>
      </div>
      {copied && <p className="muted" role="status">{copied}</p>}
      {report && <pre className="mono" id="crash-report">{report}</pre>}
    </section>
  );
}
