// Rendering the whole window in a UI test, on the core the test chose (`startCore`).
import { render, screen, waitFor } from "@testing-library/react";
import { App } from "./App";
import type { Backend } from "./backend";

/** Render Kindly and wait until it has opened (its first answer from the core arrived), so the
 * first view asks the core the same things whether it answers quickly or slowly. */
export async function renderApp() {
  const r = render(<App />);
  await waitFor(() => {
    if (screen.queryByText("Opening Kindly…")) throw new Error("still opening");
  });
  return r;
}

/** The owner's email set up with a server that asks for no login. Nothing in the UI tests is
 * sent: port 9 on loopback has no server, as a server that is down. */
export async function mailSetUp(backend: { saveSmtpSettings: Backend["saveSmtpSettings"] }) {
  const r = await backend.saveSmtpSettings({ host: "127.0.0.1", port: 9, security: "starttls", username: "", from_address: "jobs@riverside.example", reply_to: "", ca_pem: "" });
  if (r.status !== "ok") throw new Error("mail set-up");
}
