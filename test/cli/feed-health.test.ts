import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./cli-helpers.ts";

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Healthy</title>
<item><guid>https://example.org/a</guid><title>Weather report</title></item></channel></rss>`;

let server: Server;
let base: string;
let cwd: string;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), "tw-health-"));
  server = createServer((req, res) => {
    if (req.url === "/ok.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS);
    } else {
      res.writeHead(500).end("broken");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe("status --feeds", () => {
  it("shows which feed fails, how often in a row and why, beside the healthy one", async () => {
    const args = [
      "run",
      "--once",
      "--allow-private-network",
      "--feed",
      `${base}/ok.xml`,
      "--feed",
      `${base}/bad.xml`,
    ];
    expect((await cli(args, { cwd })).code).toBe(0);
    expect((await cli(args, { cwd })).code).toBe(0);

    const json = await cli(["status", "--feeds", "--json"], { cwd });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{
      url: string;
      health: string;
      consecutiveFailures: number;
      lastError: string | null;
      lastSuccessAt: string | null;
      nextPollAt: string | null;
    }>;
    const bad = rows.find((r) => r.url.endsWith("/bad.xml"));
    const ok = rows.find((r) => r.url.endsWith("/ok.xml"));
    expect(bad).toMatchObject({ health: "failing", consecutiveFailures: 2, lastSuccessAt: null });
    expect(bad?.lastError).toContain("500");
    expect(bad?.nextPollAt).not.toBeNull();
    expect(ok).toMatchObject({ health: "ok", consecutiveFailures: 0, lastError: null });
    // The store's packed item digests are internal: not part of the JSON.
    for (const row of rows) expect(row).not.toHaveProperty("recentItems");
    expect(Object.keys(ok ?? {}).sort()).toEqual(
      [
        "consecutiveFailures",
        "etag",
        "health",
        "lastAttemptAt",
        "lastError",
        "lastModified",
        "lastSuccessAt",
        "nextPollAt",
        "title",
        "url",
      ].sort(),
    );

    const table = await cli(["status", "--feeds"], { cwd });
    expect(table.stdout.split("\n")[2]).toMatch(/^failing\s+2\s+never/);
  });
});
