import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchStore } from "../../bench/lib/harness.ts";
import { snsSink } from "../../shared/alerts/index.ts";
import { runCycle } from "../../shared/pipeline.ts";
import { DUMMY_CREDENTIALS, REGION } from "../alerts/fauxqs.ts";
import {
  benchDeps,
  countingSink,
  depsWith,
  faultConfig,
  guardedFetch,
  movableClock,
  openBenchStore,
  startSiteServer,
  tempDir,
  treatySites,
} from "./harness.ts";

/** fauxqs on 127.0.0.1 at a given port (0: any), with a topic and one SQS subscriber standing in for every endpoint. */
async function startSns(port: number) {
  const app = buildApp({ logger: false });
  await app.listen({ port, host: "127.0.0.1" });
  const bound = (app.server.address() as { port: number }).port;
  const endpoint = `http://127.0.0.1:${bound}`;
  const sqs = new SQSClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  const admin = new SNSClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  const { TopicArn } = await admin.send(new CreateTopicCommand({ Name: "treaty-alerts" }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "subscriber" }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  await admin.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: attrs.Attributes?.QueueArn }));
  admin.destroy();
  return {
    port: bound,
    endpoint,
    topicArn: TopicArn as string,
    /** Alert ids delivered to the subscriber so far (drains the queue). */
    async drain(): Promise<string[]> {
      const ids: string[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) return ids;
        for (const message of Messages) {
          const envelope = JSON.parse(message.Body ?? "{}") as { Message: string };
          // Real SNS delivers the structure's "sqs" body; fauxqs delivers the whole structure.
          const body = JSON.parse(envelope.Message) as { id?: string; sqs?: string };
          ids.push(body.id ?? (JSON.parse(body.sqs ?? "{}") as { id: string }).id);
          await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
        }
      }
    },
    async stop() {
      sqs.destroy();
      // Down means down: keep-alive connections too, not only the listening socket.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
    },
  };
}

/**
 * The SNS endpoint goes down in the middle of publishing and comes back: the cycle completes, the
 * failed publishes are reported with their cause and kept pending, and after recovery every alert
 * reached SNS exactly once (and the local sink exactly once: a retry skips sinks that took it).
 */
describe("SNS endpoint failing, then recovering", () => {
  const dir = tempDir("tw-faults-sns-");
  const { clock, advance } = movableClock();
  let store: BenchStore | undefined;
  let sns: Awaited<ReturnType<typeof startSns>> | undefined;
  let server: Awaited<ReturnType<typeof startSiteServer>>["server"] | undefined;
  let snsClient: SNSClient | undefined;

  afterAll(async () => {
    snsClient?.destroy();
    await sns?.stop().catch(() => {});
    await store?.close();
    await server?.close();
    dir.remove();
  });

  it("keeps failed alerts pending and publishes each exactly once after recovery", async () => {
    sns = await startSns(0);
    const { port, topicArn } = sns;
    const deliveredToSns: string[] = [];
    // The local sink runs first; on the second alert it takes SNS down (after collecting what SNS delivered).
    let seen = 0;
    const local = countingSink("local", async () => {
      seen++;
      if (seen === 2 && sns) {
        deliveredToSns.push(...(await sns.drain()));
        await sns.stop();
        sns = undefined;
      }
    });
    snsClient = new SNSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: REGION,
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
    });
    const sinks = [local, snsSink({ topicArn, client: snsClient })];

    const sites = treatySites([[0, 1], [2], [3, 4]], clock());
    const started = await startSiteServer(sites);
    server = started.server;
    store = await openBenchStore({ dataDir: dir.path, clock });
    const deps = depsWith(benchDeps({ store: store.store, sinks, clock }), guardedFetch);
    const config = faultConfig(started.urls);

    const during = await runCycle(deps, config);
    expect(during.failed).toEqual([]);
    expect(during.alertsPublished).toBe(1);
    expect(during.publishFailures.length).toBeGreaterThanOrEqual(3);
    for (const failure of during.publishFailures) {
      expect(failure.error).toMatch(/^sns:.*SNS publish of alert .* failed: .*(ECONNREFUSED|connect)/);
    }
    expect(deliveredToSns).toHaveLength(1);
    const pending = await store.store.listPendingAlerts();
    expect(pending).toHaveLength(during.publishFailures.length);
    expect(pending.every((c) => c.deliveredTo.includes("local") && c.lastError !== null)).toBe(true);

    // SNS comes back on the same endpoint (a fresh fauxqs: topic and subscriber re-created).
    sns = await startSns(port);
    advance(10 * 60_000);
    const after = await runCycle(deps, config);
    expect(after.publishFailures).toEqual([]);
    expect(after.alertsPublished).toBe(during.publishFailures.length);
    deliveredToSns.push(...(await sns.drain()));

    const alertIds = (await store.store.listChanges()).filter((c) => c.alertId).map((c) => c.alertId);
    expect(alertIds.length).toBe(1 + during.publishFailures.length);
    expect([...deliveredToSns].sort()).toEqual([...alertIds].sort());
    expect(local.duplicates()).toEqual([]);
    expect(local.published.map((a) => a.id).sort()).toEqual([...alertIds].sort());
    expect(await store.store.listPendingAlerts()).toEqual([]);

    // Nothing more on the next sweep.
    advance(10 * 60_000);
    const quiet = await runCycle(deps, config);
    expect(quiet.alertsPublished).toBe(0);
    expect(await sns.drain()).toEqual([]);
  }, 40_000);
});
