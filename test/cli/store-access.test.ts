import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, startCli } from "./cli-helpers.ts";

let dir: string;
let emptyConfig: string;
let seedFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tw-store-access-"));
  emptyConfig = join(dir, "no-feeds.json");
  writeFileSync(emptyConfig, '{"feeds":[]}\n');
  seedFile = join(dir, "seed.jsonl");
  writeFileSync(seedFile, '{"treaty":"ottawa","country":"LV","status":"party","since":"2006-01-01"}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split("\n"), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("a second process on the same embedded store", () => {
  it("is told the store is in use (one line, exit 1) while a run loop holds it, and gets in afterwards", async () => {
    const store = join(dir, "shared");
    const loop = startCli(["run", "--interval", "60", "--config", emptyConfig, "--data-dir", store], {
      cwd: dir,
    });
    try {
      await loop.waitFor(/Run at /);
      const attempts = [
        ["status", "--data-dir", store],
        ["status", "--feeds", "--json", "--data-dir", store],
        ["history", "--data-dir", store],
        ["seed", "--file", seedFile, "--data-dir", store],
        // A feed, so that run has nothing else to say ("no feeds configured").
        ["run", "--once", "--feed", "http://127.0.0.1:9/never-polled.xml", "--data-dir", store],
      ];
      for (const args of attempts) {
        const result = await cli(args, { cwd: dir });
        expect(result.code, args.join(" ")).toBe(1);
        expect(result.stderr).toMatch(
          new RegExp(
            `^treaty-watch ${args[0]}: the store in .*shared is in use by another treaty-watch process`,
          ),
        );
        expectOneLine(result.stderr);
      }
    } finally {
      const stopped = await loop.stop();
      expect(stopped.code).toBe(0);
    }
    const after = await cli(["status", "--json", "--treaty", "ottawa", "--data-dir", store], { cwd: dir });
    expect(after.code, after.stderr).toBe(0);
    expect((JSON.parse(after.stdout) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe("an unusable --data-dir", () => {
  it("seed into a regular file: one line, exit 1", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "not a directory\n");
    const result = await cli(["seed", "--file", seedFile, "--data-dir", file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^treaty-watch seed: cannot create the store in .*a-file: ENOTDIR/);
    expectOneLine(result.stderr);
  });
});

describe("read-only commands without a store", () => {
  it("say there is no store yet, exit 0, and create nothing", async () => {
    const cwd = join(dir, "fresh");
    mkdirSync(cwd);
    const status = await cli(["status"], { cwd });
    expect(status.code).toBe(0);
    expect(status.stdout.trim()).toBe(
      "No store in .treaty-watch yet (run `treaty-watch run` or `seed` first)",
    );
    for (const args of [
      ["status", "--json"],
      ["history", "--json"],
      ["status", "--feeds", "--json"],
    ]) {
      const result = await cli(args, { cwd });
      expect(result.code, args.join(" ")).toBe(0);
      expect(JSON.parse(result.stdout), args.join(" ")).toEqual([]);
      expect(result.stderr).toMatch(/No store in \.treaty-watch yet/);
    }
    const history = await cli(["history", "--data-dir", "elsewhere"], { cwd });
    expect(history.stdout).toMatch(/^No store in elsewhere yet/);
    expect(existsSync(join(cwd, ".treaty-watch"))).toBe(false);
    expect(existsSync(join(cwd, "elsewhere"))).toBe(false);
  });
});

describe("command-line usage errors", () => {
  it("exit 2 for every command, like the commands' own input checks", async () => {
    for (const args of [
      ["run", "--interval", "0"],
      ["run", "--no-such-option"],
      ["status", "--treaty"],
      ["seed"],
      ["history", "extra-argument"],
      ["no-such-command"],
    ]) {
      const result = await cli(args, { cwd: dir });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^error: /);
    }
    expect((await cli(["status", "--help"], { cwd: dir })).code).toBe(0);
  });
});
