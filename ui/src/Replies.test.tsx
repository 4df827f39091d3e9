import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, hook, startCore } from "./backend/replay";

describe("Replies", () => {
  it("shows a reply on Today and on the candidate's page, and Mark as read takes it off Today", async () => {
    const backend = startCore();
    await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null });
    const ana = data(await backend.createCandidate({ first_name: "Ana", last_name: "Lopez", email: "ana@example.com", phone: "", location: "", source: "", tags: [], notes: "" }));
    await backend.addApplication(ana.id, 1);
    await mailSetUp(backend);
    // The inbox worker found her answer to a runner-up message.
    await hook("reply", { candidate: ana.id, from: "ana@example.com", subject: "Re: Would you like to stay in touch?", text: "Yes, please keep my details.\n\nAna" });
    await renderApp();

    const today = await screen.findByRole("region", { name: "Replies to read" });
    expect(within(today).getByText("Ana Lopez")).toBeTruthy();
    expect(today.textContent).toContain("Yes, please keep my details.");
    fireEvent.click(within(today).getByRole("button", { name: "Open" }));
    const replies = await screen.findByRole("region", { name: "Replies" });
    expect(within(replies).getByText("Ana replied")).toBeTruthy();
    expect(replies.textContent).toContain("“Re: Would you like to stay in touch?”");

    fireEvent.click(screen.getByRole("button", { name: "Today" }));
    const again = await screen.findByRole("region", { name: "Replies to read" });
    fireEvent.click(within(again).getByRole("button", { name: "Mark as read" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Replies to read" })).toBeNull());
    // Still on her page, read.
    expect(data(await backend.candidateReplies(ana.id)).map((r) => r.read)).toEqual([true]);
  });
});
