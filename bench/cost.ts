/**
 * Cost per poll in the steady state, measured on the real pipeline: HTTP requests (counted at the feed
 * server), DynamoDB calls and read/write units (a middleware on the client; see lib/dynamo-meter.ts),
 * SNS publishes (counted at the sink). For a feed that has not changed, a feed with one new ordinary item
 * and a feed with one new treaty item that makes an alert; plus the per-tick work of schedule-feeds
 * (dueFeeds) and the sweep. From these, a monthly AWS cost for N feeds polled every 5 minutes.
 *
 *   npx tsx bench/cost.ts [--json] [--feeds 20] [--items 50] [--samples 10] [--monthly-feeds 200] [--interval 5]
 */
import { dueFeeds, type FeedPollReport, pollFeed, publishPending, settingsFrom } from "../shared/pipeline.ts";
import { flagValue, intFlag, machine, textTable } from "./lib/cli.ts";
import { ASSUMPTIONS, type CostEstimate, type MeasuredPoll, monthlyCost } from "./lib/cost-model.ts";
import { countingSink } from "./lib/counting-sink.ts";
import type { DynamoCall, DynamoUsage } from "./lib/dynamo-meter.ts";
import { serveSites, startFeedServer } from "./lib/feed-server.ts";
import {
  benchDeps,
  collectingLogger,
  localRunConfig,
  movableClock,
  openBenchStore,
  type TableSize,
  tempDir,
} from "./lib/harness.ts";
import { round } from "./lib/measure.ts";
import { generateSites } from "./lib/news.ts";
import { PRICE_TABLE, PRICES_AS_OF } from "./lib/prices.ts";

/** A story the store has not seen, about a pair the bundled snapshot has as party: one real change. */
const ALERT_STORY = {
  title: "Canada announces withdrawal from the Ottawa mine ban treaty",
  summary:
    "Canada will withdraw from the Ottawa Convention banning anti-personnel landmines, the defence minister said on Tuesday.",
};

export interface PollScenario extends MeasuredPoll {
  name: string;
  samples: number;
  conditionalRequests: number;
  http304: number;
  itemsParsed: number;
  dynamoReads: number;
  dynamoWrites: number;
  byCommand: DynamoUsage["byCommand"];
  /** Every DynamoDB call of the first sample, in order. */
  callsOfOneSample: DynamoCall[];
}

export interface CostBenchResult {
  name: "cost";
  measuredFeeds: number;
  itemsPerFeed: number;
  scenarios: PollScenario[];
  perTick: { scheduleFeeds: TickCost; sweep: TickCost };
  table: TableSize;
  target: { met: boolean; problems: string[] };
  monthly: { feeds: number; intervalMinutes: number; estimates: CostEstimate[] };
  prices: { asOf: string; table: Array<[string, string]>; assumptions: typeof ASSUMPTIONS };
}

interface TickCost {
  dynamoCalls: number;
  rcu: number;
  wcu: number;
  localMs: number;
  calls: DynamoCall[];
}

