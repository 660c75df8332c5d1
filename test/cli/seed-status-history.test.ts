import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./cli-helpers.ts";

describe("treaty-watch seed / status / history", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tw-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("seeds good lines, reports each bad line with its number, and shows the result", async () => {
    const file = join(dir, "seed.jsonl");
    writeFileSync(
      file,
      [
        '{"treaty":"ottawa","country":"LV","status":"party","since":"2006-01-01"}',
        '{"treaty":"ottawa","country":"pl","status":"party"}',
        "not json",
        '{"treaty":"nosuch","country":"LV","status":"party"}',
        '{"treaty":"ottawa","country":"LV","status":"member"}',
        "",
        '{"treaty":"paris","country":"US","status":"withdrawn","since":"2026-01-27"}',
      ].join("\n"),
    );
    const seeded = await cli(["seed", "--file", file, "--data-dir", join(dir, "store")], { cwd: dir });
    expect(seeded.stdout).toMatch(/seeded 3 pair\(s\), 0 unchanged, 3 bad line\(s\)/);
    expect(seeded.stderr).toMatch(/seed\.jsonl:3: not valid JSON/);
    expect(seeded.stderr).toMatch(/seed\.jsonl:4: treaty: unknown treaty id "nosuch"/);
    expect(seeded.stderr).toMatch(/seed\.jsonl:5: status/);
    expect(seeded.code).toBe(1);

    const status = await cli(["status", "--json", "--treaty", "ottawa", "--data-dir", join(dir, "store")], {
      cwd: dir,
    });
    expect(status.code).toBe(0);
    const rows = JSON.parse(status.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.country, r.status, r.since])).toEqual([
      ["LV", "party", "2006-01-01"],
      ["PL", "party", null],
    ]);

    const table = await cli(["status", "--country", "us", "--data-dir", join(dir, "store")], { cwd: dir });
    expect(table.stdout).toMatch(/TREATY\s+COUNTRY\s+STATUS\s+PENDING\s+SINCE\s+SOURCES/);
    expect(table.stdout).toMatch(/paris\s+US\s+withdrawn\s+-\s+2026-01-27/);

    const history = await cli(["history", "--json", "--country", "LV", "--data-dir", join(dir, "store")], {
      cwd: dir,
    });
    const changes = JSON.parse(history.stdout) as Array<Record<string, unknown>>;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ treaty: "ottawa", country: "LV", kind: "seed", alertId: null });
  });

  it("seeds a withdrawal under way: status shows the pending step and its effective date, history one seed", async () => {
    const file = join(dir, "pending.jsonl");
    const store = join(dir, "pending-store");
    writeFileSync(
      file,
      [
        '{"treaty":"ccm","country":"LT","status":"party","since":"2024-09-06","pending":{"direction":"withdraw","stage":"deposited","since":"2024-09-06"}}',
        '{"treaty":"ccm","country":"LV","status":"non_party","pending":{"direction":"withdraw","stage":"announced","since":"2025-01-01"}}',
        '{"treaty":"ccm","country":"EE","status":"party","pending":{"direction":"withdraw","stage":"effective","since":"2025-01-01"}}',
      ].join("\n"),
    );
    const seeded = await cli(["seed", "--file", file, "--data-dir", store], { cwd: dir });
    expect(seeded.stdout).toMatch(/seeded 1 pair\(s\), 0 unchanged, 2 bad line\(s\)/);
    expect(seeded.stderr).toMatch(/pending\.jsonl:2: pending: a non_party cannot be withdrawing/);
    expect(seeded.stderr).toMatch(/pending\.jsonl:3: pending\.stage: /);
    expect(seeded.code).toBe(1);

    const status = await cli(["status", "--json", "--treaty", "ccm", "--data-dir", store], { cwd: dir });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual([
      expect.objectContaining({
        treaty: "ccm",
        country: "LT",
        status: "party",
        since: "2024-09-06",
        pending: {
          direction: "withdraw",
          stage: "deposited",
          since: "2024-09-06",
          effectiveDate: "2025-03-06",
        },
      }),
    ]);
    const table = await cli(["status", "--treaty", "ccm", "--data-dir", store], { cwd: dir });
    expect(table.stdout).toMatch(/ccm\s+LT\s+party\s+.*2025-03-06/);

    const history = await cli(["history", "--json", "--treaty", "ccm", "--data-dir", store], { cwd: dir });
    const changes = JSON.parse(history.stdout) as Array<Record<string, unknown>>;
    expect(changes).toEqual([
      expect.objectContaining({ country: "LT", kind: "seed", alertId: null, effectiveDate: "2025-03-06" }),
    ]);

    const again = await cli(["seed", "--file", file, "--data-dir", store], { cwd: dir });
    expect(again.stdout).toMatch(/seeded 0 pair\(s\), 1 unchanged/);
  });

  it("explains each command with --help", async () => {
    for (const command of ["run", "status", "history", "seed", "demo"]) {
      const help = await cli([command, "--help"], { cwd: dir });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: treaty-watch ${command}`));
    }
  });
});
