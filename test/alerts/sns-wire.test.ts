import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GSM7_BASIC, renderEmail, renderSms, renderSubject, snsSink } from "../../shared/alerts/index.ts";
import { filterPolicyFor, parseSubscriptions } from "../../shared/config/subscriptions.ts";
import { Alert } from "../../shared/model/alert.ts";
import { DUMMY_CREDENTIALS, REGION, startLocalSns } from "./fauxqs.ts";
import { makeAlert } from "./fixtures.ts";

/** Subscribers as the config file states them; the SQS queue name stands in for each endpoint. */
const config = parseSubscriptions(
  {
    webhooks: [
      { url: "https://everything.example.org/hook" },
      { url: "https://baltic.example.org/hook", filter: { treaties: ["ottawa"], countries: ["LT", "LV"] } },
      {
        url: "https://notices.example.org/hook",
        filter: { directions: ["withdraw"], stages: ["deposited", "effective"] },
      },
      { url: "https://unstaged.example.org/hook", filter: { stages: ["none"] } },
      { url: "https://who-us.example.org/hook", filter: { treaties: ["who"], countries: ["US"] } },
    ],
  },
  "inline wire-test config",
);
const subscriberNames = ["everything", "baltic", "notices", "unstaged", "who-us"] as const;

const alerts = {
  ltAnnounced: makeAlert({ id: "a-lt-announced" }),
  lvDeposited: makeAlert({ id: "a-lv-deposited", country: "LV", countryName: "Latvia", stage: "deposited" }),
  usLeftWho: makeAlert({
    id: "a-us-who-effective",
    treaty: "who",
    treatyName: "Constitution of the World Health Organization",
    country: "US",
    countryName: "United States",
    stage: "effective",
    effectiveDate: "2026-01-22",
  }),
  plSuspends: makeAlert({
    id: "a-pl-suspend",
    country: "PL",
    countryName: "Poland",
    direction: "suspend",
    stage: null,
  }),
  seJoinsNato: makeAlert({
    id: "a-se-nato",
    treaty: "nato",
    treatyName: "North Atlantic Treaty",
    country: "SE",
    countryName: "Sweden",
    direction: "join",
    stage: "effective",
    notes: ["Sweden deposited its instrument of accession in Washington."],
    // Given, as the pipeline should word an organisation (shared/state/headline.ts still says "party to the NATO").
    headline: "Sweden becomes a member of NATO",
  }),
};

const expected: Record<(typeof subscriberNames)[number], string[]> = {
  everything: ["a-lt-announced", "a-lv-deposited", "a-pl-suspend", "a-se-nato", "a-us-who-effective"],
  baltic: ["a-lt-announced", "a-lv-deposited"],
  notices: ["a-lv-deposited", "a-us-who-effective"],
  unstaged: ["a-pl-suspend"],
  "who-us": ["a-us-who-effective"],
};

interface Envelope {
  Type: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}

async function drain(sqs: SQSClient, queueUrl: string): Promise<Envelope[]> {
  const out: Envelope[] = [];
  for (let round = 0; round < 20; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) break;
    for (const m of Messages) out.push(JSON.parse(m.Body ?? "{}") as Envelope);
  }
  return out;
}

