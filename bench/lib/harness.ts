import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { AlertSink } from "../../shared/alerts/sink.ts";
import { parseRunConfig, type RunConfig, type RunConfigInput } from "../../shared/config/run-config.ts";
import type { PipelineDeps, PipelineLogger } from "../../shared/pipeline.ts";
import { createPipelineDeps } from "../../shared/runtime/deps.ts";
import { seedBundledIfEmpty } from "../../shared/runtime/seed-file.ts";
import { EMBEDDED_TABLE } from "../../shared/runtime/store.ts";
import { startEmbeddedStore } from "../../shared/store/embedded.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { ensureTable } from "../../shared/store/table.ts";
import { type DynamoMeter, itemBytes, meterDynamo } from "./dynamo-meter.ts";

/** The embedded store exactly as `treaty-watch run` opens it, with a capacity meter on its client. */
export interface BenchStore {
  client: DynamoDBClient;
  store: Repository;
  meter: DynamoMeter;
  endpoint: string;
  dataDir: string;
  /** Pairs loaded from the bundled status snapshot (as `run` does on an empty store). */
  seeded: number;
  /** Bytes and items in the table now (a raw scan, not metered). */
  tableSize(): Promise<TableSize>;
  close(): Promise<void>;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function openBenchStore(options: {
  dataDir: string;
  clock?: () => Date;
  seed?: boolean;
  /** Bytes a Scan reads, for the meter (see meterDynamo). */
  scanBytes?: () => number | undefined;
}): Promise<BenchStore> {
  const embedded = await startEmbeddedStore({ dataDir: options.dataDir });
  const meter = meterDynamo(embedded.client, { scanBytes: options.scanBytes });
  meter.enabled = false;
  await ensureTable(embedded.client, EMBEDDED_TABLE);
  const store = createRepository({ client: embedded.client, tableName: EMBEDDED_TABLE });
  const seeded =
    options.seed === false ? 0 : await seedBundledIfEmpty(store, options.clock ?? (() => new Date()));
  meter.enabled = true;
  return {
    client: embedded.client,
    store,
    meter,
    endpoint: embedded.endpoint,
    dataDir: options.dataDir,
    seeded,
    async tableSize() {
      const wasEnabled = meter.enabled;
      meter.enabled = false;
      try {
        return await scanSize(embedded.client, EMBEDDED_TABLE);
      } finally {
        meter.enabled = wasEnabled;
      }
    },
    close: () => embedded.close(),
  };
}

export interface TableSize {
  items: number;
  bytes: number;
  /** By the item's `type` attribute (status, change, feed, seen). */
  byType: Record<string, { items: number; bytes: number }>;
}

async function scanSize(client: DynamoDBClient, tableName: string): Promise<TableSize> {
  const size: TableSize = { items: 0, bytes: 0, byType: {} };
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const bytes = itemBytes(item);
      const entry = (size.byType[item.type?.S ?? "other"] ??= { items: 0, bytes: 0 });
      entry.items++;
      entry.bytes += bytes;
      size.items++;
      size.bytes += bytes;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return size;
}

/** A logger that keeps what the core says (benchmarks print a summary, not a stream). */
export function collectingLogger(): PipelineLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, data?: Record<string, unknown>) => {
    if (lines.length < 1_000) lines.push(`${level}: ${message}${data ? ` ${JSON.stringify(data)}` : ""}`);
  };
  return { lines, info: () => {}, warn: keep("warn"), error: keep("error") };
}

/** The real pipeline dependencies (fetchFeed, extractEvents, nextPollAt, fingerprint) as the CLI builds them. */
export function benchDeps(options: {
  store: Repository;
  sinks: AlertSink[];
  clock: () => Date;
  log?: PipelineLogger;
}): PipelineDeps {
  return createPipelineDeps({ ...options, log: options.log ?? collectingLogger() });
}

/** A clock that runs with the wall clock but can be moved forward (to make every feed due again). */
export function movableClock(): { clock: () => Date; advance(ms: number): void } {
  let offset = 0;
  return {
    clock: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** A run config for local feeds (loopback needs allowPrivateNetwork), validated like a config file. */
export function localRunConfig(urls: string[], overrides: Partial<RunConfigInput> = {}): RunConfig {
  return parseRunConfig(
    { feeds: urls.map((url) => ({ url })), allowPrivateNetwork: true, ...overrides },
    "benchmark config",
  );
}
