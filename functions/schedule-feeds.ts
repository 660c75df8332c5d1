import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import type { ScheduledEvent } from "aws-lambda";
import type { FeedConfig } from "../shared/config/run-config.ts";
import { dueFeeds } from "../shared/pipeline.ts";
import { functionEnv, pipelineDeps, runConfig, sqsClient } from "./lib/deps.ts";
import { required } from "./lib/env.ts";
import { count, instrumented, logger, Metric } from "./lib/powertools.ts";

/** SQS SendMessageBatch takes at most 10 entries. */
const SQS_BATCH = 10;

export interface ScheduleFeedsResult {
  due: number;
  enqueued: number;
}

/** EventBridge (every 5 minutes) -> the feeds whose next poll time has come -> one SQS message each. */
export const handler = instrumented(
  "schedule-feeds",
  async (_event: ScheduledEvent): Promise<ScheduleFeedsResult> => {
    const queueUrl = required(functionEnv(), "FEED_QUEUE_URL");
    const due = await dueFeeds(pipelineDeps(), runConfig());
    const failed: string[] = [];
    for (let start = 0; start < due.length; start += SQS_BATCH) {
      const batch = due.slice(start, start + SQS_BATCH);
      const { Failed = [] } = await sqsClient().send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((feed: FeedConfig, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(feed),
          })),
        }),
      );
      for (const failure of Failed) {
        failed.push(`${batch[Number(failure.Id)]?.url}: ${failure.Code} ${failure.Message ?? ""}`.trim());
      }
    }
    const enqueued = due.length - failed.length;
    count(Metric.feedsScheduled, enqueued);
    logger.info("feeds scheduled", { due: due.length, enqueued });
    // Fail the invocation so the Errors alarm fires and EventBridge retries; re-sending a feed is harmless.
    if (failed.length > 0)
      throw new Error(`could not enqueue ${failed.length} feed(s): ${failed.join("; ")}`);
    return { due: due.length, enqueued };
  },
);
