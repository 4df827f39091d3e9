import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "./testing";
import { data, startCore } from "./backend/replay";

async function openTeam() {
  const backend = startCore();
  await renderApp();
  fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
  const card = await screen.findByRole("region", { name: "Team" });
  return { backend, card };
}

describe("Team", () => {
  it("names the field a server address is wrong in, and joins nothing", async () => {
    const { backend, card } = await openTeam();
    const form = within(card).getByRole("form", { name: "Join a team's server" });
    fireEvent.change(within(form).getByLabelText("Server"), { target: { value: "db example" } });
    fireEvent.change(within(form).getByLabelText("User"), { target: { value: "maria" } });
    fireEvent.click(within(form).getByRole("button", { name: "Test connection" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("a server name such as db.example.com, or an address");
    expect(within(form).getByLabelText("Server").getAttribute("aria-invalid")).toBe("true");
    expect(data(await backend.appInfo()).team).toBeNull();
  });

  it("says why a server cannot be reached, and offers no join", async () => {
    const { backend, card } = await openTeam();
    const form = within(card).getByRole("form", { name: "Join a team's server" });
    // Nothing listens on this port, here or in the recording.
    fireEvent.change(within(form).getByLabelText("Server"), { target: { value: "127.0.0.1" } });
    fireEvent.change(within(form).getByLabelText("Port"), { target: { value: "9" } });
    fireEvent.change(within(form).getByLabelText("User"), { target: { value: "maria" } });
    fireEvent.click(within(form).getByRole("button", { name: "Test connection" }));
    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toMatch(/^could not connect to the PostgreSQL server postgres:\/\/127\.0\.0\.1:9\/kindly/);
    expect(within(form).queryByRole("button", { name: "Join the team" })).toBeNull();
    expect(data(await backend.appInfo()).team).toBeNull();
  });

  it("keeps the name of the person at this computer", async () => {
    const { backend, card } = await openTeam();
    const name = within(card).getByRole("form", { name: "Your name on this computer" });
    fireEvent.change(within(name).getByLabelText(/Your name on this computer/), { target: { value: "Maria" } });
    fireEvent.click(within(name).getByRole("button", { name: "Save name" }));
    expect(await screen.findByText("Your changes now show as Maria's.")).toBeTruthy();
    await waitFor(async () => expect(data(await backend.appInfo()).desktop_name).toBe("Maria"));
  });
});
