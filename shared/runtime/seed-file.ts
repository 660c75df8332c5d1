import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getTreaty, isCountryCode } from "../catalog/index.ts";
import { SeedLine } from "../model/status.ts";
import { DEFAULT_SEED_SETTINGS, type SeedSettings, seedPair } from "../pipeline/apply.ts";
import type { Repository } from "../store/repository.ts";

export const BUNDLED_STATUS_DIR = fileURLToPath(new URL("../../data/status/", import.meta.url));

export interface ParsedSeedFile {
  lines: Array<{ line: number; seed: SeedLine }>;
  errors: Array<{ line: number; message: string }>;
}

/**
 * JSON lines {"treaty","country","status","since"?,"pending"?}; blank lines and lines starting with //
 * are skipped. Each bad line is reported with its number; the good ones are kept.
 */
export function parseSeedLines(text: string): ParsedSeedFile {
  const result: ParsedSeedFile = { lines: [], errors: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("//")) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      result.errors.push({ line, message: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    if (json && typeof json === "object" && typeof (json as { country?: unknown }).country === "string") {
      (json as { country: string }).country = (json as { country: string }).country.toUpperCase();
    }
    const parsed = SeedLine.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`);
      result.errors.push({ line, message: problems.join("; ") });
      return;
    }
    if (!getTreaty(parsed.data.treaty)) {
      result.errors.push({ line, message: `treaty: unknown treaty id "${parsed.data.treaty}"` });
      return;
    }
    if (!isCountryCode(parsed.data.country)) {
      result.errors.push({
        line,
        message: `country: "${parsed.data.country}" is not an ISO 3166-1 alpha-2 code`,
      });
      return;
    }
    result.lines.push({ line, seed: parsed.data });
  });
  return result;
}

export async function applySeeds(
  store: Repository,
  seeds: SeedLine[],
  clock: () => Date,
  settings: SeedSettings = DEFAULT_SEED_SETTINGS,
): Promise<{ seeded: number; unchanged: number }> {
  let seeded = 0;
  let unchanged = 0;
  for (const seed of seeds) {
    const outcome = await seedPair({ store, clock }, seed, settings);
    if (outcome.kind === "seeded") seeded++;
    else unchanged++;
  }
  return { seeded, unchanged };
}

/**
 * The snapshot as it stood on `day`: per pair, the latest line in force then (a line without `since`
 * counts as always in force). Lets a replay with `--now 2025-03-01` start from the world of that day,
 * not from today's, so the steps that followed are alerted again.
 *
 * A plain status line is in force from its `since`. A step under way (`pending`) is in force only from
 * the day after that step (`pending.since`): a run that starts on the day of a step reads that day's
 * news of it and alerts it; one that starts before never has the step seeded. The same goes for the
 * status line that ends a step under way (the `withdrawn` line after a deposit): on its day the
 * pending step is seeded and the run's own advance publishes the effective alert.
 */
export function snapshotAsOf(seeds: SeedLine[], day: string): SeedLine[] {
  const byPair = new Map<string, SeedLine[]>();
  for (const seed of seeds) {
    const key = `${seed.treaty}|${seed.country}`;
    byPair.set(key, [...(byPair.get(key) ?? []), seed]);
  }
  const snapshot: SeedLine[] = [];
  for (const lines of byPair.values()) {
    // Stable sort: lines of the same day keep their file order, and the later one wins.
    const ordered = [...lines].sort((a, b) => lineDay(a).localeCompare(lineDay(b)));
    let inForce: SeedLine | undefined;
    ordered.forEach((line, index) => {
      if (inForceOn(line, ordered[index - 1], day)) inForce = line;
    });
    if (inForce) snapshot.push(inForce);
  }
  return snapshot;
}

function inForceOn(line: SeedLine, previous: SeedLine | undefined, day: string): boolean {
  if (line.since && line.since > day) return false;
  if (line.pending) return line.pending.since < day;
  if (previous?.pending && line.since) return line.since < day;
  return true;
}

/** The day a line speaks for: its step's day when it has one (never before its status's `since`). */
function lineDay(seed: SeedLine): string {
  const since = seed.since ?? "";
  return seed.pending && seed.pending.since > since ? seed.pending.since : since;
}

/** The pairs (as "treaty|country") that `items` speak of. */
export function pairKeys(items: Array<{ treaty: string; country: string }>): Set<string> {
  return new Set(items.map((i) => `${i.treaty}|${i.country}`));
}

/**
 * Every seed line of the *.jsonl files directly in `dir` (other files are ignored). Bad lines are
 * skipped: the bundled files are checked by the tests, and a copy must not stop a run.
 */
export function readSeedDir(dir: string): SeedLine[] {
  let files: string[];
  try {
    files = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".jsonl"))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new Error(`cannot read the status snapshot in ${dir}: ${(error as Error).message}`);
  }
  return files.flatMap((file) =>
    parseSeedLines(readFileSync(join(dir, file), "utf8")).lines.map((l) => l.seed),
  );
}

/**
 * The status snapshot in `dir` (default: the bundled data/status/*.jsonl) as of the clock's day, for the
 * pairs that have no status yet; pairs already in the store are left as they are. Returns the number
 * of pairs seeded. Throws when `dir` cannot be read.
 */
export async function seedBundledMissing(
  store: Repository,
  clock: () => Date,
  settings: SeedSettings = DEFAULT_SEED_SETTINGS,
  dir: string = BUNDLED_STATUS_DIR,
): Promise<number> {
  const seeds = readSeedDir(dir);
  const today = clock().toISOString().slice(0, 10);
  const known = pairKeys(await store.listStatuses());
  const missing = snapshotAsOf(seeds, today).filter((s) => !known.has(`${s.treaty}|${s.country}`));
  return (await applySeeds(store, missing, clock, settings)).seeded;
}

/** The bundled snapshot, only into a store that has no status at all (benchmarks and older callers). */
export async function seedBundledIfEmpty(
  store: Repository,
  clock: () => Date,
  settings: SeedSettings = DEFAULT_SEED_SETTINGS,
): Promise<number> {
  if ((await store.listStatuses()).length > 0) return 0;
  return seedBundledMissing(store, clock, settings);
}
