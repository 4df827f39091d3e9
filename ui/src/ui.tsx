// Small shared pieces: the dialog frame, a form field with its error, the notice line.
import { useEffect, useId, useRef, type ReactNode } from "react";

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; footer: ReactNode; onSubmit: () => void }) {
  const ref = useRef<HTMLFormElement>(null);
  // The latest onClose, without re-running the effect (and re-focusing) on every render.
  const onCloseRef = useRef(props.onClose);
  useEffect(() => {
    onCloseRef.current = props.onClose;
  });
  useEffect(() => {
    // Focus the first field, keep Tab inside the dialog, and give focus back on close.
    const opener = document.activeElement as HTMLElement | null;
    const focusable = () =>
      Array.from(ref.current?.querySelectorAll<HTMLElement>("input, select, textarea, button:not([disabled])") ?? []);
    focusable()[0]?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onCloseRef.current();
      if (e.key !== "Tab") return;
      const items = focusable();
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      opener?.focus?.();
    };
  }, []);
  return (
    <div className="overlay">
      <form
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <h2>{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-footer">{props.footer}</div>
      </form>
    </div>
  );
}

export function Field(props: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  type?: string;
  multiline?: boolean;
  hint?: string;
  required?: boolean;
  idPrefix?: string;
}) {
  const id = `${props.idPrefix ?? "f"}-${props.name}`;
  const errId = `err-${props.name}`;
  const common = {
    id,
    name: props.name,
    value: props.value,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": props.error ? errId : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange(e.target.value),
  };
  return (
    <div className={`field${props.error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required && <span className="req" aria-hidden="true"> *</span>}
      </label>
      {props.multiline ? <textarea rows={4} {...common} /> : <input type={props.type ?? "text"} {...common} />}
      {props.hint && !props.error && <div className="hint">{props.hint}</div>}
      {props.error && (
        <div className="field-error" id={errId} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

export function EmptyState(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="empty" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <div className="empty-text">{props.children}</div>
      {props.actions && <div className="empty-actions">{props.actions}</div>}
    </section>
  );
}
