import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { startCore } from "./backend/replay";
import { usedPlaceholders } from "./views/preview";

async function openTemplates() {
  const backend = startCore();
  await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null });
  const c = await backend.createCandidate({ first_name: "Ana", last_name: "Lopez", email: "ana@example.com", phone: "", location: "", source: "", tags: [], notes: "" }, false);
  if (c.status !== "ok") throw new Error("setup");
  await backend.addApplication(c.data.id, 1);
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria", signature: "Maria\nRiverside Café" });
  await renderApp();
  fireEvent.click(await screen.findByRole("button", { name: "Templates" }));
  await screen.findByRole("form", { name: "Edit template" });
  // The preview loads the people and reads the saved text for the first of them on timers of
  // its own; wait for what it shows, so every run makes the same calls as the recording did.
  const preview = screen.getByRole("region", { name: "Preview" });
  await within(preview).findByRole("option", { name: "Ana Lopez" });
  await within(preview).findByText(/has no value/);
  return backend;
}

describe("Templates", () => {
  it("finds the placeholders a text uses", () => {
    expect(usedPlaceholders("Hi {{ candidate_first_name }}", "{{feedback}} and {{ feedback }}")).toEqual(["candidate_first_name", "feedback"]);
  });

  it("previews for a real candidate, and asks for the message's own values first", async () => {
    await openTemplates();
    const preview = screen.getByRole("region", { name: "Preview" });
    const problem = await within(preview).findByRole("alert");
    expect(problem.textContent).toContain("{{ follow_up_date }} has no value");
    fireEvent.change(within(preview).getByLabelText("follow up date"), { target: { value: "2031-03-07" } });
    await waitFor(() => expect(within(preview).queryByRole("alert")).toBeNull());
    const email = preview.querySelector("#preview-email")!;
    expect(email.textContent).toContain("Thank you for your time, Ana");
    expect(email.textContent).toContain("you will hear from me by Friday 7 March");
    expect(email.textContent).toContain("Maria\nRiverside Café");
  });

  it("refuses an unknown placeholder under the message field and keeps the saved text", async () => {
    const backend = await openTemplates();
    const form = screen.getByRole("form", { name: "Edit template" });
    fireEvent.change(within(form).getByLabelText("Message"), { target: { value: "Dear {{ first_name }}" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toContain("{{ first_name }} is not a placeholder");
    const saved = await backend.listTemplates();
    expect(saved.status === "ok" && saved.data[0].body).toContain("{{ candidate_first_name }}");
    // The preview reads the unsaved text too, and says the same.
    const preview = screen.getByRole("region", { name: "Preview" });
    await within(preview).findByText(/first_name \}\} is not a placeholder/);
  });

  it("inserts a placeholder where the cursor is", async () => {
    await openTemplates();
    const form = screen.getByRole("form", { name: "Edit template" });
    const body = within(form).getByLabelText("Message") as HTMLTextAreaElement;
    fireEvent.change(body, { target: { value: "Hello !" } });
    const email = () => screen.getByRole("region", { name: "Preview" }).querySelector("#preview-email");
    await waitFor(() => expect(email()?.textContent).toContain("Hello !"));
    body.setSelectionRange(6, 6);
    // The placeholder buttons appear once the list has loaded.
    fireEvent.click(await within(form).findByRole("button", { name: "candidate_first_name" }));
    expect(body.value).toBe("Hello {{ candidate_first_name }}!");
    await waitFor(() => expect(email()?.textContent).toContain("Hello Ana!"));
  });
});
