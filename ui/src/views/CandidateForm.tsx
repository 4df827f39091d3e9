import { useState } from "react";
import type { Candidate, CandidateInput } from "../bindings";
import { KindlyError, unwrap, useBackend } from "../backend";
import { Dialog, Field } from "../ui";
import { splitTags } from "../labels";
import { useFormErrors } from "./forms";

type Draft = Omit<CandidateInput, "tags"> & { tags: string };

function draftOf(c: Candidate | null): Draft {
  return {
    first_name: c?.first_name ?? "",
    last_name: c?.last_name ?? "",
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    location: c?.location ?? "",
    source: c?.source ?? "",
    tags: c?.tags.join(", ") ?? "",
    notes: c?.notes ?? "",
  };
}

export function CandidateForm(props: { existing: Candidate | null; onClose: () => void; onSaved: (c: Candidate) => void }) {
  const backend = useBackend();
  const [d, setD] = useState<Draft>(() => draftOf(props.existing));
  const { fieldErrors, formError, busy, run } = useFormErrors();
  // The core's question when this email belongs to someone erased earlier.
  const [askReAdd, setAskReAdd] = useState<string | null>(null);
  const set = (k: keyof Draft) => (v: string) => setD({ ...d, [k]: v });
  const save = async (reAdd = false) => {
    const input: CandidateInput = { ...d, tags: splitTags(d.tags) };
    const saved = await run(async () => {
      try {
        return await unwrap(
          props.existing ? backend.updateCandidate(props.existing.id, input) : backend.createCandidate(input, reAdd),
        );
      } catch (e) {
        if (e instanceof KindlyError && e.code === "needs_confirmation") {
          setAskReAdd(e.message);
          return undefined;
        }
        throw e;
      }
    });
    if (saved) props.onSaved(saved);
  };
  const f = (name: keyof Draft, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={label} value={d[name]} onChange={set(name)} error={fieldErrors[name]} {...extra} />
  );
  return (
    <Dialog
      title={props.existing ? "Edit candidate" : "New candidate"}
      onClose={props.onClose}
      onSubmit={() => save()}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          {askReAdd && (
            <div className="confirm" role="alert" id="erased-earlier">
              {askReAdd}{" "}
              <button
                type="button"
                className="btn small"
                id="confirm-re-add"
                onClick={() => {
                  setAskReAdd(null);
                  save(true);
                }}
              >
                Add them again
              </button>
            </div>
          )}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="save-candidate" disabled={busy}>
            {props.existing ? "Save changes" : "Add candidate"}
          </button>
        </>
      }
    >
      <div className="grid2">
        {f("first_name", "First name", { required: true })}
        {f("last_name", "Last name")}
      </div>
      {f("email", "Email", { type: "email", required: true })}
      <div className="grid2">
        {f("phone", "Phone", { type: "tel" })}
        {f("location", "Location")}
      </div>
      <div className="grid2">
        {f("source", "Source", { hint: "Referral, job board, walk-in…" })}
        {f("tags", "Tags", { hint: "Separated by commas" })}
      </div>
      {f("notes", "Notes", { multiline: true })}
    </Dialog>
  );
}
