import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Alert } from "../../shared/model/alert.ts";
import {
  BUNDLED_STATUS_DIR,
  pairKeys,
  parseSeedLines,
  snapshotAsOf,
} from "../../shared/runtime/seed-file.ts";
import { cli } from "./cli-helpers.ts";

const OTTAWA = join(BUNDLED_STATUS_DIR, "ottawa.jsonl");
const ottawaSeeds = parseSeedLines(readFileSync(OTTAWA, "utf8")).lines.map((l) => l.seed);
const bundled = readdirSync(BUNDLED_STATUS_DIR)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => parseSeedLines(readFileSync(join(BUNDLED_STATUS_DIR, f), "utf8")).lines.map((l) => l.seed));
const LEAVERS = ["EE", "FI", "LT", "LV", "PL"];

interface StatusRow {
  treaty: string;
  country: string;
  status: string;
  since: string | null;
  pending: { direction: string; stage: string; since: string; effectiveDate: string | null } | null;
}

let dir: string;
let emptyConfig: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tw-seed-dates-"));
  emptyConfig = join(dir, "no-feeds.json");
  writeFileSync(emptyConfig, '{"feeds":[]}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readAlerts = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => Alert.parse(JSON.parse(line)))
    : [];

async function statusRows(store: string, treaty: string): Promise<StatusRow[]> {
  const result = await cli(["status", "--json", "--treaty", treaty, "--data-dir", store], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusRow[];
}

/** One cycle with no feeds: only the effective dates reached by `now` can make alerts. */
function runOnce(store: string, now: string, alertsOut: string, env?: NodeJS.ProcessEnv) {
  return cli(
    ["run", "--once", "--config", emptyConfig, "--data-dir", store, "--now", now, "--alerts-out", alertsOut],
    { cwd: dir, timeoutMs: 90_000, env },
  );
}

describe("seed --file with a pair's dated history", () => {
  it("seeds today's line per pair, so the next run has no late 'takes effect' alert", async () => {
    const store = join(dir, "today");
    const seeded = await cli(["seed", "--file", OTTAWA, "--data-dir", store], { cwd: dir });
    expect(seeded.code, seeded.stderr).toBe(0);
    const pairs = pairKeys(ottawaSeeds).size;
    expect(pairs).toBeGreaterThan(LEAVERS.length);
    expect(seeded.stdout).toContain(`seeded ${pairs} pair(s), 0 unchanged, 0 bad line(s)`);

    const rows = await statusRows(store, "ottawa");
    expect(rows).toHaveLength(pairs);
    for (const country of LEAVERS) {
      expect(
        rows.find((r) => r.country === country),
        country,
      ).toMatchObject({ status: "withdrawn", pending: null });
    }

    const out = join(dir, "today-alerts.jsonl");
    const run = await cli(
      ["run", "--once", "--config", emptyConfig, "--data-dir", store, "--alerts-out", out],
      { cwd: dir, timeoutMs: 90_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 alert\(s\) published/);
    expect(readAlerts(out)).toEqual([]);
  });

  it("with --now, seeds the line in force on that day: the deposits under way, then no alert that day", async () => {
    const store = join(dir, "september");
    const seeded = await cli(["seed", "--file", OTTAWA, "--data-dir", store, "--now", "2025-09-01"], {
      cwd: dir,
    });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain(`seeded ${pairKeys(ottawaSeeds).size} pair(s)`);
    const rows = await statusRows(store, "ottawa");
    const effective = Object.fromEntries(
      rows.filter((r) => LEAVERS.includes(r.country)).map((r) => [r.country, r.pending?.effectiveDate]),
    );
    expect(effective).toEqual({
      EE: "2025-12-27",
      FI: "2026-01-10",
      LT: "2025-12-27",
      LV: "2025-12-27",
      PL: "2026-02-20",
    });
    expect(rows.find((r) => r.country === "LT")).toMatchObject({
      status: "party",
      pending: { direction: "withdraw", stage: "deposited", since: "2025-06-27" },
    });

    const out = join(dir, "september-alerts.jsonl");
    const run = await runOnce(store, "2025-09-01T12:00:00Z", out);
    expect(run.code, run.stderr).toBe(0);
    expect(readAlerts(out)).toEqual([]);
  });

  it("counts pairs, not lines, and says which pairs have no line in force yet", async () => {
    const store = join(dir, "early");
    const spring = await cli(["seed", "--file", OTTAWA, "--data-dir", store, "--now", "2025-05-01"], {
      cwd: dir,
    });
    expect(spring.code).toBe(0);
    const rows = await statusRows(store, "ottawa");
    const stage = (cc: string) => rows.find((r) => r.country === cc)?.pending?.stage;
    expect([stage("EE"), stage("LV"), stage("FI"), stage("PL")]).toEqual([
      "announced",
      "approved",
      "announced",
      "announced",
    ]);

    const before = snapshotAsOf(ottawaSeeds, "1998-01-01").length;
    const old = await cli(
      ["seed", "--file", OTTAWA, "--data-dir", join(dir, "1998"), "--now", "1998-01-01"],
      {
        cwd: dir,
      },
    );
    expect(old.code).toBe(0);
    expect(old.stdout).toContain(`seeded ${before} pair(s)`);
    expect(old.stderr).toContain(
      `${pairKeys(ottawaSeeds).size - before} pair(s) not seeded: none of their lines is in force on 1998-01-01`,
    );
  });

  it("refuses a --now it cannot read with exit 2", async () => {
    const bad = await cli(["seed", "--file", OTTAWA, "--data-dir", join(dir, "bad"), "--now", "June 5"], {
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^treaty-watch seed: --now must be an ISO-8601 date/);
    expect(existsSync(join(dir, "bad"))).toBe(false);
  });
});

describe("a replay from the bundled snapshot around an effective day", () => {
  const BALTIC_EFFECT = [
    "ottawa EE withdraw effective 2025-12-27",
    "ottawa LT withdraw effective 2025-12-27",
    "ottawa LV withdraw effective 2025-12-27",
  ];
  const described = (alerts: Alert[]) =>
    alerts.map((a) => `${a.treaty} ${a.country} ${a.direction} ${a.stage} ${a.occurredAt}`).sort();

  it("starting ON the effective day (--now without offset, read as UTC) alerts the effect that day", async () => {
    const store = join(dir, "on-the-day");
    const out = join(dir, "on-the-day.jsonl");
    // In Auckland's time zone a local reading of the clock would be 26 December in UTC.
    const run = await runOnce(store, "2025-12-27T12:00:00", out, { TZ: "Pacific/Auckland" });
    expect(run.code, run.stderr).toBe(0);
    expect(described(readAlerts(out))).toEqual(BALTIC_EFFECT);

    const history = await cli(
      ["history", "--json", "--treaty", "ottawa", "--country", "LT", "--data-dir", store],
      { cwd: dir },
    );
    const changes = JSON.parse(history.stdout) as Array<{ kind: string; headline: string }>;
    expect(changes[0]?.kind).toBe("seed");
    expect(changes[0]?.headline).toMatch(/^Seeded: party since 2025-06-27/);
    expect(changes.map((c) => c.headline).join("\n")).not.toMatch(/Seeded: withdrawn/);
  });

  it("starting the day before alerts nothing then, and the effect on the next day's run", async () => {
    const store = join(dir, "day-before");
    const out = join(dir, "day-before.jsonl");
    const first = await runOnce(store, "2025-12-26T12:00:00Z", out);
    expect(first.code, first.stderr).toBe(0);
    expect(readAlerts(out)).toEqual([]);
    const second = await runOnce(store, "2025-12-27T12:00:00Z", out);
    expect(second.code, second.stderr).toBe(0);
    expect(described(readAlerts(out))).toEqual(BALTIC_EFFECT);
  });
});

describe("run loads the bundled snapshot for the pairs nobody seeded", () => {
  it("fills in the rest after a user seeded two pairs, keeps theirs, and only once", async () => {
    const store = join(dir, "partial");
    const file = join(dir, "two.jsonl");
    writeFileSync(
      file,
      [
        '{"treaty":"ottawa","country":"LT","status":"party","since":"2003-11-01"}',
        '{"treaty":"ccm","country":"NO","status":"party","since":"2010-08-01"}',
      ].join("\n"),
    );
    const seeded = await cli(["seed", "--file", file, "--data-dir", store, "--now", "2025-09-01"], {
      cwd: dir,
    });
    expect(seeded.stdout).toContain("seeded 2 pair(s)");

    const out = join(dir, "partial.jsonl");
    const first = await runOnce(store, "2025-09-01T12:00:00Z", out);
    expect(first.code, first.stderr).toBe(0);
    const expected = snapshotAsOf(bundled, "2025-09-01").length - 2;
    expect(first.stderr).toContain(`loaded the bundled status snapshot (${expected} pairs)`);
    const rows = await statusRows(store, "ottawa");
    expect(rows.find((r) => r.country === "LT")).toMatchObject({ status: "party", pending: null });
    expect(rows.find((r) => r.country === "EE")).toMatchObject({ pending: { stage: "deposited" } });

    const second = await runOnce(store, "2025-09-01T13:00:00Z", out);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/loaded the bundled status snapshot/);
    expect(readAlerts(out)).toEqual([]);
  });
});
