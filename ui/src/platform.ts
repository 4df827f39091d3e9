// What the window asks of the operating system, beside the commands: a native save dialog.
import { save } from "@tauri-apps/plugin-dialog";

/** The path the owner chose to save a file at, or null if they cancelled. */
export async function pickSavePath(defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  return save({ defaultPath: defaultName, filters: [filter] });
}
