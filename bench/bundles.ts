/**
 * Builds every Lambda handler bundle exactly as the stack does (infra/bundling.ts settings, esbuild API)
 * and reports each bundle's size and its cold import time (`node -e "import('./bundle')"`, median of
 * several fresh processes, minus a bare `node -e 0` start). Also builds a variant with the AWS SDK
 * bundled in, to show the trade-off behind EXTERNAL_MODULES (the deployed bundles take the runtime's SDK).
 *
 *   npx tsx bench/bundles.ts [--json] [--runs N]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";
import {
  ESBUILD_TARGET,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  HANDLER_ENTRIES,
  type HandlerName,
  MAIN_FIELDS,
  SDK_MODULES,
} from "../infra/bundling.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench", "out", "bundles");
const BUDGET_BYTES = 1024 * 1024;

interface BundleReport {
  handler: HandlerName;
  variant: "deployed" | "sdk-bundled";
  bytes: number;
  withinBudget: boolean;
  importMs: number;
}

async function bundle(handler: HandlerName, variant: BundleReport["variant"]): Promise<string> {
  const outfile = path.join(OUT, variant, handler, "index.mjs");
  await build({
    entryPoints: [path.join(ROOT, HANDLER_ENTRIES[handler])],
    bundle: true,
    platform: "node",
    target: ESBUILD_TARGET,
    format: "esm",
    minify: true,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: variant === "deployed" ? EXTERNAL_MODULES : EXTERNAL_MODULES.filter((m) => m !== SDK_MODULES),
    outfile,
    logLevel: "error",
  });
  return outfile;
}

function timeNode(args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function coldImportMs(file: string, runs: number, baseline: number): number {
  // Run from the bundle's folder: an externalised @aws-sdk then resolves from the repository's
  // node_modules (standing in for the runtime's copy).
  const samples = Array.from({ length: runs }, () =>
    timeNode(["-e", `import(${JSON.stringify(`./${path.basename(file)}`)})`], path.dirname(file)),
  );
  return Math.max(0, median(samples) - baseline);
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7;
  fs.rmSync(OUT, { recursive: true, force: true });
  const baseline = median(Array.from({ length: runs }, () => timeNode(["-e", "0"], ROOT)));
  const reports: BundleReport[] = [];
  for (const variant of ["deployed", "sdk-bundled"] as const) {
    for (const handler of Object.keys(HANDLER_ENTRIES) as HandlerName[]) {
      const file = await bundle(handler, variant);
      const bytes = fs.statSync(file).size;
      reports.push({
        handler,
        variant,
        bytes,
        withinBudget: bytes <= BUDGET_BYTES,
        importMs: Math.round(coldImportMs(file, runs, baseline) * 10) / 10,
      });
    }
  }
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ node: process.version, runs, baselineMs: Math.round(baseline), bundles: reports }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `node ${process.version}, median of ${runs} runs, node start (${Math.round(baseline)} ms) subtracted\n`,
    );
    for (const r of reports) {
      const kb = (r.bytes / 1024).toFixed(0).padStart(5);
      process.stdout.write(
        `${r.variant.padEnd(13)} ${r.handler.padEnd(16)} ${kb} KiB ${r.withinBudget ? "ok  " : "OVER"} import ${r.importMs} ms\n`,
      );
    }
  }
  if (reports.some((r) => r.variant === "deployed" && !r.withinBudget)) process.exitCode = 1;
}

await main();
