import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rss } from "../pipeline/helpers.ts";
import { cli } from "./cli-helpers.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tw-file-run-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("run --feed FILE", () => {
  it("reads a feed from disk, and an unchanged file is not read again", async () => {
    writeFileSync(
      join(dir, "coverage.xml"),
      rss("Coverage", [
        {
          guid: "ee-notify",
          title: "Estonia notifies UN Secretary-General of withdrawal from Ottawa Convention",
          description:
            "Estonia deposited its notification of withdrawal with the UN Secretary-General on Friday.",
          published: "2025-06-27T12:00:00Z",
        },
      ]),
    );
    const args = ["run", "--once", "--json", "--feed", "./coverage.xml", "--data-dir", join(dir, "store")];
    const first = await cli([...args, "--now", "2025-06-27T18:00:00Z"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ polled: 1, failed: [], alertsPublished: 1 });
    const second = await cli([...args, "--now", "2025-06-28T18:00:00Z"], { cwd: dir });
    expect(JSON.parse(second.stdout)).toMatchObject({ notModified: 1, alertsPublished: 0 });
  });
});
