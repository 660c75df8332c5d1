import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, STACK_NAME } from "../../infra/create-app.ts";
import {
  MAX_RECEIVE_COUNT,
  POLL_BATCH_SIZE,
  POLL_PROCESSING_MARGIN,
  PUBLISH_LEASE_MARGIN,
  pollFeedTimeout,
} from "../../infra/stack.ts";
import { readStatusSnapshot } from "../../infra/status-snapshot.ts";
import { TABLE_ACCESS } from "../../infra/table-access.ts";
import { MAX_REQUESTS_PER_HOST } from "../../shared/runtime/deps.ts";
import { ensureTable, SPARSE_INDEX, startEmbeddedStore } from "../../shared/store/index.ts";

// One synthesis for the whole file (bundling skipped: the template is what is asserted here;
// test/infra/bundles.test.ts runs the real esbuild bundling).
type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [k: string]: any }>;
let template: Template;
let resources: Resources;
let validationReport: { pluginReports: Array<{ violations?: unknown[]; summary?: { status?: string } }> };
let feedsFile: string;

const SUBSCRIPTIONS = path.resolve("data/subscriptions.example.json");

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-infra-"));
  feedsFile = path.join(dir, "feeds.json");
  fs.writeFileSync(feedsFile, JSON.stringify({ feeds: [{ url: "https://example.org/feed.xml" }] }));
  const { app } = createApp({
    skipBundling: true,
    outdir: path.join(dir, "cdk.out"),
    context: {
      feeds: feedsFile,
      subscriptions: SUBSCRIPTIONS,
      opsEmail: "ops@example.org",
      // What the CDK CLI sets: resources carry their construct path, which these tests look up.
      "aws:cdk:enable-path-metadata": true,
    },
  });
  const assembly = app.synth();
  template = Template.fromJSON(assembly.getStackByName(STACK_NAME).template);
  resources = template.toJSON().Resources as Resources;
  validationReport = JSON.parse(
    fs.readFileSync(path.join(assembly.directory, "validation-report.json"), "utf8"),
  );
});

function logicalIdsOf(type: string, filter: (r: Resources[string]) => boolean = () => true): string[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type && filter(r))
    .map(([id]) => id);
}

function onlyId(type: string, pathPart: string): string {
  const ids = Object.entries(resources)
    .filter(([, r]) => r.Type === type && String(r.Metadata?.["aws:cdk:path"] ?? "").includes(pathPart))
    .map(([id]) => id);
  expect(ids, `${type} at ${pathPart}`).toHaveLength(1);
  return ids[0] as string;
}

const fnId = (name: string) => onlyId("AWS::Lambda::Function", `/${name}/Function/Resource`);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every Allow statement in the IAM policies attached to a function's role. */
function statementsOf(functionName: string): Statement[] {
  const role = resources[fnId(functionName)]?.Properties?.Role["Fn::GetAtt"][0];
  return Object.values(resources)
    .filter((r) => r.Type === "AWS::IAM::Policy" && r.Properties?.Roles.some((x: any) => x.Ref === role))
    .flatMap((r) => r.Properties?.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
function resourcesFor(statements: Statement[], action: string): string {
  return JSON.stringify(statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource));
}

describe("DynamoDB table", () => {
  it("is on-demand, PITR, encrypted, TTL, deletion-protected and retained", () => {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it("has exactly the keys and index the repository creates with ensureTable", async () => {
    const store = await startEmbeddedStore({ inMemory: true });
    try {
      await ensureTable(store.client, "mirror");
      const { Table } = await store.client.send(new DescribeTableCommand({ TableName: "mirror" }));
      const table = Object.values(resources).find((r) => r.Type === "AWS::DynamoDB::Table")?.Properties ?? {};
      const sortBy = <T extends { AttributeName?: string }>(list: T[]) =>
        [...list].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)));
      expect(table.KeySchema).toEqual(Table?.KeySchema);
      expect(sortBy(table.AttributeDefinitions)).toEqual(sortBy(Table?.AttributeDefinitions ?? []));
      const indexes = (list: any[]) =>
        list.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection }));
      expect(indexes(table.GlobalSecondaryIndexes)).toEqual(indexes(Table?.GlobalSecondaryIndexes ?? []));
    } finally {
      await store.close();
    }
  });
});

