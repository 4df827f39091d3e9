// The native open and save dialogs. Kindly's core shows them and keeps the path the owner
// chose; the window only gets a token for it (and its name, to show), which the commands that
// read or write a file take. End-to-end and unit tests answer the dialogs through the core's
// debug-only `test_answer_dialogs`.
import type { FilePurpose, PickedFile } from "./bindings";
import { unwrap, type Backend } from "./backend";

/** Where the owner chose to save, or null if they cancelled. */
export function pickSave(backend: Backend, purpose: FilePurpose, suggestedName: string): Promise<PickedFile | null> {
  return unwrap(backend.pickSave(purpose, suggestedName));
}

/** The file the owner chose to open, or null if they cancelled. */
export function pickOpen(backend: Backend, purpose: FilePurpose): Promise<PickedFile | null> {
  return unwrap(backend.pickOpen(purpose));
}
