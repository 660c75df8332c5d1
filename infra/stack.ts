import { Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as eventSources from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { RunConfig } from "../shared/config/run-config.ts";
import { BUNDLED_FEEDS_FILE } from "./bundling.ts";
import { AlertsTopic, type TopicSubscriptionSpec } from "./constructs/alerts-topic.ts";
import { Monitoring } from "./constructs/monitoring.ts";
import { StateTable } from "./constructs/state-table.ts";
import { TreatyFunction } from "./constructs/treaty-function.ts";

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
}

/**
 * poll-feed timeout: the records of a batch are polled concurrently, so one invocation lasts about one
 * feed fetch (fetchTimeoutMs, which also bounds redirects) plus parsing, a few conditional writes and
 * publishing: twice the fetch timeout plus 20 s, at least 60 s.
 */
export function pollFeedTimeout(config: Pick<RunConfig, "fetchTimeoutMs">): Duration {
  return Duration.seconds(Math.max(60, Math.ceil(config.fetchTimeoutMs / 1000) * 2 + 20));
}
/** Records per poll-feed invocation; processed concurrently by the Powertools BatchProcessor. */
export const POLL_BATCH_SIZE = 5;
/** Receives before a poll request goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3;

export class TreatyWatchStack extends Stack {
  readonly table: StateTable;
  readonly alerts: AlertsTopic;
  readonly feedQueue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly functions: Record<"scheduleFeeds" | "pollFeed" | "effectiveDates" | "sweep", TreatyFunction>;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: TreatyWatchStackProps) {
    super(scope, id, props);
    const pollTimeout = pollFeedTimeout(props.runConfig);
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
      environment: { TABLE_NAME: table.tableName, TOPIC_ARN: topic.topicArn, FEEDS_FILE: BUNDLED_FEEDS_FILE },
      extraFiles: feedsFileInBundle,
      reservedConcurrentExecutions: props.pollConcurrency > 0 ? props.pollConcurrency : undefined,
    });
    const effectiveDates = new TreatyFunction(this, "EffectiveDates", {
      handler: "effective-dates",
      description: "Daily: applies withdrawals/accessions whose effective date has passed",
      timeout: Duration.minutes(2),
      memorySize: 256,
      environment: { TABLE_NAME: table.tableName, TOPIC_ARN: topic.topicArn, FEEDS_FILE: BUNDLED_FEEDS_FILE },
      extraFiles: feedsFileInBundle,
    });
    const sweep = new TreatyFunction(this, "Sweep", {
      handler: "sweep",
      description: "Publishes alerts still pending in the outbox",
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: { TABLE_NAME: table.tableName, TOPIC_ARN: topic.topicArn },
    });
    this.functions = { scheduleFeeds, pollFeed, effectiveDates, sweep };

    // Least privilege through grants: each function gets only what its handler calls.
    table.grantReadData(scheduleFeeds.fn);
    this.feedQueue.grantSendMessages(scheduleFeeds.fn);
    for (const fn of [pollFeed, effectiveDates, sweep]) {
      table.grantReadWriteData(fn.fn);
      // Topic.grantPublish would add kms:GenerateDataKey*; SNS needs exactly these two on the topic key.
      topic.grants.actions(fn.fn, ["sns:Publish"], { keyActions: ["kms:Decrypt", "kms:GenerateDataKey"] });
    }
    const tableArn = `<${this.getLogicalId(table.node.defaultChild as dynamodb.CfnTable)}.Arn>`;
    for (const fn of Object.values(this.functions)) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
        reason:
          "CDK's table grant covers this table's own indexes (the sparse 'pending' outbox GSI is queried); no other table is reachable.",
      });
    }

    pollFeed.fn.addEventSource(
      new eventSources.SqsEventSource(this.feedQueue, {
        batchSize: POLL_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        maxConcurrency: props.pollConcurrency > 1 ? props.pollConcurrency : undefined,
      }),
    );

    new events.Rule(this, "ScheduleFeedsEvery5Minutes", {
      description: "Treaty Watch: enqueue due feeds",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(scheduleFeeds.fn, { retryAttempts: 1 })],
    });
    new events.Rule(this, "SweepEvery5Minutes", {
      description: "Treaty Watch: publish pending alerts",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(sweep.fn, { retryAttempts: 1 })],
    });
    new events.Rule(this, "EffectiveDatesDaily", {
      description: "Treaty Watch: advance effective dates",
      schedule: events.Schedule.cron({ minute: "15", hour: "0" }),
      targets: [new targets.LambdaFunction(effectiveDates.fn, { retryAttempts: 2 })],
    });

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
