import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

async function openToday() {
  const backend = startCore();
  // Not empty, so Today shows reminders rather than the welcome.
  await backend.createCandidate({ first_name: "Ana", last_name: "Lopez", email: "ana@example.com", phone: "", location: "", source: "", tags: [], notes: "" }, false);
  await renderApp();
  const section = await screen.findByRole("region", { name: "Reminders" });
  return { backend, section };
}

describe("Reminders on the Today view", () => {
  it("asks before adding a reminder in the past, then shows it overdue; Done clears it", async () => {
    const { backend, section } = await openToday();
    fireEvent.click(within(section).getByRole("button", { name: "New reminder" }));
    const dialog = await screen.findByRole("dialog", { name: "New reminder" });
    fireEvent.change(within(dialog).getByLabelText(/What/), { target: { value: "Call Ana back" } });
    fireEvent.change(within(dialog).getByLabelText("When"), { target: { value: "2020-01-06T09:00" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add reminder" }));
    const ask = await within(dialog).findByText(/is in the past; confirm to add it as overdue/);
    expect(ask).toBeTruthy();
    let list = await backend.todayReminders();
    expect(list.status === "ok" && list.data.overdue).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole("button", { name: "Add as overdue" }));
    const overdue = await within(section).findByRole("group", { name: "Overdue" });
    expect(within(overdue).getByText("Call Ana back")).toBeTruthy();
    fireEvent.click(within(overdue).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(within(section).queryByRole("group", { name: "Overdue" })).toBeNull());
    list = await backend.todayReminders();
    expect(list.status === "ok" && list.data.overdue).toHaveLength(0);
  });

  it("refuses a repeat of zero with the field named", async () => {
    const { section } = await openToday();
    fireEvent.click(within(section).getByRole("button", { name: "New reminder" }));
    const dialog = await screen.findByRole("dialog", { name: "New reminder" });
    fireEvent.change(within(dialog).getByLabelText(/What/), { target: { value: "Check in" } });
    fireEvent.change(within(dialog).getByLabelText("Repeat every"), { target: { value: "0" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add reminder" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("0 is not an interval");
  });

  it("snoozes a reminder out of today", async () => {
    const { backend } = await openToday();
    const soon = new Date(Date.now() + 60_000).toISOString().slice(0, 16);
    await backend.createReminder({ title: "Order aprons", kind: "custom", candidate_id: null, role_id: null, application_id: null, due_local: soon, time_zone: "UTC", repeat_every: null, repeat_unit: null, confirm_past: false, source: null });
    fireEvent.click(screen.getByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByRole("button", { name: "Today" }));
    const s2 = await screen.findByRole("region", { name: "Reminders" });
    await within(s2).findByText("Order aprons");
    fireEvent.change(within(s2).getByLabelText("Snooze Order aprons"), { target: { value: "Next week" } });
    await waitFor(async () => {
      const l = await backend.todayReminders();
      expect(l.status === "ok" && l.data.week.map((r) => r.title)).toEqual(["Order aprons"]);
    });
  });

  it("snoozes until a chosen date", async () => {
    const { backend } = await openToday();
    const soon = new Date(Date.now() + 60_000).toISOString().slice(0, 16);
    await backend.createReminder({ title: "Chase references", kind: "reference_chase", candidate_id: null, role_id: null, application_id: null, due_local: soon, time_zone: "UTC", repeat_every: null, repeat_unit: null, confirm_past: false, source: null });
    fireEvent.click(screen.getByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByRole("button", { name: "Today" }));
    const section = await screen.findByRole("region", { name: "Reminders" });
    await within(section).findByText("Chase references");
    fireEvent.change(within(section).getByLabelText("Snooze Chase references"), { target: { value: "pick" } });
    const later = new Date(Date.now() + 3 * 864e5).toISOString().slice(0, 16);
    fireEvent.change(within(section).getByLabelText("Snooze Chase references until"), { target: { value: later } });
    await waitFor(async () => {
      const l = await backend.todayReminders();
      expect(l.status === "ok" && l.data.week.map((r) => r.title)).toEqual(["Chase references"]);
    });
  });

  it("a promise offers 'Need more time', which opens the update for that candidate", async () => {
    const backend = startCore();
    await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null });
    const c = await backend.createCandidate({ first_name: "Ana", last_name: "Lopez", email: "ana@example.com", phone: "", location: "", source: "", tags: [], notes: "" }, false);
    if (c.status !== "ok") throw new Error("setup");
    await backend.addApplication(c.data.id, 1);
    const soon = new Date(Date.now() + 3 * 864e5).toISOString().slice(0, 16);
    await backend.createReminder({ title: "News promised to Ana Lopez", kind: "promised_follow_up", candidate_id: c.data.id, role_id: null, application_id: null, due_local: soon, time_zone: "UTC", repeat_every: null, repeat_unit: null, confirm_past: false, source: "message:1" });
    await renderApp();
    const section = await screen.findByRole("region", { name: "Reminders" });
    fireEvent.click(await within(section).findByRole("button", { name: "Need more time" }));
    const dialog = await screen.findByRole("dialog", { name: "Write to Ana Lopez" });
    const update = data(await backend.listTemplates()).find((t) => t.purpose === "update")!;
    await waitFor(() => expect((within(dialog).getByLabelText("Template") as HTMLSelectElement).value).toBe(String(update.id)));
    expect(within(dialog).getByLabelText("follow up date")).toBeTruthy();
  });
});
