import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GSM7_BASIC } from "../../shared/alerts/index.ts";
import { filterPolicyFor } from "../../shared/config/subscriptions.ts";
import { Alert } from "../../shared/model/alert.ts";
import { DUMMY_CREDENTIALS, REGION, startLocalSns } from "../alerts/fauxqs.ts";
import { FeedServer, rss } from "../pipeline/helpers.ts";
import { cli } from "./cli-helpers.ts";

type LocalSns = Awaited<ReturnType<typeof startLocalSns>>;

let dir: string;
let feeds: FeedServer;
let sns: LocalSns;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tw-topic-"));
  feeds = await new FeedServer().start();
  sns = await startLocalSns();
});

afterAll(async () => {
  await sns.stop();
  await feeds.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function subscribeQueue(
  topicArn: string,
  name: string,
  filter?: Parameters<typeof filterPolicyFor>[0],
) {
  const sqs = sns.sqs();
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const policy = filter ? filterPolicyFor(filter) : undefined;
  await sns.sns().send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: "sqs",
      Endpoint: attributes.Attributes?.QueueArn,
      Attributes: policy ? { FilterPolicy: JSON.stringify(policy) } : {},
    }),
  );
  return QueueUrl as string;
}

async function receiveAll(queueUrl: string) {
  const result = await sns
    .sqs()
    .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  return (result.Messages ?? []).map((m) => {
    const envelope = JSON.parse(m.Body ?? "{}");
    return {
      subject: envelope.Subject as string,
      attributes: Object.fromEntries(
        Object.entries(envelope.MessageAttributes as Record<string, { Value: string }>).map(([k, v]) => [
          k,
          v.Value,
        ]),
      ),
      message: JSON.parse(envelope.Message) as Record<string, string>,
    };
  });
}

describe("run --topic-arn against a local SNS endpoint", () => {
  it("publishes each alert once, with attributes, per-protocol bodies and a GSM-7 SMS, to the subscribers that filter for it", async () => {
    const topicArn =
      (await sns.sns().send(new CreateTopicCommand({ Name: "treaty-watch-alerts" }))).TopicArn ?? "";
    const everything = await subscribeQueue(topicArn, "everything");
    const ottawaOnly = await subscribeQueue(topicArn, "ottawa-only", { treaties: ["ottawa"] });
    const parisOnly = await subscribeQueue(topicArn, "paris-only", { treaties: ["paris"] });

    feeds.feeds.set(
      "/wire.xml",
      rss("Wire", [
        {
          guid: "lt-seimas",
          title: "Lithuania's Seimas votes to withdraw from the Ottawa Convention",
          description:
            "Lithuanian lawmakers approved the withdrawal from the treaty banning anti-personnel mines.",
          published: "2025-05-08T10:00:00Z",
        },
      ]),
    );
    const result = await cli(
      [
        "run",
        "--once",
        "--allow-private-network",
        "--feed",
        feeds.url("/wire.xml"),
        "--data-dir",
        join(dir, "store"),
        "--topic-arn",
        topicArn,
        "--now",
        "2025-05-08T12:00:00Z",
      ],
      {
        cwd: dir,
        timeoutMs: 90_000,
        env: {
          AWS_ENDPOINT_URL_SNS: sns.endpoint,
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
        },
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 alert\(s\) published/);

    const all = await receiveAll(everything);
    const ottawa = await receiveAll(ottawaOnly);
    const paris = await receiveAll(parisOnly);
    expect(paris).toHaveLength(0);
    expect(ottawa).toHaveLength(1);
    expect(all).toHaveLength(1);
    const delivered = all[0];
    expect(delivered?.attributes).toEqual({
      treaty: "ottawa",
      country: "LT",
      direction: "withdraw",
      stage: "approved",
    });
    expect(delivered?.subject.length).toBeLessThan(100);
    expect(delivered?.subject).toMatch(/Lithuania/);
    const bodies = delivered?.message ?? {};
    const alert = Alert.parse(JSON.parse(bodies.sqs ?? "{}"));
    expect(alert).toMatchObject({ treaty: "ottawa", country: "LT", stage: "approved" });
    expect(JSON.parse(bodies.https ?? "{}").id).toBe(alert.id);
    expect(JSON.parse(bodies.default ?? "{}").id).toBe(alert.id);
    expect(bodies.email).toMatch(/Sources/i);
    const sms = bodies.sms ?? "";
    expect(sms.length).toBeLessThanOrEqual(160);
    expect([...sms].every((ch) => GSM7_BASIC.has(ch))).toBe(true);
  });
});
