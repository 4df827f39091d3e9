import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "./App";
import { memoryBackend } from "./backend/memory";
import { ERROR_HINTS } from "./backend";

async function addCandidate(first: string, email: string) {
  fireEvent.click(await screen.findByRole("button", { name: "New candidate" }));
  const dialog = await screen.findByRole("dialog", { name: "New candidate" });
  fireEvent.change(within(dialog).getByLabelText(/First name/), { target: { value: first } });
  fireEvent.change(within(dialog).getByLabelText(/Email/), { target: { value: email } });
  fireEvent.click(within(dialog).getByRole("button", { name: "Add candidate" }));
  return dialog;
}

afterEach(cleanup);

describe("Kindly UI on the in-memory backend", () => {
  it("offers sample data on an empty database, then shows who is waiting", async () => {
    const backend = memoryBackend();
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByRole("button", { name: "Load sample data" }));
    await waitFor(() => expect(screen.queryByText("Welcome to Kindly")).toBeNull());
    expect(backend.calls).toContain("loadSampleData");
    expect(await screen.findByText(/Loaded 1 sample roles and 3 candidates/)).toBeTruthy();
  });

  it("shows a field error under the email and saves nothing", async () => {
    const backend = memoryBackend();
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    const dialog = await addCandidate("Ana", "ana@");
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toBe("'ana@' is not an address");
    expect(within(dialog).getByLabelText(/Email/).getAttribute("aria-invalid")).toBe("true");
    const page = await backend.listCandidates({ search: null, role_id: null, stage: null, sort: "name", offset: 0, limit: 0 });
    expect(page.status === "ok" && page.data.total).toBe(0);
  });

  it("adds a candidate, finds them by search, and moves them through a role", async () => {
    const backend = memoryBackend();
    await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null });
    await backend.createCandidate({ first_name: "Zed", last_name: "Other", email: "zed@example.com", phone: "", location: "", source: "", tags: [], notes: "" });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    await addCandidate("Ana", "ana.lopez@example.com");
    // Saving opens their page.
    expect(await screen.findByRole("heading", { level: 1, name: "Ana" })).toBeTruthy();
    // The open roles load beside the candidate; wait for Barista to be offered.
    const addTo = screen.getByLabelText("Add to role");
    await within(addTo).findByRole("option", { name: "Barista" });
    fireEvent.change(addTo, { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    fireEvent.click(await screen.findByRole("button", { name: "Interviewing" }));
    fireEvent.click(await screen.findByRole("button", { name: "Interviewed" }));
    await waitFor(() => expect(screen.getByTestId("stage").textContent).toBe("Interviewed"));
    expect(screen.getByText("Moved from interviewing to interviewed for Barista")).toBeTruthy();

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
    const backend = memoryBackend();
    render(<App backend={backend} />);
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
    expect(backend.calls).not.toContain("createCandidate");
  });

  it("explains a forbidden stage move instead of failing silently", async () => {
    const backend = memoryBackend();
    await backend.createRole({ title: "Driver", department: "", location: "", tags: [], opened_on: null });
    const c = await backend.createCandidate({ first_name: "Ben", last_name: "", email: "ben@example.com", phone: "", location: "", source: "", tags: [], notes: "" });
    if (c.status !== "ok") throw new Error("setup");
    const a = await backend.addApplication(c.data.id, 1);
    if (a.status !== "ok") throw new Error("setup");
    const r = await backend.moveStage(a.data.id, "hired");
    expect(r.status).toBe("error");
    expect(r.status === "error" && r.error.code).toBe("forbidden_transition");
    expect(ERROR_HINTS.forbidden_transition).toMatch(/pipeline/);
  });

  it("lists 1,000 candidates by rendering only the visible rows", async () => {
    const backend = memoryBackend();
    for (let i = 0; i < 1000; i++)
      await backend.createCandidate({ first_name: `P${i}`, last_name: "Person", email: `p${i}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" });
    render(<App backend={backend} />);
    const nav = await screen.findByRole("button", { name: "Candidates" });
    backend.calls.length = 0;
    await act(async () => fireEvent.click(nav));
    await waitFor(() => expect(screen.getByText("1,000 candidates")).toBeTruthy());
    const rows = screen.getAllByRole("listitem");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    // Only the first page of ten was asked for.
    expect(backend.calls.filter((c) => c === "listCandidates")).toHaveLength(1);
  });
});
