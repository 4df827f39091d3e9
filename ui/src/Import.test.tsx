import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { hook, startCore } from "./backend/replay";

describe("Importing candidates from a CSV file", () => {
  it("previews the mapped rows and their problems, imports the good rows only when asked", async () => {
    const backend = startCore();
    await hook("write_file", { path: "/kindly-data/applicants.csv", text: "First name,Last name,Email,Job\nAna,Lopez,ana@example.org,Barista\nJo,Bad,jo@,Barista\nBen,Okafor,ben@example.org,Barista\n" });
    await backend.testAnswerDialogs(["/kindly-data/applicants.csv"]);
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByRole("button", { name: "Import CSV…" }));
    const dialog = await screen.findByRole("dialog", { name: "Import candidates" });
    const sample = await within(dialog).findByRole("table", { name: "First rows as they will be imported" });
    expect(within(sample).getByText("ana@example.org")).toBeTruthy();
    expect((within(dialog).getByLabelText("Column Job") as HTMLSelectElement).value).toBe("role");
    const problems = within(dialog).getByRole("region", { name: "Rows with problems" });
    expect(within(problems).getByText("Line 3: email: 'jo@' is not an address")).toBeTruthy();
    const run = within(dialog).getByRole("button", { name: "Import 2 rows" }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    fireEvent.click(within(problems).getByLabelText(/Import the good rows/));
    await waitFor(() => expect(run.disabled).toBe(false));
    fireEvent.click(run);
    await screen.findByText("Imported: 2 new, 1 bad rows left out.");
    await screen.findByText("2 candidates");
  });

  it("asks for the email column when the mapping leaves it out", async () => {
    const backend = startCore();
    await hook("write_file", { path: "/kindly-data/x.csv", text: "First name,Contact\nAna,ana@example.org\n" });
    await backend.testAnswerDialogs(["/kindly-data/x.csv"]);
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Candidates" }));
    fireEvent.click(await screen.findByRole("button", { name: "Import CSV…" }));
    const dialog = await screen.findByRole("dialog", { name: "Import candidates" });
    expect((await within(dialog).findByRole("alert")).textContent).toContain("choose the column that holds the email address");
  });
});
