// What the window asks of the operating system, beside the commands: native save and open
// dialogs.
import { open, save } from "@tauri-apps/plugin-dialog";

declare global {
  interface Window {
    /** End-to-end tests answer the next native dialogs through this queue (WebDriver cannot
     * reach a GTK dialog); each entry is a path, or null for "cancelled". Empty in use. */
    __kindlyDialogAnswers?: (string | null)[];
  }
}

/** The scripted answer to this dialog, if an end-to-end test queued one. */
function scripted(): string | null | undefined {
  const q = window.__kindlyDialogAnswers;
  return q && q.length > 0 ? q.shift() : undefined;
}

/** The path the owner chose to save a file at, or null if they cancelled. */
export async function pickSavePath(defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  const answer = scripted();
  if (answer !== undefined) return answer;
  return save({ defaultPath: defaultName, filters: [filter] });
}

/** The file the owner chose to open, or null if they cancelled. */
export async function pickOpenPath(filter: { name: string; extensions: string[] }, defaultPath?: string): Promise<string | null> {
  const answer = scripted();
  if (answer !== undefined) return answer;
  const p = await open({ multiple: false, directory: false, filters: [filter], defaultPath });
  return typeof p === "string" ? p : null;
}

/** The dialogs the views use; unit tests replace them (there is no OS dialog in jsdom). */
export const dialogs = { pickSavePath, pickOpenPath };