export async function runCostBench(options: {
  feeds: number;
  items: number;
  samples: number;
  monthlyFeeds: number;
  intervalMinutes: number;
}): Promise<CostBenchResult> {
  const { clock, advance } = movableClock();
  const dir = tempDir("tw-bench-cost-");
  const server = await startFeedServer();
  const sites = generateSites({
    feeds: options.feeds,
    items: options.items,
    treatyShare: 0.05,
    now: clock(),
  });
  const urls = serveSites(server, sites);
  let scanBytes: number | undefined;
  const bench = await openBenchStore({ dataDir: dir.path, clock, scanBytes: () => scanBytes });
  const sink = countingSink();
  const deps = benchDeps({ store: bench.store, sinks: [sink], clock, log: collectingLogger() });
  const config = localRunConfig(urls, { intervalMinutes: options.intervalMinutes });
  const settings = settingsFrom(config);

  /** Polls feeds one at a time as poll-feed does, metering each; publishes the outbox when a poll changed state. */
  const pollScenario = async (
    name: string,
    prepare: (index: number) => void,
    samples = Math.min(options.samples, options.feeds),
  ): Promise<PollScenario> => {
    advance((options.intervalMinutes + 1) * 60_000);
    const scenario: PollScenario = {
      name,
      samples,
      rcu: 0,
      wcu: 0,
      dynamoCalls: 0,
      dynamoReads: 0,
      dynamoWrites: 0,
      httpRequests: 0,
      conditionalRequests: 0,
      http304: 0,
      itemsParsed: 0,
      localMs: 0,
      snsPublishes: 0,
      byCommand: {},
      callsOfOneSample: [],
    };
    for (let i = 0; i < samples; i++) {
      prepare(i);
      const feed = config.feeds[i];
      if (!feed) break;
      server.resetStats();
      bench.meter.reset();
      const published = sink.published.length;
      const started = performance.now();
      const report: FeedPollReport = await pollFeed(deps, feed, settings);
      if (report.changes > 0) await publishPending(deps);
      scenario.localMs += performance.now() - started;
      if (report.status === "failed")
        throw new Error(`${name}: poll of ${feed.url} failed: ${report.error?.message}`);
      const usage = bench.meter.usage();
      scenario.rcu += usage.rcu;
      scenario.wcu += usage.wcu;
      scenario.dynamoCalls += usage.calls;
      scenario.dynamoReads += usage.reads;
      scenario.dynamoWrites += usage.writes;
      for (const [command, c] of Object.entries(usage.byCommand)) {
        const entry = (scenario.byCommand[command] ??= { calls: 0, rcu: 0, wcu: 0 });
        entry.calls += c.calls;
        entry.rcu += c.rcu;
        entry.wcu += c.wcu;
      }
      if (i === 0) scenario.callsOfOneSample = usage.log;
      scenario.httpRequests += server.stats.requests;
      scenario.conditionalRequests += server.stats.conditional;
      scenario.http304 += server.stats.byStatus["304"] ?? 0;
      scenario.itemsParsed += report.items;
      scenario.snsPublishes += sink.published.length - published;
    }
    const per = (n: number) => round(n / samples, 2);
    return {
      ...scenario,
      rcu: per(scenario.rcu),
      wcu: per(scenario.wcu),
      dynamoCalls: per(scenario.dynamoCalls),
      dynamoReads: per(scenario.dynamoReads),
      dynamoWrites: per(scenario.dynamoWrites),
      httpRequests: per(scenario.httpRequests),
      conditionalRequests: per(scenario.conditionalRequests),
      http304: per(scenario.http304),
      itemsParsed: per(scenario.itemsParsed),
      localMs: per(scenario.localMs),
      snsPublishes: per(scenario.snsPublishes),
      byCommand: Object.fromEntries(
        Object.entries(scenario.byCommand).map(([k, c]) => [
          k,
          { calls: per(c.calls), rcu: per(c.rcu), wcu: per(c.wcu) },
        ]),
      ),
    };
  };

  const tick = async (work: () => Promise<unknown>): Promise<TickCost> => {
    bench.meter.reset();
    const started = performance.now();
    await work();
    const localMs = round(performance.now() - started, 1);
    const usage = bench.meter.usage();
    return { dynamoCalls: usage.calls, rcu: usage.rcu, wcu: usage.wcu, localMs, calls: usage.log };
  };

  try {
    // Warm-up: the first poll of every feed (cold store), as the first cycle would do.
    bench.meter.enabled = false;
    for (const feed of config.feeds) await pollFeed(deps, feed, settings);
    await publishPending(deps);
    bench.meter.enabled = true;

    const unchanged = await pollScenario("unchanged feed (304)", () => {});
    const newItem = await pollScenario("one new ordinary item", (i) => sites[i]?.addItem(clock()));
    const alert = await pollScenario(
      "one new treaty item (alert)",
      (i) => sites[i]?.addItem(clock(), ALERT_STORY),
      1,
    );

    const table = await bench.tableSize();
    scanBytes = table.bytes;
    const scheduleFeeds = await tick(() => dueFeeds(deps, config));
    const sweep = await tick(async () => {
      await publishPending(deps);
      await deps.store.listPendingAlerts();
    });
    scanBytes = undefined;

    const problems: string[] = [];
    if (unchanged.httpRequests !== 1)
      problems.push(`unchanged feed: ${unchanged.httpRequests} HTTP requests per poll (target 1)`);
    if (unchanged.conditionalRequests !== unchanged.httpRequests)
      problems.push("unchanged feed: request not conditional");
    if (unchanged.itemsParsed > 0)
      problems.push(`unchanged feed: ${unchanged.itemsParsed} items parsed (target 0)`);
    if (unchanged.dynamoWrites > 1 || unchanged.wcu > 1)
      problems.push(
        `unchanged feed: ${unchanged.dynamoWrites} writes / ${unchanged.wcu} WCU per poll (target at most 1 small write): ` +
          unchanged.callsOfOneSample.map((c) => `${c.command} ${c.key}`).join(", "),
      );
    const seen = table.byType.seen;
    const bytesPerSeenItem = seen && seen.items > 0 ? seen.bytes / seen.items : 300;
    const baseTableBytes = table.bytes - (seen?.bytes ?? 0);
    const estimates = [0, 0.25, 1].map((newItemShare) =>
      monthlyCost({
        feeds: options.monthlyFeeds,
        intervalMinutes: options.intervalMinutes,
        newItemShare,
        unchanged,
        newItem,
        baseTableBytes: baseTableBytes * (options.monthlyFeeds / options.feeds),
        bytesPerSeenItem,
        seenTtlDays: config.seenTtlDays,
        sweepRcu: sweep.rcu,
        scheduleRcuPerFeed: scheduleFeeds.rcu / options.feeds,
        alertsPerMonth: 30,
        emailSubscribers: 10,
        webhookSubscribers: 2,
      }),
    );
    return {
      name: "cost",
      measuredFeeds: options.feeds,
      itemsPerFeed: options.items,
      scenarios: [unchanged, newItem, alert],
      perTick: { scheduleFeeds, sweep },
      table,
      target: { met: problems.length === 0, problems },
      monthly: { feeds: options.monthlyFeeds, intervalMinutes: options.intervalMinutes, estimates },
      prices: { asOf: PRICES_AS_OF, table: PRICE_TABLE, assumptions: ASSUMPTIONS },
    };
  } finally {
    await bench.close();
    await server.close();
    dir.remove();
  }
}

