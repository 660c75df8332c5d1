import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRunConfig } from "../../shared/config/run-config.ts";
import {
  advanceEffectiveDates,
  applyEffectiveDate,
  applyObservation,
  pollFeed,
  publishPending,
  runCycle,
  seedPair,
  settingsFrom,
} from "../../shared/pipeline.ts";
import type { Observation } from "../../shared/state/pair.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { ensureTable } from "../../shared/store/table.ts";
import { ENGINES, type Engine, freshTableName } from "../store/engines.ts";
import { collectingSink, type FeedArticle, FeedServer, failingSink, rss, testDeps } from "./helpers.ts";

const at = (iso: string) => () => new Date(iso);

function article(guid: string, published: string, marker: string, title = guid): FeedArticle {
  return { guid, title, published, description: `Report. ${marker}` };
}

const ruleSettings = { confidenceThreshold: 0.5, armedConflictStates: [] };

function report(country: string, stage: Observation["stage"], occurredOn: string): Observation {
  return {
    treaty: "ottawa",
    country,
    direction: "withdraw",
    stage,
    confidence: 0.9,
    occurredOn,
    source: { url: `https://news.example/${country}-${stage}`, title: "t", published: null, feed: null },
    evidence: "",
  };
}

/** A log that keeps what it is told, so a test can assert a warning was given. */
function recordingLog() {
  const lines: Array<{ level: string; message: string; data?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, data?: Record<string, unknown>) => {
    lines.push({ level, message, data });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`pipeline on ${engine.name}`, () => {
    let running: Engine;
    let server: FeedServer;
    let store: Repository;
    beforeAll(async () => {
      running = await engine.start();
      server = await new FeedServer().start();
    });
    afterAll(async () => {
      await server?.stop();
      await running?.stop();
    });
    beforeEach(async () => {
      const tableName = freshTableName();
      await ensureTable(running.client, tableName);
      store = createRepository({ client: running.client, tableName });
      server.feeds.clear();
      server.failing.clear();
    });

    const config = (paths: string[]) =>
      parseRunConfig({ feeds: paths.map((p) => ({ url: server.url(p) })), allowPrivateNetwork: true });

    it("reads new items only, answers 304 with a feed-state write, and records failures without throwing", async () => {
      const sink = collectingSink();
      const deps = testDeps(store, [sink], at("2025-03-18T12:00:00Z"));
      const settings = settingsFrom(config([]));
      server.feeds.set(
        "/a.xml",
        rss("A", [article("a1", "2025-03-18T09:00:00Z", "EVENT ottawa LV withdraw announced 0.9")]),
      );
      const first = await pollFeed(deps, { url: server.url("/a.xml") }, settings);
      expect(first).toMatchObject({ status: "ok", items: 1, newItems: 1, events: 1, changes: 1, title: "A" });
      const second = await pollFeed(deps, { url: server.url("/a.xml") }, settings);
      expect(second).toMatchObject({ status: "not-modified", newItems: 0 });
      server.feeds.set(
        "/a.xml",
        rss("A", [
          article("a2", "2025-03-18T10:00:00Z", "EVENT ottawa EE withdraw announced 0.9"),
          article("a1", "2025-03-18T09:00:00Z", "EVENT ottawa LV withdraw announced 0.9"),
        ]),
      );
      const third = await pollFeed(deps, { url: server.url("/a.xml") }, settings);
      expect(third).toMatchObject({ status: "ok", items: 2, newItems: 1, changes: 1 });
      server.failing.add("/a.xml");
      const failed = await pollFeed(deps, { url: server.url("/a.xml") }, settings);
      expect(failed.status).toBe("failed");
      expect(failed.error?.code).toMatch(/500/);
      const state = await store.getFeedState(server.url("/a.xml"));
      expect(state).toMatchObject({ consecutiveFailures: 1, lastSuccessAt: "2025-03-18T12:00:00.000Z" });
      expect(state?.lastError).toMatch(/500/);
      const unreachable = await pollFeed(deps, { url: "http://127.0.0.1:9/feed.xml" }, settings);
      expect(unreachable.status).toBe("failed");
    });

    it("looks up only the items it has not read before, treats an edited item as new, and one article in two feeds once", async () => {
      // A non-permalink GUID like "b1" is not trusted as a key: the item's link is.
      const link = (guid: string) => `https://news.example/${guid}`;
      const lookedUp: string[] = [];
      const counting: Repository = {
        ...store,
        getSeenMany: (ids) => {
          lookedUp.push(...ids);
          return store.getSeenMany(ids);
        },
      };
      const deps = testDeps(counting, [collectingSink()], at("2025-03-18T12:00:00Z"));
      const settings = settingsFrom(config([]));
      const items = [
        article("b1", "2025-03-18T08:00:00Z", "nothing"),
        article("b2", "2025-03-18T08:30:00Z", "x"),
      ];
      server.feeds.set("/b.xml", rss("B", items));
      expect(await pollFeed(deps, { url: server.url("/b.xml") }, settings)).toMatchObject({ newItems: 2 });
      expect(lookedUp.sort()).toEqual([link("b1"), link("b2")]);

      lookedUp.length = 0;
      const edited = { ...items[1], description: "Report, corrected." } as FeedArticle;
      server.feeds.set(
        "/b.xml",
        rss("B", [article("b3", "2025-03-18T09:00:00Z", "y"), items[0] as FeedArticle, edited]),
      );
      expect(await pollFeed(deps, { url: server.url("/b.xml") }, settings)).toMatchObject({
        items: 3,
        newItems: 2,
      });
      expect(lookedUp.sort()).toEqual([link("b2"), link("b3")]);

      lookedUp.length = 0;
      server.feeds.set("/c.xml", rss("C", [article("b3", "2025-03-18T09:00:00Z", "y")]));
      expect(await pollFeed(deps, { url: server.url("/c.xml") }, settings)).toMatchObject({
        items: 1,
        newItems: 0,
      });
      expect(lookedUp).toEqual([link("b3")]);
    });

    it("two pollers applying the same event at the same moment make one change", async () => {
      const settings = { confidenceThreshold: 0.5, armedConflictStates: [] };
      // A second repository on its own connection: a separate poller process.
      const other = createRepository({ client: running.client, tableName: store.tableName });
      const countries = ["LV", "EE", "LT", "PL", "FI", "DE", "FR", "NO"];
      for (const country of countries) {
        await seedPair(
          { store, clock: at("2025-01-01T00:00:00Z") },
          { treaty: "ottawa", country, status: "party" },
        );
      }
      const outcomes = await Promise.all(
        countries.flatMap((country) =>
          [store, other].map((repo, i) =>
            applyObservation(
              { store: repo, clock: at("2025-03-18T12:00:00Z") },
              {
                treaty: "ottawa",
                country,
                direction: "withdraw",
                stage: "announced",
                confidence: 0.9,
                occurredOn: "2025-03-18",
                source: {
                  url: `https://news.example/${country}/${i}`,
                  title: "t",
                  published: null,
                  feed: null,
                },
                evidence: "",
              },
              settings,
            ),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.kind === "change")).toHaveLength(countries.length);
      const changes = (await store.listChanges({ treaty: "ottawa" })).filter((c) => c.kind === "news");
      expect(changes).toHaveLength(countries.length);
      // The loser's report is evidence on the winner's change.
      for (const change of changes) expect(change.sources).toHaveLength(2);
      expect(await store.listPendingAlerts()).toHaveLength(countries.length);
    });

    it("a failing sink keeps the alert pending; the next sweep publishes it once with the same id", async () => {
      server.feeds.set(
        "/b.xml",
        rss("B", [article("b1", "2025-06-27T08:00:00Z", "EVENT ottawa LV withdraw deposited 0.9")]),
      );
      const good = collectingSink("good");
      const broken = failingSink("sns");
      const cycle1 = await runCycle(
        testDeps(store, [good, broken], at("2025-06-27T12:00:00Z")),
        config(["/b.xml"]),
        {
          allFeeds: true,
        },
      );
      expect(cycle1.alertsPublished).toBe(0);
      expect(cycle1.publishFailures[0]?.error).toMatch(/sns: service unavailable/);
      const [pending] = await store.listPendingAlerts();
      expect(pending?.lastError).toMatch(/service unavailable/);
      expect(good.alerts).toHaveLength(1); // the healthy sink got it once already

      const fixed = collectingSink("sns");
      const cycle2 = await runCycle(
        testDeps(store, [good, fixed], at("2025-06-28T12:00:00Z")),
        config(["/b.xml"]),
      );
      expect(cycle2.alertsPublished).toBe(1);
      expect(good.alerts).toHaveLength(1); // not sent twice to the sink that had it
      expect(fixed.alerts.map((a) => a.id)).toEqual([good.alerts[0]?.id]);
      expect(fixed.alerts[0]).toMatchObject({ stage: "deposited", effectiveDate: "2025-12-27" });
      expect(await store.listPendingAlerts()).toHaveLength(0);
      expect(
        (await publishPending(testDeps(store, [fixed], at("2025-06-29T00:00:00Z")))).published,
      ).toHaveLength(0);
    });

    it("a process that dies between the write and the publish loses nothing and doubles nothing", async () => {
      server.feeds.set(
        "/c.xml",
        rss("C", [article("c1", "2025-04-16T08:00:00Z", "EVENT ottawa LV withdraw approved 0.9")]),
      );
      const settings = settingsFrom(config([]));
      // "Process 1": polls and writes, then dies before publishing.
      const crashed = collectingSink();
      await pollFeed(
        testDeps(store, [crashed], at("2025-04-16T12:00:00Z")),
        { url: server.url("/c.xml") },
        settings,
      );
      expect(crashed.alerts).toHaveLength(0);
      // "Process 2" polls the same feed again (nothing new) and sweeps the outbox.
      const restarted = collectingSink();
      const report = await runCycle(
        testDeps(store, [restarted], at("2025-04-16T12:05:00Z")),
        config(["/c.xml"]),
        {
          allFeeds: true,
        },
      );
      expect(report.changes).toBe(0);
      expect(restarted.alerts).toHaveLength(1);
      await runCycle(testDeps(store, [restarted], at("2025-04-17T12:00:00Z")), config(["/c.xml"]), {
        allFeeds: true,
      });
      expect(restarted.alerts).toHaveLength(1);
    });

    it("applies a feed's items oldest first: a deposit listed below a newer article still starts the clock", async () => {
      // RSS lists newest first: the 30 June article about the decision sits above the 27 June deposit.
      server.feeds.set(
        "/lt.xml",
        rss("LT", [
          article("lt2", "2025-06-30T09:00:00Z", "EVENT ottawa LT withdraw announced 0.9", "LT to withdraw"),
          article("lt1", "2025-06-27T09:00:00Z", "EVENT ottawa LT withdraw deposited 0.9", "LT notifies UN"),
        ]),
      );
      const sink = collectingSink();
      await runCycle(testDeps(store, [sink], at("2025-06-30T18:00:00Z")), config(["/lt.xml"]), {
        allFeeds: true,
      });
      await runCycle(testDeps(store, [sink], at("2025-12-27T06:00:00Z")), config(["/lt.xml"]));
      expect(sink.alerts.map((a) => [a.stage, a.occurredAt, a.effectiveDate])).toEqual([
        ["deposited", "2025-06-27", "2025-12-27"],
        ["effective", "2025-12-27", "2025-12-27"],
      ]);
      const history = await store.listChanges({ treaty: "ottawa", country: "LT" });
      expect(history.find((c) => c.stage === "deposited")?.sources.map((s) => s.url)).toEqual([
        "https://news.example/lt1",
        "https://news.example/lt2",
      ]);
    });

    it("a process that dies between the change and the status still gets its effective-date alert", async () => {
      const sink = collectingSink();
      // "Process 1" writes the deposit and dies before saving the status (and before publishing).
      const dying: Repository = { ...store, saveStatus: async () => {} };
      const written = await applyObservation(
        { store: dying, clock: at("2025-06-27T12:00:00Z") },
        report("LV", "deposited", "2025-06-27"),
        ruleSettings,
      );
      expect(written.kind).toBe("change");
      expect(await store.listStatuses({ treaty: "ottawa", country: "LV" })).toHaveLength(0);
      // Nothing reports on Latvia again: only the outbox sweep and the daily job touch the pair.
      const swept = await publishPending(testDeps(store, [sink], at("2025-06-27T12:05:00Z")));
      expect(swept.published.map((a) => a.stage)).toEqual(["deposited"]);
      const dueDay = testDeps(store, [sink], at("2025-12-27T06:00:00Z"));
      expect(await advanceEffectiveDates(dueDay, ruleSettings)).toBe(1);
      expect((await publishPending(dueDay)).published.map((a) => [a.stage, a.effectiveDate])).toEqual([
        ["effective", "2025-12-27"],
      ]);
      expect((await store.loadPair("ottawa", "LV"))?.status).toBe("withdrawn");
    });

    it("one outbox record that cannot be published does not hold back the others", async () => {
      // A stored change that passes the record schema but carries no direction: no Alert can be made of it.
      const seeded = await seedPair(
        { store, clock: at("2025-01-01T00:00:00Z") },
        { treaty: "ottawa", country: "EE", status: "party" },
      );
      if (seeded.kind !== "seeded") throw new Error("seed expected");
      await store.writeChange({
        ...seeded.change,
        seq: 2,
        kind: "news",
        occurredAt: "2025-03-01",
        alertId: "bad-record",
        next: { ...seeded.change.next, version: 2 },
      });
      await applyObservation(
        { store, clock: at("2025-03-18T12:00:00Z") },
        report("LV", "announced", "2025-03-18"),
        ruleSettings,
      );
      const log = recordingLog();
      const sink = collectingSink();
      const result = await publishPending({ ...testDeps(store, [sink], at("2025-03-18T12:05:00Z")), log });
      expect(sink.alerts.map((a) => a.country)).toEqual(["LV"]);
      expect(result.published).toHaveLength(1);
      expect(result.failed).toEqual([
        { alertId: "bad-record", headline: seeded.change.headline, error: expect.stringMatching(/no alert/) },
      ]);
      expect(log.lines.some((l) => l.level === "error" && l.data?.alertId === "bad-record")).toBe(true);
      const [stuck] = await store.listPendingAlerts();
      expect(stuck).toMatchObject({ alertId: "bad-record", attempts: 1 });
      expect(stuck?.lastError).toMatch(/no alert/);
    });

    it("warns when a concurrent poll of the same feed saved its state first", async () => {
      const url = server.url("/race.xml");
      server.feeds.set("/race.xml", rss("Race", [article("r1", "2025-03-18T09:00:00Z", "nothing")]));
      // The other poller writes the feed state between this poll's read and its write.
      const racing: Repository = {
        ...store,
        putFeedState: async (state) => {
          await store.putFeedState({ ...state, title: "other poller" });
          return store.putFeedState(state);
        },
      };
      const log = recordingLog();
      const result = await pollFeed(
        { ...testDeps(racing, [], at("2025-03-18T12:00:00Z")), log },
        { url },
        settingsFrom(config([])),
      );
      expect(result.status).toBe("ok");
      expect((await store.getFeedState(url))?.title).toBe("other poller");
      expect(log.lines).toContainEqual(expect.objectContaining({ level: "warn", data: { url } }));
    });

    it("advances an effective date with one read of the pair", async () => {
      await applyObservation(
        { store, clock: at("2025-06-27T12:00:00Z") },
        report("FI", "deposited", "2025-06-27"),
        ruleSettings,
      );
      let reads = 0;
      const counting: Repository = {
        ...store,
        loadPair: (treaty, country) => {
          reads++;
          return store.loadPair(treaty, country);
        },
      };
      const outcome = await applyEffectiveDate(
        { store: counting, clock: at("2025-12-27T06:00:00Z") },
        "ottawa",
        "FI",
        "2025-12-27",
        ruleSettings,
      );
      expect(outcome.kind).toBe("change");
      expect(reads).toBe(1);
      if (outcome.kind === "change") {
        expect(outcome.change.sources.map((s) => s.url)).toEqual(["https://news.example/FI-deposited"]);
      }
    });

    it("a day-by-day replay publishes each real step once, on its day, and the unreported effective step", async () => {
      const days: Array<[string, FeedArticle[]]> = [
        [
          "2025-03-18",
          [
            article("d1", "2025-03-18T09:00:00Z", "EVENT ottawa LV withdraw announced 0.9"),
            article("d2", "2025-03-18T10:00:00Z", "EVENT ottawa LV withdraw effective 0.7"), // premature claim
            article("d3", "2025-03-18T11:00:00Z", "EVENT ottawa NO withdraw announced 0.2"), // a refusal, low confidence
            article("d4", "2024-07-18T11:00:00Z", "EVENT ccm LT withdraw approved 0.9"), // old news
          ],
        ],
        ["2025-03-19", [article("d5", "2025-03-19T09:00:00Z", "EVENT ottawa LV withdraw announced 0.9")]],
        ["2025-04-16", [article("d6", "2025-04-16T15:00:00Z", "EVENT ottawa LV withdraw approved 0.9")]],
        ["2025-06-27", [article("d7", "2025-06-27T12:00:00Z", "EVENT ottawa LV withdraw deposited 0.9")]],
        ["2025-07-02", [article("d8", "2025-07-02T12:00:00Z", "EVENT ottawa LV withdraw approved 0.9")]],
        ["2025-12-26", []],
        ["2025-12-27", []],
        ["2025-12-28", [article("d9", "2025-12-28T08:00:00Z", "EVENT ottawa LV withdraw effective 0.9")]],
      ];
      await seedPair(
        { store, clock: at("2025-01-01T00:00:00Z") },
        {
          treaty: "ottawa",
          country: "LV",
          status: "party",
          since: "2006-01-01",
        },
      );
      const sink = collectingSink();
      const published: Array<[string, string | null, string]> = [];
      let feed: FeedArticle[] = [];
      for (const [day, articles] of days) {
        feed = [...articles, ...feed];
        server.feeds.set("/replay.xml", rss("Replay", feed));
        const before = sink.alerts.length;
        await runCycle(testDeps(store, [sink], at(`${day}T18:00:00Z`)), config(["/replay.xml"]), {
          allFeeds: true,
        });
        for (const alert of sink.alerts.slice(before)) published.push([day, alert.stage, alert.occurredAt]);
      }
      expect(published).toEqual([
        ["2025-03-18", "announced", "2025-03-18"],
        ["2025-04-16", "approved", "2025-04-16"],
        ["2025-06-27", "deposited", "2025-06-27"],
        ["2025-12-27", "effective", "2025-12-27"],
      ]);
      expect(sink.alerts[2]?.effectiveDate).toBe("2025-12-27");
      expect(sink.alerts[3]?.current).toMatchObject({ status: "withdrawn", pending: null });
      expect(new Set(sink.alerts.map((a) => a.id)).size).toBe(4);
      const history = await store.listChanges({ treaty: "ottawa", country: "LV" });
      const announced = history.find((c) => c.stage === "announced");
      expect(announced?.sources.map((s) => s.url).sort()).toEqual(
        ["https://news.example/d1", "https://news.example/d2", "https://news.example/d5"].sort(),
      );
      expect(history.find((c) => c.stage === "approved")?.sources.map((s) => s.url)).toEqual([
        "https://news.example/d6",
        "https://news.example/d8",
      ]);
      // The unreported effective step rests on the deposit's reports; the later article adds to it.
      expect(sink.alerts[3]?.sources.map((s) => s.url)).toEqual(["https://news.example/d7"]);
      expect(history.find((c) => c.stage === "effective")?.sources.map((s) => s.url)).toEqual([
        "https://news.example/d7",
        "https://news.example/d9",
      ]);
      expect(await store.loadPair("ccm", "LT")).toBeNull();
      expect(await store.loadPair("ottawa", "NO")).toBeNull();
    });
  });
}
