import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_STATUS_DIR, parseSeedLines, snapshotAsOf } from "../../shared/runtime/seed-file.ts";

const bundled = readdirSync(BUNDLED_STATUS_DIR)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => parseSeedLines(readFileSync(join(BUNDLED_STATUS_DIR, f), "utf8")).lines.map((l) => l.seed));

const statusOn = (day: string, treaty: string, country: string) =>
  snapshotAsOf(bundled, day).find((s) => s.treaty === treaty && s.country === country)?.status;

describe("the bundled status snapshot as of a day", () => {
  it("has no invalid line", () => {
    for (const file of readdirSync(BUNDLED_STATUS_DIR).filter((f) => f.endsWith(".jsonl"))) {
      expect(parseSeedLines(readFileSync(join(BUNDLED_STATUS_DIR, file), "utf8")).errors, file).toEqual([]);
    }
  });

  it("starts a 2025 replay from the world of 2025, not today's", () => {
    expect(statusOn("2025-03-01", "ottawa", "LT")).toBe("party");
    expect(statusOn("2025-12-27", "ottawa", "LT")).toBe("withdrawn");
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
});
