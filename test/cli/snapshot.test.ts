import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getTreaty } from "../../shared/catalog/index.ts";
import { BUNDLED_STATUS_DIR, parseSeedLines, snapshotAsOf } from "../../shared/runtime/seed-file.ts";
import { addDays, withdrawalEffectiveDate } from "../../shared/state/dates.ts";

const bundled = readdirSync(BUNDLED_STATUS_DIR)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => parseSeedLines(readFileSync(join(BUNDLED_STATUS_DIR, f), "utf8")).lines.map((l) => l.seed));

const lineOn = (day: string, treaty: string, country: string) =>
  snapshotAsOf(bundled, day).find((s) => s.treaty === treaty && s.country === country);
const statusOn = (day: string, treaty: string, country: string) => lineOn(day, treaty, country)?.status;
const pendingOn = (day: string, treaty: string, country: string) => lineOn(day, treaty, country)?.pending;

describe("the bundled status snapshot as of a day", () => {
  it("has no invalid line", () => {
    for (const file of readdirSync(BUNDLED_STATUS_DIR).filter((f) => f.endsWith(".jsonl"))) {
      expect(parseSeedLines(readFileSync(join(BUNDLED_STATUS_DIR, file), "utf8")).errors, file).toEqual([]);
    }
  });

  it("starts a 2025 replay from the world of 2025, not today's", () => {
    expect(statusOn("2025-03-01", "ottawa", "LT")).toBe("party");
    expect(pendingOn("2025-03-01", "ottawa", "LT")).toBeUndefined();
    expect(statusOn("2025-12-28", "ottawa", "LT")).toBe("withdrawn");
    expect(statusOn("2026-06-01", "ottawa", "PL")).toBe("withdrawn");
    expect(statusOn("2025-06-01", "ottawa", "PL")).toBe("party");
  });

  it("follows a pair that left, rejoined and left again", () => {
    expect(statusOn("2019-01-01", "paris", "US")).toBe("party");
    expect(statusOn("2020-12-01", "paris", "US")).toBe("withdrawn");
    expect(statusOn("2024-01-01", "paris", "US")).toBe("party");
    expect(statusOn("2026-02-01", "paris", "US")).toBe("withdrawn");
  });

  it("leaves out a pair whose every line is later than the day", () => {
    expect(statusOn("1990-01-01", "ottawa", "LT")).toBeUndefined();
    expect(statusOn("1990-01-01", "ottawa", "US")).toBe("non_party");
  });

  it("holds a notified withdrawal as pending between the deposit and its effect, and not on the deposit's day", () => {
    expect(pendingOn("2024-07-18", "ccm", "LT")).toBeUndefined();
    // On the deposit's day a run reads that day's news of it: the step before it is what is seeded.
    expect(lineOn("2024-09-06", "ccm", "LT")).toMatchObject({
      status: "party",
      pending: { stage: "approved" },
    });
    for (const day of ["2024-09-07", "2025-03-01", "2025-03-05"]) {
      expect(lineOn(day, "ccm", "LT"), day).toMatchObject({
        status: "party",
        pending: { direction: "withdraw", stage: "deposited", since: "2024-09-06" },
      });
    }
    // On the effective day the deposit is still seeded: the run's own advance alerts the effect that day.
    expect(lineOn("2025-03-06", "ccm", "LT")).toMatchObject({
      status: "party",
      pending: { stage: "deposited", since: "2024-09-06" },
    });
    expect(lineOn("2025-03-07", "ccm", "LT")).toMatchObject({ status: "withdrawn", since: "2025-03-06" });
    expect(pendingOn("2025-06-27", "ottawa", "LV")).toMatchObject({ stage: "approved", since: "2025-04-16" });
    expect(pendingOn("2025-06-28", "ottawa", "LT")).toMatchObject({
      stage: "deposited",
      since: "2025-06-27",
    });
    expect(pendingOn("2026-02-19", "ottawa", "PL")).toMatchObject({
      stage: "deposited",
      since: "2025-08-20",
    });
    expect(pendingOn("2026-02-20", "ottawa", "PL")).toMatchObject({ stage: "deposited" });
    expect(statusOn("2026-02-21", "ottawa", "PL")).toBe("withdrawn");
    expect(pendingOn("2025-12-01", "rome-statute", "HU")).toMatchObject({ since: "2025-06-02" });
    expect(pendingOn("2025-06-01", "paris", "US")).toMatchObject({ since: "2025-01-27" });
    expect(pendingOn("2024-06-01", "paris", "US")).toBeUndefined();
  });

  it("never seeds a deposit whose effect is already past on the day: the status after it applies then", () => {
    let deposits = 0;
    for (let day = "2024-01-01"; day <= "2026-12-31"; day = addDays(day, 1)) {
      for (const seed of snapshotAsOf(bundled, day)) {
        if (seed.pending?.stage !== "deposited") continue;
        deposits++;
        const treaty = getTreaty(seed.treaty);
        if (!treaty) throw new Error(seed.treaty);
        const effective = withdrawalEffectiveDate(treaty, seed.country, seed.pending.since, null);
        expect(effective, `${seed.treaty}/${seed.country} on ${day}`).not.toBeNull();
        expect((effective ?? "") >= day, `${seed.treaty}/${seed.country} on ${day}`).toBe(true);
      }
    }
    expect(deposits).toBeGreaterThan(1000);
  });

  it("counts a status line that ends a step under way from the day after it, any other from its own day", () => {
    // The effective day itself: the deposit is seeded, so the run's advance alerts the effect that day.
    expect(lineOn("2025-12-27", "ottawa", "LT")).toMatchObject({
      status: "party",
      pending: { stage: "deposited" },
    });
    expect(lineOn("2025-12-28", "ottawa", "LT")).toMatchObject({ status: "withdrawn", since: "2025-12-27" });
    expect(pendingOn("2026-01-27", "paris", "US")).toMatchObject({ stage: "deposited" });
    expect(statusOn("2026-01-28", "paris", "US")).toBe("withdrawn");
    // Paris 2020: no step was seeded before that withdrawal, so its line holds from its own day.
    expect(statusOn("2020-11-04", "paris", "US")).toBe("withdrawn");
    expect(statusOn("2021-02-19", "paris", "US")).toBe("party");
  });

  it("does not depend on the order of the lines in the files", () => {
    const reversed = [...bundled].reverse();
    for (const day of ["2024-09-07", "2025-03-06", "2025-06-27", "2025-12-27", "2026-02-20", "2026-11-27"]) {
      const key = (lines: typeof bundled) => lines.map((l) => JSON.stringify(l)).sort();
      expect(key(snapshotAsOf(reversed, day)), day).toEqual(key(snapshotAsOf(bundled, day)));
    }
  });

  it("dates each bundled deposit's effect to the day its pair's withdrawn line begins", () => {
    const deposits = bundled.filter((s) => s.pending?.stage === "deposited");
    expect(deposits.length).toBeGreaterThanOrEqual(8);
    for (const seed of deposits) {
      const treaty = getTreaty(seed.treaty);
      if (!treaty || !seed.pending) throw new Error(`bad line ${JSON.stringify(seed)}`);
      const effective = withdrawalEffectiveDate(treaty, seed.country, seed.pending.since, null);
      const after = bundled.find(
        (s) =>
          s.treaty === seed.treaty &&
          s.country === seed.country &&
          s.status === "withdrawn" &&
          (s.since ?? "") > (seed.pending?.since ?? ""),
      );
      expect(after?.since, `${seed.treaty}/${seed.country}`).toBe(effective);
    }
  });

  it("raises each bundled process's stage with its dates, one process per pair", () => {
    const order = ["announced", "approved", "deposited"];
    const byPair = new Map<string, Array<{ since: string; stage: string }>>();
    for (const seed of bundled) {
      if (!seed.pending) continue;
      const key = `${seed.treaty}/${seed.country}`;
      byPair.set(key, [...(byPair.get(key) ?? []), seed.pending]);
    }
    expect(byPair.size).toBeGreaterThanOrEqual(8);
    for (const [pair, steps] of byPair) {
      const sorted = [...steps].sort((a, b) => a.since.localeCompare(b.since));
      const ranks = sorted.map((s) => order.indexOf(s.stage));
      expect(ranks, pair).toEqual([...new Set(ranks)].sort((a, b) => a - b));
    }
  });

  it("refuses bad pending lines by number and keeps the good ones", () => {
    const parsed = parseSeedLines(
      [
        '{"treaty":"ccm","country":"LT","status":"party","since":"2024-09-06","pending":{"direction":"withdraw","stage":"deposited","since":"2024-09-06"}}',
        '{"treaty":"ccm","country":"LT","status":"party","pending":{"direction":"withdraw","stage":"effective","since":"2025-03-06"}}',
        "",
        '{"treaty":"ccm","country":"PL","status":"non_party","pending":{"direction":"withdraw","stage":"announced","since":"2025-03-07"}}',
        '{"treaty":"ccm","country":"LT","status":"party","pending":{"direction":"withdraw","stage":"deposited","since":"6 Sep 2024"}}',
      ].join("\n"),
    );
    expect(parsed.lines.map((l) => l.line)).toEqual([1]);
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 4, 5]);
    expect(parsed.errors[0]?.message).toMatch(/^pending\.stage: /);
    expect(parsed.errors[1]?.message).toMatch(/^pending: a non_party cannot be withdrawing/);
    expect(parsed.errors[2]?.message).toMatch(/^pending\.since: /);
  });
});
