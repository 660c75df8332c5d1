import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context, ScheduledEvent, SQSEvent, SQSRecord } from "aws-lambda";
import { startFauxqs } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as EffectiveDatesModule from "../../functions/effective-dates.ts";
import type * as PowertoolsModule from "../../functions/lib/powertools.ts";
import type * as PollFeedModule from "../../functions/poll-feed.ts";
import type * as ScheduleFeedsModule from "../../functions/schedule-feeds.ts";
import type * as SweepModule from "../../functions/sweep.ts";
import { applyObservation } from "../../shared/pipeline.ts";
import {
  createRepository,
  type EmbeddedStore,
  ensureTable,
  type Repository,
  startEmbeddedStore,
} from "../../shared/store/index.ts";

const REGION = "us-east-1";
const TABLE = "treaty-watch-test";

// Real AWS event shapes, as Lambda delivers them.
function scheduledEvent(rule: string): ScheduledEvent {
  return {
    version: "0",
    id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "123456789012",
    time: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:123456789012:rule/${rule}`],
    detail: {},
  };
}

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function sqsRecord(messageId: string, receiptHandle: string, body: string, queueArn: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId,
    receiptHandle,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: now,
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: REGION,
  };
}

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback Diplomacy</title><link>http://127.0.0.1/</link><description>t</description>
<item><guid isPermaLink="false">loopback-1</guid><title>Harbour festival draws record crowds</title>
<link>http://127.0.0.1/festival</link><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate>
<description>Visitors filled the old town for the annual harbour festival.</description></item>
</channel></rss>`;

let store: EmbeddedStore;
let repository: Repository;
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let feedServer: http.Server;
let baseUrl: string;
let feedQueue: { queueUrl: string; queueArn: string };
let alertsTap: { queueUrl: string };
let sqs: SQSClient;
let handlers: {
  scheduleFeeds: typeof ScheduleFeedsModule;
  pollFeed: typeof PollFeedModule;
  effectiveDates: typeof EffectiveDatesModule;
  sweep: typeof SweepModule;
  powertools: typeof PowertoolsModule;
};
const metricCalls: Array<[string, number]> = [];
const metricTotal = (name: string) => metricCalls.filter(([n]) => n === name).reduce((t, [, v]) => t + v, 0);

beforeAll(async () => {
  store = await startEmbeddedStore({ inMemory: true });
  await ensureTable(store.client, TABLE);
  repository = createRepository({ client: store.client, tableName: TABLE });

  fauxqs = await startFauxqs({ port: 0, logger: false });
  feedQueue = fauxqs.createQueue("feed-poll");
  alertsTap = fauxqs.createQueue("alerts-tap");
  const { topicArn } = fauxqs.createTopic("alerts");
  fauxqs.subscribe({ topic: "alerts", queue: "alerts-tap" });

  feedServer = http.createServer((req, res) => {
    if (req.url === "/news.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
      res.end(RSS);
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => feedServer.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-functions-"));
  fs.writeFileSync(
    path.join(dir, "feeds.json"),
    JSON.stringify({
      feeds: [{ url: `${baseUrl}/news.xml` }, { url: `${baseUrl}/missing.xml` }],
      allowPrivateNetwork: true, // the feed server is on loopback
      fetchTimeoutMs: 5_000,
    }),
  );

  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    TOPIC_ARN: topicArn,
    FEED_QUEUE_URL: feedQueue.queueUrl,
    FEEDS_FILE: "feeds.json",
    LAMBDA_TASK_ROOT: dir,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
    AWS_ENDPOINT_URL_SQS: fauxqs.address,
    AWS_ENDPOINT_URL_SNS: fauxqs.address,
    POWERTOOLS_SERVICE_NAME: "treaty-watch",
    POWERTOOLS_METRICS_NAMESPACE: "TreatyWatch",
    POWERTOOLS_TRACE_ENABLED: "false",
    POWERTOOLS_LOG_LEVEL: "ERROR",
  });
  sqs = new SQSClient({ region: REGION, endpoint: fauxqs.address });

  // Imported after the environment is set, as Lambda would load them.
  handlers = {
    scheduleFeeds: await import("../../functions/schedule-feeds.ts"),
    pollFeed: await import("../../functions/poll-feed.ts"),
    effectiveDates: await import("../../functions/effective-dates.ts"),
    sweep: await import("../../functions/sweep.ts"),
    powertools: await import("../../functions/lib/powertools.ts"),
  };
  const { metrics } = handlers.powertools;
  vi.spyOn(metrics, "addMetric").mockImplementation((name, _unit, value) => {
    metricCalls.push([name, value]);
    return metrics;
  });
  vi.spyOn(metrics, "publishStoredMetrics").mockImplementation(() => metrics);
});

afterAll(async () => {
  sqs?.destroy();
  await new Promise((resolve) => feedServer?.close(resolve));
  await fauxqs?.stop();
  await store?.close();
});

/**
 * The alert in an SNS-to-SQS envelope. With MessageStructure=json, SNS delivers the "sqs" entry to queue
 * subscribers; fauxqs passes the whole structure, so take the entry when it is there.
 */
function alertIn(body: string | undefined): Record<string, unknown> {
  const message = JSON.parse(JSON.parse(body ?? "{}").Message);
  return typeof message.sqs === "string" ? JSON.parse(message.sqs) : message;
}

async function receiveAll(queueUrl: string) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ["All"],
    }),
  );
  return Messages;
}

