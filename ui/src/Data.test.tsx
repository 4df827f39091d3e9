import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, hook, NOW, startCore, type TestBackend } from "./backend/replay";

/** Someone rejected last August: due for deletion under the 6-month policy by now. */
async function rejected(backend: TestBackend, first: string) {
  await hook("clock", { at: "2025-08-03T10:00:00Z" });
  const role = data(await backend.listRoles())[0] ?? data(await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null }));
  const c = data(await backend.createCandidate({ first_name: first, last_name: "Lopez", email: `${first.toLowerCase()}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" }, false));
  const a = data(await backend.addApplication(c.id, role.id));
  await backend.moveStage(a.id, null, "rejected");
  await hook("clock", { at: NOW });
  return c;
}

describe("Looking after people's data", () => {
  it("exports what we hold for an access request, leaving referees' words out unless included", async () => {
    const backend = startCore();
    data(await backend.createCandidate({ first_name: "Ana", last_name: "Lopez", email: "ana@example.com", phone: "", location: "", source: "", tags: [], notes: "" }, false));
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByText("Ana Lopez"));
    await backend.testAnswerDialogs(["/kindly-data/ana.zip", "/kindly-data/ana.zip"]);
    const exports = () => backend.requests.filter((r) => r.cmd === "export_candidate_data").map((r) => (r.args as { includeReferences: boolean }).includeReferences);
    for (const include of [false, true]) {
      fireEvent.click(await screen.findByRole("button", { name: "Export their data" }));
      const dialog = await screen.findByRole("dialog", { name: "Export what we hold about Ana Lopez" });
      expect(within(dialog).getByText(/a confidential reference may be left out of an answer to an access request/)).toBeTruthy();
      const box = within(dialog).getByLabelText("Include what their referees said") as HTMLInputElement;
      expect(box.checked).toBe(false);
      if (include) fireEvent.click(box);
      fireEvent.click(within(dialog).getByRole("button", { name: "Choose where to save…" }));
      await waitFor(() => expect(exports()).toHaveLength(include ? 2 : 1));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    }
    expect(exports()).toEqual([false, true]);
  });

  it("lists who is due for deletion, keeps one longer only with a reason, and erases after asking", async () => {
    const backend = startCore();
    await rejected(backend, "Ana");
    await rejected(backend, "Ben");
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const card = await screen.findByRole("region", { name: "Due for deletion" });
    await within(card).findByText("Ana Lopez");

    fireEvent.click(within(card).getAllByRole("button", { name: "Keep longer…" })[1]);
    const keep = await screen.findByRole("dialog", { name: "Keep Ben Lopez longer" });
    fireEvent.click(within(keep).getByRole("button", { name: "Keep until then" }));
    expect((await within(keep).findByRole("alert")).textContent).toContain("say why");
    fireEvent.change(within(keep).getByLabelText(/Why/), { target: { value: "He asked us to" } });
    fireEvent.click(within(keep).getByRole("button", { name: "Keep until then" }));
    await screen.findByText("Kept. The reason is on their timeline.");

    fireEvent.click(within(card).getAllByRole("button", { name: "Erase" })[0]);
    const ask = await screen.findByRole("dialog", { name: "Erase Ana Lopez?" });
    fireEvent.click(within(ask).getByRole("button", { name: "Erase for good" }));
    await screen.findByText("Ana Lopez erased.");
    await waitFor(() => expect(within(card).queryByText("Ana Lopez")).toBeNull());
    const left = data(await backend.listCandidates({ search: null, role_id: null, stage: null, sort: "name", offset: 0, limit: 10 }));
    expect(left.rows.map((r) => r.first_name)).toEqual(["Ben"]);
  });

  it("asks before adding someone erased earlier, and adds them only when the owner says so", async () => {
    const backend = startCore();
    const ana = await rejected(backend, "Ana");
    data(await backend.eraseCandidate(ana.id));
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByRole("button", { name: "New candidate" }));
    const form = await screen.findByRole("dialog", { name: "New candidate" });
    fireEvent.change(within(form).getByLabelText(/First name/), { target: { value: "Ana" } });
    fireEvent.change(within(form).getByLabelText(/Email/), { target: { value: "ANA@example.com" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add candidate" }));
    const ask = await within(form).findByRole("alert");
    expect(ask.textContent).toContain("Someone with this email was erased from Kindly on 2 March 2026");
    expect(data(await backend.listCandidates({ search: null, role_id: null, stage: null, sort: "name", offset: 0, limit: 10 })).total).toBe(0);
    fireEvent.click(within(ask).getByRole("button", { name: "Add them again" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "New candidate" })).toBeNull());
    const back = data(await backend.listCandidates({ search: null, role_id: null, stage: null, sort: "name", offset: 0, limit: 10 }));
    expect(back.rows.map((r) => r.first_name)).toEqual(["Ana"]);
  });

  it("backs up now and lists the copy", async () => {
    const backend = startCore();
    await rejected(backend, "Ana");
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const card = await screen.findByRole("region", { name: "Backups" });
    fireEvent.click(within(card).getByRole("button", { name: "Back up now" }));
    await screen.findByText("Backed up.");
    const kept = await within(card).findByRole("list", { name: "Backups kept" });
    expect(within(kept).getAllByRole("listitem")).toHaveLength(1);
  });
});