describe("queue, dead-letter queue and poll-feed event source", () => {
  it("redrives to the DLQ after MAX_RECEIVE_COUNT receives, visibility timeout 6x the function timeout", () => {
    const queue = resources[onlyId("AWS::SQS::Queue", "/FeedPollQueue/")]?.Properties ?? {};
    const dlqId = onlyId("AWS::SQS::Queue", "/FeedPollDeadLetterQueue/");
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] },
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    const pollTimeout = resources[fnId("PollFeed")]?.Properties?.Timeout as number;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * pollTimeout);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(resources[dlqId]?.Properties?.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it("both queues refuse non-TLS access", () => {
    for (const queuePath of ["/FeedPollQueue/", "/FeedPollDeadLetterQueue/"]) {
      const queueId = onlyId("AWS::SQS::Queue", queuePath);
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  it("feeds poll-feed with partial batch responses", () => {
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [onlyId("AWS::SQS::Queue", "/FeedPollQueue/"), "Arn"] },
      FunctionName: { Ref: fnId("PollFeed") },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: POLL_BATCH_SIZE,
    });
  });
});

describe("functions", () => {
  const names = ["ScheduleFeeds", "PollFeed", "EffectiveDates", "Sweep", "StatusSnapshot/SeedSnapshot"];

  it("are Node.js 24 on arm64, traced, with Powertools settings and their own log group", () => {
    // Ours (with the seed function) and two CDK provider frameworks: the AwsCustomResource (SMS
    // delivery-status setting) and the status snapshot's Provider.
    expect(logicalIdsOf("AWS::Lambda::Function")).toHaveLength(names.length + 2);
    for (const name of names) {
      const props = resources[fnId(name)]?.Properties ?? {};
      expect(props.Runtime).toBe("nodejs24.x");
      expect(props.Architectures).toEqual(["arm64"]);
      expect(props.Handler).toBe("index.handler");
      expect(props.TracingConfig).toEqual({ Mode: "Active" });
      expect(props.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: "treaty-watch",
        POWERTOOLS_METRICS_NAMESPACE: "TreatyWatch",
        TABLE_NAME: { Ref: onlyId("AWS::DynamoDB::Table", "/State/") },
      });
      expect(props.LoggingConfig.LogGroup).toEqual({ Ref: onlyId("AWS::Logs::LogGroup", `/${name}/Logs/`) });
      expect(props.Timeout).toBeGreaterThan(0);
    }
  });

  it("give poll-feed time for a batch whose feeds share one host (per-host request limit)", () => {
    const timeout = resources[fnId("PollFeed")]?.Properties?.Timeout as number;
    const fetchSeconds = 20; // fetchTimeoutMs default
    const waves = Math.ceil(POLL_BATCH_SIZE / MAX_REQUESTS_PER_HOST);
    expect(waves).toBe(3);
    expect(timeout).toBe(waves * fetchSeconds + POLL_PROCESSING_MARGIN.toSeconds());
    // Three news.un.org feeds in one batch fetch one after another in the worst case.
    expect(timeout).toBeGreaterThan(3 * fetchSeconds);
  });

  it("give every publisher a publish lease longer than the longest publisher's timeout", () => {
    const publishers = ["PollFeed", "EffectiveDates", "Sweep"];
    const timeouts = publishers.map((name) => resources[fnId(name)]?.Properties?.Timeout as number);
    for (const name of publishers) {
      const lease = Number(resources[fnId(name)]?.Properties?.Environment.Variables.PUBLISH_LEASE_MS);
      expect(lease).toBe((Math.max(...timeouts) + PUBLISH_LEASE_MARGIN.toSeconds()) * 1000);
      for (const timeout of timeouts) expect(lease).toBeGreaterThan(timeout * 1000);
    }
    expect(
      resources[fnId("ScheduleFeeds")]?.Properties?.Environment.Variables.PUBLISH_LEASE_MS,
    ).toBeUndefined();
  });

  it("reserve concurrency on poll-feed only", () => {
    expect(resources[fnId("PollFeed")]?.Properties?.ReservedConcurrentExecutions).toBe(5);
    for (const name of ["ScheduleFeeds", "EffectiveDates", "Sweep"]) {
      expect(resources[fnId(name)]?.Properties?.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it("pass the queue to schedule-feeds and the alerts topic to the publishers", () => {
    const env = (name: string) => resources[fnId(name)]?.Properties?.Environment.Variables;
    expect(env("ScheduleFeeds").FEED_QUEUE_URL).toEqual({
      Ref: onlyId("AWS::SQS::Queue", "/FeedPollQueue/"),
    });
    expect(env("ScheduleFeeds").FEEDS_FILE).toBe("feeds.json");
    for (const name of ["PollFeed", "EffectiveDates", "Sweep"]) {
      expect(env(name).TOPIC_ARN).toEqual({ Ref: onlyId("AWS::SNS::Topic", "/Alerts/Topic/") });
    }
  });
});

describe("schedules", () => {
  const targetOf = (schedule: string) =>
    Object.values(resources)
      .filter((r) => r.Type === "AWS::Events::Rule" && r.Properties?.ScheduleExpression === schedule)
      .flatMap((r) => r.Properties?.Targets.map((t: any) => t.Arn["Fn::GetAtt"][0]));

  it("runs schedule-feeds and sweep every 5 minutes, effective-dates daily", () => {
    template.resourceCountIs("AWS::Events::Rule", 3);
    expect(targetOf("rate(5 minutes)").sort()).toEqual([fnId("ScheduleFeeds"), fnId("Sweep")].sort());
    expect(targetOf("cron(15 0 * * ? *)")).toEqual([fnId("EffectiveDates")]);
  });

  it("lets EventBridge invoke exactly the scheduled functions", () => {
    const invoked = Object.values(resources)
      .filter(
        (r) => r.Type === "AWS::Lambda::Permission" && r.Properties?.Principal === "events.amazonaws.com",
      )
      .map((r) => r.Properties?.FunctionName["Fn::GetAtt"][0])
      .sort();
    expect(invoked).toEqual([fnId("ScheduleFeeds"), fnId("Sweep"), fnId("EffectiveDates")].sort());
  });
});

describe("alerts topic", () => {
  const topicId = () => onlyId("AWS::SNS::Topic", "/Alerts/Topic/");

  it("is encrypted with its own rotating KMS key and logs HTTP delivery status through a role", () => {
    const keyId = onlyId("AWS::KMS::Key", "/Alerts/Key/");
    expect(resources[keyId]?.Properties?.EnableKeyRotation).toBe(true);
    const roleId = onlyId("AWS::IAM::Role", "/Alerts/DeliveryStatusRole/");
    expect(resources[topicId()]?.Properties).toMatchObject({
      KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
      DeliveryStatusLogging: [
        {
          Protocol: "http/s",
          FailureFeedbackRoleArn: { "Fn::GetAtt": [roleId, "Arn"] },
          SuccessFeedbackRoleArn: { "Fn::GetAtt": [roleId, "Arn"] },
        },
      ],
    });
    expect(JSON.stringify(resources[roleId]?.Properties?.AssumeRolePolicyDocument)).toContain(
      "sns.amazonaws.com",
    );
  });

  it("enables SMS delivery-status logging (an account setting) with the same role", () => {
    const custom = Object.values(resources).filter((r) => r.Type === "Custom::AWS");
    expect(custom).toHaveLength(1);
    const create = JSON.stringify(custom[0]?.Properties?.Create);
    expect(create).toContain("setSMSAttributes");
    expect(create).toContain("DeliveryStatusIAMRole");
    expect(create).toContain(onlyId("AWS::IAM::Role", "/Alerts/DeliveryStatusRole/"));
  });

  it("enforces TLS by topic policy", () => {
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("has one subscription per configured subscriber, with filter policies from the config", () => {
    const subs = Object.values(resources)
      .filter((r) => r.Type === "AWS::SNS::Subscription" && r.Properties?.TopicArn.Ref === topicId())
      .map((r) => ({
        protocol: r.Properties?.Protocol,
        endpoint: r.Properties?.Endpoint,
        filter: r.Properties?.FilterPolicy,
      }))
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint));
    expect(subs).toEqual([
      {
        protocol: "sms",
        endpoint: "+37060000000",
        filter: { treaty: ["ottawa"], direction: ["withdraw"], stage: ["deposited", "effective"] },
      },
      { protocol: "email", endpoint: "alerts@example.org", filter: undefined },
      {
        protocol: "email",
        endpoint: "baltic-desk@example.org",
        filter: { treaty: ["ottawa", "ccm"], country: ["LT", "LV", "EE", "PL", "FI"] },
      },
      {
        protocol: "https",
        endpoint: "https://hooks.example.org/treaty-watch",
        filter: { direction: ["withdraw", "join", "resume"] },
      },
    ]);
  });
});

describe("alarms", () => {
  const opsTopic = () => ({ Ref: onlyId("AWS::SNS::Topic", "/Monitoring/OpsTopic/") });
  const alarm = (name: string) =>
    resources[onlyId("AWS::CloudWatch::Alarm", `/Monitoring/${name}/`)]?.Properties ?? {};

  it("every alarm notifies the encrypted operations topic (with the ops e-mail subscribed)", () => {
    const alarms = logicalIdsOf("AWS::CloudWatch::Alarm");
    expect(alarms).toHaveLength(8);
    for (const id of alarms) expect(resources[id]?.Properties?.AlarmActions).toEqual([opsTopic()]);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      TopicArn: opsTopic(),
      Protocol: "email",
      Endpoint: "ops@example.org",
    });
    const key = resources[onlyId("AWS::KMS::Key", "/Monitoring/Key/")]?.Properties;
    expect(JSON.stringify(key?.KeyPolicy)).toContain("cloudwatch.amazonaws.com");
  });

  it("watch the DLQ depth and each function's errors", () => {
    expect(alarm("DeadLetterQueueDepth")).toMatchObject({
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [
        {
          Name: "QueueName",
          Value: { "Fn::GetAtt": [onlyId("AWS::SQS::Queue", "/FeedPollDeadLetterQueue/"), "QueueName"] },
        },
      ],
      Threshold: 1,
    });
    for (const name of ["ScheduleFeeds", "PollFeed", "EffectiveDates", "Sweep"]) {
      expect(alarm(`${name}Errors`)).toMatchObject({
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId(name) } }],
      });
    }
  });

  it("compute the feed failure ratio with metric math over the EMF metrics", () => {
    const metrics = alarm("FeedFailureRatio").Metrics as any[];
    expect(metrics.find((m) => m.ReturnData !== false)?.Expression).toBe(
      "IF(polled > 0, failed / polled, 0)",
    );
    const names = metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat.Metric.MetricName]);
    expect(names.sort()).toEqual([
      ["failed", "FeedsFailed"],
      ["polled", "FeedsPolled"],
    ]);
    for (const m of metrics.filter((x) => x.MetricStat)) {
      expect(m.MetricStat.Metric).toMatchObject({
        Namespace: "TreatyWatch",
        Dimensions: [{ Name: "service", Value: "treaty-watch" }],
      });
    }
  });

  it("page on persistent publish failures and on old pending alerts (missing data breaches)", () => {
    expect(alarm("PublishFailures")).toMatchObject({ MetricName: "AlertsFailed", Namespace: "TreatyWatch" });
    expect(alarm("PendingAlertAge")).toMatchObject({
      MetricName: "OldestPendingAlertAgeSeconds",
      Statistic: "Maximum",
      Threshold: 1800,
      TreatMissingData: "breaching",
    });
  });
});

