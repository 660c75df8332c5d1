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
 * A status line is in force from its `since`. A line with `pending` is in force only from the day
 * after its step (`pending.since`): a run that starts on the day of a step reads that day's news of it
 * and alerts it, and one that starts before it never has the step seeded.
 */
export function snapshotAsOf(seeds: SeedLine[], day: string): SeedLine[] {
  const latest = new Map<string, SeedLine>();
  for (const seed of seeds) {
    if (seed.since && seed.since > day) continue;
    if (seed.pending && seed.pending.since >= day) continue;
    const key = `${seed.treaty}|${seed.country}`;
    const held = latest.get(key);
    if (!held || lineDay(seed) >= lineDay(held)) latest.set(key, seed);
  }
  return [...latest.values()];
}

/** The day a line speaks for: its step's day when it has one (never before its status's `since`). */
function lineDay(seed: SeedLine): string {
  const since = seed.since ?? "";
  return seed.pending && seed.pending.since > since ? seed.pending.since : since;
}

/** The bundled initial snapshot (data/status/*.jsonl), loaded into a store that has no status yet. */
export async function seedBundledIfEmpty(
  store: Repository,
  clock: () => Date,
  settings: SeedSettings = DEFAULT_SEED_SETTINGS,
): Promise<number> {
  if ((await store.listStatuses()).length > 0) return 0;
  let files: string[];
  try {
    files = readdirSync(BUNDLED_STATUS_DIR).filter((f) => f.endsWith(".jsonl"));
  } catch {
    return 0;
  }
  const seeds = files.flatMap((file) =>
    parseSeedLines(readFileSync(join(BUNDLED_STATUS_DIR, file), "utf8")).lines.map((l) => l.seed),
  );
  const today = clock().toISOString().slice(0, 10);
  return (await applySeeds(store, snapshotAsOf(seeds, today), clock, settings)).seeded;
}
