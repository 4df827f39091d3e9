import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mailSetUp, renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Barista, filled, with Ana and Ben interviewed today and never told. */
async function setup() {
  const backend = startCore();
  await backend.saveProfile({ company_name: "Riverside Café", sender_name: "Maria Lopez", signature: "Maria" });
  await mailSetUp(backend);
  const role = data(await backend.createRole({ title: "Barista", department: "", location: "", tags: [], opened_on: null }));
  for (const first of ["Ana", "Ben"]) {
    const c = data(await backend.createCandidate({ first_name: first, last_name: "Lopez", email: `${first.toLowerCase()}@example.com`, phone: "", location: "", source: "", tags: [], notes: "" }, false));
    const a = data(await backend.addApplication(c.id, role.id));
    await backend.moveStage(a.id, null, "interviewing");
    data(await backend.addInterview(a.id, today(), "Lovely latte art"));
  }
  await backend.setRoleStatus(role.id, "filled");
  return backend;
}

async function openPulse() {
  fireEvent.click(await screen.findByRole("button", { name: "Pulse check" }));
  return screen.findByRole("region", { name: "Left waiting" });
}

describe("The pulse check", () => {
  it("lists who was left waiting and drafts the message in one click", async () => {
    await setup();
    await renderApp();
    const waiting = await openPulse();
    expect(await within(waiting).findByText("Ana Lopez")).toBeTruthy();
    expect(within(waiting).getByText("Ben Lopez")).toBeTruthy();

    // The guidance's two questions, answered in words by the core.
    const answers = screen.getByRole("region", { name: "The pulse check" });
    expect(within(answers).getByRole("heading", { name: "What is your process for rejecting a candidate empathetically?" })).toBeTruthy();
    expect(answers.textContent).toContain("No rejection or runner-up message went in this period. 2 people are still waiting for a final word.");
    expect(within(answers).getByRole("heading", { name: "How do you stay in touch with your runner-up candidates?" })).toBeTruthy();
    expect(answers.textContent).toContain("Nobody is in the talent pool yet");

    // The figures behind the thank-yous: two interviews, neither thanked; each name links.
    const thanks = screen.getByRole("region", { name: "Thank-yous" });
    const notThanked = thanks.querySelector('[data-figure="not_thanked"]') as HTMLElement;
    expect(notThanked.querySelector(".stat-value")?.textContent).toBe("2");
    fireEvent.click(within(notThanked).getByRole("button", { name: "Who (2)" }));
    expect(within(notThanked).getByText("Ana Lopez")).toBeTruthy();

    const row = within(waiting).getByText("Ana Lopez").closest("li") as HTMLElement;
    fireEvent.click(within(row).getByRole("button", { name: "Draft a message" }));
    const dialog = await screen.findByRole("dialog", { name: "Write to Ana Lopez" });
    const feedback = (await within(dialog).findByLabelText("Feedback for Ana")) as HTMLTextAreaElement;
    fireEvent.change(feedback, { target: { value: "Your latte art was lovely; practise a busy Saturday service." } });
    await waitFor(() => expect((within(dialog).getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    // Ana is being told: still waiting until the server has her message, nothing more to draft.
    await waitFor(() => {
      const ana = within(screen.getByRole("region", { name: "Left waiting" })).getByText("Ana Lopez").closest("li") as HTMLElement;
      expect(ana.textContent).toContain("their message has not gone yet (see the Outbox)");
      expect(within(ana).queryByRole("button", { name: "Draft a message" })).toBeNull();
    });
    expect(within(screen.getByRole("region", { name: "Left waiting" })).getByText("Ben Lopez")).toBeTruthy();

    // A name opens their page.
    fireEvent.click(within(screen.getByRole("region", { name: "Left waiting" })).getByRole("button", { name: "Ben Lopez" }));
    await screen.findByRole("heading", { name: "Ben Lopez" });
  });

  it("draws the trend and the funnel per role, and saves them with the figures", async () => {
    const backend = await setup();
    await renderApp();
    await openPulse();
    const charts = screen.getByRole("region", { name: "Charts" });
    const trend = within(charts).getByRole("figure", { name: "Trend by month" });
    expect(trend.querySelector("svg.recharts-surface")).not.toBeNull();
    expect(within(trend).getByText("Thanked within 2 working days")).toBeTruthy();
    const funnel = within(charts).getByRole("figure", { name: "Funnel: Barista" });
    expect(funnel.querySelector("svg.recharts-surface")).not.toBeNull();

    await backend.testAnswerDialogs(["/kindly-data/pulse.png"]);
    fireEvent.click(screen.getByRole("button", { name: "Save as PNG" }));
    await screen.findByText("Saved the pulse check as pulse.png.");
    const asked = () => backend.requests.filter((r) => r.cmd === "pick_save").map((r) => r.args as { purpose: string; suggestedName: string });
    expect(asked()[0].purpose).toBe("report_png");
    expect(asked()[0].suggestedName).toMatch(/^Kindly pulse check \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\.png$/);
    const saves = () => backend.requests.filter((r) => r.cmd === "save_report");
    expect(saves()).toHaveLength(1);
    const { svg, format, file } = saves()[0].args as { svg: string; format: string; file: string };
    expect(format).toBe("png");
    expect(file).toMatch(/^file-\d+$/);
    expect(svg).toContain("Pulse check: All roles");
    expect(svg).toContain("Left waiting for a final word (today)");
    expect(svg).toContain("Not thanked");
    // Both charts travel inside the page as drawings of their own.
    expect(svg.match(/<svg/g)?.length).toBe(3);
    expect(svg).toContain("Funnel: Barista");
    // Parsed as XML, it is one well-formed drawing.
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);

    // Cancelling the dialog saves nothing.
    await backend.testAnswerDialogs([null]);
    fireEvent.click(screen.getByRole("button", { name: "Save as PDF" }));
    await waitFor(() => expect(asked()).toHaveLength(2));
    await waitFor(() => expect((screen.getByRole("button", { name: "Save as PDF" }) as HTMLButtonElement).disabled).toBe(false));
    expect(saves()).toHaveLength(1);
  });

  it("refuses a period that ends before it starts, naming the field", async () => {
    await setup();
    await renderApp();
    await openPulse();
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-05-01" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-04-01" } });
    expect((await screen.findByRole("alert")).textContent).toContain("is before the start of the period");
    expect(screen.getByLabelText("To").getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByLabelText("Period") as HTMLSelectElement).value).toBe("custom");
  });
});
