import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, hook, startCore } from "./backend/replay";

async function withAna(mail = true) {
  const backend = startCore();
  await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null });
  const c = await backend.createCandidate({ first_name: "Ana", last_name: "Lopez", email: "ana@example.com", phone: "", location: "", source: "", tags: [], notes: "" }, false);
  if (c.status !== "ok") throw new Error("setup");
  await backend.addApplication(c.data.id, 1);
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria", signature: "Maria" });
  if (mail) await mailSetUp(backend);
  return { backend, id: c.data.id };
}

/** Ana's page, with the composer open on her. */
async function openComposer(mail = true) {
  const { backend } = await withAna(mail);
  await renderApp();
  fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
  fireEvent.click(await screen.findByText("Ana Lopez"));
  fireEvent.click(await screen.findByRole("button", { name: "Write an email" }));
  const dialog = await screen.findByRole("dialog", { name: "Write to Ana Lopez" });
  return { backend, dialog };
}

describe("After a restore", () => {
  it("holds what was waiting in the backup until the owner sends it or drops it", async () => {
    const { backend, id } = await withAna();
    data(await backend.sendEmail({ candidate_id: id, role_id: 1, template_id: null, subject: "Hi {{ candidate_first_name }}", body: "Thanks, {{ candidate_first_name }}.", values: {}, send_at: null, acknowledge_warnings: false, time_zone: null }));
    await hook("restored", {});
    await hook("clock", { at: "2026-03-02T10:05:00Z" });
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Outbox" }));
    const held = await screen.findByRole("region", { name: "Waiting since the restore" });
    expect(held.textContent).toContain("1 message was waiting to go when this backup was made.");
    expect(held.textContent).toContain("Kindly has not sent it");
    const decide = await screen.findByRole("region", { name: "Needs your decision" });
    expect(within(decide).getByText(/may have gone out after that/)).toBeTruthy();
    fireEvent.click(within(held).getByRole("button", { name: "Send it" }));
    await screen.findByText("Queued to go now.");
    await waitFor(() => expect(screen.queryByRole("region", { name: "Waiting since the restore" })).toBeNull());
    expect(data(await backend.listOutbox([])).map((m) => m.status)).toEqual(["queued"]);
  });
});