export function formatCostBench(result: CostBenchResult): string {
  const out: string[] = [];
  out.push(
    `Cost per poll (measured on ${result.measuredFeeds} feeds x ${result.itemsPerFeed} items, per-poll averages)`,
  );
  out.push(
    textTable(
      [
        "scenario",
        "HTTP req",
        "conditional",
        "304",
        "items parsed",
        "DDB calls",
        "reads",
        "writes",
        "RCU",
        "WCU",
        "SNS publishes",
        "local ms",
      ],
      result.scenarios.map((s) => [
        s.name,
        s.httpRequests,
        s.conditionalRequests,
        s.http304,
        s.itemsParsed,
        s.dynamoCalls,
        s.dynamoReads,
        s.dynamoWrites,
        s.rcu,
        s.wcu,
        s.snsPublishes,
        s.localMs,
      ]),
    ),
  );
  for (const s of result.scenarios) {
    const calls = Object.entries(s.byCommand).map(([k, c]) => `${k.replace("Command", "")} x${c.calls}`);
    out.push(`  ${s.name}: ${calls.join(", ")}`);
  }
  const { scheduleFeeds, sweep } = result.perTick;
  out.push(
    `Per 5-minute tick: schedule-feeds dueFeeds = ${scheduleFeeds.dynamoCalls} call(s), ${scheduleFeeds.rcu} RCU ` +
      `(one Query of the feed states; the table holds ${result.table.items} items, ${Math.round(result.table.bytes / 1024)} KB); ` +
      `sweep = ${sweep.dynamoCalls} call(s), ${sweep.rcu} RCU`,
  );
  out.push(
    result.target.met
      ? "Target met: unchanged feed = one conditional request, no parse, at most one small write."
      : `TARGET MISSED:\n  ${result.target.problems.join("\n  ")}`,
  );
  out.push("");
  out.push(
    `Monthly AWS cost, ${result.monthly.feeds} feeds every ${result.monthly.intervalMinutes} minutes (${result.prices.asOf})`,
  );
  const [first] = result.monthly.estimates;
  if (first) {
    out.push(
      textTable(
        [
          "item",
          ...result.monthly.estimates.map((e) => `${Math.round(e.newItemShare * 100)}% polls new: qty`),
          ...result.monthly.estimates.map((e) => `USD (${Math.round(e.newItemShare * 100)}%)`),
        ],
        first.lines.map((line, i) => [
          line.item,
          ...result.monthly.estimates.map((e) => e.lines[i]?.quantity ?? ""),
          ...result.monthly.estimates.map((e) => (e.lines[i]?.usd ?? 0).toFixed(2)),
        ]),
      ),
    );
    out.push(
      `TOTAL USD/month: ${result.monthly.estimates.map((e) => `${Math.round(e.newItemShare * 100)}% new-item polls: $${e.totalUsd.toFixed(2)} (seen items retained ${e.retainedSeenItems}, table ${e.tableGb.toFixed(3)} GB)`).join("; ")}`,
    );
  }
  out.push("Prices:");
  for (const [item, price] of result.prices.table) out.push(`  ${item}: ${price}`);
  out.push(`Assumptions: ${JSON.stringify(result.prices.assumptions)}`);
  return out.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const result = await runCostBench({
    feeds: intFlag(args, "--feeds", 20),
    items: intFlag(args, "--items", 50),
    samples: intFlag(args, "--samples", 10),
    monthlyFeeds: intFlag(args, "--monthly-feeds", 200),
    intervalMinutes: Number(flagValue(args, "--interval") ?? 5),
  });
  if (args.includes("--json"))
    process.stdout.write(`${JSON.stringify({ ...result, machine: machine() }, null, 2)}\n`);
  else process.stdout.write(`${formatCostBench(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench/cost: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
