import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockFrom } from "../../shared/runtime/deps.ts";
import { parsePairFilter } from "../../shared/runtime/pair-filter.ts";
import { FeedServer, rss } from "../pipeline/helpers.ts";
import { cli } from "./cli-helpers.ts";

describe("--now", () => {
  it("takes a date or a date-time with or without offset, and refuses anything Date.parse would guess at", () => {
    expect(clockFrom("2025-06-27")().toISOString()).toBe("2025-06-27T00:00:00.000Z");
    expect(clockFrom("2025-06-27T12:00:00+02:00")().toISOString()).toBe("2025-06-27T10:00:00.000Z");
    // ISO-8601 without offset: read as UTC, whatever the machine's time zone.
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland";
    try {
      expect(clockFrom("2025-06-27T12:00:00")().toISOString()).toBe("2025-06-27T12:00:00.000Z");
      expect(clockFrom("2025-06-27T23:30")().toISOString()).toBe("2025-06-27T23:30:00.000Z");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    for (const bad of [
      "3",
      "June 5",
      "2025-02-30",
      "2025-06-27 12:00",
      "2025-02-30T12:00:00",
      "2025-06-27T24:30",
    ]) {
      expect(() => clockFrom(bad), bad).toThrow(/--now must be an ISO-8601 date/);
    }
  });

  it("stays put for one cycle and moves on from the given moment in a loop", async () => {
    const fixed = clockFrom("2025-06-27T00:00:00Z");
    const moving = clockFrom("2025-06-27T00:00:00Z", { follow: true });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fixed().toISOString()).toBe("2025-06-27T00:00:00.000Z");
    expect(moving().getTime()).toBeGreaterThan(Date.parse("2025-06-27T00:00:00Z"));
  });
});

describe("--treaty and --country filters", () => {
  it("normalise case and refuse what the catalog and ISO 3166-1 do not know", () => {
    expect(parsePairFilter({ treaty: "OTTAWA", country: "lt" })).toEqual({ treaty: "ottawa", country: "LT" });
    expect(() => parsePairFilter({ treaty: "landmines" })).toThrow(/unknown treaty id "landmines"/);
    expect(() => parsePairFilter({ country: "XX" })).toThrow(/not an ISO 3166-1/);
  });
});

describe("CLI input errors", () => {
  let dir: string;
  let feeds: FeedServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tw-input-"));
    feeds = await new FeedServer().start();
  });
  afterAll(async () => {
    await feeds.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exit 2 with the problem named, before touching the store", async () => {
    const badNow = await cli(["run", "--once", "--now", "June 5", "--data-dir", join(dir, "a")], {
      cwd: dir,
    });
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toMatch(/--now must be an ISO-8601 date/);
    const badTreaty = await cli(["status", "--treaty", "landmines", "--data-dir", join(dir, "a")], {
      cwd: dir,
    });
    expect(badTreaty.code).toBe(2);
    expect(badTreaty.stderr).toMatch(/unknown treaty id/);
  });

  it("run --json keeps stdout to one JSON summary per cycle, alerts on stderr", async () => {
    feeds.feeds.set(
      "/lv.xml",
      rss("LSM", [
        {
          guid: "saeima",
          title: "Latvia's Saeima votes to withdraw from the Ottawa Convention",
          description: "Latvian lawmakers approved leaving the treaty banning anti-personnel mines.",
          published: "2025-04-16T12:00:00Z",
        },
      ]),
    );
    const result = await cli(
      [
        ...["run", "--once", "--json", "--allow-private-network", "--feed", feeds.url("/lv.xml")],
        ...["--data-dir", join(dir, "json"), "--now", "2025-04-16T18:00:00Z"],
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ polled: 1, alertsPublished: 1, errors: [] });
    expect(result.stderr).toMatch(/Latvia/);
  });
});
