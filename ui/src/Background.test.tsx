import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, startCore } from "./backend/replay";
import { unwrap } from "./backend";

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

  it("says the data is safe when something fails inside Kindly, offers a report without names, and keeps working", async () => {
    const backend = startCore();
    await renderApp();
    await screen.findByRole("button", { name: "Settings" });
    // A bug inside a command (a debug build's test hook panics there).
    await expect(unwrap(backend.testFailInside())).rejects.toThrow(/your data is safe/);
    const banner = await screen.findByRole("alert", { name: "Something went wrong" });
    expect(banner.textContent).toMatch(/^Something went wrong inside Kindly; your data is safe\./);
    fireEvent.click(within(banner).getByRole("button", { name: "Copy a report" }));
    const report = (await within(banner).findByText(/^Kindly \S+ report/)).textContent ?? "";
    expect(report).toMatch(/\nError: internal\n/);
    expect(report).toMatch(/\nSystem: \w+ \w+/);
    expect(within(banner).getByRole("status").textContent).toMatch(/^(Copied|Select the report below)/);
    // The window goes on: Settings opens.
    fireEvent.click(within(banner).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert", { name: "Something went wrong" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    expect(await screen.findByRole("form", { name: "When the window is closed" })).toBeTruthy();
  });
});
