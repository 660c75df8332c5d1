import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod";
import type { FeedConfig } from "../shared/config/run-config.ts";
import { type FeedPollReport, pollFeed, settingsFrom } from "../shared/pipeline.ts";
import { pipelineDeps, runConfig } from "./lib/deps.ts";
import { count, instrumented, logger, Metric } from "./lib/powertools.ts";
import { publishOutbox } from "./lib/publish.ts";

const processor = new BatchProcessor(EventType.SQS);

/** The part of a schedule-feeds message that is trusted: which feed. Everything else comes from config. */
const PollRequest = z.object({ url: z.string().min(1) });

/** The feed URL a message names; throws (a record failure, DLQ after retries) if it is malformed. */
export function feedUrlFromRecord(record: SQSRecord): string {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} is not JSON`);
  }
  const parsed = PollRequest.safeParse(body);
  if (!parsed.success) throw new Error(`message ${record.messageId} names no feed: ${parsed.error.message}`);
  return parsed.data.url;
}

/**
 * The configured feed with this URL, or undefined. Only http(s) feeds: the stack refuses file: feeds
 * at synthesis, and this keeps a Lambda from reading its own disk even if one slipped in.
 */
export function configuredFeed(url: string, feeds: readonly FeedConfig[]): FeedConfig | undefined {
  return feeds.find((feed) => feed.url === url && /^https?:/i.test(feed.url));
}

/**
 * SQS -> one feed per record, polled by the core; partial batch response so only records that threw go
 * back to the queue (and, after maxReceiveCount, to the DLQ). A feed that fails to fetch or parse is not
 * a record failure: the core records it with backoff and the FeedsFailed metric counts it.
 * Only feeds in the bundled config are polled, with their configured settings: the message only names
 * one by URL. A message for any other URL is logged and dropped (FeedsRejected), not retried: retrying
 * cannot make it known, and after a deployment that removed a feed, requests still queued for it are
 * expected and must not page through the DLQ alarm. A malformed message is a record failure (a bug in
 * the sender: it goes to the DLQ, which alarms).
 * New alerts are published right away; the sweep catches any that fail here.
 */
export const handler = instrumented("poll-feed", async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const deps = pipelineDeps();
  const config = runConfig();
  const settings = settingsFrom(config);
  const reports: FeedPollReport[] = [];
  const pollRecord = async (record: SQSRecord) => {
    const url = feedUrlFromRecord(record);
    const feed = configuredFeed(url, config.feeds);
    if (!feed) {
      count(Metric.feedsRejected, 1);
      logger.warn("poll request for a feed not in the config: dropped", {
        messageId: record.messageId,
        url: url.slice(0, 300),
      });
      return null;
    }
    const report = await pollFeed(deps, feed, settings);
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
