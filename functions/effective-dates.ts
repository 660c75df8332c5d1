import type { ScheduledEvent } from "aws-lambda";
import { advanceEffectiveDates, settingsFrom } from "../shared/pipeline.ts";
import { pipelineDeps, runConfig } from "./lib/deps.ts";
import { count, instrumented, logger, Metric } from "./lib/powertools.ts";
import { publishOutbox } from "./lib/publish.ts";

export interface EffectiveDatesResult {
  changes: number;
  published: number;
  publishFailures: number;
}

/** Daily: steps whose effective date has come become effective, and their alerts go out. */
export const handler = instrumented(
  "effective-dates",
  async (_event: ScheduledEvent): Promise<EffectiveDatesResult> => {
    const deps = pipelineDeps();
    const changes = await advanceEffectiveDates(deps, settingsFrom(runConfig()));
    count(Metric.changesDetected, changes);
    const report = await publishOutbox(deps);
    logger.info("effective dates advanced", { changes, published: report.published.length });
    return { changes, published: report.published.length, publishFailures: report.failed.length };
  },
);
