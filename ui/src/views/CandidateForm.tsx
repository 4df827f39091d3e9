import { useState } from "react";
import type { Candidate, CandidateInput } from "../bindings";
import { KindlyError, unwrap, useBackend, useCoreEvent } from "../backend";
import { Dialog, Field } from "../ui";
import { splitTags } from "../labels";
import { useFormErrors } from "./forms";

type Draft = Omit<CandidateInput, "tags" | "version"> & { tags: string };

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

function draftFromInput(i: CandidateInput): Draft {
  return {
    first_name: i.first_name,
    last_name: i.last_name,
    email: i.email,
    phone: i.phone,
    location: i.location,
    source: i.source,
    tags: i.tags.join(", "),
    notes: i.notes,
  };
}

function inputOf(d: Draft, version: number | null): CandidateInput {
  return { ...d, tags: splitTags(d.tags), version };
}

const FIELD_LABEL: Record<string, string> = {
  first_name: "first name",
  last_name: "last name",
  email: "email",
  phone: "phone",
  location: "location",
  source: "source",
  tags: "tags",
  notes: "notes",
};

export function CandidateForm(props: { existing: Candidate | null; onClose: () => void; onSaved: (c: Candidate) => void }) {
  const backend = useBackend();
  const [d, setD] = useState<Draft>(() => draftOf(props.existing));
  // What the form started from, and its version: a save over someone else's newer change is
  // refused by the core, and the owner's edits can be taken again on top of it.
  const [base, setBase] = useState<{ draft: Draft; version: number | null }>(() => ({
    draft: draftOf(props.existing),
    version: props.existing?.version ?? null,
  }));
  const [changedElsewhere, setChangedElsewhere] = useState<string | null>(null);
  const [reapplied, setReapplied] = useState<string | null>(null);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  // Someone on the team saved this candidate while the form is open: say so now, not on save.
  useCoreEvent("teamChanged", (e) => {
    const id = props.existing?.id;
    if (id === undefined || base.version === null) return;
    if (e.tables.length > 0 && !e.tables.includes("candidates")) return;
    backend.candidateChangedSince(id, base.version).then((r) => {
      if (r.status === "ok" && r.data) setChangedElsewhere(r.data);
    });
  });
  // The core's question when this email belongs to someone erased earlier.
  const [askReAdd, setAskReAdd] = useState<string | null>(null);
  const set = (k: keyof Draft) => (v: string) => setD({ ...d, [k]: v });
  const save = async (reAdd = false) => {
    const input = inputOf(d, base.version);
    setReapplied(null);
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
        if (e instanceof KindlyError && e.code === "conflict" && e.field === "version") {
          setChangedElsewhere(e.message);
          return undefined;
        }
        throw e;
      }
    });
    if (saved) props.onSaved(saved);
  };
  const reapply = async () => {
    if (!props.existing) return;
    const id = props.existing.id;
    const r = await run(() =>
      unwrap(backend.reapplyCandidateEdit(id, inputOf(base.draft, base.version), inputOf(d, base.version))),
    );
    if (!r) return;
    setD(draftFromInput(r.input));
    setBase({ draft: draftFromInput(r.base), version: r.base.version ?? null });
    setChangedElsewhere(null);
    setReapplied(
      r.both_changed.length
        ? `Their change is in, with your edits on top. You both changed ${r.both_changed.map((f) => FIELD_LABEL[f] ?? f).join(", ")}: yours is kept. Check, then save.`
        : "Their change is in, with your edits on top. Check, then save.",
    );
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
          {changedElsewhere && (
            <div className="confirm" role="alert" id="changed-elsewhere">
              {changedElsewhere}{" "}
              <button type="button" className="btn small" id="reapply-edit" onClick={reapply}>
                Reload and keep my edits
              </button>
            </div>
          )}
          {reapplied && <div className="confirm" role="status" id="reapplied">{reapplied}</div>}
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
