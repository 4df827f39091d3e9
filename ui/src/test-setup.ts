// jsdom lays nothing out, so every element would measure 0×0 and the virtualized list would
// show no rows. Give elements a window's size, as the real webview does.
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 800 });

// A loaded 2-core CI machine can take more than the default second to settle a debounced
// preview; wait up to five before calling a test failed.
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { endCore } from "./backend/replay";
configure({ asyncUtilTimeout: 5000 });

// Each test's core ends with it: unmount first (no late calls), then fail the test on any call
// its fixture did not hold.
afterEach(async () => {
  cleanup();
  const unrecorded = await endCore();
  if (unrecorded.length > 0) throw new Error(`calls the fixture does not hold:\n${unrecorded.join("\n")}`);
});
