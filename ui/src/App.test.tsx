import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { renderApp } from "./testing";
import { commands } from "./bindings";
import { data, hook, startCore } from "./backend/replay";

async function addCandidate(first: string, email: string) {
  fireEvent.click(await screen.findByRole("button", { name: "New candidate" }));
  const dialog = await screen.findByRole("dialog", { name: "New candidate" });
  fireEvent.change(within(dialog).getByLabelText(/First name/), { target: { value: first } });
  fireEvent.change(within(dialog).getByLabelText(/Email/), { target: { value: email } });
  fireEvent.click(within(dialog).getByRole("button", { name: "Add candidate" }));
  return dialog;
}

const person = (first: string, last: string, email: string) => ({ first_name: first, last_name: last, email, phone: "", location: "", source: "", tags: [], notes: "" });

describe("Kindly UI on the core's recorded answers", () => {
  it("offers sample data on an empty database, then shows who is waiting", async () => {
    const core = startCore("app-sample-data");
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Load sample data" }));
    await waitFor(() => expect(screen.queryByText("Welcome to Kindly")).toBeNull());
    expect(core.calls).toContain("load_sample_data");
    expect(await screen.findByText(/Loaded 4 sample roles and 30 candidates/)).toBeTruthy();
  });

  it("shows a field error under the email and saves nothing", async () => {
    startCore("app-field-error");
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    const dialog = await addCandidate("Ana", "ana@");
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toBe("'ana@' is not an address");
    expect(within(dialog).getByLabelText(/Email/).getAttribute("aria-invalid")).toBe("true");
    const page = data(await commands.listCandidates({ search: null, role_id: null, stage: null, sort: "name", offset: 0, limit: 0 }));
    expect(page.total).toBe(0);
  });

  it("adds a candidate, finds them by search, and moves them through a role", async () => {
    startCore("app-pipeline");
    const role = data(await commands.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null }));
    await commands.createCandidate(person("Zed", "Other", "zed@example.com"), false);
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    await addCandidate("Ana", "ana.lopez@example.com");
    // Saving opens their page.
    expect(await screen.findByRole("heading", { level: 1, name: "Ana" })).toBeTruthy();
    // The open roles load beside the candidate; wait for Barista to be offered.
    const addTo = screen.getByLabelText("Add to role");
    await within(addTo).findByRole("option", { name: "Barista" });
    fireEvent.change(addTo, { target: { value: String(role.id) } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    fireEvent.click(await screen.findByRole("button", { name: "Interviewing" }));
    fireEvent.click(await screen.findByRole("button", { name: "Interviewed" }));
    await waitFor(() => expect(screen.getByTestId("stage").textContent).toBe("Interviewed"));
    // The timeline says what the core wrote.
    expect(await screen.findByText("Moved from Interviewing to Interviewed for Barista")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "← Candidates" }));
    const search = await screen.findByLabelText("Search name or email");
    fireEvent.change(search, { target: { value: "LOPEZ" } });
    await waitFor(() => expect(screen.getByText("1 candidate match")).toBeTruthy());
    const list = screen.getByRole("list", { name: "Candidates" });
    expect(within(list).getByText("Ana")).toBeTruthy();
    expect(within(list).queryByText("Zed Other")).toBeNull();
    expect(within(list).getByText("Barista · Interviewed")).toBeTruthy();
  });

  it("works from the keyboard: the dialog takes focus, keeps Tab inside, and Escape closes it", async () => {
    const core = startCore("app-keyboard");
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    const opener = await screen.findByRole("button", { name: "New candidate" });
    opener.focus();
    fireEvent.click(opener);
    const dialog = await screen.findByRole("dialog", { name: "New candidate" });
    expect(document.activeElement).toBe(within(dialog).getByLabelText(/First name/));
    const save = within(dialog).getByRole("button", { name: "Add candidate" });
    save.focus();
    fireEvent.keyDown(window, { key: "Tab" });
    expect(document.activeElement).toBe(within(dialog).getByLabelText(/First name/));
    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.activeElement).toBe(opener);
    expect(core.calls).not.toContain("create_candidate");
  });

  it("explains a stage move the pipeline no longer allows, from the page that offered it", async () => {
    startCore("app-forbidden-move");
    const role = data(await commands.createRole({ title: "Driver", department: "", location: "", tags: [], opened_on: null }));
    const c = data(await commands.createCandidate(person("Ben", "Okafor", "ben@example.com"), false));
    const a = data(await commands.addApplication(c.id, role.id));
    for (const s of ["interviewing", "interviewed", "finalist"] as const) data(await commands.moveStage(a.id, null, s));
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByText("Ben Okafor"));
    const moves = await screen.findByRole("group", { name: "Move Driver application" });
    // Meanwhile the application is closed elsewhere (another window); this page still offers Offer.
    data(await commands.moveStage(a.id, null, "withdrawn"));
    fireEvent.click(within(moves).getByRole("button", { name: /Offer/ }));
    const alert = await screen.findByRole("alert");
    // The core refuses the move from the stage this page showed, and says where it is now.
    expect(alert.textContent).toContain("was moved from Finalist to Withdrawn");
    expect(screen.queryByText("Moved to Offer.")).toBeNull();
  });

  it("stops a save over a change made elsewhere, then keeps the owner's edits on top of it", async () => {
    startCore("app-edit-conflict");
    const c = data(await commands.createCandidate(person("Ana", "Lopez", "ana@example.com"), false));
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByText("Ana Lopez"));
    fireEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit candidate" });
    fireEvent.change(within(dialog).getByLabelText(/Phone/), { target: { value: "+44 7700 900123" } });
    // Meanwhile another window adds a note, from the same version.
    data(await commands.updateCandidate(c.id, { ...person("Ana", "Lopez", "ana@example.com"), notes: "Can start in May", version: c.version }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    const stopped = await within(dialog).findByText(/This candidate was changed \(notes\) in another window/);
    expect(stopped.id).toBe("changed-elsewhere");
    fireEvent.click(within(dialog).getByRole("button", { name: "Reload and keep my edits" }));
    expect(await within(dialog).findByText("Their change is in, with your edits on top. Check, then save.")).toBeTruthy();
    expect((within(dialog).getByLabelText(/Notes/) as HTMLTextAreaElement).value).toBe("Can start in May");
    expect((within(dialog).getByLabelText(/Phone/) as HTMLInputElement).value).toBe("+44 7700 900123");
    fireEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    // Nothing was lost: both changes are on the timeline and on the record.
    expect(await screen.findByText("Updated phone")).toBeTruthy();
    expect(screen.getByText("Updated notes")).toBeTruthy();
    const now = data(await commands.getCandidate(c.id)).candidate;
    expect([now.phone, now.notes, now.version]).toEqual(["+44 7700 900123", "Can start in May", 3]);
  });

  it("hears another desktop's change: the page refreshes and an open form says who changed what", async () => {
    startCore("app-team-live");
    data(await commands.setDesktopName("Maria"));
    const c = data(await commands.createCandidate(person("Ana", "Lopez", "ana@example.com"), false));
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByText("Ana Lopez"));
    fireEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit candidate" });
    // Sam, at another desktop, adds a note; the server announces the change to this one.
    data(await commands.setDesktopName("Sam"));
    data(await commands.updateCandidate(c.id, { ...person("Ana", "Lopez", "ana@example.com"), notes: "Can start in May", version: c.version }));
    data(await commands.setDesktopName("Maria"));
    await act(() => emit("team-changed", { tables: ["activities", "candidates"] }));
    expect(await within(dialog).findByText(/^Sam changed this candidate \(notes\) after you opened it/)).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Reload and keep my edits" })).toBeTruthy();
    // The page behind the form loaded again: Sam's change is on the timeline, with his name.
    const timeline = screen.getByRole("region", { name: "Timeline" });
    expect(await within(timeline).findByText("Updated notes")).toBeTruthy();
    expect(within(timeline).getByText("· Sam")).toBeTruthy();
    expect(within(timeline).getByText("· Maria")).toBeTruthy();
  });

  it("lists 1,000 candidates by rendering only the visible rows", async () => {
    const core = startCore("app-thousand");
    const rows = Array.from({ length: 1000 }, (_, i) => `P${i},Person,p${i}@example.com`).join("\n");
    // The fastest honest way to 1,000 people: one CSV import through the core.
    await hook("write_file", { path: "/kindly-data/people.csv", text: `First name,Last name,Email\n${rows}\n` });
    data(await commands.testAnswerDialogs(["/kindly-data/people.csv"]));
    const file = data(await commands.pickOpen("import_csv"));
    if (!file) throw new Error("no file chosen");
    const preview = data(await commands.previewImport(file.token, null));
    data(await commands.importCandidates(file.token, { mapping: preview.mapping, on_duplicate: "skip", good_rows_only: false }));
    await renderApp();
    const nav = await screen.findByRole("button", { name: "Candidates" });
    core.calls.length = 0;
    await act(async () => fireEvent.click(nav));
    await waitFor(() => expect(screen.getByText("1,000 candidates")).toBeTruthy());
    const items = screen.getAllByRole("listitem");
    expect(items.length).toBeGreaterThan(5);
    expect(items.length).toBeLessThan(60);
    // Only the first page was asked for.
    expect(core.calls.filter((c) => c === "list_candidates")).toHaveLength(1);
  });

  it("asks for what every message needs before the first one, and stops asking once it is saved", async () => {
    startCore("app-first-steps");
    await renderApp();
    const steps = await screen.findByRole("region", { name: "Before your first message" });
    // The card fills in once the profile has loaded.
    const form = await within(steps).findByRole("form", { name: "Before your first message: you and your business" });
    expect(steps.textContent).toContain("uses your business's name and how you sign off");
    fireEvent.change(within(form).getByLabelText("Business name"), { target: { value: "Riverside Café" } });
    fireEvent.change(within(form).getByLabelText("Signature"), { target: { value: "Maria\nRiverside Café" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Before your first message" })).toBeNull());
    // Still a first run: the sample data is offered.
    expect(screen.getByRole("button", { name: "Load sample data" })).toBeTruthy();
  });
});
