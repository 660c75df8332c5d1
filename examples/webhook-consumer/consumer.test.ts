/**
 * The consumer kit against really signed SNS messages. A throwaway RSA key and self-signed
 * certificate (CN sns.us-east-1.amazonaws.com) are made with openssl; a local HTTPS server serves the
 * certificate and the SubscribeURL. sns-payload-validator only accepts SigningCertURLs on
 * sns.<region>.amazonaws.com, and offers `requestAgent` (an https.Agent) as its supported hook: the
 * test agent connects those host names to the loopback server and trusts the test certificate.
 */

import { execFileSync } from "node:child_process";
import { createSign, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { Agent, createServer as createHttpsServer, type RequestOptions } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PermanentDeliveryError, renderSubject, webhookSink } from "../../shared/alerts/index.ts";
import type { Alert } from "../../shared/model/alert.ts";
import { makeAlert } from "../../test/alerts/fixtures.ts";
import { createConsumerServer } from "./server.ts";

const SNS_HOST = "sns.us-east-1.amazonaws.com";
const CERT_URL = `https://${SNS_HOST}/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`;
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:treaty-watch-alerts";
const SECRET = "consumer-test-secret";

/** Routes every connection to the loopback test server; TLS still checks the name against the test CA. */
class LoopbackAgent extends Agent {
  constructor(
    private readonly port: number,
    ca: string,
  ) {
    super({ ca, keepAlive: false });
  }
  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void) {
    return super.createConnection({ ...options, host: "127.0.0.1", port: this.port }, callback);
  }
}

type SnsFields = Record<string, string>;

/** Sign like SNS: "Key\nValue\n" for the documented keys in order; SHA1 (v1) or SHA256 (v2) with RSA. */
function signSns(fields: SnsFields, version: "1" | "2", key: string): SnsFields {
  const order =
    fields.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
  for (const name of order) if (fields[name] !== undefined) signer.update(`${name}\n${fields[name]}\n`);
  return {
    ...fields,
    SignatureVersion: version,
    Signature: signer.sign(key, "base64"),
    SigningCertURL: fields.SigningCertURL ?? CERT_URL,
  };
}

function notification(alert: Alert, topicArn = TOPIC_ARN): SnsFields {
  return {
    Type: "Notification",
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Subject: renderSubject(alert),
    Message: JSON.stringify(alert),
    Timestamp: new Date().toISOString(),
    UnsubscribeURL: `https://${SNS_HOST}/?Action=Unsubscribe&SubscriptionArn=${topicArn}:abc`,
  };
}

function confirmation(topicArn = TOPIC_ARN, token = "tok-123"): SnsFields {
  return {
    Type: "SubscriptionConfirmation",
    MessageId: randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.`,
    SubscribeURL: `https://${SNS_HOST}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`,
    Timestamp: new Date().toISOString(),
  };
}

let dir: string;
let key: string;
let fakeSns: ReturnType<typeof createHttpsServer>;
const snsRequests: string[] = [];
let consumer: Server;
let consumerUrl: string;
const delivered: { id: string; via: string }[] = [];
let failNextDelivery = false;

async function postSns(fields: SnsFields): Promise<{ status: number; text: string }> {
  const res = await fetch(consumerUrl, {
    method: "POST",
    headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": fields.Type ?? "" },
    body: JSON.stringify(fields),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tw-consumer-"));
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "1",
    ].concat(["-subj", `/CN=${SNS_HOST}`, "-addext", `subjectAltName=DNS:${SNS_HOST}`]),
    { stdio: "ignore", timeout: 30_000 },
  );
  key = readFileSync(keyPath, "utf8");
  const cert = readFileSync(certPath, "utf8");

  fakeSns = createHttpsServer({ key, cert }, (req, res) => {
    snsRequests.push(req.url ?? "");
    if (req.url?.endsWith(".pem")) res.end(cert);
    else res.end("<ConfirmSubscriptionResponse/>");
  });
  await new Promise<void>((resolve) => fakeSns.listen(0, "127.0.0.1", resolve));
  const agent = new LoopbackAgent((fakeSns.address() as AddressInfo).port, cert);

  consumer = createConsumerServer({
    expectedTopicArn: TOPIC_ARN,
    webhookSecret: SECRET,
    httpsAgent: agent,
    log: () => {},
    onAlert: (alert, via) => {
      if (failNextDelivery) {
        failNextDelivery = false;
        throw new Error("database briefly unavailable");
      }
      delivered.push({ id: alert.id, via });
    },
  });
  await new Promise<void>((resolve) => consumer.listen(0, "127.0.0.1", resolve));
  consumerUrl = `http://127.0.0.1:${(consumer.address() as AddressInfo).port}/alerts`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => consumer?.close(resolve));
  await new Promise((resolve) => fakeSns?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  delivered.length = 0;
  snsRequests.length = 0;
});