describe("Writing to a candidate", () => {
  it("refuses before queuing while no email is set up, and offers Settings", async () => {
    const { backend, dialog } = await openComposer(false);
    const date = (await within(dialog).findByLabelText("follow up date")) as HTMLInputElement;
    await waitFor(() => expect(date.value).toMatch(/^\d{4}-\d{2}-\d{2}$/));
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Send" })).toHaveProperty("disabled", false));
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toContain("Your email is not set up yet");
    expect(alert.textContent).toContain("nothing was queued");
    expect(data(await backend.listOutbox([]))).toEqual([]);
    fireEvent.click(within(alert).getByRole("button", { name: "Set up email" }));
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeTruthy();
  });

  it("says on Today and in the Outbox how many wait and why, when the server is down", async () => {
    const { backend, id } = await withAna();
    data(await backend.sendEmail({ candidate_id: id, role_id: 1, template_id: null, subject: "Hi {{ candidate_first_name }}", body: "Thanks, {{ candidate_first_name }}.", values: {}, send_at: null, acknowledge_warnings: false, time_zone: null }));
    // The undo window passes and the worker tries the server, which does not answer.
    await hook("clock", { at: "2026-03-02T10:01:00Z" });
    await hook("drain", {});
    await renderApp();
    const today = await screen.findByRole("status", { name: "Messages waiting" });
    expect(today.textContent).toContain("1 message is waiting to go.");
    expect(today.textContent).toContain("Kindly cannot send right now");
    fireEvent.click(within(today).getByRole("button", { name: "Open the Outbox" }));
    const banner = await screen.findByRole("alert", { name: "Sending stopped" });
    expect(banner.textContent).toContain("Check your internet connection, or the server name and port in Settings.");
    expect(banner.textContent).toContain("they go as soon as the server takes them, each once");
    const waiting = await screen.findByRole("region", { name: "Waiting to go" });
    expect(within(waiting).getByText("Ana Lopez")).toBeTruthy();
    fireEvent.click(within(banner).getByRole("button", { name: "Open Settings" }));
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeTruthy();
  });

  it("previews, sends after an undo window, and Undo stops it", async () => {
    const { backend, dialog } = await openComposer();
    // The promised date starts a few working days out; without one, nothing can be sent.
    // The field appears once the templates have loaded.
    const date = (await within(dialog).findByLabelText("follow up date")) as HTMLInputElement;
    await waitFor(() => expect(date.value).toMatch(/^\d{4}-\d{2}-\d{2}$/));
    fireEvent.change(date, { target: { value: "" } });
    expect((await within(dialog).findByRole("alert")).textContent).toContain("{{ follow_up_date }} has no value");
    expect(within(dialog).getByRole("button", { name: "Send" })).toHaveProperty("disabled", true);
    fireEvent.change(date, { target: { value: "2031-03-07" } });
    await waitFor(() => expect(dialog.querySelector("#compose-preview")?.textContent).toContain("you will hear from me by Friday 7 March"));
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await screen.findByText("Sending to Ana Lopez in a few seconds.")).toBeTruthy();
    const queued = await backend.listOutbox([]);
    expect(queued.status === "ok" && queued.data[0].status).toBe("queued");
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(async () => {
      const after = await backend.listOutbox([]);
      expect(after.status === "ok" && after.data[0].status).toBe("cancelled");
    });
  });

  it("shows messages that need a decision, and failures with the server's reason", async () => {
    const { backend, id } = await withAna();
    const req = { candidate_id: id, role_id: 1, template_id: null, subject: "Hi {{ candidate_first_name }}", body: "Thanks, {{ candidate_first_name }}.", values: {}, send_at: null, acknowledge_warnings: false, time_zone: null };
    const a = await backend.sendEmail(req);
    const b = await backend.sendEmail(req);
    if (a.status !== "ok" || b.status !== "ok") throw new Error("setup");
    // Kindly stopped while the first was with the server; the server refused the second.
    await hook("interrupted_send", { id: a.data.id });
    await hook("server_refused", { id: b.data.id, reply: "The server refused the message: 550 mailbox unavailable" });
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Outbox" }));
    const decide = await screen.findByRole("region", { name: "Needs your decision" });
    fireEvent.click(within(decide).getByRole("button", { name: "It arrived" }));
    const failed = await screen.findByRole("region", { name: "Not sent" });
    expect(within(failed).getByText("The server refused the message: 550 mailbox unavailable")).toBeTruthy();
    fireEvent.click(within(failed).getByRole("button", { name: "Retry" }));
    await waitFor(async () => {
      const l = await backend.listOutbox([]);
      const byId = new Map(l.status === "ok" ? l.data.map((m) => [m.id, m.status]) : []);
      expect(byId.get(a.data.id)).toBe("sent");
      expect(byId.get(b.data.id)).toBe("queued");
    });
  });

  it("reads a rejection with the tone check: warnings need 'Send anyway', blocking never sends", async () => {
    const { backend, dialog } = await openComposer();
    const rejection = data(await backend.listTemplates()).find((t) => t.purpose === "rejection")!;
    await within(within(dialog).getByLabelText("Template")).findByRole("option", { name: new RegExp(rejection.name) });
    fireEvent.change(within(dialog).getByLabelText("Template"), { target: { value: String(rejection.id) } });
    const feedback = await within(dialog).findByLabelText("feedback");
    fireEvent.change(feedback, { target: { value: "Other candidates had more experience." } });
    const tone = await within(dialog).findByRole("region", { name: "Tone check" });
    expect(tone.textContent).toContain("compares them with others");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Send anyway" })).toHaveProperty("disabled", false));

    fireEvent.change(feedback, { target: { value: "We wanted someone younger." } });
    await waitFor(() => expect(within(dialog).getByRole("region", { name: "Tone check" }).textContent).toContain("Must change"));
    const send = within(dialog).getByRole("button", { name: "Send" });
    expect(send).toHaveProperty("disabled", true);
    fireEvent.click(send);
    expect(backend.calls).not.toContain("send_email");
    expect(data(await backend.listOutbox([]))).toHaveLength(0);
  });

  it("lets the owner say a blocked word is a name, once for that word, and writes it on the timeline; bias has no such button", async () => {
    const { backend, dialog } = await openComposer();
    const rejection = data(await backend.listTemplates()).find((t) => t.purpose === "rejection")!;
    await within(within(dialog).getByLabelText("Template")).findByRole("option", { name: new RegExp(rejection.name) });
    fireEvent.change(within(dialog).getByLabelText("Template"), { target: { value: String(rejection.id) } });
    const feedback = await within(dialog).findByLabelText("feedback");
    fireEvent.change(feedback, { target: { value: "We felt a man would suit the role better." } });
    await waitFor(() => expect(within(dialog).getByRole("region", { name: "Tone check" }).textContent).toContain("\"man\" touches on sex"));
    expect(within(dialog).queryByRole("button", { name: /is a name/ })).toBeNull();

    fireEvent.change(feedback, { target: { value: "Our head barista, Guy, loved your latte art; practising a busy service would help." } });
    const vouch = await within(dialog).findByRole("button", { name: "“Guy” is a name / a title" });
    expect(within(dialog).getByRole("button", { name: "Send" })).toHaveProperty("disabled", true);
    fireEvent.click(vouch);
    await waitFor(() => expect(within(dialog).queryByRole("region", { name: "Tone check" })).toBeNull());
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Send" })).toHaveProperty("disabled", false));
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Write to Ana Lopez" })).toBeNull());
    const queued = data(await backend.listOutbox([]));
    expect(queued).toHaveLength(1);
    expect(queued[0].body).toContain("Guy, loved your latte art");
    expect(await screen.findByText(/You told the tone check that "Guy" is a name, a place or a title/)).toBeTruthy();
  });
});
