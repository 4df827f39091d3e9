import { useCallback, useEffect, useState } from "react";
import type { BackupInfo, HeldCopy, PickedFile, RestoreReport, RetentionItem } from "../bindings";
import { messageOf, unwrap, useBackend } from "../backend";
import type { Nav } from "../App";
import { Dialog, Field } from "../ui";
import { formatDate, formatDateTime } from "../labels";
import { actWith, useFormErrors } from "./forms";
import { pickOpen } from "../platform";
import { addDays, dayIn, ownerZone } from "../day";

/** Back up now, the backups kept, and restore (SQLite); with PostgreSQL, the server's own. */
export function BackupsCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [list, setList] = useState<BackupInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<PickedFile | null>(null);
  const [restarting, setRestarting] = useState<RestoreReport | null>(null);
  const postgres = nav.info?.store?.backend === "postgres";
  const reload = useCallback(() => {
    if (!postgres) unwrap(backend.listBackups()).then(setList, (e) => setError(messageOf(e)));
  }, [backend, postgres]);
  useEffect(reload, [reload, nav.version]);
  const act = actWith(nav, reload, setError);
  if (postgres)
    return (
      <section className="card" aria-label="Backups">
        <h2>Backups</h2>
        <p className="muted">
          Kindly is using your team's PostgreSQL server. That server's own backups (pg_dump, or your host's) keep your data
          safe; Kindly does not copy or restore it from here.
        </p>
      </section>
    );
  return (
    <section className="card" aria-label="Backups">
      <h2>Backups</h2>
      <p className="muted">A copy is made every day while Kindly runs; the newest ones are kept in your data folder.</p>
      {error && <div className="banner error" role="alert">{error}</div>}
      {restarting && (
        <div className="banner" role="status" id="restored">
          Restored {restarting.candidates} {restarting.candidates === 1 ? "candidate" : "candidates"}. Kindly is restarting with the backup…
          {restarting.erased_again > 0 && ` ${restarting.erased_again} ${restarting.erased_again === 1 ? "person you erased since was" : "people you erased since were"} erased again.`}
          {restarting.messages_waiting > 0 && ` ${restarting.messages_waiting} ${restarting.messages_waiting === 1 ? "message was" : "messages were"} waiting to go in the backup: they wait for your decision in the Outbox.`}
          {restarting.left_out > 0 && ` ${restarting.left_out} ${restarting.left_out === 1 ? "thing" : "things"} in the file that Kindly did not make ${restarting.left_out === 1 ? "was" : "were"} left out.`}
        </div>
      )}
      <div className="actions">
        <button type="button" className="btn primary" id="backup-now" onClick={() => act(() => unwrap(backend.backupNow()), "Backed up.")}>Back up now</button>
        <button
          type="button"
          className="btn"
          id="restore"
          onClick={async () => {
            try {
              const p = await pickOpen(backend, "backup");
              if (p) setRestoring(p);
            } catch (e) {
              setError(messageOf(e));
            }
          }}
        >
          Restore a backup…
        </button>
      </div>
      {list.length > 0 && (
        <ul className="people" aria-label="Backups kept">
          {list.map((b) => (
            <li key={b.path}>
              <span className="mono">{b.name}</span> <span className="muted">{formatDateTime(b.created_at)} · {b.kib} KiB</span>
            </li>
          ))}
        </ul>
      )}
      {restoring && (
        <Dialog
          title="Restore this backup?"
          onClose={() => setRestoring(null)}
          onSubmit={async () => {
            const file = restoring;
            setRestoring(null);
            setError(null);
            try {
              setRestarting(await unwrap(backend.restoreBackup(file.token)));
            } catch (e) {
              setError(messageOf(e));
            }
          }}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setRestoring(null)}>Cancel</button>
              <button type="submit" className="btn primary" id="confirm-restore">Check and restore</button>
            </>
          }
        >
          <p className="mono">{restoring.name}</p>
          <p>Kindly checks the file first and copies in only what Kindly itself keeps. Sending stops, your current data is kept aside in the backups folder, then Kindly restarts with the backup. People you erased stay erased, and messages that were waiting to go in the backup wait for your decision.</p>
        </Dialog>
      )}
    </section>
  );
}

/** What an erasure cannot reach yet: the backups and side copies that hold the person, read by
 * the core, and when the last of them is removed. */
