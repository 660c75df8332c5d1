import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { FeedConfig } from "../shared/config/run-config.ts";
import { type FeedPollReport, pollFeed, settingsFrom } from "../shared/pipeline.ts";
import { pipelineDeps, runConfig } from "./lib/deps.ts";
import { count, instrumented, logger, Metric } from "./lib/powertools.ts";
import { publishOutbox } from "./lib/publish.ts";

const processor = new BatchProcessor(EventType.SQS);

/** The message schedule-feeds sends: one FeedConfig as JSON. */
export function feedFromRecord(record: SQSRecord): FeedConfig {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} is not JSON`);
  }
  const parsed = FeedConfig.safeParse(body);
  if (!parsed.success) throw new Error(`message ${record.messageId} is not a feed: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * SQS -> one feed per record, polled by the core; partial batch response so only records that threw go
 * back to the queue (and, after maxReceiveCount, to the DLQ). A feed that fails to fetch or parse is not
 * a record failure: the core records it with backoff and the FeedsFailed metric counts it.
 * New alerts are published right away; the sweep catches any that fail here.
 */
export const handler = instrumented("poll-feed", async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const deps = pipelineDeps();
  const settings = settingsFrom(runConfig());
  const reports: FeedPollReport[] = [];
  const pollRecord = async (record: SQSRecord) => {
    const report = await pollFeed(deps, feedFromRecord(record), settings);
    reports.push(report);
    count(Metric.feedsPolled, 1);
    if (report.status === "failed") {
      count(Metric.feedsFailed, 1);
      logger.warn("feed failed", { url: report.url, error: report.error });
    }
    count(Metric.itemsNew, report.newItems);
    count(Metric.eventsExtracted, report.events);
    count(Metric.changesDetected, report.changes);
    return report;
  };
  const response = await processPartialResponse(event, pollRecord, processor);
  if (reports.some((r) => r.changes > 0)) await publishOutbox(deps);
  logger.info("batch polled", {
    records: event.Records.length,
    failedRecords: response.batchItemFailures.length,
    feeds: reports.map((r) => ({ url: r.url, status: r.status, newItems: r.newItems, changes: r.changes })),
  });
  return response;
});
