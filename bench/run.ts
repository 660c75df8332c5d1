/**
 * `npm run bench`: every benchmark, each in its own process (so one's memory does not colour
 * another's), merged into one report: a human summary by default, one JSON document with --json.
 * A missing or failing sub-benchmark is reported as such; the others still run.
 *
 *   npm run bench [-- --json] [-- --only cycle,cost]
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CostBenchResult } from "./cost.ts";
import { formatCostBench } from "./cost.ts";
import type { CycleBenchResult } from "./cycle.ts";
import { formatCycleBench } from "./cycle.ts";
import { flagValue, machine, textTable } from "./lib/cli.ts";
import { runSubBenchmark, type SubResult } from "./lib/subprocess.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** In run order: quick ones first. */
export const SUB_BENCHMARKS = ["extract", "feeds", "cycle", "cost", "bundles"] as const;

export interface BenchReport {
  schema: "treaty-watch.bench/1";
  generatedAt: string;
  command: string;
  machine: ReturnType<typeof machine>;
  totalSeconds: number;
  benchmarks: Record<string, SubResult>;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
const num = (value: unknown): string => (typeof value === "number" ? String(value) : "?");

/** Human summaries of the other engineers' benchmarks, tolerant of shape changes. */
const SUMMARISERS: Record<string, (result: unknown) => string> = {
  extract: (r) => {
    const x = obj(r);
    return (
      `extract: ${num(x.itemsPerSecond)} items/s single-threaded (${num(x.items)} items, ${num(x.seconds)} s)` +
      (x.quality ? `\n  quality: ${JSON.stringify(x.quality)}` : "") +
      (x.baseline ? `\n  keyword baseline: ${JSON.stringify(x.baseline)}` : "")
    );
  },
  feeds: (r) => {
    const x = obj(r);
    const ours = obj(x.ours);
    const plain = obj(x.plainRssParser);
    const ratio =
      typeof ours.mbPerSecond === "number" && typeof plain.mbPerSecond === "number" && plain.mbPerSecond > 0
        ? (ours.mbPerSecond / plain.mbPerSecond).toFixed(2)
        : "?";
    return [
      `feeds: ${num(x.files)} corpus files, ${num(x.megabytes)} MB`,
      textTable(
        ["parser", "MB/s", "feeds/s", "parsed", "errors", "crashes", "hangs", "item counts right %"],
        [
          [
            "ours (parseFeed)",
            num(ours.mbPerSecond),
            num(ours.feedsPerSecond),
            num(ours.parsed),
            num(ours.errors),
            num(ours.crashes),
            num(ours.hangs),
            num(ours.countsRightPct),
          ],
          [
            "plain rss-parser",
            num(plain.mbPerSecond),
            num(plain.feedsPerSecond),
            num(plain.parsed),
            num(plain.errors),
            num(plain.crashes),
            num(plain.hangs),
            num(plain.countsRightPct),
          ],
        ],
      ),
      `  throughput ratio ours / rss-parser: ${ratio}`,
    ].join("\n");
  },
  cycle: (r) => formatCycleBench(r as CycleBenchResult),
  cost: (r) => formatCostBench(r as CostBenchResult),
  bundles: (r) => {
    const x = obj(r);
    const bundles = Array.isArray(x.bundles) ? (x.bundles as Json[]) : [];
    return [
      `bundles (node ${String(x.node ?? "?")}, median of ${num(x.runs)} runs, node start subtracted)`,
      textTable(
        ["variant / handler", "KiB", "within budget", "cold import ms"],
        bundles.map((b) => [
          `${String(b.variant ?? "")} ${String(b.handler ?? "")}`,
          typeof b.bytes === "number" ? (b.bytes / 1024).toFixed(0) : "?",
          String(b.withinBudget ?? "?"),
          num(b.importMs),
        ]),
      ),
    ].join("\n");
  },
};

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const out = [
    `Treaty Watch benchmarks — ${report.generatedAt}`,
    `machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGb} GB, node ${m.node}, ${m.platform}; total ${report.totalSeconds} s`,
  ];
  for (const sub of Object.values(report.benchmarks)) {
    out.push("", `== ${sub.name} ==`);
    if (sub.status === "missing") out.push(`MISSING: ${sub.file} does not exist (not run)`);
    else if (sub.status === "failed")
      out.push(`FAILED after ${sub.seconds} s: ${sub.error}`, ...(sub.stderrTail ? [sub.stderrTail] : []));
    else {
      const summarise = SUMMARISERS[sub.name];
      out.push(summarise ? summarise(sub.result) : JSON.stringify(sub.result, null, 2));
      if (sub.exitCode !== 0) out.push(`(exited with code ${sub.exitCode})`);
      out.push(`(${sub.seconds} s)`);
    }
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = flagValue(args, "--only")
    ?.split(",")
    .map((s) => s.trim());
  const names = only ?? [...SUB_BENCHMARKS];
  const started = performance.now();
  const benchmarks: Record<string, SubResult> = {};
  for (const name of names) {
    if (!args.includes("--json")) process.stderr.write(`running bench/${name}.ts ...\n`);
    benchmarks[name] = await runSubBenchmark(ROOT, name);
  }
  const report: BenchReport = {
    schema: "treaty-watch.bench/1",
    generatedAt: new Date().toISOString(),
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`,
    machine: machine(),
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
    benchmarks,
  };
  process.stdout.write(
    args.includes("--json") ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`,
  );
  if (Object.values(benchmarks).some((b) => b.status !== "ok")) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
