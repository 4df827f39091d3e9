import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, hook, startCore } from "./backend/replay";

type Core = ReturnType<typeof startCore>;

/** Bea, placed 2nd for Barista, was sent the runner-up message, and the server took it. */
async function runnerUpSent(backend: Core) {
  await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null });
  const bea = data(await backend.createCandidate({ first_name: "Bea", last_name: "Lopez", email: "bea@example.com", phone: "", location: "", source: "", tags: [], notes: "" }, false));
  const app = data(await backend.addApplication(bea.id, 1));
  for (const stage of ["interviewing", "interviewed", "finalist"] as const) await backend.moveStage(app.id, null, stage);
  await backend.setPlace(app.id, 2);
  await mailSetUp(backend);
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria Lopez", signature: "Maria" });
  const d = data(await backend.decisionDraft(app.id));
  const [m] = data(
    await backend.sendDecisions([
      {
        application_id: app.id,
        reason: "",
        message: {
          candidate_id: bea.id,
          role_id: 1,
          template_id: d.template_id,
          subject: d.subject,
          body: d.body,
          values: { ...d.values, feedback: "Your latte art in the trial shift was lovely." },
          send_at: null,
          acknowledge_warnings: true,
          time_zone: "Europe/London",
        },
      },
    ]),
  );
  await hook("sent", { id: m.id });
  return { bea, m };
}

/** A message as it reaches the owner's inbox. */
function mail(from: string, subject: string, extra: string, body: string, id: string): string {
  return `From: ${from}\nTo: jobs@riverside.example\nSubject: ${subject}\nDate: Mon, 2 Mar 2026 09:30:00 +0000\nMessage-ID: <${id}@mail.example>\n${extra}\n\n${body}\n`;
}

describe("Replies", () => {
  it("shows a reply on Today and on the candidate's page, and Mark as read takes it off Today", async () => {
    const backend = startCore();
    const { m } = await runnerUpSent(backend);
    await hook("mail", { raw: mail("Bea Lopez <bea@example.com>", "Re: Riverside", `In-Reply-To: ${m.message_id}`, "Could you tell me more about the role?\n\nBea\n\nOn Mon, Maria wrote:\n> Hi Bea", "q1") });
    await renderApp();

    const today = await screen.findByRole("region", { name: "Replies to read" });
    expect(within(today).getByText("Bea Lopez")).toBeTruthy();
    expect(today.textContent).toContain("Could you tell me more about the role?");
    expect(today.textContent).not.toContain("Hi Bea");
    fireEvent.click(within(today).getByRole("button", { name: "Open" }));
    const replies = await screen.findByRole("region", { name: "Replies" });
    expect(within(replies).getByText("Bea replied")).toBeTruthy();
    expect(replies.textContent).toContain("“Re: Riverside”");

    fireEvent.click(screen.getByRole("button", { name: "Today" }));
    const again = await screen.findByRole("region", { name: "Replies to read" });
    fireEvent.click(within(again).getByRole("button", { name: "Mark as read" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Replies to read" })).toBeNull());
    expect(data(await backend.unreadReplies())).toEqual([]);
  });

  it("offers Record consent on a yes, records it only on the click, and keeps an out-of-office off Today", async () => {
    const backend = startCore();
    const { bea, m } = await runnerUpSent(backend);
    await hook("mail", { raw: mail("Bea Lopez <bea@example.com>", "Automatic reply: Riverside", `Auto-Submitted: auto-replied\nIn-Reply-To: ${m.message_id}`, "I am away until Monday.", "ooo") });
    await hook("mail", { raw: mail("Bea Lopez <bea@example.com>", "Re: Riverside", `In-Reply-To: ${m.message_id}`, "Yes, please keep my details!", "yes") });
    await renderApp();

    // Today lists what Bea wrote, not her out-of-office.
    const today = await screen.findByRole("region", { name: "Replies to read" });
    expect(today.querySelectorAll("li")).toHaveLength(1);
    expect(today.textContent).not.toContain("away until Monday");
    fireEvent.click(within(today).getByRole("button", { name: "Open" }));
    const replies = await screen.findByRole("region", { name: "Replies" });
    expect(within(replies).getByText("Automatic reply (out of office or similar)")).toBeTruthy();
    expect(replies.textContent).toContain("This reads as a yes. Nothing is recorded until you say so.");
    // Nothing is recorded before the click.
    expect(data(await backend.poolMember(bea.id))).toBeNull();
    const record = within(replies).getByRole("button", { name: /^Record consent \(email reply, / });
    expect(record.className).toContain("primary");
    fireEvent.click(record);
    await screen.findByText("Consent recorded from this reply.");
    const member = data(await backend.poolMember(bea.id));
    expect(member?.consent_given_on).toBe("2026-03-02");
    expect(screen.queryByRole("button", { name: /^Record consent/ })).toBeNull();
  });

  it("a yes from another address is marked so, and consent from it asks the owner first", async () => {
    const backend = startCore();
    const { bea, m } = await runnerUpSent(backend);
    await hook("mail", { raw: mail("Someone <someone@elsewhere.example>", "Re: Riverside", `In-Reply-To: ${m.message_id}`, "Yes, please keep my details!", "other") });
    await renderApp();
    fireEvent.click(within(await screen.findByRole("region", { name: "Replies to read" })).getByRole("button", { name: "Open" }));
    const replies = await screen.findByRole("region", { name: "Replies" });
    expect(replies.textContent).toContain("From another address: someone@elsewhere.example. You wrote to bea@example.com.");
    const record = within(replies).getByRole("button", { name: /^Record consent \(email reply, / });
    expect(record.className).not.toContain("primary");
    fireEvent.click(record);
    const ask = await screen.findByRole("dialog", { name: "Is this address theirs?" });
    expect(ask.textContent).toContain("This reply came from someone@elsewhere.example, not from bea@example.com");
    // Nothing is recorded until the owner says the address is theirs.
    expect(data(await backend.poolMember(bea.id))).toBeNull();
    fireEvent.click(within(ask).getByRole("button", { name: "Record consent anyway" }));
    await screen.findByText("Consent recorded from this reply.");
    expect(data(await backend.poolMember(bea.id))?.consent_given_on).toBe("2026-03-02");
  });

  it("a reply asking to be removed offers the way out; a bounce flags the address", async () => {
    const backend = startCore();
    const { m } = await runnerUpSent(backend);
    await hook("mail", { raw: mail("Bea Lopez <bea@example.com>", "Re: Riverside", `In-Reply-To: ${m.message_id}`, "No thanks, please take me off your list.", "no") });
    await hook("mail", {
      raw: `From: MAILER-DAEMON@mx.riverside.example\nTo: jobs@riverside.example\nSubject: Undelivered Mail Returned to Sender\nDate: Mon, 2 Mar 2026 09:45:00 +0000\nMessage-ID: <dsn1@mx.riverside.example>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.riverside.example\n\nFinal-Recipient: rfc822; bea@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n--b\nContent-Type: text/rfc822-headers\n\nMessage-ID: ${m.message_id}\n--b--\n`,
    });
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByText("Bea Lopez"));
    const flag = await screen.findByText(/This address bounced on/);
    expect(flag.textContent).toContain("550 5.1.1 User unknown");
    const replies = await screen.findByRole("region", { name: "Replies" });
    expect(replies.textContent).toContain("Bea asks to be removed.");
    expect(within(replies).getByRole("button", { name: "Erase their data…" })).toBeTruthy();
    // The runner-up message did not arrive: it waits in the Outbox as not delivered.
    expect(data(await backend.listOutbox([])).map((x) => x.status)).toEqual(["bounced"]);
  });
});
