import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

/** Barista: Ana 1st with an offer out, Ben 2nd, Cy interviewed and undecided. */
async function setup() {
  const backend = startCore();
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria Lopez", signature: "Maria" });
  await mailSetUp(backend);
  const role = data(await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null }));
  const ids: Record<string, number> = {};
  for (const [first, place] of [["Ana", 1], ["Ben", 2], ["Cy", null]] as const) {
    const c = data(await backend.createCandidate({ first_name: first, last_name: "Lopez", email: `${first.toLowerCase()}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" }, false));
    const a = data(await backend.addApplication(c.id, role.id));
    data(await backend.addInterview(a.id, "2026-02-26", ""));
    if (place) {
      data(await backend.moveStage(a.id, null, "finalist"));
      data(await backend.setPlace(a.id, place));
    }
    ids[first] = a.id;
  }
  data(await backend.extendOffer(ids.Ana, { terms: "£12.50 an hour", start_date: "2026-04-06", expires_on: "2026-03-13", time_zone: "Europe/London", go_ahead: true }));
  return { backend, role };
}

const cellOf = (row: HTMLElement, step: string) => row.querySelector(`td[data-step='${step}']`) as HTMLElement;

describe("The role's follow-up board", () => {
  it("shows each step for everyone interviewed, what is left in one sentence, and each next action as one click", async () => {
    await setup();
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Roles" }));
    fireEvent.click(await screen.findByRole("button", { name: "Follow-up board" }));
    const board = await screen.findByRole("table", { name: "Follow-up board for Barista" });
    expect(screen.getByRole("heading", { name: "Barista: the follow-up" })).toBeTruthy();
    expect(document.getElementById("board-summary")?.textContent).toBe(
      "1 person is waiting for news; Ana and Ben's references are not in; Ana's offer is open until Fri 13 Mar; 1 runner-up waits for the offer's answer.",
    );
    const rows = within(board).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("rowheader")[0].textContent)).toEqual(["Ana Lopez · 1st", "Ben Lopez · 2nd", "Cy Lopez"]);
    const [ana, ben, cy] = rows;
    expect(cellOf(ana, "offer").textContent).toBe("Out, open until Fri 13 Mar");
    expect(cellOf(ana, "offer").dataset.state).toBe("waiting");
    expect(cellOf(ben, "told").textContent).toContain("Wait: the offer is open");
    expect(cellOf(cy, "decision").textContent).toBe("Not decided");
    expect(cellOf(cy, "references").dataset.state).toBe("not_needed");

    // The "why" of each column is folded until asked for.
    const why = within(board).getAllByText("Why")[0].closest("details") as HTMLDetailsElement;
    expect(why.open).toBe(false);
    expect(why.textContent).toContain("thank them for their time");

    // Ben's decision from the board: the composer holds it back while Ana's offer is open.
    fireEvent.click(within(cellOf(ben, "told")).getByRole("button", { name: "Reject…" }));
    const decide = await screen.findByRole("dialog", { name: "Write the decision to Ben Lopez" });
    expect((await within(decide).findByRole("status")).textContent).toMatch(/Your offer to Ana is open until Friday 13 March; if Ana declines, Ben may be your next choice\./);
    fireEvent.click(within(decide).getByRole("button", { name: "Cancel" }));

    // Ana's thank-you, from her cell: the composer opens on the thank-you for the role.
    fireEvent.click(within(cellOf(ana, "thanked")).getByRole("button", { name: "Draft thank-you" }));
    const write = await screen.findByRole("dialog", { name: "Write to Ana Lopez" });
    await waitFor(() => expect((within(write).getByLabelText("Template") as HTMLSelectElement).selectedOptions[0].textContent).toMatch(/^Thank you:/));
    fireEvent.click(within(write).getByRole("button", { name: "Cancel" }));

    // From her page, back to the board.
    fireEvent.click(await screen.findByRole("button", { name: "The role’s follow-up board" }));
    expect(await screen.findByRole("table", { name: "Follow-up board for Barista" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "All roles" }));
    expect(await screen.findByRole("heading", { name: "Roles" })).toBeTruthy();
  });
});
