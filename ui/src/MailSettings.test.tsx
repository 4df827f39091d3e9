import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

async function openSettings() {
  const backend = startCore();
  await renderApp();
  fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
  const card = await screen.findByRole("region", { name: "Email" });
  return { backend, card };
}

/** The owner saves a server (as maria, sending as jobs@example.com) and stores its password. */
async function serverWithPassword(card: HTMLElement, host: string, port: string) {
  fireEvent.change(within(card).getByLabelText("Server"), { target: { value: host } });
  fireEvent.change(within(card).getByLabelText("Port"), { target: { value: port } });
  fireEvent.change(within(card).getByLabelText("Username"), { target: { value: "maria" } });
  fireEvent.change(within(card).getByLabelText("Send from"), { target: { value: "jobs@example.com" } });
  fireEvent.click(within(card).getByRole("button", { name: "Save mail settings" }));
  await waitFor(() => expect(within(card).getByRole("button", { name: "Send a test email" })).toHaveProperty("disabled", false));
  fireEvent.change(within(card).getByLabelText("SMTP password"), { target: { value: "first" } });
  fireEvent.click(within(card).getByRole("button", { name: "Store in keychain" }));
  expect(await within(card).findByText("Stored in the keychain")).toBeTruthy();
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

  it("stores the password write-only, and says what to check when the server cannot be reached", async () => {
    const { card } = await openSettings();
    // Nothing listens on this port, here or in the recording.
    await serverWithPassword(card, "127.0.0.1", "9");
    expect(within(card).queryByLabelText("SMTP password")).toBeNull();
    fireEvent.click(within(card).getByRole("button", { name: "Send a test email" }));
    expect((await within(card).findByRole("alert")).textContent).toContain("Check the server name and port");

    fireEvent.click(within(card).getByRole("button", { name: "Replace" }));
    fireEvent.change(within(card).getByLabelText("SMTP password"), { target: { value: "second" } });
    fireEvent.click(within(card).getByRole("button", { name: "Store in keychain" }));
    await within(card).findByText("Stored in the keychain");
  });

  it("keeps the password for the server it was given for, and asks again when the server changes", async () => {
    const { card } = await openSettings();
    await serverWithPassword(card, "smtp.example.com", "587");

    // A typo in the server: the password is not given to it, and the window says why.
    fireEvent.change(within(card).getByLabelText("Server"), { target: { value: "smtp.exmaple.com" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save mail settings" }));
    const changed = await within(card).findByText(/now smtp\.exmaple\.com:587/);
    expect(changed.textContent).toContain("was given for smtp.example.com:587");
    expect(within(card).queryByText("Stored in the keychain")).toBeNull();
    expect(within(card).getByLabelText("SMTP password")).toBeTruthy();

    // Back to the right server: its password is still there.
    fireEvent.change(within(card).getByLabelText("Server"), { target: { value: "smtp.example.com" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save mail settings" }));
    await within(card).findByText("Stored in the keychain");
    expect(within(card).queryByText(/was given for/)).toBeNull();
  });

  it("fills in the settings from the owner's address, and says how to get the password", async () => {
    const { card } = await openSettings();
    const find = within(card).getByRole("form", { name: "Set up from your address" });
    fireEvent.change(within(find).getByLabelText("Your email address"), { target: { value: "Owner@Gmail.com" } });
    fireEvent.click(within(find).getByRole("button", { name: "Fill in for me" }));
    const note = await within(card).findByRole("status", { name: "Gmail settings" });
    expect(note.textContent).toContain("2-Step Verification");
    expect(note.textContent).toContain("App passwords");
    expect((within(card).getByLabelText("Server") as HTMLInputElement).value).toBe("smtp.gmail.com");
    expect((within(card).getByLabelText("Port") as HTMLInputElement).value).toBe("587");
    expect((within(card).getByLabelText("Username") as HTMLInputElement).value).toBe("Owner@gmail.com");
    expect((within(card).getByLabelText("Send from") as HTMLInputElement).value).toBe("Owner@gmail.com");

    // A domain Kindly does not know: the fields are left for the owner.
    fireEvent.change(within(find).getByLabelText("Your email address"), { target: { value: "maria@riverside-cafe.example" } });
    fireEvent.click(within(find).getByRole("button", { name: "Fill in for me" }));
    await waitFor(() => expect(within(card).getByRole("status").textContent).toContain("does not know the mail settings for riverside-cafe.example"));
  });

  it("signs in with Google in the browser, with the client ID under Advanced, and says who is signed in", async () => {
    const { backend, card } = await openSettings();
    const find = within(card).getByRole("form", { name: "Set up from your address" });
    fireEvent.change(within(find).getByLabelText("Your email address"), { target: { value: "owner@gmail.com" } });
    fireEvent.click(within(find).getByRole("button", { name: "Fill in for me" }));
    const note = await within(card).findByRole("status", { name: "Gmail settings" });
    expect(note.textContent).toContain("The easiest way: Sign in with Google below");
    expect((within(card).getByLabelText("How Kindly signs in") as HTMLSelectElement).value).toBe("oauth_google");
    expect(within(card).queryByLabelText("SMTP password")).toBeNull();
    // The test's mail server stands in for Google's (nothing here reaches Google).
    fireEvent.change(within(card).getByLabelText("Server"), { target: { value: "127.0.0.1" } });
    fireEvent.change(within(card).getByLabelText("Port"), { target: { value: "9" } });

    // No client ID in this build: signing in names the field, and nothing is saved.
    fireEvent.click(within(card).getByRole("button", { name: "Sign in with Google" }));
    expect((await within(card).findByRole("alert")).textContent).toContain("no Google client ID");
    expect(data(await backend.getMailSetup()).settings).toBeNull();

    const advanced = within(card).getByRole("form", { name: "Sign-in client IDs" });
    fireEvent.change(within(advanced).getByLabelText("Google client ID"), { target: { value: "kindly-desktop" } });
    fireEvent.click(within(advanced).getByRole("button", { name: "Save client IDs" }));
    await within(advanced).findByText("Saved.");

    // The browser opens Google's page (here the test's authorization server); Kindly waits
    // on a loopback port for the answer and keeps the grant in the keychain.
    fireEvent.click(within(card).getByRole("button", { name: "Sign in with Google" }));
    expect((await within(card).findByText(/^Signed in as/)).textContent).toBe("Signed in as owner@gmail.com");
    const setup = data(await backend.getMailSetup());
    expect(setup.settings?.sign_in).toBe("oauth_google");
    expect(setup.settings?.username).toBe("owner@gmail.com");
    expect(JSON.stringify(setup)).not.toMatch(/token/i);

    fireEvent.click(within(card).getByRole("button", { name: "Sign out" }));
    expect(await within(card).findByRole("button", { name: "Sign in with Google" })).toBeTruthy();
    expect(data(await backend.getMailSetup()).signed_in_as).toBeNull();
  });
});