describe("schedule-feeds", () => {
  it("enqueues one message per due feed, each a feed config", async () => {
    const result = await handlers.scheduleFeeds.handler(
      scheduledEvent("schedule-feeds"),
      lambdaContext("schedule-feeds"),
    );
    expect(result).toEqual({ due: 2, enqueued: 2 });
    const messages = await receiveAll(feedQueue.queueUrl);
    expect(messages.map((m) => JSON.parse(m.Body ?? "{}").url).sort()).toEqual([
      `${baseUrl}/missing.xml`,
      `${baseUrl}/news.xml`,
    ]);
    expect(metricTotal("FeedsScheduled")).toBe(2);
  });
});

describe("poll-feed", () => {
  it("polls each record's feed and reports only malformed records as batch item failures", async () => {
    const records = [
      sqsRecord("m-news", "r1", JSON.stringify({ url: `${baseUrl}/news.xml` }), feedQueue.queueArn),
      sqsRecord("m-missing", "r2", JSON.stringify({ url: `${baseUrl}/missing.xml` }), feedQueue.queueArn),
      sqsRecord("m-poison", "r3", "this is not a feed", feedQueue.queueArn),
      sqsRecord("m-notfeed", "r4", JSON.stringify({ url: "ftp://example.org/x" }), feedQueue.queueArn),
    ];
    const event: SQSEvent = { Records: records };
    const response = await handlers.pollFeed.handler(event, lambdaContext("poll-feed"));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["m-notfeed", "m-poison"]);

    const ok = await repository.getFeedState(`${baseUrl}/news.xml`);
    expect(ok?.lastSuccessAt).not.toBeNull();
    expect(ok?.title).toBe("Loopback Diplomacy");
    const failed = await repository.getFeedState(`${baseUrl}/missing.xml`);
    expect(failed?.consecutiveFailures).toBe(1);
    expect(failed?.lastError).toMatch(/404/);

    expect(metricTotal("FeedsPolled")).toBe(2);
    expect(metricTotal("FeedsFailed")).toBe(1);
    expect(metricTotal("ItemsNew")).toBe(1);
  });

  it("after polling, schedule-feeds finds nothing due", async () => {
    const result = await handlers.scheduleFeeds.handler(
      scheduledEvent("schedule-feeds"),
      lambdaContext("schedule-feeds"),
    );
    expect(result).toEqual({ due: 0, enqueued: 0 });
  });
});

describe("sweep and effective-dates", () => {
  it("sweep reports age 0 when nothing is pending", async () => {
    const result = await handlers.sweep.handler(scheduledEvent("sweep"), lambdaContext("sweep"));
    expect(result).toEqual({ published: 0, failed: 0, stillPending: 0, oldestPendingAgeSeconds: 0 });
    expect(metricCalls).toContainEqual(["OldestPendingAlertAgeSeconds", 0]);
  });

  it("sweep publishes a pending alert to SNS with its filter attributes", async () => {
    // A deposited withdrawal long ago: its alert waits in the outbox, its effective date has passed.
    const outcome = await applyObservation(
      { store: repository, clock: () => new Date() },
      {
        treaty: "ottawa",
        country: "LT",
        direction: "withdraw",
        stage: "deposited",
        confidence: 0.95,
        occurredOn: "2025-06-27",
        source: {
          url: "https://example.org/lt",
          title: "Lithuania notifies the UN",
          published: null,
          feed: null,
        },
        evidence: "Lithuania deposited its instrument of withdrawal",
      },
      { confidenceThreshold: 0.5, armedConflictStates: ["UA"] },
    );
    expect(outcome.kind).toBe("change");

    const result = await handlers.sweep.handler(scheduledEvent("sweep"), lambdaContext("sweep"));
    expect(result).toMatchObject({ published: 1, failed: 0, stillPending: 0 });
    const [message] = await receiveAll(alertsTap.queueUrl);
    const envelope = JSON.parse(message?.Body ?? "{}");
    expect(envelope.MessageAttributes.treaty.Value).toBe("ottawa");
    expect(envelope.MessageAttributes.country.Value).toBe("LT");
    expect(alertIn(message?.Body)).toMatchObject({
      schema: "treaty-watch.alert/1",
      treaty: "ottawa",
      stage: "deposited",
    });
  });

  it("effective-dates advances the due withdrawal and publishes its effective alert", async () => {
    const result = await handlers.effectiveDates.handler(
      scheduledEvent("effective-dates"),
      lambdaContext("effective-dates"),
    );
    expect(result).toEqual({ changes: 1, published: 1, publishFailures: 0 });
    const [message] = await receiveAll(alertsTap.queueUrl);
    const alert = alertIn(message?.Body);
    expect(alert).toMatchObject({
      treaty: "ottawa",
      country: "LT",
      direction: "withdraw",
      stage: "effective",
    });
    expect((await repository.loadPair("ottawa", "LT"))?.status).toBe("withdrawn");
  });
});
