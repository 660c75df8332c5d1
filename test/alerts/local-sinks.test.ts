import { appendFile, mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { consoleSink, jsonlFileSink } from "../../shared/alerts/index.ts";
import { Alert } from "../../shared/model/alert.ts";
import { makeAlert } from "./fixtures.ts";

describe("consoleSink", () => {
  it("writes readable lines: subject, status change, sources, id", async () => {
    const out: string[] = [];
    const sink = consoleSink((text) => out.push(text));
    await sink.publish(makeAlert({ effectiveDate: "2025-12-27", notes: ["armed-conflict clause applies"] }));
    const text = out.join("");
    expect(text).toMatch(/^ALERT Lithuania moves to withdraw from the Ottawa mine-ban treaty\n/);
    expect(text).toContain("status: party -> party (withdrawal announced since 2025-03-18)");
    expect(text).toContain("effective: 2025-12-27");
    expect(text).toContain("note: armed-conflict clause applies");
    expect(text).toContain(
      "source: Baltic states recommend leaving the Ottawa Treaty <https://news.example.org/",
    );
    expect(text).toContain("id: ottawa:LT:withdraw:announced:2025-03-18");
  });
});

describe("jsonlFileSink", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("creates parent folders and appends one valid Alert JSON per line", async () => {
    dir = await mkdtemp(join(tmpdir(), "tw-alerts-"));
    const path = join(dir, "nested", "deeper", "alerts.jsonl");
    const sink = jsonlFileSink(path);
    const first = makeAlert();
    const second = makeAlert({
      id: "second",
      country: "TR",
      countryName: "Türkiye",
      notes: ["ü stays in JSON"],
    });
    await sink.publish(first);
    await sink.publish(second);
    const third = makeAlert({ id: "third" });
    await jsonlFileSink(path).publish(third); // a second sink appends, never truncates
    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines.at(-1)).toBe("");
    const alerts = lines.filter(Boolean).map((line) => Alert.parse(JSON.parse(line)));
    expect(alerts).toEqual([first, second, third]);
  });

  it("never writes an alert id twice, even from a new process after a crash left a torn line", async () => {
    dir = await mkdtemp(join(tmpdir(), "tw-alerts-"));
    const path = join(dir, "alerts.jsonl");
    const first = makeAlert({ id: "once" });
    await jsonlFileSink(path).publish(first);
    await appendFile(path, '{"schema":"treaty-watch.alert/1","id":"torn'); // killed mid-write
    const restarted = jsonlFileSink(path);
    await restarted.publish(first);
    await restarted.publish(first);
    await restarted.publish(makeAlert({ id: "after-the-crash" }));
    const ids = (await readFile(path, "utf8"))
      .split("\n")
      .filter((line) => line.endsWith("}"))
      .map((line) => JSON.parse(line).id);
    expect(ids).toEqual(["once", "after-the-crash"]);
  });

  it("retries reading the file after a failed read instead of failing every later publish", async () => {
    dir = await mkdtemp(join(tmpdir(), "tw-alerts-"));
    const path = join(dir, "alerts.jsonl");
    await mkdir(path); // a directory where the file should be: the first read fails (EISDIR)
    const sink = jsonlFileSink(path);
    await expect(sink.publish(makeAlert({ id: "blocked" }))).rejects.toThrow(/EISDIR|illegal operation/i);
    await rmdir(path);
    await writeFile(path, `${JSON.stringify(makeAlert({ id: "already-there" }))}\n`);
    await sink.publish(makeAlert({ id: "already-there" })); // read again: known, not appended twice
    await sink.publish(makeAlert({ id: "blocked" }));
    const ids = (await readFile(path, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
    expect(ids).toEqual(["already-there", "blocked"]);
  });
});
