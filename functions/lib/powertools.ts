import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { Context } from "aws-lambda";
import type { PipelineLogger } from "../../shared/pipeline.ts";

// Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE,
// set by the stack to the values the alarms use (infra/constructs/treaty-function.ts).
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

/** EMF metric names; the alarms in infra/constructs/monitoring.ts read the same names. */
export const Metric = {
  feedsScheduled: "FeedsScheduled",
  feedsPolled: "FeedsPolled",
  feedsFailed: "FeedsFailed",
  /** Poll requests naming a feed that is not configured (dropped). */
  feedsRejected: "FeedsRejected",
  itemsNew: "ItemsNew",
  eventsExtracted: "EventsExtracted",
  changesDetected: "ChangesDetected",
  alertsPublished: "AlertsPublished",
  alertsFailed: "AlertsFailed",
  pendingAlerts: "PendingAlerts",
  oldestPendingAlertAge: "OldestPendingAlertAgeSeconds",
  /** Pairs seeded from the bundled status snapshot at deployment. */
  statusesSeeded: "StatusesSeeded",
} as const;

export function count(name: string, value: number): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** The core's logger interface on top of the Powertools logger (structured JSON, request id). */
export const pipelineLogger: PipelineLogger = {
  info: (message, data) => logger.info(message, { ...data }),
  warn: (message, data) => logger.warn(message, { ...data }),
  error: (message, data) => logger.error(message, { ...data }),
};

/**
 * Wraps a handler with Powertools: Lambda context in every log line, a traced subsegment annotated with
 * cold start, the cold-start metric, and the EMF metrics flushed even when the handler throws.
 */
export function instrumented<E, R>(
  name: string,
  handle: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric();
    const facade = tracer.getSegment();
    const segment = facade?.addNewSubsegment(`## ${name}`);
    if (segment) tracer.setSegment(segment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      const result = await handle(event, context);
      tracer.addResponseAsMetadata(result, name);
      return result;
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      logger.error(`${name} failed`, error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
      segment?.close();
      if (facade) tracer.setSegment(facade);
    }
  };
}