describe("SNS deliveries", () => {
  it("confirms a validly signed SubscriptionConfirmation by visiting SubscribeURL", async () => {
    const res = await postSns(signSns(confirmation(), "1", key));
    expect(res).toEqual({ status: 200, text: "subscription confirmed" });
    // The validator fetched the signing certificate from the (routed) SNS host.
    expect(snsRequests.filter((u) => u.endsWith(".pem"))).toEqual([new URL(CERT_URL).pathname]);
    expect(snsRequests.filter((u) => u.startsWith("/?Action=ConfirmSubscription"))).toEqual([
      `/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=tok-123`,
    ]);
  });

  it("refuses a confirmation for another topic, even validly signed, without visiting it", async () => {
    const other = "arn:aws:sns:us-east-1:999999999999:someone-else";
    const res = await postSns(signSns(confirmation(other), "2", key));
    expect(res.status).toBe(403);
    expect(res.text).toContain("unexpected TopicArn");
    expect(snsRequests).toEqual([]);
  });

  it("accepts notifications signed with SignatureVersion 1 and 2, and deduplicates on the alert id", async () => {
    const first = makeAlert({ id: "sns-1" });
    const second = makeAlert({ id: "sns-2", country: "LV", countryName: "Latvia" });
    expect(await postSns(signSns(notification(first), "1", key))).toEqual({ status: 200, text: "delivered" });
    expect(await postSns(signSns(notification(second), "2", key))).toEqual({
      status: 200,
      text: "delivered",
    });
    // SNS redelivers with a new MessageId: same alert id, handled once.
    expect(await postSns(signSns(notification(first), "2", key))).toEqual({ status: 200, text: "duplicate" });
    expect(delivered).toEqual([
      { id: "sns-1", via: "sns" },
      { id: "sns-2", via: "sns" },
    ]);
    // The signing certificate was fetched by the first test and is cached since.
    expect(snsRequests.filter((u) => u.endsWith(".pem"))).toEqual([]);
  });

  it("rejects a message altered after signing", async () => {
    const signed = signSns(notification(makeAlert({ id: "tampered" })), "2", key);
    const forged = { ...signed, Message: JSON.stringify(makeAlert({ id: "tampered", country: "EE" })) };
    const res = await postSns(forged);
    expect(res.status).toBe(403);
    expect(res.text).toContain("Invalid Signature");
    expect(delivered).toEqual([]);
  });

  it("rejects a signing certificate that is not on an SNS host", async () => {
    const fields = {
      ...notification(makeAlert({ id: "evil-cert" })),
      SigningCertURL: "https://evil.example.com/cert.pem",
    };
    const res = await postSns(signSns(fields, "1", key));
    expect(res.status).toBe(403);
    expect(res.text).toContain("Invalid SigningCertURL");
    expect(delivered).toEqual([]);
  });

  it("rejects an unsigned notification for the right topic", async () => {
    const res = await postSns({
      ...notification(makeAlert({ id: "unsigned" })),
      SignatureVersion: "2",
      Signature: "AAAA",
      SigningCertURL: CERT_URL,
    });
    expect(res.status).toBe(403);
    expect(delivered).toEqual([]);
  });
});

describe("direct Treaty Watch webhooks (HMAC)", () => {
  const fast = { attempts: 3, baseDelayMs: 1 };

  it("accepts the webhook sink's signed POST once per alert id", async () => {
    const sink = webhookSink({ url: consumerUrl, secret: SECRET, allowPrivateNetwork: true, retry: fast });
    await sink.publish(makeAlert({ id: "direct-1" }));
    await sink.publish(makeAlert({ id: "direct-1" }));
    expect(delivered).toEqual([{ id: "direct-1", via: "direct" }]);
  });

  it("refuses a wrong secret (401, not retried by the sink)", async () => {
    const sink = webhookSink({ url: consumerUrl, secret: "wrong", allowPrivateNetwork: true, retry: fast });
    await expect(sink.publish(makeAlert({ id: "direct-bad" }))).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    expect(delivered).toEqual([]);
  });

  it("answers 500 when the handler fails, so the sink's retry delivers it exactly once", async () => {
    failNextDelivery = true;
    const sink = webhookSink({ url: consumerUrl, secret: SECRET, allowPrivateNetwork: true, retry: fast });
    await sink.publish(makeAlert({ id: "direct-retry" }));
    expect(delivered).toEqual([{ id: "direct-retry", via: "direct" }]);
  });

  it("refuses a body that is not a treaty-watch alert even when signed", async () => {
    const body = JSON.stringify({ hello: "world" });
    const { signBody } = await import("../../shared/alerts/index.ts");
    const res = await fetch(consumerUrl, {
      method: "POST",
      headers: { "x-treaty-watch-signature": signBody(body, SECRET) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(400);
    expect(delivered).toEqual([]);
  });
});
