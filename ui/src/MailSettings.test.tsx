import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "./App";
import { memoryBackend } from "./backend/memory";

afterEach(cleanup);

async function openSettings() {
  const backend = memoryBackend();
  render(<App backend={backend} />);
  fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
  const card = await screen.findByRole("region", { name: "Email" });
  return { backend, card };
}

describe("Mail settings", () => {
  it("names a bad field and saves nothing", async () => {
    const { backend, card } = await openSettings();
    fireEvent.change(within(card).getByLabelText("Server"), { target: { value: "smtp.example.com" } });
    fireEvent.change(within(card).getByLabelText("Send from"), { target: { value: "jobs@" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save mail settings" }));
    expect((await within(card).findByRole("alert")).textContent).toBe("'jobs@' is not an address");
    const setup = await backend.getMailSetup();
    expect(setup.status === "ok" && setup.data.settings).toBeNull();
  });

  it("stores the password write-only, then sends a test email", async () => {
    const { backend, card } = await openSettings();
    fireEvent.change(within(card).getByLabelText("Server"), { target: { value: "smtp.example.com" } });
    fireEvent.change(within(card).getByLabelText("Username"), { target: { value: "maria" } });
    fireEvent.change(within(card).getByLabelText("Send from"), { target: { value: "jobs@example.com" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save mail settings" }));
    await waitFor(() => expect(within(card).getByRole("button", { name: "Send a test email" })).toHaveProperty("disabled", false));

    // A wrong password: the server's answer and what to do about it.
    fireEvent.change(within(card).getByLabelText("SMTP password"), { target: { value: "wrong" } });
    fireEvent.click(within(card).getByRole("button", { name: "Store in keychain" }));
    expect(await within(card).findByText("Stored in the keychain")).toBeTruthy();
    expect(within(card).queryByLabelText("SMTP password")).toBeNull();
    fireEvent.click(within(card).getByRole("button", { name: "Send a test email" }));
    expect((await within(card).findByRole("alert")).textContent).toContain("replace the password in the keychain");

    fireEvent.click(within(card).getByRole("button", { name: "Replace" }));
    fireEvent.change(within(card).getByLabelText("SMTP password"), { target: { value: "right" } });
    fireEvent.click(within(card).getByRole("button", { name: "Store in keychain" }));
    await within(card).findByText("Stored in the keychain");
    fireEvent.click(within(card).getByRole("button", { name: "Send a test email" }));
    await waitFor(() => expect(card.querySelector("#test-result")?.textContent).toBe("Sent to jobs@example.com. Check your inbox."));
    expect(backend.sent).toHaveLength(1);
  });
});
