import * as path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
// Module paths, not the folders' index.ts: the store's index also exports the embedded dynalite
// store, which must not end up in a Lambda bundle.
import { snsSink } from "../../shared/alerts/sns-sink.ts";
import type { RunConfig } from "../../shared/config/run-config.ts";
import type { PipelineDeps } from "../../shared/pipeline.ts";
import { loadRunConfig } from "../../shared/runtime/config.ts";
import { createPipelineDeps } from "../../shared/runtime/deps.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { type FunctionEnv, readEnv, required } from "./env.ts";
import { pipelineLogger, tracer } from "./powertools.ts";

/**
 * Per attempt: a connection that does not open in 5 s, or a request without a response in 10 s, fails
 * and is retried (up to 5 attempts) instead of stalling the invocation until its timeout.
 */
export const SNS_REQUEST_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 10_000 } as const;

/**
 * Publish lease when PUBLISH_LEASE_MS is not set: longer than any Lambda can run (15 minutes), so a
 * claim never lapses while its holder may still be sending.
 */
export const FALLBACK_PUBLISH_LEASE_MS = 16 * 60_000;

/** The SNS client the publishing functions use: retries throttling, bounds each attempt. */
export function lambdaSnsClient(): SNSClient {
  return new SNSClient({ maxAttempts: 5, requestHandler: { ...SNS_REQUEST_TIMEOUTS } });
}

// Built once per execution environment and reused by warm invocations (connections stay open).
let cachedEnv: FunctionEnv | undefined;
let cachedStore: Repository | undefined;
let cachedDeps: PipelineDeps | undefined;
let cachedConfig: RunConfig | undefined;
let cachedSqs: SQSClient | undefined;

export function functionEnv(): FunctionEnv {
  cachedEnv ??= readEnv();
  return cachedEnv;
}

/** The DynamoDB repository on the stack's table (traced client). */
export function repository(): Repository {
  cachedStore ??= createRepository({
    client: tracer.captureAWSv3Client(new DynamoDBClient({})),
    tableName: functionEnv().TABLE_NAME,
  });
  return cachedStore;
}

/** The core's dependencies: DynamoDB repository, SNS sink (when the function publishes), Powertools log. */
export function pipelineDeps(): PipelineDeps {
  if (!cachedDeps) {
    const env = functionEnv();
    const store = repository();
    const sinks = env.TOPIC_ARN
      ? [
          snsSink({
            topicArn: env.TOPIC_ARN,
            client: tracer.captureAWSv3Client(lambdaSnsClient()),
          }),
        ]
      : [];
    cachedDeps = createPipelineDeps({
      store,
      sinks,
      log: pipelineLogger,
      publishLeaseMs: env.PUBLISH_LEASE_MS ?? FALLBACK_PUBLISH_LEASE_MS,
    });
  }
  return cachedDeps;
}

/** A file or folder the stack copied next to the handler (LAMBDA_TASK_ROOT, where the bundle lives). */
export function bundledPath(relative: string): string {
  return path.resolve(functionEnv().LAMBDA_TASK_ROOT ?? process.cwd(), relative);
}

/** The run configuration (feeds, polling and rule settings) bundled next to the handler. */
export function runConfig(): RunConfig {
  if (!cachedConfig) {
    const env = functionEnv();
    cachedConfig = loadRunConfig({ configFile: bundledPath(required(env, "FEEDS_FILE")) });
  }
  return cachedConfig;
}

export function sqsClient(): SQSClient {
  // With an endpoint override (a local SQS emulator), send there rather than to the queue URL's host.
  const local = Boolean(process.env.AWS_ENDPOINT_URL_SQS);
  cachedSqs ??= tracer.captureAWSv3Client(new SQSClient(local ? { useQueueUrlAsEndpoint: false } : {}));
  return cachedSqs;
}
