import type { PipelineDeps, PublishReport } from "../../shared/pipeline.ts";
import { publishPending } from "../../shared/pipeline.ts";
import { count, Metric } from "./powertools.ts";

/** Drains the outbox through the core and records AlertsPublished / AlertsFailed. */
export async function publishOutbox(deps: PipelineDeps): Promise<PublishReport> {
  const report = await publishPending(deps);
  count(Metric.alertsPublished, report.published.length);
  count(Metric.alertsFailed, report.failed.length);
  return report;
}
