import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Alert } from "../../shared/model/alert.ts";
import { STAGES } from "../../shared/model/vocabulary.ts";
import { FeedServer, rss } from "../pipeline/helpers.ts";
import { cli } from "./cli-helpers.ts";

function readAlerts(file: string): Alert[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => Alert.parse(JSON.parse(line)));
}

describe("treaty-watch run", () => {
  let dir: string;
  let server: FeedServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tw-run-"));
    server = await new FeedServer().start();
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("polls a loopback feed, publishes to --alerts-out, and stays quiet on the repeat run", async () => {
    server.feeds.set(
      "/news.xml",
      rss("Test News", [
        {
          guid: "saeima-1",
          title: "Latvia's parliament votes to withdraw from the Ottawa Convention",
          description:
            "Latvia's Saeima on Wednesday approved the country's withdrawal from the Ottawa Convention banning anti-personnel mines.",
          published: "2025-04-16T13:00:00Z",
        },
      ]),
    );
    const seed = join(dir, "seed.jsonl");
    writeFileSync(seed, '{"treaty":"ottawa","country":"LV","status":"party","since":"2006-01-01"}\n');
    const store = join(dir, "store");
    expect((await cli(["seed", "--file", seed, "--data-dir", store], { cwd: dir })).code).toBe(0);
    const out = join(dir, "alerts.jsonl");
    const args = ["run", "--once", "--feed", server.url("/news.xml"), "--allow-private-network"];
    const first = await cli(
      [...args, "--data-dir", store, "--alerts-out", out, "--now", "2025-04-16T18:00:00Z"],
      {
        cwd: dir,
      },
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/1 feed\(s\) polled/);
    const alerts = readAlerts(out);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      treaty: "ottawa",
      country: "LV",
      direction: "withdraw",
      occurredAt: "2025-04-16",
    });
    expect(alerts[0]?.sources[0]?.url).toMatch(/saeima-1/);

    const again = await cli(
      [...args, "--data-dir", store, "--alerts-out", out, "--now", "2025-04-17T18:00:00Z"],
      {
        cwd: dir,
      },
    );
    expect(again.code).toBe(0);
    expect(readAlerts(out)).toHaveLength(1);

    // The bundled snapshot filled in the pairs the seed left out (ccm LV among them): ask for ottawa.
    const status = await cli(
      ["status", "--json", "--treaty", "ottawa", "--country", "LV", "--data-dir", store],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(status.stdout)[0]).toMatchObject({
      status: "party",
      pending: { direction: "withdraw" },
    });
  });

  it("reports each unreachable or refused feed clearly and still exits 0", async () => {
    const result = await cli(
      ["run", "--once", "--feed", "http://feeds.treaty-watch.invalid/rss", "--feed", server.url("/news.xml")],
      { cwd: dir, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 failed/);
    expect(result.stdout).toMatch(/FAILED http:\/\/feeds\.treaty-watch\.invalid\/rss: \S+/);
    expect(result.stdout).toMatch(/FAILED http:\/\/127\.0\.0\.1:\d+\/news\.xml: \S+/);
  });
});

describe("treaty-watch demo", () => {
  it("prints one alert per real step per country, stages rising, no duplicates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-demo-"));
    try {
      const out = join(dir, "demo.jsonl");
      const result = await cli(["demo", "--alerts-out", out], { cwd: dir, timeoutMs: 90_000 });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Demo finished: 16 alert\(s\)/);
      const alerts = readAlerts(out);
      expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
      for (const country of ["PL", "EE", "LV", "LT"]) {
        const mine = alerts.filter((a) => a.country === country && a.treaty === "ottawa");
        expect(mine.map((a) => a.stage)).toEqual([...STAGES]);
      }
      const effective = (cc: string) =>
        alerts.find((a) => a.country === cc && a.stage === "effective")?.occurredAt;
      expect([effective("LV"), effective("EE"), effective("LT"), effective("PL")]).toEqual([
        "2025-12-27",
        "2025-12-27",
        "2025-12-27",
        "2026-02-20",
      ]);
      expect(alerts.some((a) => a.country === "NO" || a.treaty === "ccm")).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
