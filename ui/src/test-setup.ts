// jsdom lays nothing out, so every element would measure 0×0 and the virtualized list would
// show no rows. Give elements a window's size, as the real webview does.
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 800 });

// A loaded 2-core CI machine can take more than the default second to settle a debounced
// preview; wait up to five before calling a test failed.
import { configure } from "@testing-library/react";
configure({ asyncUtilTimeout: 5000 });
