import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, startCore, type TestBackend } from "./backend/replay";
import type { Stage } from "./bindings";

type Mem = TestBackend;

/** A candidate in the Barista role, moved to `stage`, interviewed with `notes`. */
async function person(backend: Mem, roleId: number, first: string, stage: Stage, notes = "") {
  const c = data(await backend.createCandidate({ first_name: first, last_name: "Lopez", email: `${first.toLowerCase()}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" }, false));
  const a = data(await backend.addApplication(c.id, roleId));
  const path: Stage[] = ["interviewing", "interviewed", "finalist"];
  for (const s of path) {
    // Recording the interview moves them to Interviewed.
    if (s === "interviewed") data(await backend.addInterview(a.id, "2026-02-26", notes));
    else data(await backend.moveStage(a.id, null, s));
    if (s === stage) break;
  }
  return { c, a };
}

async function setup() {
  const backend = startCore();
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria Lopez", signature: "Maria" });
  await mailSetUp(backend);
  const role = data(await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null }));
  return { backend, role };
}

async function openCandidate(name: string) {
  fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
  fireEvent.click(await screen.findByText(name));
  await screen.findByRole("heading", { name });
}

describe("Rejecting with empathy", () => {
  it("prefills feedback from the interview notes, blocks a protected characteristic, then sends once fixed", async () => {
    const { backend, role } = await setup();
    const { a } = await person(backend, role.id, "Ana", "interviewed", "Lovely latte art, but younger than the team");
    await renderApp();
    await openCandidate("Ana Lopez");
    fireEvent.click(await screen.findByRole("button", { name: "Reject…" }));
    const dialog = await screen.findByRole("dialog", { name: "Write the decision to Ana Lopez" });
    const feedback = (await within(dialog).findByLabelText("Feedback for Ana")) as HTMLTextAreaElement;
    expect(feedback.value).toBe("Lovely latte art, but younger than the team");
    // The tone check reads the draft: a blocking finding, and Send is off.
    await within(dialog).findByText(/touches on age/);
    const send = within(dialog).getByRole("button", { name: "Send" }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);

    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Another candidate was a closer fit" } });
    fireEvent.change(feedback, { target: { value: "Your latte art was lovely; practise a busy Saturday service." } });
    await waitFor(() => expect(within(dialog).queryByText(/touches on age/)).toBeNull());
    await waitFor(() => expect((within(dialog).getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(false));
    expect(within(dialog).getByLabelText("As they will see it").textContent).toContain("practise a busy Saturday service");
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));

    await screen.findByText("Sending to Ana Lopez in a few seconds.");
    const queued = data(await backend.listOutbox(["queued"]));
    expect(queued).toHaveLength(1);
    expect(queued[0].body).toContain("practise a busy Saturday service");
    const app = data(await backend.getCandidate(a.candidate_id)).applications[0];
    expect(app.stage).toBe("rejected");
    expect(app.decision_reason).toBe("Another candidate was a closer fit");
    expect(await screen.findByText("Reason: Another candidate was a closer fit")).toBeTruthy();
  });

  it("closes the loop for a role: every message checked, one batch, then the outbox", async () => {
    const { backend, role } = await setup();
    await person(backend, role.id, "Ben", "interviewed", "Great with regulars");
    await person(backend, role.id, "Cy", "interviewed", "");
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Roles" }));
    fireEvent.click(await screen.findByRole("button", { name: "Close the loop" }));
    const dialog = await screen.findByRole("dialog", { name: "Close the loop: Barista" });
    const list = await within(dialog).findByRole("list", { name: "Candidates" });
    // Cy has no notes, so no feedback: the message cannot be rendered until there is some.
    await waitFor(() => expect(list.querySelector("[data-state='blocked']")).not.toBeNull());
    expect((within(dialog).getByRole("button", { name: "Send 2" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(list).getByRole("button", { name: "Cy Lopez" }));
    fireEvent.change(within(dialog).getByLabelText("Feedback for Cy"), { target: { value: "Your calm at the till stood out." } });
    await waitFor(() => expect(list.querySelectorAll("[data-state='ready']")).toHaveLength(2));
    fireEvent.change(within(dialog).getByLabelText("Send"), { target: { value: "morning" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Schedule 2" }));
    await screen.findByText(/2 messages scheduled for/);
    const queued = data(await backend.listOutbox(["queued"]));
    expect(queued).toHaveLength(2);
    expect(queued[0].batch_id).not.toBeNull();
    expect(queued[0].batch_id).toBe(queued[1].batch_id);
    expect(queued[0].send_after).toMatch(/T09:00:00Z$/);
    // Both are being told until the server has their messages: Close the loop has nobody
    // left to write to, and says where their messages are.
    expect(data(await backend.looseEnds(role.id)).map((e) => e.being_told)).toEqual([true, true]);
    fireEvent.click(await screen.findByRole("button", { name: "Close the loop" }));
    expect(await screen.findByText("Nobody else in Barista is waiting for a message; 2 messages are on their way (see the Outbox).")).toBeTruthy();
  });
});

describe("Offer, acceptance, welcome", () => {
  it("extends an offer, records the acceptance, celebrates, and shows the welcome plan on Today", async () => {
    const { backend, role } = await setup();
    const { a } = await person(backend, role.id, "Ana", "finalist", "First choice");
    await backend.setPlace(a.id, 1);
    const runner = await person(backend, role.id, "Ben", "finalist", "Close second");
    await backend.setPlace(runner.a.id, 2);
    await renderApp();
    await openCandidate("Ana Lopez");

    fireEvent.click(await screen.findByRole("button", { name: "Extend an offer" }));
    let dialog = await screen.findByRole("dialog", { name: "Extend an offer for Barista" });
    // What the guidance expects first is not in: a warning, and the owner may go ahead.
    const readiness = await within(dialog).findByRole("region", { name: "Before the offer" });
    expect(readiness.textContent).toContain("References: 0 of 0 in");
    expect(readiness.textContent).toContain("No reference has been asked for yet.");
    expect(readiness.textContent).toContain("The background check has not started.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Record the offer anyway" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("say what you are offering");
    fireEvent.change(within(dialog).getByLabelText(/What you are offering/), { target: { value: "£12.50 an hour, 30 hours a week" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Record the offer anyway" }));
    // The offer email opens with the terms filled in.
    dialog = await screen.findByRole("dialog", { name: "Write to Ana Lopez" });
    expect(((await within(dialog).findByLabelText("offer summary")) as HTMLTextAreaElement).value).toBe("£12.50 an hour, 30 hours a week");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(await screen.findByText(/You chose to make the offer before everything was in/)).toBeTruthy();

    // While Ana's offer is open, Ben (2nd) waits: telling him now would burn him.
    await openCandidate("Ben Lopez");
    fireEvent.click(await screen.findByRole("button", { name: "Reject…" }));
    dialog = await screen.findByRole("dialog", { name: "Write the decision to Ben Lopez" });
    const hold = await within(dialog).findByRole("status");
    expect(hold.textContent).toMatch(/Your offer to Ana is open until \w+day \d+ \w+; if Ana declines, Ben may be your next choice\./);
    await waitFor(() => expect(within(dialog).getByRole("button", { name: /^Send/ })).toHaveProperty("disabled", true));
    fireEvent.click(within(dialog).getByLabelText("Tell them anyway"));
    await waitFor(() => expect(within(dialog).getByRole("button", { name: /^Send/ })).toHaveProperty("disabled", false));
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await openCandidate("Ana Lopez");

    fireEvent.click(await screen.findByRole("button", { name: "They accepted" }));
    dialog = await screen.findByRole("dialog", { name: "They said yes" });
    fireEvent.change(within(dialog).getByLabelText("Agreed start date"), { target: { value: "2031-04-14" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Record the acceptance" }));
    const party = await screen.findByRole("dialog", { name: "Ana said yes!" });
    expect(within(party).getByText(/Ana Lopez is joining as Barista/)).toBeTruthy();
    expect(within(party).getByText("Send the welcome email")).toBeTruthy();
    expect(within(party).getByText(/Ben Lopez/)).toBeTruthy();
    expect(data(await backend.getRole(role.id)).status).toBe("filled");

    // Close the loop from the celebration: Ben gets the runner-up message.
    fireEvent.click(within(party).getByRole("button", { name: "Write to the 1 others" }));
    const decide = await screen.findByRole("dialog", { name: "Write the decision to Ben Lopez" });
    expect(await within(decide).findByText(/a runner-up message/)).toBeTruthy();
    fireEvent.click(within(decide).getByRole("button", { name: "Cancel" }));

    fireEvent.click(screen.getByRole("button", { name: "Today" }));
    const plan = await screen.findByRole("region", { name: "Welcome plan for Ana Lopez" });
    const step = within(plan).getByRole("checkbox", { name: "Send the welcome email" });
    fireEvent.click(step);
    await waitFor(() => expect((within(plan).getByRole("checkbox", { name: "Send the welcome email" }) as HTMLInputElement).checked).toBe(true));
  });

  it("records a declined offer with its reason", async () => {
    const { backend, role } = await setup();
    await person(backend, role.id, "Ana", "finalist");
    await renderApp();
    await openCandidate("Ana Lopez");
    fireEvent.click(await screen.findByRole("button", { name: "Extend an offer" }));
    const dialog = await screen.findByRole("dialog", { name: "Extend an offer for Barista" });
    fireEvent.change(within(dialog).getByLabelText(/What you are offering/), { target: { value: "Full time" } });
    fireEvent.click(await within(dialog).findByRole("button", { name: "Record the offer anyway" }));
    fireEvent.click(within(await screen.findByRole("dialog", { name: "Write to Ana Lopez" })).getByRole("button", { name: "Cancel" }));
    fireEvent.click(await screen.findByRole("button", { name: "They declined" }));
    const d2 = await screen.findByRole("dialog", { name: "They declined the offer" });
    fireEvent.click(within(d2).getByRole("button", { name: "Record it" }));
    expect((await within(d2).findByRole("alert")).textContent).toContain("say why");
    fireEvent.change(within(d2).getByLabelText(/Their reason/), { target: { value: "Took a job closer to home" } });
    fireEvent.click(within(d2).getByRole("button", { name: "Record it" }));
    expect(await screen.findByText("Reason: declined the offer: Took a job closer to home")).toBeTruthy();
    expect(screen.getByTestId("offer-status").textContent).toBe("Declined");
  });
});

describe("Desk settings", () => {
  it("names the field that is out of range and saves a new welcome step", async () => {
    const { backend } = await setup();
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const card = await screen.findByRole("form", { name: "Promises and the welcome plan" });
    fireEvent.change(within(card).getByLabelText(/promises news within/), { target: { value: "0" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save" }));
    expect((await within(card).findByRole("alert")).textContent).toContain("out of range");
    fireEvent.change(within(card).getByLabelText(/promises news within/), { target: { value: "3" } });
    fireEvent.click(within(card).getByRole("button", { name: "Add a step" }));
    fireEvent.change(within(card).getByLabelText("Step 7"), { target: { value: "Lunch together" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save" }));
    await screen.findByText("Saved.");
    const d = data(await backend.getDeskSettings());
    expect(d.follow_up_working_days).toBe(3);
    expect(d.welcome_plan.map((s) => s.title)).toContain("Lunch together");
  });
});
