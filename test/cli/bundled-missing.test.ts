import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySeeds, parseSeedLines, seedBundledMissing } from "../../shared/runtime/seed-file.ts";
import { type EmbeddedStore, startEmbeddedStore } from "../../shared/store/embedded.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { ensureTable } from "../../shared/store/table.ts";

const at = (iso: string) => () => new Date(iso);

describe("seedBundledMissing(store, clock, settings?, dir)", () => {
  let dir: string;
  let embedded: EmbeddedStore;
  let store: Repository;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tw-bundled-"));
    embedded = await startEmbeddedStore({ inMemory: true });
    await ensureTable(embedded.client, "bundled");
    store = createRepository({ client: embedded.client, tableName: "bundled" });
    // A copy of data/status as a Lambda bundle would carry it, with files that are not snapshots.
    writeFileSync(
      join(dir, "ottawa.jsonl"),
      [
        '{"treaty":"ottawa","country":"LT","status":"party","since":"2003-11-01"}',
        '{"treaty":"ottawa","country":"LT","status":"party","since":"2025-06-27","pending":{"direction":"withdraw","stage":"deposited","since":"2025-06-27"}}',
        '{"treaty":"ottawa","country":"LT","status":"withdrawn","since":"2025-12-27"}',
        '{"treaty":"ottawa","country":"EE","status":"party","since":"2004-11-01"}',
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "ccm.jsonl"),
      '{"treaty":"ccm","country":"NO","status":"party","since":"2010-08-01"}\n',
    );
    writeFileSync(join(dir, "SOURCES.md"), '{"treaty":"paris","country":"US","status":"party"}\n');
    writeFileSync(join(dir, "paris.json"), '{"treaty":"paris","country":"FR","status":"party"}\n');
    mkdirSync(join(dir, "old.jsonl"));
  });
  afterAll(async () => {
    await embedded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("seeds the day's line of only the pairs without a status, from the *.jsonl files of dir", async () => {
    // The user's own line for EE, which the snapshot must leave alone.
    const own = parseSeedLines('{"treaty":"ottawa","country":"EE","status":"non_party"}').lines;
    await applySeeds(
      store,
      own.map((l) => l.seed),
      at("2025-01-01T00:00:00Z"),
    );
    const seeded = await seedBundledMissing(store, at("2025-12-27T12:00:00Z"), undefined, dir);
    expect(seeded).toBe(2);
    const states = await store.listStatuses();
    expect(states.map((s) => `${s.treaty} ${s.country} ${s.status} ${s.pending?.stage ?? "-"}`)).toEqual([
      "ccm NO party -",
      "ottawa EE non_party -",
      "ottawa LT party deposited",
    ]);
    expect(await seedBundledMissing(store, at("2026-03-01T12:00:00Z"), undefined, dir)).toBe(0);
    expect((await store.loadPair("ottawa", "LT"))?.status).toBe("party");
  });

  it("names the directory it cannot read", async () => {
    await expect(
      seedBundledMissing(store, at("2025-12-27T12:00:00Z"), undefined, join(dir, "nope")),
    ).rejects.toThrow(/cannot read the status snapshot in .*nope/);
  });
});
