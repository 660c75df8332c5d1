import { createHash } from "node:crypto";
import type { Direction, Stage } from "../model/vocabulary.ts";

/**
 * A change's alert id: the same on every retry and on every poller that detects the same step, so
 * subscribers can drop duplicates.
 */
export function alertId(parts: {
  treaty: string;
  country: string;
  direction: Direction;
  stage: Stage | null;
  processId: string;
}): string {
  const key = [parts.treaty, parts.country, parts.direction, parts.stage ?? "-", parts.processId].join("|");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}
