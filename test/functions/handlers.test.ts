import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { PublishCommand } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type {
  CloudFormationCustomResourceEvent,
  Context,
  ScheduledEvent,
  SQSEvent,
  SQSRecord,
} from "aws-lambda";
import { startFauxqs } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as EffectiveDatesModule from "../../functions/effective-dates.ts";
import type * as DepsModule from "../../functions/lib/deps.ts";
import type * as PowertoolsModule from "../../functions/lib/powertools.ts";
import type * as PollFeedModule from "../../functions/poll-feed.ts";
import type * as ScheduleFeedsModule from "../../functions/schedule-feeds.ts";
import type * as SeedSnapshotModule from "../../functions/seed-snapshot.ts";
import type * as SweepModule from "../../functions/sweep.ts";
import { TABLE_ACCESS, type TableUser } from "../../infra/table-access.ts";
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

/**
 * One DynamoDB request as a handler sent it, read off the wire by a proxy in front of dynalite: which
 * operation, on the table or the index, and the partition keys it touches (IAM dynamodb:LeadingKeys).
 */
interface DynamoCall {
  fn: TableUser;
  action: string;
  on: "table" | "index";
  leadingKeys: string[];
}
const dynamoCalls: DynamoCall[] = [];
let currentFunction: TableUser = "scheduleFeeds";

function leadingKeysOf(body: any): string[] {
  const pk = (key: any) => key?.pk?.S as string | undefined;
  const keysOf = (request: any) => [
    ...(request.Keys ?? []).map(pk),
    ...(Array.isArray(request)
      ? request.map((r: any) => pk(r.PutRequest?.Item ?? r.DeleteRequest?.Key))
      : []),
  ];
  const found: Array<string | undefined> = [pk(body.Key), pk(body.Item)];
  const pkValue = /\bpk = (:\w+)/.exec(body.KeyConditionExpression ?? "")?.[1];
  if (pkValue) found.push(body.ExpressionAttributeValues?.[pkValue]?.S);
  for (const request of Object.values(body.RequestItems ?? {})) found.push(...keysOf(request));
  return found.filter((k): k is string => k !== undefined);
}

function startRecordingProxy(target: string): Promise<http.Server> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString("utf8") || "{}");
      dynamoCalls.push({
        fn: currentFunction,
        action: `dynamodb:${String(req.headers["x-amz-target"]).split(".")[1]}`,
        on: body.IndexName ? "index" : "table",
        leadingKeys: leadingKeysOf(body),
      });
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", (error) => res.destroy(error));
      forward.end(raw);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function invoke<R>(fn: TableUser, call: () => Promise<R>): Promise<R> {
  currentFunction = fn;
  return call();
}

let dynamoProxy: http.Server;
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
  seedSnapshot: typeof SeedSnapshotModule;
  powertools: typeof PowertoolsModule;
  deps: typeof DepsModule;
};
const metricCalls: Array<[string, number]> = [];
const metricTotal = (name: string) => metricCalls.filter(([n]) => n === name).reduce((t, [, v]) => t + v, 0);

