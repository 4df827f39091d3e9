import { useEffect, useState } from "react";
import type { Accepted, ApplicationView, Offer, OfferReadiness } from "../bindings";
import { RepliesAbout, useReplies } from "./Replies";
import { unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Dialog, Field } from "../ui";
import { formatDate } from "../labels";
import { useFormErrors } from "./forms";
import { addDays, dayIn, ownerZone } from "../day";


export const OFFER_STATUS_LABEL: Record<Offer["status"], string> = {
  extended: "Waiting for their answer",
  expired: "Expired without an answer",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

/** The offer on an application: extend one, then record the answer. */
export function OfferPanel(props: { nav: Nav; app: ApplicationView; onAccepted: (a: Accepted) => void; onExtended: (o: Offer) => void }) {
  const { app } = props;
  const [dialog, setDialog] = useState<"extend" | "accept" | "decline" | "withdraw" | null>(null);
  const offer = app.offer;
  const open = offer && (offer.status === "extended" || offer.status === "expired");
  const canExtend = app.stage === "finalist" || (app.stage === "offer" && !open);
  const replies = useReplies(props.nav, app.candidate_id).replies.filter((r) => r.answers === "offer" && r.application_id === app.id && r.kind === "reply");
  if (!canExtend && !offer) return null;
  return (
    <div className="offer" aria-label="Offer">
      {offer && (
        <p>
          <strong>Offer</strong> <span className={`badge offer-${offer.status}`} data-testid="offer-status">{OFFER_STATUS_LABEL[offer.status]}</span>{" "}
          <span className="muted">
            start {formatDate(offer.start_date)}
            {open && ` · open until ${formatDate(offer.expires_on)}`}
            {offer.reason && ` · ${offer.reason}`}
          </span>
        </p>
      )}
      {offer && open && <p className="prewrap muted offer-terms">{offer.terms}</p>}
      {offer && open && <RepliesAbout replies={replies} />}
      <div className="moves">
        {canExtend && (
          <button type="button" className="btn small primary" id={`extend-offer-${app.id}`} onClick={() => setDialog("extend")}>
            {offer ? "Extend a new offer" : "Extend an offer"}
          </button>
        )}
        {open && (
          <>
            {offer.status === "extended" && (
              <button type="button" className="btn small primary" id={`accept-offer-${app.id}`} onClick={() => setDialog("accept")}>
                They accepted
              </button>
            )}
            <button type="button" className="btn small" onClick={() => setDialog("decline")}>They declined</button>
            <button type="button" className="btn small quiet" onClick={() => setDialog("withdraw")}>Withdraw the offer</button>
          </>
        )}
      </div>
      {dialog === "extend" && (
        <ExtendOffer
          nav={props.nav}
          app={app}
          onClose={() => setDialog(null)}
          onDone={(o) => {
            setDialog(null);
            props.onExtended(o);
          }}
        />
      )}
      {dialog === "accept" && offer && (
        <AcceptOffer
          offer={offer}
          onClose={() => setDialog(null)}
          onDone={(a) => {
            setDialog(null);
            props.onAccepted(a);
          }}
        />
      )}
      {(dialog === "decline" || dialog === "withdraw") && offer && (
        <AnswerOffer
          nav={props.nav}
          offer={offer}
          kind={dialog}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function ExtendOffer(props: { nav: Nav; app: ApplicationView; onClose: () => void; onDone: (o: Offer) => void }) {
  const backend = useBackend();
  const [terms, setTerms] = useState("");
  const today = dayIn(ownerZone(props.nav.info));
  const [start, setStart] = useState(addDays(today, 28));
  const [expires, setExpires] = useState(addDays(today, 7));
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const [ready, setReady] = useState<OfferReadiness | null>(null);
  useEffect(() => {
    unwrap(backend.offerReadiness(props.app.id)).then(setReady, () => setReady(null));
  }, [backend, props.app.id]);
  const missing = ready?.missing ?? [];
  const save = async () => {
    const o = await run(() =>
      unwrap(
        backend.extendOffer(props.app.id, {
          terms,
          start_date: start,
          expires_on: expires,
          time_zone: ownerZone(props.nav.info),
          // The owner has the missing items in front of them: going ahead is their choice.
          go_ahead: missing.length > 0,
        }),
      ),
    );
    if (!o) return;
    props.nav.changed();
    props.onDone(o);
  };
  return (
    <Dialog
      title={`Extend an offer for ${props.app.role_title}`}
      onClose={props.onClose}
      onSubmit={save}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="offer-save" disabled={busy || !ready}>
            {missing.length ? "Record the offer anyway" : "Record the offer"}
          </button>
        </>
      }
    >
      {ready && <Readiness ready={ready} />}
      <Field idPrefix="offer" name="terms" label="What you are offering" multiline value={terms} onChange={setTerms} error={fieldErrors.terms} required hint="Pay, hours, the main terms: what your offer email will summarise." />
      <div className="grid2">
        <Field idPrefix="offer" name="start_date" type="date" label="Proposed start date" value={start} onChange={setStart} error={fieldErrors.start_date} />
        <Field idPrefix="offer" name="expires_on" type="date" label="Open until" value={expires} onChange={setExpires} error={fieldErrors.expires_on} hint="Kindly reminds you before it expires." />
      </div>
    </Dialog>
  );
}

const CHECK_LABEL: Record<NonNullable<OfferReadiness["background_check"]>, string> = {
  not_started: "not started",
  requested: "requested",
  in_progress: "in progress",
  clear: "clear",
  needs_review: "needs your review",
};

/** What the guidance expects before an offer: references in, with both ratings, and the
 * background check. What is missing is a warning, never a block. */
function Readiness({ ready }: { ready: OfferReadiness }) {
  const avg = (x: number | null) => (x === null ? "–" : `${x.toFixed(1)} / 5`);
  return (
    <section className={`readiness ${ready.missing.length ? "banner warning" : "banner"}`} aria-label="Before the offer" id="offer-readiness">
      <p>
        <strong>References:</strong> {ready.references_received} of {ready.references_asked} in
        {ready.references_received > 0 && ` · technical skills ${avg(ready.technical_average)} · working with others ${avg(ready.interpersonal_average)}`}
        {" · "}
        <strong>Background check:</strong> {ready.background_check ? CHECK_LABEL[ready.background_check] : "none recorded"}
      </p>
      {ready.missing.length > 0 ? (
        <>
          <ul>
            {ready.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <p className="muted">The guidance is to check references (their skills and how they work with others) and the background before an offer. You can still go ahead; your choice is noted on their timeline.</p>
        </>
      ) : (
        <p className="muted">Everything the guidance expects before an offer is in.</p>
      )}
    </section>
  );
}

function AcceptOffer(props: { offer: Offer; onClose: () => void; onDone: (a: Accepted) => void }) {
  const backend = useBackend();
  const [start, setStart] = useState(props.offer.start_date);
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const save = async () => {
    const a = await run(() => unwrap(backend.acceptOffer(props.offer.id, start)));
    if (a) props.onDone(a);
  };
  return (
    <Dialog
      title="They said yes"
      onClose={props.onClose}
      onSubmit={save}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" id="accept-save" disabled={busy}>Record the acceptance</button>
        </>
      }
    >
      <Field idPrefix="accept" name="start_date" type="date" label="Agreed start date" value={start} onChange={setStart} error={fieldErrors.start_date} />
      <p className="muted">The role is marked filled and the welcome plan starts from this date.</p>
    </Dialog>
  );
}

function AnswerOffer(props: { nav: Nav; offer: Offer; kind: "decline" | "withdraw"; onClose: () => void }) {
  const backend = useBackend();
  const [reason, setReason] = useState("");
  const { fieldErrors, formError, busy, run } = useFormErrors();
  const declined = props.kind === "decline";
  const save = async () => {
    const done = await run(() => unwrap(declined ? backend.declineOffer(props.offer.id, reason) : backend.withdrawOffer(props.offer.id, reason)));
    if (!done) return;
    props.onClose();
    props.nav.notify(declined ? "Recorded. It's disappointing — your finalists are still there." : "Offer withdrawn; they are back among the finalists.");
    props.nav.changed();
  };
  return (
    <Dialog
      title={declined ? "They declined the offer" : "Withdraw the offer"}
      onClose={props.onClose}
      onSubmit={save}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" className="btn primary" disabled={busy}>Record it</button>
        </>
      }
    >
      <Field idPrefix="answer" name="reason" label={declined ? "Their reason" : "Why"} value={reason} onChange={setReason} error={fieldErrors.reason} required />
    </Dialog>
  );
}

/** The moment a candidate says yes: celebrate, show the welcome plan, and close the loop with
 * everyone else in the role. */
export function Celebration(props: { nav: Nav; accepted: Accepted; onClose: () => void; onCloseTheLoop: (applicationIds: number[]) => void }) {
  const a = props.accepted;
  const first = a.candidate_name.split(" ")[0];
  const ends = a.loose_ends.filter((e) => !e.being_told);
  const telling = a.loose_ends.filter((e) => e.being_told);
  return (
    <Dialog
      title={`${first} said yes!`}
      onClose={props.onClose}
      onSubmit={props.onClose}
      footer={
        <>
          <button
            type="button"
            className="btn"
            id="write-welcome"
            onClick={() => {
              props.onClose();
              props.nav.writeTo(a.application.candidate_id, "welcome", { roleId: a.application.role_id, values: { start_date: a.application.offer?.start_date ?? "" } });
            }}
          >
            Write the welcome email
          </button>
          {ends.length > 0 && (
            <button type="button" className="btn primary" id="close-the-loop" onClick={() => props.onCloseTheLoop(ends.map((e) => e.application_id))}>
              Write to the {ends.length} others
            </button>
          )}
          <button type="submit" className="btn">Done</button>
        </>
      }
    >
      <div className="celebrate" aria-hidden="true">
        {Array.from({ length: 24 }, (_, i) => (
          <span key={i} style={{ "--i": i } as React.CSSProperties} />
        ))}
      </div>
      <p className="celebrate-text" id="celebration">
        {a.candidate_name} is joining as {a.role_title}. The role is filled — well done.
      </p>
      <h3>Welcome plan</h3>
      <ul className="welcome-steps">
        {a.welcome_plan.map((s) => (
          <li key={s.id}>
            <span>{s.title}</span> <span className="muted">{formatDate(s.due_at)}</span>
          </li>
        ))}
      </ul>
      <h3>Close the loop</h3>
      {ends.length === 0 ? (
        <p className="muted">Everyone else in this role has heard from you.</p>
      ) : (
        <p>
          {ends.length === 1 ? "One person" : `${ends.length} people`} in this role {ends.length === 1 ? "has" : "have"} not had a final message yet:{" "}
          {ends.map((e) => e.candidate_name).join(", ")}. Runner-ups get a message asking to stay in touch.
        </p>
      )}
      {telling.length > 0 && (
        <p className="muted">
          Being told (their message has not gone yet): {telling.map((e) => e.candidate_name).join(", ")}.
        </p>
      )}
    </Dialog>
  );
}
