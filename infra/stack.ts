import { Duration, Stack, type StackProps } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as eventSources from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { RunConfig } from "../shared/config/run-config.ts";
import { MAX_REQUESTS_PER_HOST } from "../shared/runtime/deps.ts";
import { BUNDLED_FEEDS_FILE } from "./bundling.ts";
import { AlertsTopic, type TopicSubscriptionSpec } from "./constructs/alerts-topic.ts";
import { Monitoring } from "./constructs/monitoring.ts";
import { StateTable, TABLE_KEYS } from "./constructs/state-table.ts";
import { StatusSnapshotSeeding } from "./constructs/status-snapshot-seeding.ts";
import { TreatyFunction } from "./constructs/treaty-function.ts";
import type { StatusSnapshot } from "./status-snapshot.ts";
import { TABLE_ACCESS, type TableAccess } from "./table-access.ts";

export interface TreatyWatchStackProps extends StackProps {
  /** Absolute path of the feeds/run config file, copied into the bundles that read it. */
  feedsFile: string;
  /** Its parsed content (validated at synthesis): sizes the poll-feed timeout. */
  runConfig: RunConfig;
  subscriptions: readonly TopicSubscriptionSpec[];
  /** Reserved concurrency of poll-feed (0 = none): caps parallel requests to feed hosts. */
  pollConcurrency: number;
  opsEmail?: string;
  /** Defaults to true when an SMS subscription exists. */
  smsDeliveryStatusLogging?: boolean;
  /** The status snapshot (data/status/*.jsonl) seeded into the table at deployment. */
  statusSnapshot: StatusSnapshot;
}

/** Records per poll-feed invocation; processed concurrently by the Powertools BatchProcessor. */
export const POLL_BATCH_SIZE = 5;

/** Time a poll-feed invocation needs beyond its feed fetches: parsing, extraction, writes, publishing. */
export const POLL_PROCESSING_MARGIN = Duration.seconds(40);

/** Lambda's hard limit on a function timeout. */
const LAMBDA_MAX_TIMEOUT = Duration.minutes(15);

/**
 * poll-feed timeout. The records of a batch are polled concurrently, but at most MAX_REQUESTS_PER_HOST
 * requests per host run at once: a batch whose feeds all live on one host (news.un.org serves three of
 * the default feeds) fetches in ceil(batch / per-host limit) waves, each bounded by fetchTimeoutMs
 * (which also bounds redirects). Plus POLL_PROCESSING_MARGIN, at least 60 s.
 */
export function pollFeedTimeout(
  config: Pick<RunConfig, "fetchTimeoutMs">,
  batchSize: number = POLL_BATCH_SIZE,
): Duration {
  const waves = Math.ceil(batchSize / MAX_REQUESTS_PER_HOST);
  const fetchSeconds = Math.ceil(config.fetchTimeoutMs / 1000) * waves;
  const seconds = Math.max(60, fetchSeconds + POLL_PROCESSING_MARGIN.toSeconds());
  if (seconds > LAMBDA_MAX_TIMEOUT.toSeconds()) {
    throw new Error(
      `fetchTimeoutMs ${config.fetchTimeoutMs}: poll-feed would need ${seconds} s (${waves} fetch waves of ` +
        `${batchSize} records at ${MAX_REQUESTS_PER_HOST} per host, plus ${POLL_PROCESSING_MARGIN.toSeconds()} s), ` +
        `over Lambda's ${LAMBDA_MAX_TIMEOUT.toSeconds()} s limit; lower fetchTimeoutMs`,
    );
  }
  return Duration.seconds(seconds);
}

/** Time allowed beyond the longest publisher's timeout: clock skew between execution environments. */
export const PUBLISH_LEASE_MARGIN = Duration.seconds(60);

/**
 * How long a publisher's claim on a pending alert lasts (PUBLISH_LEASE_MS of the publishing functions).
 * A claim is held from just before the first send until the alert is marked published; the holder can
 * live at most its function timeout, so a lease longer than every publisher's timeout means no sweep or
 * other poll-feed re-sends an alert that is still being sent (SMS and e-mail subscribers would get it
 * twice). A publisher that dies mid-send delays that alert by at most this lease.
 */
