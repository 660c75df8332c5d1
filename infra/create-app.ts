import * as fs from "node:fs";
import * as path from "node:path";
import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { loadRunConfig } from "../shared/runtime/config.ts";
import { STATUS_SNAPSHOT_SOURCE } from "./bundling.ts";
import { assertHttpFeeds, loadTopicSubscriptions } from "./config.ts";
import { PROJECT_ROOT } from "./constructs/treaty-function.ts";
import { TreatyWatchStack } from "./stack.ts";
import { readStatusSnapshot } from "./status-snapshot.ts";

export const STACK_NAME = "TreatyWatch";
export const DEFAULT_FEEDS_FILE = "data/feeds.json";
export const DEFAULT_STATUS_SNAPSHOT_DIR = STATUS_SNAPSHOT_SOURCE;
/** Used when no AWS environment is configured, so synthesis never needs credentials or lookups. */
export const DEFAULT_REGION = "us-east-1";

export interface CreateAppOptions extends AppProps {
  /** Skip esbuild bundling (tests of the template only): CDK's own bundling-stacks context. */
  skipBundling?: boolean;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  return String(value);
}

function contextInteger(app: App, key: string, fallback: number): number {
  const raw = contextString(app, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`-c ${key}=${raw}: expected a whole number >= 0`);
  return value;
}

function contextBoolean(app: App, key: string): boolean | undefined {
  const raw = contextString(app, key);
  if (raw === undefined) return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new Error(`-c ${key}=${raw}: expected true or false`);
}

/**
 * Builds the CDK app from context:
 *   -c feeds=PATH            feeds config shipped to schedule-feeds (default data/feeds.json)
 *   -c subscriptions=PATH    alert subscriptions with filter policies (default: none)
 *   -c statusSnapshot=DIR    status snapshot (*.jsonl SeedLines) seeded at deployment (default data/status)
 *   -c pollConcurrency=N     reserved concurrency of poll-feed (default 5, 0 = unreserved)
 *   -c opsEmail=ADDRESS      e-mail subscribed to the operations (alarm) topic
 *   -c smsDeliveryStatusLogging=true|false  account-wide SMS delivery logging (default: if SMS subscribed)
 * cdk-nag AwsSolutions runs as a policy-validation plugin at synthesis.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: TreatyWatchStack } {
  const { skipBundling, ...appProps } = options;
  const app = new App({
    ...appProps,
    context: { ...(skipBundling ? { "aws:cdk:bundling-stacks": [] } : {}), ...appProps.context },
  });

  const feedsFile = path.resolve(PROJECT_ROOT, contextString(app, "feeds") ?? DEFAULT_FEEDS_FILE);
  if (!fs.existsSync(feedsFile)) throw new Error(`feeds config not found: ${feedsFile} (set -c feeds=PATH)`);
  // Validated here so a bad feeds file fails `cdk synth`, not the deployed functions.
  const runConfig = loadRunConfig({ configFile: feedsFile });
  assertHttpFeeds(runConfig, feedsFile);
  const subscriptionsFile = contextString(app, "subscriptions");
  // Read and validated here: a bad snapshot line fails `cdk synth`, not (silently) the deployed seeding.
  const statusSnapshot = readStatusSnapshot(
    path.resolve(PROJECT_ROOT, contextString(app, "statusSnapshot") ?? DEFAULT_STATUS_SNAPSHOT_DIR),
  );

  const stack = new TreatyWatchStack(app, STACK_NAME, {
    description: "Treaty Watch: alerts when a country moves into or out of an international treaty",
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION,
    },
    feedsFile,
    runConfig,
    subscriptions: subscriptionsFile
      ? loadTopicSubscriptions(path.resolve(PROJECT_ROOT, subscriptionsFile))
      : [],
    pollConcurrency: contextInteger(app, "pollConcurrency", 5),
    opsEmail: contextString(app, "opsEmail"),
    smsDeliveryStatusLogging: contextBoolean(app, "smsDeliveryStatusLogging"),
    statusSnapshot,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
