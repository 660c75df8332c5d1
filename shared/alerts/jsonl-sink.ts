import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { AlertSink } from "./sink.ts";

/**
 * `--alerts-out FILE`: appends one Alert JSON per line, creating parent folders. Each line is written
 * with a single append call so concurrent writers never interleave within a line.
 */
export function jsonlFileSink(path: string): AlertSink {
  return {
    name: `jsonl:${path}`,
    async publish(alert) {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${JSON.stringify(alert)}\n`, "utf8");
    },
  };
}
