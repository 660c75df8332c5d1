import type { Command } from "commander";
import { runQuery } from "./store-options.ts";

interface SeedOptions {
  file: string;
  dataDir?: string;
  table?: string;
  now?: string;
}

export function registerSeed(program: Command): void {
  program
    .command("seed")
    .description(
      'Replace the status of pairs from JSON lines {"treaty","country","status","since"?,"pending"?} ' +
        '(pending: {"direction","stage","since"}, a withdrawal or accession under way). A pair with several ' +
        "dated lines gets the one in force on the day of --now (default today).",
    )
    .requiredOption("--file <file>", "JSON lines file")
    .option("--data-dir <dir>", "where the embedded store persists", ".treaty-watch")
    .option("--table <name>", "write this DynamoDB table instead of the embedded store")
    .option("--now <iso-8601>", "seed each pair's line in force on this day (default: now)")
    .action((options: SeedOptions) => runQuery("seed", () => seed(options)));
}

async function seed(options: SeedOptions): Promise<void> {
  const { readFileSync } = await import("node:fs");
  const { clockFrom } = await import("../../shared/runtime/deps.ts");
  const { applySeeds, pairKeys, parseSeedLines, snapshotAsOf } = await import(
    "../../shared/runtime/seed-file.ts"
  );
  const { withStore } = await import("../../shared/runtime/store.ts");
  const clock = clockFrom(options.now);
  let text: string;
  try {
    text = readFileSync(options.file, "utf8");
  } catch (error) {
    process.stderr.write(`treaty-watch seed: cannot read ${options.file}: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const parsed = parseSeedLines(text);
  for (const error of parsed.errors) {
    process.stderr.write(`${options.file}:${error.line}: ${error.message}\n`);
  }
  const seeds = parsed.lines.map((l) => l.seed);
  const day = clock().toISOString().slice(0, 10);
  // One line per pair: the one in force on the day, so a file with a pair's history seeds its present.
  const snapshot = snapshotAsOf(seeds, day);
  const notYet = pairKeys(seeds).size - snapshot.length;
  const result = await withStore(options, (store) => applySeeds(store, snapshot, clock));
  if (notYet > 0) {
    process.stderr.write(`${notYet} pair(s) not seeded: none of their lines is in force on ${day}\n`);
  }
  process.stdout.write(
    `seeded ${result.seeded} pair(s), ${result.unchanged} unchanged, ${parsed.errors.length} bad line(s)` +
      ` (lines in force on ${day})\n`,
  );
  if (parsed.errors.length > 0) process.exitCode = 1;
}