beforeAll(async () => {
  store = await startEmbeddedStore({ inMemory: true });
  await ensureTable(store.client, TABLE);
  repository = createRepository({ client: store.client, tableName: TABLE });
  dynamoProxy = await startRecordingProxy(store.endpoint);

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

  writeStatusFixture(path.join(dir, "status"));

  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    TOPIC_ARN: topicArn,
    FEED_QUEUE_URL: feedQueue.queueUrl,
    FEEDS_FILE: "feeds.json",
    STATUS_DIR: "status",
    LAMBDA_TASK_ROOT: dir,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamoProxy.address() as AddressInfo).port}`,
    PUBLISH_LEASE_MS: "180000",
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
    seedSnapshot: await import("../../functions/seed-snapshot.ts"),
    powertools: await import("../../functions/lib/powertools.ts"),
    deps: await import("../../functions/lib/deps.ts"),
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
  dynamoProxy?.closeAllConnections();
  await new Promise((resolve) => dynamoProxy?.close(resolve));
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

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * The snapshot folder as the stack ships it (status/*.jsonl beside the bundle), dated around today, since
 * the handler seeds as of its clock's day:
 *   ccm/NO     party since 2010                      -> seeded
 *   ottawa/PL  party, withdrawal deposited 30 days ago -> seeded with the step under way (due index)
 *   ottawa/LT  party since 2003                      -> already in the table by then: left as it is
 *   ccm/FI     party from 10 days ahead only         -> not in force today: not seeded
 */
function writeStatusFixture(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const lines = (seeds: object[]) => `${seeds.map((seed) => JSON.stringify(seed)).join("\n")}\n`;
  fs.writeFileSync(
    path.join(dir, "ottawa.jsonl"),
    lines([
      { treaty: "ottawa", country: "PL", status: "party", since: "2013-06-01" },
      {
        treaty: "ottawa",
        country: "PL",
        status: "party",
        since: isoDay(-30),
        pending: { direction: "withdraw", stage: "deposited", since: isoDay(-30) },
      },
      { treaty: "ottawa", country: "LT", status: "party", since: "2003-11-01" },
    ]),
  );
  fs.writeFileSync(
    path.join(dir, "ccm.jsonl"),
    lines([
      { treaty: "ccm", country: "NO", status: "party", since: "2010-08-01" },
      { treaty: "ccm", country: "FI", status: "party", since: isoDay(10) },
    ]),
  );
  fs.writeFileSync(path.join(dir, "SOURCES.md"), "# not a snapshot file\n");
}

/** A CloudFormation custom resource request as the CDK Provider framework passes it on. */
function customResourceEvent(
  requestType: "Create" | "Update" | "Delete",
  digest: string,
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: `arn:aws:lambda:${REGION}:123456789012:function:provider-onEvent`,
    ResponseURL: "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x",
    StackId: `arn:aws:cloudformation:${REGION}:123456789012:stack/TreatyWatch/1`,
    RequestId: `req-${requestType}`,
    LogicalResourceId: "StatusSnapshotEA0428E9",
    ResourceType: "Custom::StatusSnapshot",
    ResourceProperties: {
      ServiceToken: `arn:aws:lambda:${REGION}:123456789012:function:provider-onEvent`,
      SnapshotDigest: digest,
      SnapshotFiles: "ccm.jsonl,ottawa.jsonl",
    },
  };
  if (requestType === "Create") return { ...common, RequestType: "Create" };
  const PhysicalResourceId = "treaty-watch-status-snapshot";
  if (requestType === "Delete") return { ...common, RequestType: "Delete", PhysicalResourceId };
  return {
    ...common,
    RequestType: "Update",
    PhysicalResourceId,
    OldResourceProperties: { ...common.ResourceProperties, SnapshotDigest: "previous" },
  };
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
    const result = await invoke("scheduleFeeds", () =>
      handlers.scheduleFeeds.handler(scheduledEvent("schedule-feeds"), lambdaContext("schedule-feeds")),
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
  it("polls each record's configured feed and reports only malformed records as batch item failures", async () => {
    const records = [
      // The message's other fields are not trusted: the configured entry (default interval) is polled.
      sqsRecord(
        "m-news",
        "r1",
        JSON.stringify({ url: `${baseUrl}/news.xml`, intervalMinutes: 500_000 }),
        feedQueue.queueArn,
      ),
      sqsRecord("m-missing", "r2", JSON.stringify({ url: `${baseUrl}/missing.xml` }), feedQueue.queueArn),
      sqsRecord("m-poison", "r3", "this is not a feed", feedQueue.queueArn),
      sqsRecord("m-nourl", "r4", JSON.stringify({ name: "no url" }), feedQueue.queueArn),
    ];
    const event: SQSEvent = { Records: records };
    const response = await invoke("pollFeed", () =>
      handlers.pollFeed.handler(event, lambdaContext("poll-feed")),
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["m-nourl", "m-poison"]);

    const ok = await repository.getFeedState(`${baseUrl}/news.xml`);
    expect(ok?.lastSuccessAt).not.toBeNull();
    expect(ok?.title).toBe("Loopback Diplomacy");
    const dayFromNow = Date.now() + 24 * 3600_000;
    expect(Date.parse(ok?.nextPollAt ?? "")).toBeLessThan(dayFromNow);
    const failed = await repository.getFeedState(`${baseUrl}/missing.xml`);
    expect(failed?.consecutiveFailures).toBe(1);
    expect(failed?.lastError).toMatch(/404/);

    expect(metricTotal("FeedsPolled")).toBe(2);
    expect(metricTotal("FeedsFailed")).toBe(1);
    expect(metricTotal("ItemsNew")).toBe(1);
  });

  it("drops (does not retry) requests for feeds not in the config, never reading file: URLs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-local-feed-"));
    const localFeed = path.join(dir, "local.xml");
    fs.writeFileSync(localFeed, RSS);
    const fileUrl = new URL(`file://${localFeed}`).href;
    const rejectedBefore = metricTotal("FeedsRejected");
    const polledBefore = metricTotal("FeedsPolled");
    const event: SQSEvent = {
      Records: [
        sqsRecord("m-file", "r5", JSON.stringify({ url: fileUrl }), feedQueue.queueArn),
        sqsRecord("m-other", "r6", JSON.stringify({ url: `${baseUrl}/other.xml` }), feedQueue.queueArn),
        sqsRecord("m-ftp", "r7", JSON.stringify({ url: "ftp://example.org/x" }), feedQueue.queueArn),
      ],
    };
    const response = await invoke("pollFeed", () =>
      handlers.pollFeed.handler(event, lambdaContext("poll-feed")),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(metricTotal("FeedsRejected") - rejectedBefore).toBe(3);
    expect(metricTotal("FeedsPolled")).toBe(polledBefore);
    expect(await repository.getFeedState(fileUrl)).toBeNull();
    expect(await repository.getFeedState(`${baseUrl}/other.xml`)).toBeNull();
  });

  it("configuredFeed matches by URL only among configured http(s) feeds", () => {
    const feeds = [
      { url: "https://example.org/a.xml", name: "A", intervalMinutes: 30 },
      { url: "file:///etc/passwd" },
    ];
    expect(handlers.pollFeed.configuredFeed("https://example.org/a.xml", feeds)).toBe(feeds[0]);
    expect(handlers.pollFeed.configuredFeed("https://example.org/b.xml", feeds)).toBeUndefined();
    expect(handlers.pollFeed.configuredFeed("file:///etc/passwd", feeds)).toBeUndefined();
  });

  it("after polling, schedule-feeds finds nothing due", async () => {
    const result = await invoke("scheduleFeeds", () =>
      handlers.scheduleFeeds.handler(scheduledEvent("schedule-feeds"), lambdaContext("schedule-feeds")),
    );
    expect(result).toEqual({ due: 0, enqueued: 0 });
  });
});

