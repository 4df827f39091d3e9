import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, startCore, type TestBackend } from "./backend/replay";

type Mem = TestBackend;

async function finalist(backend: Mem, roleId: number, first: string, place: number | null) {
  const c = data(await backend.createCandidate({ first_name: first, last_name: "Lopez", email: `${first.toLowerCase()}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" }, false));
  const a = data(await backend.addApplication(c.id, roleId));
  for (const s of ["interviewing", "interviewed", "finalist"] as const) await backend.moveStage(a.id, null, s);
  if (place) await backend.setPlace(a.id, place);
  return { c, a };
}

async function setup() {
  const backend = startCore();
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria Lopez", signature: "Maria" });
  await mailSetUp(backend);
  const role = data(await backend.createRole({ title: "Barista", department: "Café", location: "", tags: [], opened_on: null }));
  return { backend, role };
}

async function openCandidate(name: string) {
  fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
  fireEvent.click(await screen.findByText(name));
  await screen.findByRole("heading", { name });
}

describe("The talent pool", () => {
  it("takes a runner-up with consent, then suggests them when a similar role opens, with a reconnect draft", async () => {
    const { backend } = await setup();
    const { role } = { role: data(await backend.listRoles())[0] };
    await finalist(backend, role.id, "Ana", 2);
    await renderApp();
    await openCandidate("Ana Lopez");
    fireEvent.click(await screen.findByRole("button", { name: "Add to the talent pool…" }));
    const dialog = await screen.findByRole("dialog", { name: "Add to the talent pool" });
    fireEvent.change(within(dialog).getByLabelText(/Consent given on/), { target: { value: "2099-01-01" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Record consent" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("is in the future");
    fireEvent.change(within(dialog).getByLabelText(/Consent given on/), { target: { value: new Date().toISOString().slice(0, 10) } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Record consent" }));
    expect((await screen.findByText("In the talent pool")).id).toBe("pool-status");

    // A new role like hers: Kindly suggests Ana, and the draft is the reconnect message about it.
    fireEvent.click(screen.getByRole("button", { name: "Roles" }));
    fireEvent.click(await screen.findByRole("button", { name: "New role" }));
    const form = await screen.findByRole("dialog", { name: "New role" });
    fireEvent.change(within(form).getByLabelText(/Title/), { target: { value: "Weekend Barista" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add role" }));
    const suggest = await screen.findByRole("dialog", { name: "Runner-ups who might fit Weekend Barista" });
    expect(await within(suggest).findByText("Ana Lopez")).toBeTruthy();
    expect(within(suggest).getByText("Title: barista")).toBeTruthy();
    fireEvent.click(within(suggest).getByRole("button", { name: "Write to Ana" }));
    const composer = await screen.findByRole("dialog", { name: "Write to Ana Lopez" });
    await waitFor(() => expect((within(composer).getByLabelText("Template") as HTMLSelectElement).selectedOptions[0].textContent).toMatch(/^Reconnect/));
    expect((within(composer).getByLabelText("About the role") as HTMLSelectElement).selectedOptions[0].textContent).toBe("Weekend Barista");

    // The pool view lists her.
    fireEvent.click(within(composer).getByRole("button", { name: "Cancel" }));
    fireEvent.click(screen.getByRole("button", { name: "Talent pool" }));
    const members = await screen.findByRole("region", { name: "Members" });
    expect(await within(members).findByText("Ana Lopez")).toBeTruthy();
  });
});

describe("References", () => {
  it("asks for the candidate's consent before a request can go, and records what a reference said", async () => {
    const { backend, role } = await setup();
    const { a } = await finalist(backend, role.id, "Ana", 1);
    await backend.addReferee(a.id, { name: "Sam Lee", relationship: "supervisor", company: "Harbour Café", email: "sam@harbour.example", phone: "", worked_together: "" });
    await renderApp();
    await openCandidate("Ana Lopez");
    fireEvent.click(await screen.findByRole("button", { name: "Ask by email" }));
    let dialog = await screen.findByRole("dialog", { name: "Ask Sam Lee for a reference" });
    await within(dialog).findByText(/Dear Sam Lee/);
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("consent");
    expect(data(await backend.listOutbox([]))).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));

    fireEvent.click(await screen.findByRole("button", { name: "Record their consent…" }));
    dialog = await screen.findByRole("dialog", { name: "Consent to contact references" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Record consent" }));
    await screen.findByText(/Consent to contact them given/);
    fireEvent.click(await screen.findByRole("button", { name: "Ask by email" }));
    dialog = await screen.findByRole("dialog", { name: "Ask Sam Lee for a reference" });
    await within(dialog).findByText(/Dear Sam Lee/);
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    await screen.findByText(/Sending to Sam Lee/);
    expect(data(await backend.listOutbox([]))[0].to_address).toBe("sam@harbour.example");

    fireEvent.click(await screen.findByRole("button", { name: "Record what they said" }));
    dialog = await screen.findByRole("dialog", { name: "What Sam Lee said" });
    fireEvent.change(within(dialog).getByLabelText("Technical skills (1–5)"), { target: { value: "5" } });
    fireEvent.change(within(dialog).getByLabelText("Concerns"), { target: { value: "Maybe too old for late shifts" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    const refs = await screen.findByRole("table");
    await within(refs).findByText(/touches on age/);
    expect(within(refs).getByText("5/5")).toBeTruthy();
  });
});
