// Rendering the whole window in a UI test, on the core the test chose (`startCore`).
import { render, screen, waitFor } from "@testing-library/react";
import { App } from "./App";

/** Render Kindly and wait until it has opened (its first answer from the core arrived), so the
 * first view asks the core the same things whether it answers quickly or slowly. */
export async function renderApp() {
  const r = render(<App />);
  await waitFor(() => {
    if (screen.queryByText("Opening Kindly…")) throw new Error("still opening");
  });
  return r;
}