describe("IAM: least privilege", () => {
  const tableId = () => onlyId("AWS::DynamoDB::Table", "/State/");

  it("no policy in the stack grants a wildcard action", () => {
    const actions = Object.values(resources)
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .flatMap((r) => actionsOf(r.Properties?.PolicyDocument.Statement));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
  });

  it("function roles carry no managed policies", () => {
    for (const name of ["ScheduleFeeds", "PollFeed", "EffectiveDates", "Sweep"]) {
      const role = resources[fnId(name)]?.Properties?.Role["Fn::GetAtt"][0];
      expect(resources[role]?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  const indexArn = () => ({
    "Fn::Join": ["", [{ "Fn::GetAtt": [tableId(), "Arn"] }, `/index/${SPARSE_INDEX}`]],
  });
  const tableArn = () => ({ "Fn::GetAtt": [tableId(), "Arn"] });
  /** DynamoDB statements of a function: [sorted actions, resource, condition]. */
  const dynamoStatements = (name: string) =>
    statementsOf(name)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith("dynamodb:")))
      .map((st) => ({
        actions: [st.Action].flat().sort(),
        resource: st.Resource,
        condition: (st as { Condition?: unknown }).Condition,
      }));

  it("schedule-feeds may only Query the FEEDS partition and send to the feed queue", () => {
    expect(dynamoStatements("ScheduleFeeds")).toEqual([
      {
        actions: ["dynamodb:Query"],
        resource: tableArn(),
        condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["FEEDS"] } },
      },
    ]);
    const s = statementsOf("ScheduleFeeds");
    expect(actionsOf(s)).not.toContain("sns:Publish");
    expect(resourcesFor(s, "sqs:SendMessage")).toContain(onlyId("AWS::SQS::Queue", "/FeedPollQueue/"));
  });

  it.each([
    [
      "PollFeed",
      [
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
    ],
    ["EffectiveDates", ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]],
    ["Sweep", ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]],
  ])("%s has exactly its handler's table actions, and only Query on the sparse index", (name, actions) => {
    expect(dynamoStatements(name)).toEqual([
      { actions, resource: tableArn(), condition: undefined },
      { actions: ["dynamodb:Query"], resource: indexArn(), condition: undefined },
    ]);
  });

  it("seed-snapshot may only Query, PutItem and Scan the table (Scan: listStatuses, this function only)", () => {
    expect(dynamoStatements("StatusSnapshot/SeedSnapshot")).toEqual([
      {
        actions: ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"],
        resource: tableArn(),
        condition: undefined,
      },
    ]);
    expect(dynamoStatements("StatusSnapshot/SeedSnapshot")[0]?.actions).toEqual(
      [...TABLE_ACCESS.seedSnapshot.table].sort(),
    );
    const actions = actionsOf(statementsOf("StatusSnapshot/SeedSnapshot")).sort();
    expect(actions).toEqual([
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    const seedRole = resources[fnId("StatusSnapshot/SeedSnapshot")]?.Properties?.Role["Fn::GetAtt"][0];
    expect(resources[seedRole]?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it("the snapshot's provider framework may only invoke the seed function and write its own logs", () => {
    const frameworkId = onlyId("AWS::Lambda::Function", "/StatusSnapshot/Provider/framework-onEvent/");
    const roleId = resources[frameworkId]?.Properties?.Role["Fn::GetAtt"][0];
    expect(roleId).toBe(onlyId("AWS::IAM::Role", "/StatusSnapshot/ProviderRole/"));
    expect(resources[roleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
    const statements = Object.values(resources)
      .filter((r) => r.Type === "AWS::IAM::Policy" && r.Properties?.Roles.some((x: any) => x.Ref === roleId))
      .flatMap((r) => r.Properties?.PolicyDocument.Statement as Statement[]);
    const seedArn = { "Fn::GetAtt": [fnId("StatusSnapshot/SeedSnapshot"), "Arn"] };
    expect(actionsOf(statements).sort()).toEqual([
      "lambda:GetFunction",
      "lambda:InvokeFunction",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
    expect(resourcesFor(statements, "lambda:InvokeFunction")).toBe(
      JSON.stringify([[seedArn, { "Fn::Join": ["", [seedArn, ":*"]] }]]),
    );
    expect(resourcesFor(statements, "logs:PutLogEvents")).toBe(
      JSON.stringify([
        { "Fn::GetAtt": [onlyId("AWS::Logs::LogGroup", "/StatusSnapshot/ProviderLogs/"), "Arn"] },
      ]),
    );
  });

  it("the grants are table-access.ts: no wildcard, no DeleteItem, Scan for the seeding only", () => {
    for (const [name, key] of [
      ["ScheduleFeeds", "scheduleFeeds"],
      ["PollFeed", "pollFeed"],
      ["EffectiveDates", "effectiveDates"],
      ["Sweep", "sweep"],
      ["StatusSnapshot/SeedSnapshot", "seedSnapshot"],
    ] as const) {
      const granted = dynamoStatements(name);
      expect(granted[0]?.actions).toEqual([...TABLE_ACCESS[key].table].sort());
      expect(granted[1]?.actions ?? []).toEqual([...TABLE_ACCESS[key].index].sort());
      const all = granted.flatMap((g) => g.actions);
      for (const forbidden of ["dynamodb:DeleteItem", "dynamodb:DescribeTable"]) {
        expect(all).not.toContain(forbidden);
      }
      // Scan only for the deploy-time seeding (listStatuses), never for a scheduled function.
      expect(all.includes("dynamodb:Scan")).toBe(key === "seedSnapshot");
    }
  });

  it("poll-feed, effective-dates and sweep publish only to the alerts topic", () => {
    const alertsTopic = onlyId("AWS::SNS::Topic", "/Alerts/Topic/");
    const opsTopic = onlyId("AWS::SNS::Topic", "/Monitoring/OpsTopic/");
    for (const name of ["PollFeed", "EffectiveDates", "Sweep"]) {
      const s = statementsOf(name);
      const actions = actionsOf(s);
      expect(actions).toEqual(expect.arrayContaining(["sns:Publish", "kms:GenerateDataKey"]));
      expect(resourcesFor(s, "sns:Publish")).toBe(JSON.stringify([{ Ref: alertsTopic }]));
      expect(JSON.stringify(s)).not.toContain(opsTopic);
      expect(resourcesFor(s, "kms:GenerateDataKey")).toContain(onlyId("AWS::KMS::Key", "/Alerts/Key/"));
      expect(actions).not.toContain("sqs:SendMessage");
    }
  });

  it("only poll-feed consumes the feed queue", () => {
    expect(actionsOf(statementsOf("PollFeed"))).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]),
    );
    for (const name of ["ScheduleFeeds", "EffectiveDates", "Sweep"]) {
      expect(actionsOf(statementsOf(name))).not.toContain("sqs:ReceiveMessage");
    }
  });
});

describe("status snapshot seeding at deployment", () => {
  const snapshotId = () => {
    const ids = logicalIdsOf("Custom::StatusSnapshot");
    expect(ids).toHaveLength(1);
    return ids[0] as string;
  };

  it("is a custom resource served by the Provider framework, which relays to the seed function", () => {
    const frameworkId = onlyId("AWS::Lambda::Function", "/StatusSnapshot/Provider/framework-onEvent/");
    const snapshot = resources[snapshotId()];
    expect(snapshot?.Properties?.ServiceToken).toEqual({ "Fn::GetAtt": [frameworkId, "Arn"] });
    expect(resources[frameworkId]?.Properties?.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual({
      "Fn::GetAtt": [fnId("StatusSnapshot/SeedSnapshot"), "Arn"],
    });
  });

  it("carries the digest of data/status/*.jsonl, so it runs on create and whenever a file changes", () => {
    const expected = readStatusSnapshot(path.resolve("data/status"));
    const properties = resources[snapshotId()]?.Properties ?? {};
    expect(properties.SnapshotDigest).toBe(expected.digest);
    expect(properties.SnapshotDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(properties.SnapshotFiles).toBe(expected.files.map((f) => path.basename(f)).join(","));
    expect(properties.SnapshotFiles).toContain("ottawa.jsonl");
    expect(properties.SnapshotFiles).not.toContain("SOURCES.md");
  });

  it("runs only after the seed function's role policy exists; schedules start after it", () => {
    const dependsOn: string[] = resources[snapshotId()]?.DependsOn ?? [];
    const seedRole = resources[fnId("StatusSnapshot/SeedSnapshot")]?.Properties?.Role["Fn::GetAtt"][0];
    const seedPolicy = Object.entries(resources).find(
      ([, r]) => r.Type === "AWS::IAM::Policy" && r.Properties?.Roles.some((x: any) => x.Ref === seedRole),
    )?.[0];
    expect(dependsOn).toEqual(expect.arrayContaining([fnId("StatusSnapshot/SeedSnapshot"), seedPolicy]));
    for (const rule of ["/ScheduleFeedsEvery5Minutes/", "/EffectiveDatesDaily/"]) {
      expect(resources[onlyId("AWS::Events::Rule", rule)]?.DependsOn).toContain(snapshotId());
    }
  });

  it("gives the seed function the table, the run config and the bundled folder, and no topic", () => {
    const env = resources[fnId("StatusSnapshot/SeedSnapshot")]?.Properties?.Environment.Variables;
    expect(env).toMatchObject({
      TABLE_NAME: { Ref: onlyId("AWS::DynamoDB::Table", "/State/") },
      FEEDS_FILE: "feeds.json",
      STATUS_DIR: "status",
    });
    expect(env.TOPIC_ARN).toBeUndefined();
    expect(env.PUBLISH_LEASE_MS).toBeUndefined();
  });

  const copySnapshot = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-status-"));
    for (const file of fs.readdirSync("data/status"))
      fs.copyFileSync(path.join("data/status", file), path.join(dir, file));
    return dir;
  };
  const digestOf = (dir: string) => {
    const { app } = createApp({
      skipBundling: true,
      outdir: path.join(dir, "out"),
      context: { feeds: feedsFile, statusSnapshot: dir },
    });
    const synthesized = app.synth().getStackByName(STACK_NAME).template.Resources as Resources;
    return Object.values(synthesized).find((r) => r.Type === "Custom::StatusSnapshot")?.Properties
      ?.SnapshotDigest;
  };

  it("the digest follows the files: same bytes same digest, one changed line or a new file a new one", () => {
    const dir = copySnapshot();
    // The property is the digest of the folder synthesized (-c statusSnapshot=DIR).
    const original = digestOf(dir);
    expect(original).toBe(readStatusSnapshot(dir).digest);
    expect(original).toBe(resources[snapshotId()]?.Properties?.SnapshotDigest);
    fs.writeFileSync(path.join(dir, "SOURCES.md"), "edited notes are not shipped\n");
    expect(readStatusSnapshot(dir).digest).toBe(original);
    fs.appendFileSync(
      path.join(dir, "ccm.jsonl"),
      '{"treaty":"ccm","country":"SE","status":"party","since":"2013-04-01"}\n',
    );
    const changed = readStatusSnapshot(dir).digest;
    expect(changed).not.toBe(original);
    fs.writeFileSync(
      path.join(dir, "npt.jsonl"),
      '{"treaty":"npt","country":"KP","status":"withdrawn","since":"2003-04-10"}\n',
    );
    expect(digestOf(dir)).not.toBe(changed);
  });

  it("a bad snapshot line fails synthesis with its file and line", () => {
    const dir = copySnapshot();
    fs.appendFileSync(path.join(dir, "paris.jsonl"), '{"treaty":"paris","country":"XX","status":"party"}\n');
    const lines = fs.readFileSync(path.join(dir, "paris.jsonl"), "utf8").trimEnd().split("\n").length;
    expect(() => digestOf(dir)).toThrow(new RegExp(`paris\\.jsonl:${lines}: country: "XX"`));
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("reports no unacknowledged violation", () => {
    const violations = validationReport.pluginReports.flatMap((r) => r.violations ?? []);
    expect(violations).toEqual([]);
  });

  it("is active: an unacknowledged finding fails synthesis", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-nag-"));
    const { app, stack } = createApp({ skipBundling: true, outdir: dir, context: { feeds: feedsFile } });
    new sqs.Queue(stack, "PlainQueue"); // no DLQ, no TLS enforcement
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3|AwsSolutions-SQS4/);
  });
});

describe("feeds config at synthesis", () => {
  const writeFeeds = (config: unknown) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-feeds-"));
    const file = path.join(dir, "feeds.json");
    fs.writeFileSync(file, JSON.stringify(config));
    return { dir, file };
  };

  it("refuses a file: feed, naming the entry", () => {
    const { dir, file } = writeFeeds({
      feeds: [
        { url: "https://example.org/feed.xml" },
        { name: "Replay", url: "file:///var/task/feeds/replay.xml" },
      ],
    });
    expect(() => createApp({ skipBundling: true, outdir: dir, context: { feeds: file } })).toThrow(
      /feeds\[1\] \("Replay"\) file:\/\/\/var\/task\/feeds\/replay\.xml: file: feeds cannot be deployed/,
    );
  });

  it("sizes the publish lease from the poll-feed timeout when that is the longest", () => {
    const { dir, file } = writeFeeds({
      feeds: [{ url: "https://example.org/feed.xml" }],
      fetchTimeoutMs: 120_000,
    });
    const { stack } = createApp({ skipBundling: true, outdir: dir, context: { feeds: file } });
    const props = (name: string) =>
      Object.values(Template.fromStack(stack).toJSON().Resources as Resources).find(
        (r) =>
          r.Type === "AWS::Lambda::Function" &&
          JSON.stringify(r.Properties?.Environment?.Variables ?? {}).includes("PUBLISH_LEASE_MS") &&
          r.Properties?.Description?.startsWith(name),
      )?.Properties;
    const poll = props("Polls one feed");
    // ceil(5 records / 2 per host) = 3 fetch waves of 120 s, plus 40 s.
    expect(poll?.Timeout).toBe(3 * 120 + 40);
    expect(Number(poll?.Environment.Variables.PUBLISH_LEASE_MS)).toBe((400 + 60) * 1000);
    expect(Number(props("Publishes alerts")?.Environment.Variables.PUBLISH_LEASE_MS)).toBe(460_000);
    const queue = Object.values(Template.fromStack(stack).toJSON().Resources as Resources).find(
      (r) => r.Type === "AWS::SQS::Queue" && r.Properties?.RedrivePolicy,
    );
    expect(queue?.Properties?.VisibilityTimeout).toBe(6 * 400);
  });

  it("sizes poll-feed from the per-host limit, and refuses a fetch timeout Lambda cannot hold", () => {
    expect(pollFeedTimeout({ fetchTimeoutMs: 20_000 }).toSeconds()).toBe(100);
    expect(pollFeedTimeout({ fetchTimeoutMs: 20_000 }, 2).toSeconds()).toBe(60); // one wave: the floor
    expect(pollFeedTimeout({ fetchTimeoutMs: 20_000 }, 6).toSeconds()).toBe(3 * 20 + 40);
    expect(pollFeedTimeout({ fetchTimeoutMs: 20_500 }).toSeconds()).toBe(3 * 21 + 40);
    expect(() => pollFeedTimeout({ fetchTimeoutMs: 300_000 })).toThrow(
      /fetchTimeoutMs 300000: poll-feed would need 940 s .* over Lambda's 900 s limit/,
    );
  });
});
