import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

describe("Updates", () => {
  it("keeps where this computer looks for updates, refusing a plain-http address elsewhere by its field", async () => {
    const backend = startCore();
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const form = await screen.findByRole("form", { name: "Updates" });
    expect(within(form).getByText(/^This is Kindly \d+\.\d+\.\d+\./)).toBeTruthy();
    const auto = within(form).getByLabelText(/Look for a new version when Kindly starts/) as HTMLInputElement;
    // On by default; the address is Kindly's own until the owner names another.
    expect(auto.checked).toBe(true);
    const address = within(form).getByLabelText("Update address") as HTMLInputElement;
    expect(address.value).toBe("");
    // The recording's core runs from a checkout, not a package: it can't replace itself.
    expect(within(form).getByText(/was not installed from a package/)).toBeTruthy();
    expect((within(form).getByRole("button", { name: "Look now" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(address, { target: { value: "http://updates.example.com/kindly/latest.json" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    const refused = await within(form).findByRole("alert");
    expect(refused.id).toBe("up-endpoint-error");
    expect(refused.textContent).toMatch(/https address \(plain http only to this computer\)/);
    // Nothing was kept.
    expect(data(await backend.getUpdates()).endpoint).toBeNull();

    fireEvent.change(address, { target: { value: "https://updates.example.com/kindly/latest.json" } });
    fireEvent.click(auto);
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    await waitFor(async () => {
      const kept = data(await backend.getUpdates());
      expect(kept.endpoint).toBe("https://updates.example.com/kindly/latest.json");
      expect(kept.check_automatically).toBe(false);
    });
  });
});
