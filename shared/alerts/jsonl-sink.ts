import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Alert } from "../model/alert.ts";
import type { AlertSink } from "./sink.ts";

/**
 * Alert ids already in the file (a process killed after appending, before the store marked the
 * alert published, sends it again on the next run), and whether a killed writer left a torn line.
 */
async function readExisting(path: string): Promise<{ ids: Set<string>; tornTail: boolean }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ids: new Set(), tornTail: false };
    throw error;
  }
  const ids = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const id = (JSON.parse(line) as { id?: unknown }).id;
      if (typeof id === "string") ids.add(id);
    } catch {
      // A torn last line from a killed writer: not an alert, nothing to remember.
    }
  }
  return { ids, tornTail: text.length > 0 && !text.endsWith("\n") };
}

/**
 * `--alerts-out FILE`: appends one Alert JSON per line, creating parent folders, and never the same
 * alert id twice (the file is read once per process). Each line is one append call so concurrent
 * writers never interleave within a line.
 */
export function jsonlFileSink(path: string): AlertSink {
  let existing: Promise<{ ids: Set<string>; tornTail: boolean }> | undefined;
  return {
    name: `jsonl:${path}`,
    async publish(alert: Alert) {
      existing ??= readExisting(path).catch((error: unknown) => {
        // Forget the failure (EACCES, EISDIR…) so the next publish reads the file again.
        existing = undefined;
        throw error;
      });
      const state = await existing;
      if (state.ids.has(alert.id)) return;
      await mkdir(dirname(path), { recursive: true });
      // After a torn line, start on a fresh line so this alert stays readable.
      await appendFile(path, `${state.tornTail ? "\n" : ""}${JSON.stringify(alert)}\n`, "utf8");
      state.tornTail = false;
      state.ids.add(alert.id);
    },
  };
}