describe("snsSink over the wire to fauxqs, with filter policies from the subscriptions config", () => {
  let local: Awaited<ReturnType<typeof startLocalSns>>;
  let topicArn: string;
  const queueUrls = new Map<string, string>();
  const received = new Map<string, Envelope[]>();

  beforeAll(async () => {
    local = await startLocalSns();
    const sns = local.sns();
    const sqs = local.sqs();
    topicArn = (await sns.send(new CreateTopicCommand({ Name: "treaty-watch-alerts" }))).TopicArn ?? "";
    for (const [i, name] of subscriberNames.entries()) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `sub-${name}` }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      const policy = filterPolicyFor(config.webhooks[i]?.filter);
      await sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: "sqs",
          Endpoint: attrs.Attributes?.QueueArn,
          Attributes: policy ? { FilterPolicy: JSON.stringify(policy) } : {},
        }),
      );
      queueUrls.set(name, QueueUrl ?? "");
    }
    const sink = snsSink({ topicArn, client: sns });
    for (const alert of Object.values(alerts)) await sink.publish(alert);
    for (const [name, url] of queueUrls) received.set(name, await drain(sqs, url));
  }, 30_000);

  afterAll(async () => {
    await local?.stop();
  });

  it("delivers each subscriber exactly the alerts its filter policy selects", () => {
    for (const name of subscriberNames) {
      const ids = (received.get(name) ?? []).map((e) => (JSON.parse(JSON.parse(e.Message).sqs) as Alert).id);
      expect({ name, ids: ids.sort() }).toEqual({ name, ids: expected[name] });
    }
  });

  it("each message carries the subject, the four String attributes and every protocol body", () => {
    const all = received.get("everything") ?? [];
    expect(all).toHaveLength(5);
    for (const envelope of all) {
      expect(envelope.Type).toBe("Notification");
      expect(envelope.TopicArn).toBe(topicArn);
      const structure = JSON.parse(envelope.Message) as Record<string, string>;
      expect(Object.keys(structure).sort()).toEqual(["default", "email", "https", "lambda", "sms", "sqs"]);
      const alert = Alert.parse(JSON.parse(structure.sqs ?? ""));
      for (const key of ["default", "https", "lambda"])
        expect(JSON.parse(structure[key] ?? "")).toEqual(alert);
      expect(envelope.Subject).toBe(renderSubject(alert));
      expect(envelope.MessageAttributes).toEqual({
        treaty: { Type: "String", Value: alert.treaty },
        country: { Type: "String", Value: alert.country },
        direction: { Type: "String", Value: alert.direction },
        stage: { Type: "String", Value: alert.stage ?? "none" },
      });
      expect(structure.email).toBe(renderEmail(alert));
      expect(structure.sms).toBe(renderSms(alert));
      expect((structure.sms ?? "").length).toBeLessThanOrEqual(160);
      expect([...(structure.sms ?? "")].every((c) => GSM7_BASIC.has(c))).toBe(true);
    }
    const nato = all.find((e) => JSON.parse(JSON.parse(e.Message).sqs).id === "a-se-nato");
    expect(nato?.Subject).toBe("Sweden becomes a member of NATO");
    expect(JSON.parse(nato?.Message ?? "{}").email).toContain("Sweden deposited its instrument of accession");
  });

  it("honours AWS_ENDPOINT_URL_SNS when no client is given (standard SDK configuration)", async () => {
    const settings: Record<string, string> = {
      AWS_ENDPOINT_URL_SNS: local.endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    };
    const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
    Object.assign(process.env, settings);
    try {
      const sink = snsSink({ topicArn });
      await sink.publish(makeAlert({ id: "a-env-configured", country: "LT" }));
      await sink.close?.();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const got = await drain(local.sqs(), queueUrls.get("baltic") ?? "");
    expect(got.map((e) => JSON.parse(JSON.parse(e.Message).sqs).id)).toEqual(["a-env-configured"]);
  });

  it("throws when the topic does not exist (the alert stays pending)", async () => {
    const sink = snsSink({ topicArn: `${topicArn}-missing`, client: local.sns(1) });
    await expect(sink.publish(makeAlert())).rejects.toThrow(/SNS publish of alert .* failed/);
  });

  it("throws when the endpoint is down (stopped server), after the SDK's retries", async () => {
    const down = await startLocalSns();
    const client = down.sns(2);
    await down.stop();
    const sink = snsSink({ topicArn, client });
    await expect(sink.publish(makeAlert())).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});

describe("snsSink retries throttling with the SDK's backoff", () => {
  it("re-sends after a Throttling error and succeeds; the request is a json-structured Publish", async () => {
    const bodies: URLSearchParams[] = [];
    const server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => {
        raw += c;
      });
      req.on("end", () => {
        bodies.push(new URLSearchParams(raw));
        res.setHeader("content-type", "text/xml");
        if (bodies.length === 1) {
          res.statusCode = 400;
          res.end(
            `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
          );
          return;
        }
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-2</MessageId></PublishResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></PublishResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new SNSClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: REGION,
        credentials: DUMMY_CREDENTIALS,
      });
      const alert = makeAlert({ stage: null });
      await snsSink({ topicArn: "arn:aws:sns:us-east-1:000000000000:t", client }).publish(alert);
      expect(bodies).toHaveLength(2);
      const form = bodies[1] as URLSearchParams;
      expect(form.get("Action")).toBe("Publish");
      expect(form.get("MessageStructure")).toBe("json");
      expect(form.get("Subject")).toBe(renderSubject(alert));
      const attributes = new Map<string, string | null>();
      for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
        expect(form.get(`MessageAttributes.entry.${n}.Value.DataType`)).toBe("String");
        attributes.set(
          form.get(`MessageAttributes.entry.${n}.Name`) ?? "",
          form.get(`MessageAttributes.entry.${n}.Value.StringValue`),
        );
      }
      expect(Object.fromEntries(attributes)).toEqual({
        treaty: "ottawa",
        country: "LT",
        direction: "withdraw",
        stage: "none",
      });
      expect(bodies[0]?.toString()).toBe(form.toString());
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
