/**
 * A full local poll cycle through the real pipeline (runCycle, as `treaty-watch run` calls it) over many
 * generated feeds served from 127.0.0.1, on a fresh embedded store in a temp dir:
 *   1. first cycle: every feed read, parsed, every item extracted and remembered;
 *   2. steady state, nothing changed: every feed answers 304 to the conditional request;
 *   3. steady state, one new item per feed.
 * Wall time, peak RSS (sampled during each cycle), items/second.
 *
 *   npx tsx bench/cycle.ts [--json] [--feeds 200] [--items 50] [--concurrency N] [--treaty-share 0.05]
 */
import type { CycleReport } from "../shared/pipeline.ts";
import { runCycle } from "../shared/pipeline.ts";
import { flagValue, intFlag, machine, textTable } from "./lib/cli.ts";
import { countingSink } from "./lib/counting-sink.ts";
import { serveSites, startFeedServer } from "./lib/feed-server.ts";
import {
  benchDeps,
  collectingLogger,
  localRunConfig,
  movableClock,
  openBenchStore,
  tempDir,
} from "./lib/harness.ts";
import { measurePhase, type PhaseMeasure, processMaxRssMb, round } from "./lib/measure.ts";
import { generateSites } from "./lib/news.ts";

export interface CyclePhase {
  name: string;
  measure: PhaseMeasure;
  feedsPolled: number;
  notModified: number;
  failed: number;
  itemsParsed: number;
  itemsNew: number;
  itemsPerSecond: number;
  feedsPerSecond: number;
  events: number;
  changes: number;
  alertsPublished: number;
  httpRequests: number;
  httpByStatus: Record<string, number>;
  dynamoCalls: number;
}

export interface CycleBenchResult {
  name: "cycle";
  feeds: number;
  itemsPerFeed: number;
  treatyShare: number;
  concurrency: number;
  phases: CyclePhase[];
  processMaxRssMb: number;
  warnings: string[];
}

export async function runCycleBench(options: {
  feeds: number;
  items: number;
  concurrency?: number;
  treatyShare: number;
}): Promise<CycleBenchResult> {
  const { clock, advance } = movableClock();
  const dir = tempDir("tw-bench-cycle-");
  const server = await startFeedServer();
  const sites = generateSites({
    feeds: options.feeds,
    items: options.items,
    treatyShare: options.treatyShare,
    now: clock(),
  });
  const urls = serveSites(server, sites);
  const bench = await openBenchStore({ dataDir: dir.path, clock });
  const sink = countingSink();
  const log = collectingLogger();
  const deps = benchDeps({ store: bench.store, sinks: [sink], clock, log });
  const config = localRunConfig(urls, options.concurrency ? { concurrency: options.concurrency } : {});
  const phases: CyclePhase[] = [];

  const cycle = async (name: string) => {
    server.resetStats();
    bench.meter.reset();
    const { value: report, measure } = await measurePhase(() => runCycle(deps, config, { pruneSeen: true }));
    phases.push(summarise(name, report, measure, server.stats, bench.meter.usage().calls));
    // The next cycle comes one polling interval later: every feed is due again.
    advance((config.intervalMinutes + 1) * 60_000);
  };

  try {
    await cycle("first cycle (cold store)");
    await cycle("steady: nothing changed (304)");
    const now = clock();
    sites.forEach((site, i) => {
      site.addItem(now, i % Math.max(1, Math.round(1 / Math.max(options.treatyShare, 0.001))) === 0);
    });
    await cycle("steady: 1 new item per feed");
    return {
      name: "cycle",
      feeds: options.feeds,
      itemsPerFeed: options.items,
      treatyShare: options.treatyShare,
      concurrency: config.concurrency,
      phases,
      processMaxRssMb: processMaxRssMb(),
      warnings: log.lines.slice(0, 20),
    };
  } finally {
    await bench.close();
    await server.close();
    dir.remove();
  }
}

function summarise(
  name: string,
  report: CycleReport,
  measure: PhaseMeasure,
  http: { requests: number; byStatus: Record<string, number> },
  dynamoCalls: number,
): CyclePhase {
  const itemsParsed = report.feeds.reduce((sum, f) => sum + f.items, 0);
  const seconds = Math.max(measure.ms, 1) / 1000;
  return {
    name,
    measure,
    feedsPolled: report.polled,
    notModified: report.notModified,
    failed: report.failed.length,
    itemsParsed,
    itemsNew: report.itemsNew,
    itemsPerSecond: round(itemsParsed / seconds, 0),
    feedsPerSecond: round(report.polled / seconds, 1),
    events: report.events,
    changes: report.changes,
    alertsPublished: report.alertsPublished,
    httpRequests: http.requests,
    httpByStatus: { ...http.byStatus },
    dynamoCalls,
  };
}

export function formatCycleBench(result: CycleBenchResult): string {
  const rows = result.phases.map((p) => [
    p.name,
    p.measure.ms,
    p.measure.peakRssMb,
    p.feedsPolled,
    p.notModified,
    p.failed,
    p.itemsParsed,
    p.itemsNew,
    p.itemsPerSecond,
    p.feedsPerSecond,
    p.changes,
    p.alertsPublished,
    p.httpRequests,
    p.dynamoCalls,
  ]);
  return [
    `Poll cycle: ${result.feeds} feeds x ${result.itemsPerFeed} items, treaty share ${result.treatyShare}, concurrency ${result.concurrency}`,
    textTable(
      [
        "phase",
        "ms",
        "peak RSS MB",
        "feeds",
        "304",
        "failed",
        "items",
        "new",
        "items/s",
        "feeds/s",
        "changes",
        "alerts",
        "HTTP",
        "DynamoDB calls",
      ],
      rows,
    ),
    `process max RSS: ${result.processMaxRssMb} MB`,
    ...(result.warnings.length > 0
      ? ["core warnings (first 20):", ...result.warnings.map((w) => `  ${w}`)]
      : []),
  ].join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const result = await runCycleBench({
    feeds: intFlag(args, "--feeds", 200),
    items: intFlag(args, "--items", 50),
    concurrency: flagValue(args, "--concurrency") ? intFlag(args, "--concurrency", 4) : undefined,
    treatyShare: Number(flagValue(args, "--treaty-share") ?? 0.05),
  });
  if (args.includes("--json"))
    process.stdout.write(`${JSON.stringify({ ...result, machine: machine() }, null, 2)}\n`);
  else process.stdout.write(`${formatCycleBench(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench/cycle: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
