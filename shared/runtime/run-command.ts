import { runCycle, settingsFrom } from "../pipeline/cycle.ts";
import { EmbeddedStoreError } from "../store/embedded.ts";
import { loadRunConfig } from "./config.ts";
import { clockFrom, createPipelineDeps, stderrLogger } from "./deps.ts";
import { seedBundledMissing } from "./seed-file.ts";
import { buildSinks, closeSinks, WEBHOOK_SECRET_ENV } from "./sinks.ts";
import { openStore } from "./store.ts";
import { formatCycleReport } from "./summary.ts";

export interface RunCommandOptions {
  once?: boolean;
  interval?: number;
  config?: string;
  feed: string[];
  dataDir?: string;
  alertsOut?: string;
  now?: string;
  allowPrivateNetwork?: boolean;
  table?: string;
  topicArn?: string;
  webhook?: string[];
  json?: boolean;
  verbose?: boolean;
}

/**
 * On a shared table another publisher (a second CLI, the sweep Lambda) may pick up a pending alert:
 * hold it longer than the slowest delivery can take (webhook: 4 tries x 10 s; SNS: 5 tries x 15 s).
 */
const SHARED_TABLE_LEASE_MS = 5 * 60 * 1000;

const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/** `treaty-watch run`: one cycle (--once) or a loop until Ctrl-C. Returns the exit code. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  let config: ReturnType<typeof loadRunConfig>;
  let clock: () => Date;
  try {
    config = loadRunConfig({
      configFile: options.config,
      feeds: options.feed,
      allowPrivateNetwork: options.allowPrivateNetwork,
      intervalMinutes: options.interval,
    });
    // A loop started at --now moves on with time; a single cycle keeps the exact clock it was given.
    clock = clockFrom(options.now, { follow: !options.once });
  } catch (error) {
    process.stderr.write(`treaty-watch run: ${(error as Error).message}\n`);
    return 2;
  }
  if (config.feeds.length === 0) process.stderr.write("treaty-watch run: no feeds configured\n");

  let sinks: ReturnType<typeof buildSinks>;
  try {
    sinks = buildSinks({
      alertsOut: options.alertsOut,
      topicArn: options.topicArn,
      webhooks: options.webhook,
      webhookSecret: process.env[WEBHOOK_SECRET_ENV],
      allowPrivateNetwork: config.allowPrivateNetwork,
      // With --json, stdout carries only the JSON summaries; the readable alerts go to stderr.
      write: options.json ? (text) => process.stderr.write(text) : undefined,
    });
  } catch (error) {
    process.stderr.write(`treaty-watch run: ${(error as Error).message}\n`);
    return 2;
  }
  let opened: Awaited<ReturnType<typeof openStore>>;
  try {
    opened = await openStore({ dataDir: options.dataDir, table: options.table });
  } catch (error) {
    const where = options.table
      ? `DynamoDB table ${options.table}`
      : `the store in ${options.dataDir ?? ".treaty-watch"}`;
    const message =
      error instanceof EmbeddedStoreError
        ? error.message
        : `cannot open ${where}: ${(error as Error).message}`;
    process.stderr.write(`treaty-watch run: ${message}\n`);
    await closeSinks(sinks);
    return 1;
  }
  const deps = createPipelineDeps({
    store: opened.store,
    sinks,
    clock,
    log: stderrLogger(options.verbose),
    publishLeaseMs: options.table ? SHARED_TABLE_LEASE_MS : 0,
    allowFileFeeds: true,
  });

  let stopping = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write("stopping after the current step (Ctrl-C again to quit now)\n");
    wake?.();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    // Pairs nobody seeded yet get the bundled snapshot's line of the day; seeded pairs keep theirs.
    const seeded = await seedBundledMissing(opened.store, clock, settingsFrom(config));
    if (seeded > 0) process.stderr.write(`loaded the bundled status snapshot (${seeded} pairs)\n`);
    let first = true;
    let lastPrune = Number.NEGATIVE_INFINITY;
    while (!stopping) {
      // Pruning scans the whole store: on the first cycle, then once a day (DynamoDB's TTL does it in AWS).
      const pruneDue = !options.table && Date.now() - lastPrune >= PRUNE_EVERY_MS;
      if (pruneDue) lastPrune = Date.now();
      const report = await runCycle(deps, config, { allFeeds: first, pruneSeen: pruneDue });
      first = false;
      process.stdout.write(`${options.json ? JSON.stringify(report) : formatCycleReport(report)}\n`);
      // A cycle with a failed step did not complete: say so in the exit code; a loop goes on.
      if (options.once) return report.errors.length > 0 ? 1 : 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, config.intervalMinutes * 60_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return 0;
  } catch (error) {
    process.stderr.write(`treaty-watch run: ${(error as Error).message}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await closeSinks(sinks);
    await opened.close();
  }
}
