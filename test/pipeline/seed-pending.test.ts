import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRunConfig } from "../../shared/config/run-config.ts";
import { extractEvents } from "../../shared/extract/index.ts";
import type { Alert } from "../../shared/model/alert.ts";
import type { SeedLine } from "../../shared/model/status.ts";
import { advanceEffectiveDates, publishPending, runCycle, seedPair } from "../../shared/pipeline.ts";
import { seedBundledIfEmpty } from "../../shared/runtime/seed-file.ts";
import { addDays } from "../../shared/state/dates.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { ensureTable } from "../../shared/store/table.ts";
import { ENGINES, type Engine, freshTableName, startDynalite } from "../store/engines.ts";
import { collectingSink, FeedServer, rss, testDeps } from "./helpers.ts";

const at = (iso: string) => () => new Date(iso);
const settings = { confidenceThreshold: 0.5, armedConflictStates: ["UA"] };

/** Lithuania's CCM withdrawal: notified to the Secretary-General on 6 September 2024. */
const LT_CCM_DEPOSITED: SeedLine = {
  treaty: "ccm",
  country: "LT",
  status: "party",
  since: "2024-09-06",
  pending: { direction: "withdraw", stage: "deposited", since: "2024-09-06" },
};

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`seeding a process under way on ${engine.name}`, () => {
    let running: Engine;
    let store: Repository;
    beforeAll(async () => {
      running = await engine.start();
    });
    afterAll(async () => {
      await running?.stop();
    });
    beforeEach(async () => {
      const tableName = freshTableName();
      await ensureTable(running.client, tableName);
      store = createRepository({ client: running.client, tableName });
    });

    it("publishes nothing when seeded, then the effective step once, on its day", async () => {
      const seeded = await seedPair({ store, clock: at("2025-01-01T00:00:00Z") }, LT_CCM_DEPOSITED);
      expect(seeded.kind).toBe("seeded");
      if (seeded.kind === "seeded") {
        expect(seeded.change).toMatchObject({ kind: "seed", alertId: null, effectiveDate: "2025-03-06" });
      }
      expect(await store.listPendingAlerts()).toEqual([]);
      expect(await store.loadPair("ccm", "LT")).toMatchObject({
        status: "party",
        pending: {
          direction: "withdraw",
          stage: "deposited",
          since: "2024-09-06",
          effectiveDate: "2025-03-06",
        },
      });
      expect(await store.listDuePairs("2025-03-05")).toEqual([]);
      expect(await store.listDuePairs("2025-03-06")).toEqual([{ treaty: "ccm", country: "LT" }]);
      // Seeding the same line again changes nothing.
      expect((await seedPair({ store, clock: at("2025-01-02T00:00:00Z") }, LT_CCM_DEPOSITED)).kind).toBe(
        "unchanged",
      );

      const sink = collectingSink();
      const published: Array<[string, Alert]> = [];
      for (const day of ["2025-03-05", "2025-03-06", "2025-03-07"]) {
        const deps = testDeps(store, [sink], at(`${day}T06:00:00Z`));
        sink.alerts.length = 0;
        await advanceEffectiveDates(deps, settings);
        await publishPending(deps);
        for (const alert of sink.alerts) published.push([day, alert]);
      }
      expect(published.map(([day, a]) => `${a.country} ${a.direction} ${a.stage} ${day}`)).toEqual([
        "LT withdraw effective 2025-03-06",
      ]);
      const alert = published[0]?.[1];
      expect(alert).toMatchObject({
        treaty: "ccm",
        effectiveDate: "2025-03-06",
        occurredAt: "2025-03-06",
        previous: { status: "party", pending: { stage: "deposited", effectiveDate: "2025-03-06" } },
        current: { status: "withdrawn", pending: null },
      });
      expect(alert?.headline).not.toMatch(/moves to/i);
      expect(await store.loadPair("ccm", "LT")).toMatchObject({ status: "withdrawn", pending: null });
    });
  });
}

describe("a replay that starts between a deposit and its effect (bundled snapshot)", () => {
  let running: Engine;
  let server: FeedServer;
  beforeAll(async () => {
    running = await startDynalite();
    server = await new FeedServer().start();
  });
  afterAll(async () => {
    await server?.stop();
    await running?.stop();
  });

  it("alerts Lithuania's cluster-munitions exit as effective on 6 March 2025, not as a move to withdraw", async () => {
    await ensureTable(running.client, "replay-ccm");
    const store = createRepository({ client: running.client, tableName: "replay-ccm" });
    expect(await seedBundledIfEmpty(store, at("2025-03-01T00:00:00Z"))).toBeGreaterThan(0);
    expect(await store.loadPair("ccm", "LT")).toMatchObject({
      status: "party",
      pending: { stage: "deposited", effectiveDate: "2025-03-06" },
    });
    expect(await store.listPendingAlerts()).toEqual([]);

    const config = parseRunConfig({ feeds: [{ url: server.url("/news.xml") }], allowPrivateNetwork: true });
    const published: Array<[string, Alert]> = [];
    for (let day = "2025-03-01"; day <= "2025-03-08"; day = addDays(day, 1)) {
      const articles =
        day === "2025-03-06"
          ? [
              {
                guid: "lt-ccm-effect",
                title: "Lithuania's withdrawal from the cluster munitions convention takes effect",
                description:
                  "Lithuania ceased to be a party to the Convention on Cluster Munitions on Thursday, six months after it notified the UN Secretary-General.",
                published: `${day}T08:00:00Z`,
              },
            ]
          : [];
      server.feeds.set("/news.xml", rss("Wire", articles));
      const sink = collectingSink();
      const deps = { ...testDeps(store, [sink], at(`${day}T12:00:00Z`)), extract: extractEvents };
      await runCycle(deps, config, { allFeeds: true });
      for (const alert of sink.alerts) published.push([day, alert]);
    }
    expect(published.map(([day, a]) => `${a.treaty} ${a.country} ${a.direction} ${a.stage} ${day}`)).toEqual([
      "ccm LT withdraw effective 2025-03-06",
    ]);
    const alert = published[0]?.[1];
    expect(alert?.headline).not.toMatch(/moves to withdraw/i);
    expect(alert?.current.status).toBe("withdrawn");
    expect(alert?.sources.map((s) => s.url)).toEqual(["https://news.example/lt-ccm-effect"]);
  });
});