export function CopiesHolding({ candidateId }: { candidateId: number }) {
  const backend = useBackend();
  const [copies, setCopies] = useState<HeldCopy[] | null>(null);
  useEffect(() => {
    unwrap(backend.copiesHolding(candidateId)).then(setCopies, () => setCopies(null));
  }, [backend, candidateId]);
  if (copies === null) return null;
  if (copies.length === 0) return <p id="copies-holding">No backup holds them: they are gone from this computer once erased.</p>;
  const last = copies.map((c) => c.removed_by).sort().at(-1) ?? copies[0].removed_by;
  return (
    <div id="copies-holding">
      <p>
        {copies.length === 1 ? "1 backup still holds them" : `${copies.length} backups still hold them`} until Kindly removes{" "}
        {copies.length === 1 ? "it" : "them"} as backups rotate, by {formatDate(last.slice(0, 10))} at the latest. If one is restored, they are
        erased again.
      </p>
      <ul className="people" aria-label="Copies that still hold them">
        {copies.map((c) => (
          <li key={c.name}>
            <span className="mono">{c.name}</span> <span className="muted">made {formatDateTime(c.made_at)} · removed by {formatDate(c.removed_by.slice(0, 10))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Who is due for deletion under the retention policy: erase, or keep longer with a reason. */
export function RetentionCard({ nav }: { nav: Nav }) {
  const backend = useBackend();
  const [list, setList] = useState<RetentionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [erasing, setErasing] = useState<RetentionItem | null>(null);
  const [keeping, setKeeping] = useState<RetentionItem | null>(null);
  const reload = useCallback(() => {
    unwrap(backend.retentionList()).then(setList, (e) => setError(messageOf(e)));
  }, [backend]);
  useEffect(reload, [reload, nav.version]);
  const act = actWith(nav, nav.changed, setError);
  return (
    <section className="card" aria-label="Due for deletion">
      <h2>Due for deletion {list && list.length > 0 && <span className="count">{list.length}</span>}</h2>
      <p className="muted">
        People who were not hired and are not in your talent pool, past the time you keep their details (set below). Kindly
        never deletes anyone without you: review each one.
      </p>
      {error && <div className="banner error" role="alert">{error}</div>}
      {list?.length === 0 && <p className="muted">Nobody is due. Thank you for looking after their details.</p>}
      <ul className="people">
        {list?.map((i) => (
          <li key={i.candidate_id} data-candidate={i.candidate_id}>
            <button type="button" className="link" onClick={() => nav.openCandidate(i.candidate_id)}>{i.candidate_name}</button>{" "}
            <span className="muted">
              {i.why} · {i.status === "due" ? `due since ${formatDate(i.due_on)}` : `due ${formatDate(i.due_on)}`}
              {i.hold_reason && ` · kept: ${i.hold_reason}`}
            </span>{" "}
            <button type="button" className="btn small danger" onClick={() => setErasing(i)}>Erase</button>{" "}
            <button type="button" className="btn small" onClick={() => setKeeping(i)}>Keep longer…</button>
          </li>
        ))}
      </ul>
      {erasing && (
        <Dialog
          title={`Erase ${erasing.candidate_name}?`}
          onClose={() => setErasing(null)}
          onSubmit={() => {
            const who = erasing;
            setErasing(null);
            return act(() => unwrap(backend.eraseCandidate(who.candidate_id)), `${who.candidate_name} erased.`);
          }}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setErasing(null)}>Keep</button>
              <button type="submit" className="btn danger" id="confirm-erase">Erase for good</button>
            </>
          }
        >
          <p>Everything Kindly holds about them goes, in one step. Only anonymous counts remain for your figures.</p>
          <CopiesHolding candidateId={erasing.candidate_id} />
        </Dialog>
      )}
      {keeping && <KeepLonger nav={nav} item={keeping} onClose={() => setKeeping(null)} />}
    </section>
  );
}

function KeepLonger({ nav, item, onClose }: { nav: Nav; item: RetentionItem; onClose: () => void }) {
  const backend = useBackend();
  const [until, setUntil] = useState(() => addDays(dayIn(ownerZone(nav.info)), 90));
  const [reason, setReason] = useState("");
  const { fieldErrors, formError, busy, run } = useFormErrors();
  return (
    <Dialog
      title={`Keep ${item.candidate_name} longer`}
      onClose={onClose}
      onSubmit={async () => {
        const done = await run(() => unwrap(backend.keepLonger(item.candidate_id, until, reason)).then(() => true));
        if (!done) return;
        onClose();
        nav.notify("Kept. The reason is on their timeline.");
        nav.changed();
      }}
      footer={
        <>
          {formError && <div className="form-error" role="alert">{formError}</div>}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" disabled={busy}>Keep until then</button>
        </>
      }
    >
      <Field idPrefix="keep" name="until" type="date" label="Keep until" value={until} onChange={setUntil} error={fieldErrors.until} />
      <Field idPrefix="keep" name="reason" label="Why" value={reason} onChange={setReason} error={fieldErrors.reason} required hint="For example: they asked us to, or a complaint is open." />
    </Dialog>
  );
}