describe("sweep and effective-dates", () => {
  it("sweep reports age 0 when nothing is pending", async () => {
    const result = await invoke("sweep", () =>
      handlers.sweep.handler(scheduledEvent("sweep"), lambdaContext("sweep")),
    );
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

    const result = await invoke("sweep", () =>
      handlers.sweep.handler(scheduledEvent("sweep"), lambdaContext("sweep")),
    );
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
    const result = await invoke("effectiveDates", () =>
      handlers.effectiveDates.handler(scheduledEvent("effective-dates"), lambdaContext("effective-dates")),
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

describe("seed-snapshot (deploy-time custom resource)", () => {
  it("on create, seeds the bundled snapshot as of today for the pairs with no status, and only those", async () => {
    const lithuania = await repository.loadPair("ottawa", "LT");
    expect(lithuania?.status).toBe("withdrawn"); // from the effective-dates test above
    const result = await invoke("seedSnapshot", () =>
      handlers.seedSnapshot.handler(customResourceEvent("Create", "a"), lambdaContext("seed-snapshot")),
    );
    expect(result).toEqual({
      PhysicalResourceId: "treaty-watch-status-snapshot",
      Data: { Seeded: 2, Files: 2 },
    });

    expect(metricCalls).toContainEqual(["StatusesSeeded", 2]);
    expect(await repository.loadPair("ccm", "NO")).toMatchObject({ status: "party", since: "2010-08-01" });
    const poland = await repository.loadPair("ottawa", "PL");
    expect(poland).toMatchObject({
      status: "party",
      pending: { direction: "withdraw", stage: "deposited", since: isoDay(-30) },
    });
    // Deposited: on the due list, so effective-dates publishes the effective alert on its day.
    expect(poland?.pending?.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await repository.loadPair("ottawa", "LT")).toEqual(lithuania);
    expect(await repository.loadPair("ccm", "FI")).toBeNull();
    // Seeding is history, not news: nothing waits in the outbox.
    expect(await repository.listPendingAlerts()).toEqual([]);
  });

  it("on update (snapshot changed), seeds nothing already known; delete leaves the table alone", async () => {
    const update = await invoke("seedSnapshot", () =>
      handlers.seedSnapshot.handler(customResourceEvent("Update", "b"), lambdaContext("seed-snapshot")),
    );
    expect(update).toEqual({
      PhysicalResourceId: "treaty-watch-status-snapshot",
      Data: { Seeded: 0, Files: 2 },
    });

    const callsBefore = dynamoCalls.length;
    const statusesBefore = await repository.listStatuses();
    const deleted = await invoke("seedSnapshot", () =>
      handlers.seedSnapshot.handler(customResourceEvent("Delete", "b"), lambdaContext("seed-snapshot")),
    );
    expect(deleted.PhysicalResourceId).toBe("treaty-watch-status-snapshot");
    expect(dynamoCalls.slice(callsBefore).filter((c) => c.fn === "seedSnapshot")).toEqual([]);
    expect(await repository.listStatuses()).toEqual(statusesBefore);
  });

  it("refuses a bundle without snapshot files instead of seeding nothing", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "tw-no-status-"));
    fs.writeFileSync(path.join(empty, "SOURCES.md"), "x");
    expect(() => handlers.seedSnapshot.bundledSnapshotFiles(empty)).toThrow(/holds no \*\.jsonl file/);
    expect(() => handlers.seedSnapshot.bundledSnapshotFiles(path.join(empty, "status"))).toThrow(
      /cannot be read/,
    );
  });
});

describe("publishing settings", () => {
  it("pass the stack's PUBLISH_LEASE_MS to the core", () => {
    expect(handlers.deps.pipelineDeps().publishLeaseMs).toBe(180_000);
  });

  it("bound each SNS request with connection and request timeouts", async () => {
    const client = handlers.deps.lambdaSnsClient();
    try {
      const { topicArn } = fauxqs.createTopic("timeouts");
      await client.send(new PublishCommand({ TopicArn: topicArn, Message: "ping" }));
      const handler = client.config.requestHandler as NodeHttpHandler;
      expect(handler.httpHandlerConfigs()).toMatchObject({
        connectionTimeout: 5_000,
        requestTimeout: 10_000,
      });
      expect(await client.config.maxAttempts()).toBe(5);
    } finally {
      client.destroy();
    }
  });
});

describe("IAM grants cover what the handlers send", () => {
  it("every DynamoDB request was an action granted to that function, on the table or the index", () => {
    const seen = new Set(dynamoCalls.map((c) => c.fn));
    expect([...seen].sort()).toEqual([
      "effectiveDates",
      "pollFeed",
      "scheduleFeeds",
      "seedSnapshot",
      "sweep",
    ]);
    for (const call of dynamoCalls) {
      const granted: readonly string[] = TABLE_ACCESS[call.fn][call.on];
      expect(granted, `${call.fn}: ${call.action} on the ${call.on}`).toContain(call.action);
    }
  });

  it("seed-snapshot uses every action it is granted (Scan for listStatuses), on the table only", () => {
    const calls = dynamoCalls.filter((c) => c.fn === "seedSnapshot");
    expect(calls.every((c) => c.on === "table")).toBe(true);
    expect([...new Set(calls.map((c) => c.action))].sort()).toEqual(
      [...TABLE_ACCESS.seedSnapshot.table].sort(),
    );
  });

  it("schedule-feeds only reads the FEEDS partition (its LeadingKeys condition)", () => {
    const calls = dynamoCalls.filter((c) => c.fn === "scheduleFeeds");
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.leadingKeys).toEqual(["FEEDS"]);
  });
});