export function publishLease(publisherTimeouts: readonly Duration[]): Duration {
  const longest = Math.max(...publisherTimeouts.map((t) => t.toSeconds()));
  return Duration.seconds(longest + PUBLISH_LEASE_MARGIN.toSeconds());
}

/** Receives before a poll request goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3;

export class TreatyWatchStack extends Stack {
  readonly table: StateTable;
  readonly alerts: AlertsTopic;
  readonly feedQueue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly functions: Record<"scheduleFeeds" | "pollFeed" | "effectiveDates" | "sweep", TreatyFunction>;
  readonly monitoring: Monitoring;
  readonly snapshotSeeding: StatusSnapshotSeeding;

  constructor(scope: Construct, id: string, props: TreatyWatchStackProps) {
    super(scope, id, props);
    const pollTimeout = pollFeedTimeout(props.runConfig);
    const effectiveDatesTimeout = Duration.minutes(2);
    const sweepTimeout = Duration.seconds(60);
    const publishLeaseMs = String(
      publishLease([pollTimeout, effectiveDatesTimeout, sweepTimeout]).toMilliseconds(),
    );
    const feedsFileInBundle: ReadonlyArray<readonly [string, string]> = [
      [props.feedsFile, BUNDLED_FEEDS_FILE],
    ];

    this.table = new StateTable(this, "State");
    const table = this.table.table;

    const hasSms = props.subscriptions.some((s) => s.protocol === "sms");
    this.alerts = new AlertsTopic(this, "Alerts", {
      subscriptions: props.subscriptions,
      smsDeliveryStatusLogging: props.smsDeliveryStatusLogging ?? hasSms,
    });
    const topic = this.alerts.topic;

    this.deadLetterQueue = new sqs.Queue(this, "FeedPollDeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.feedQueue = new sqs.Queue(this, "FeedPollQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda event sources: at least 6x the function timeout, so a message is not
      // redelivered while a (retried) invocation still works on it.
      visibilityTimeout: Duration.seconds(pollTimeout.toSeconds() * 6),
      // A poll request older than an hour is stale: the next schedule tick enqueues a fresh one.
      retentionPeriod: Duration.hours(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    const scheduleFeeds = new TreatyFunction(this, "ScheduleFeeds", {
      handler: "schedule-feeds",
      description: "Enqueues one poll request per due feed",
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: {
        TABLE_NAME: table.tableName,
        FEED_QUEUE_URL: this.feedQueue.queueUrl,
        FEEDS_FILE: BUNDLED_FEEDS_FILE,
      },
      extraFiles: feedsFileInBundle,
    });
    const pollFeed = new TreatyFunction(this, "PollFeed", {
      handler: "poll-feed",
      description: "Polls one feed per SQS record, stores changes, publishes alerts",
      timeout: pollTimeout,
      memorySize: 512,
      environment: {
        TABLE_NAME: table.tableName,
        TOPIC_ARN: topic.topicArn,
        FEEDS_FILE: BUNDLED_FEEDS_FILE,
        PUBLISH_LEASE_MS: publishLeaseMs,
      },
      extraFiles: feedsFileInBundle,
      reservedConcurrentExecutions: props.pollConcurrency > 0 ? props.pollConcurrency : undefined,
    });
    const effectiveDates = new TreatyFunction(this, "EffectiveDates", {
      handler: "effective-dates",
      description: "Daily: applies withdrawals/accessions whose effective date has passed",
      timeout: effectiveDatesTimeout,
      memorySize: 256,
      environment: {
        TABLE_NAME: table.tableName,
        TOPIC_ARN: topic.topicArn,
        FEEDS_FILE: BUNDLED_FEEDS_FILE,
        PUBLISH_LEASE_MS: publishLeaseMs,
      },
      extraFiles: feedsFileInBundle,
    });
    const sweep = new TreatyFunction(this, "Sweep", {
      handler: "sweep",
      description: "Publishes alerts still pending in the outbox",
      timeout: sweepTimeout,
      memorySize: 256,
      environment: {
        TABLE_NAME: table.tableName,
        TOPIC_ARN: topic.topicArn,
        PUBLISH_LEASE_MS: publishLeaseMs,
      },
    });
    this.functions = { scheduleFeeds, pollFeed, effectiveDates, sweep };

    // Least privilege: each function gets exactly the DynamoDB actions its handler calls (table-access.ts),
    // on the table and on the one index by name (no wildcard), and publishes only to the alerts topic.
    grantTableAccess(table, scheduleFeeds, TABLE_ACCESS.scheduleFeeds);
    grantTableAccess(table, pollFeed, TABLE_ACCESS.pollFeed);
    grantTableAccess(table, effectiveDates, TABLE_ACCESS.effectiveDates);
    grantTableAccess(table, sweep, TABLE_ACCESS.sweep);

    // Deploy-time seeding of the bundled status snapshot (pairs with no status yet), so news about a
    // known party is read against what is known rather than guessed from the first event.
    this.snapshotSeeding = new StatusSnapshotSeeding(this, "StatusSnapshot", {
      tableName: table.tableName,
      feedsFile: props.feedsFile,
      snapshot: props.statusSnapshot,
    });
    grantTableAccess(table, this.snapshotSeeding.seedFunction, TABLE_ACCESS.seedSnapshot);
    this.feedQueue.grantSendMessages(scheduleFeeds.fn);
    for (const fn of [pollFeed, effectiveDates, sweep]) {
      // Topic.grantPublish would add kms:GenerateDataKey*; SNS needs exactly these two on the topic key.
      topic.grants.actions(fn.fn, ["sns:Publish"], { keyActions: ["kms:Decrypt", "kms:GenerateDataKey"] });
    }

    pollFeed.fn.addEventSource(
      new eventSources.SqsEventSource(this.feedQueue, {
        batchSize: POLL_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        maxConcurrency: props.pollConcurrency > 1 ? props.pollConcurrency : undefined,
      }),
    );

    const pollSchedule = new events.Rule(this, "ScheduleFeedsEvery5Minutes", {
      description: "Treaty Watch: enqueue due feeds",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(scheduleFeeds.fn, { retryAttempts: 1 })],
    });
    new events.Rule(this, "SweepEvery5Minutes", {
      description: "Treaty Watch: publish pending alerts",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(sweep.fn, { retryAttempts: 1 })],
    });
    const effectiveSchedule = new events.Rule(this, "EffectiveDatesDaily", {
      description: "Treaty Watch: advance effective dates",
      schedule: events.Schedule.cron({ minute: "15", hour: "0" }),
      targets: [new targets.LambdaFunction(effectiveDates.fn, { retryAttempts: 2 })],
    });
    // On a first deployment, nothing polls or advances dates before the snapshot is in the table.
    pollSchedule.node.addDependency(this.snapshotSeeding.resource);
    effectiveSchedule.node.addDependency(this.snapshotSeeding.resource);

    this.monitoring = new Monitoring(this, "Monitoring", {
      functions: {
        ScheduleFeeds: scheduleFeeds.fn,
        PollFeed: pollFeed.fn,
        EffectiveDates: effectiveDates.fn,
        Sweep: sweep.fn,
      },
      deadLetterQueue: this.deadLetterQueue,
      opsEmail: props.opsEmail,
      pendingAlertAgeThreshold: Duration.minutes(30),
      feedFailureRatioThreshold: 0.5,
    });
  }
}

/** Adds one statement for the table and one for the sparse index, each with exactly the listed actions. */
function grantTableAccess(table: dynamodb.Table, fn: TreatyFunction, access: TableAccess): void {
  const condition = access.leadingKeys
    ? { conditions: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [...access.leadingKeys] } } }
    : {};
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...access.table], resources: [table.tableArn], ...condition }),
  );
  if (access.index.length > 0) {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...access.index],
        resources: [`${table.tableArn}/index/${TABLE_KEYS.sparseIndex.name}`],
      }),
    );
  }
}
