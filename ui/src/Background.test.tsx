import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

describe("When the window is closed", () => {
  it("keeps Kindly running in the tray unless the owner says closing quits", async () => {
    const backend = startCore();
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const form = await screen.findByRole("form", { name: "When the window is closed" });
    const keep = within(form).getByLabelText(/Keep Kindly running in the tray/) as HTMLInputElement;
    // On by default: reminders and scheduled messages go with the window closed.
    expect(keep.checked).toBe(true);
    expect(within(form).getByText("Quit Kindly from its tray icon.")).toBeTruthy();
    // This computer (the recording's) has no way to start Kindly at login: no such box.
    expect(within(form).queryByLabelText("Start Kindly when I log in")).toBeNull();
    fireEvent.click(keep);
    expect(within(form).getByText(/^Closing the window quits Kindly/)).toBeTruthy();
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    await waitFor(async () => expect(data(await backend.getBackground()).keep_running).toBe(false));
  });
});
