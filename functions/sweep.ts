import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ScheduledEvent } from "aws-lambda";
import { pipelineDeps } from "./lib/deps.ts";
import { count, instrumented, logger, Metric, metrics } from "./lib/powertools.ts";
import { publishOutbox } from "./lib/publish.ts";

export interface SweepResult {
  published: number;
  failed: number;
  stillPending: number;
  oldestPendingAgeSeconds: number;
}

/**
 * Every few minutes: publish whatever is still pending in the outbox, then report how many alerts remain
 * and how old the oldest is. The age is reported on every run (0 when none), because the alarm treats a
 * missing value as "the sweep is not running".
 */
export const handler = instrumented("sweep", async (_event: ScheduledEvent): Promise<SweepResult> => {
  const deps = pipelineDeps();
  const report = await publishOutbox(deps);
  const pending = await deps.store.listPendingAlerts();
  const now = deps.clock().getTime();
  const oldest = pending.reduce((min, change) => Math.min(min, Date.parse(change.detectedAt)), now);
  const oldestPendingAgeSeconds = Math.max(0, Math.round((now - oldest) / 1000));
  count(Metric.pendingAlerts, pending.length);
  metrics.addMetric(Metric.oldestPendingAlertAge, MetricUnit.Seconds, oldestPendingAgeSeconds);
  if (pending.length > 0)
    logger.warn("alerts still pending", { pending: pending.length, oldestPendingAgeSeconds });
  return {
    published: report.published.length,
    failed: report.failed.length,
    stillPending: pending.length,
    oldestPendingAgeSeconds,
  };
});
