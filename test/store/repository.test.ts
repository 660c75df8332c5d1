import { DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPair } from "../../shared/pipeline/apply.ts";
import { assumedPair, type PairState } from "../../shared/state/pair.ts";
import type { NewChange } from "../../shared/store/records.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { ensureTable } from "../../shared/store/table.ts";
import { ENGINES, type Engine, freshTableName } from "./engines.ts";

function changeFor(state: PairState, seq: number, overrides: Partial<NewChange> = {}): NewChange {
  const next: PairState = {
    ...state,
    version: seq,
    since: "2025-03-18",
    pending: { direction: "withdraw", stage: "announced", since: "2025-03-18", effectiveDate: null },
  };
  return {
    treaty: state.treaty,
    country: state.country,
    seq,
    kind: "news",
    direction: "withdraw",
    stage: "announced",
    occurredAt: "2025-03-18",
    detectedAt: "2025-03-18T10:00:00.000Z",
    previous: { status: state.status, pending: state.pending, suspended: state.suspended },
    current: { status: next.status, pending: next.pending, suspended: next.suspended },
    next,
    effectiveDate: null,
    alertId: `alert-${state.country}-${seq}`,
    headline: "Latvia moves to withdraw",
    notes: [],
    sources: [{ url: "https://example.org/a", title: "A", published: "2025-03-18", feed: null }],
    ...overrides,
  };
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`repository on ${engine.name}`, () => {
    let running: Engine;
    let store: Repository;
    beforeAll(async () => {
      running = await engine.start();
      const tableName = freshTableName();
      await ensureTable(running.client, tableName);
      await ensureTable(running.client, tableName); // idempotent
      store = createRepository({ client: running.client, tableName });
    });
    afterAll(async () => {
      await running?.stop();
    });

    it("writes a change once per sequence number and reports the loser as a conflict", async () => {
      const state = assumedPair("ottawa", "LV", "withdraw");
      expect(await store.writeChange(changeFor(state, 1))).toBe("written");
      expect(await store.writeChange(changeFor(state, 1, { headline: "other" }))).toBe("conflict");
      const history = await store.listChanges({ treaty: "ottawa", country: "LV" });
      expect(history.map((c) => c.headline)).toEqual(["Latvia moves to withdraw"]);
      expect(history[0]?.pending).toBe(true);
    });

    it("rolls a pair forward from its latest change when the status write was lost", async () => {
      const state = assumedPair("ottawa", "EE", "withdraw");
      const change = changeFor(state, 1);
      await store.writeChange(change); // the process "dies" before saveStatus
      const loaded = await store.loadPair("ottawa", "EE");
      expect(loaded?.version).toBe(1);
      expect(loaded?.pending?.stage).toBe("announced");
      expect((await store.listStatuses({ treaty: "ottawa", country: "EE" }))[0]?.version).toBe(1);
    });

    it("never lets an older status overwrite a newer one", async () => {
      const state = { ...assumedPair("ottawa", "PL", "withdraw"), version: 3, since: "2025-06-25" };
      await store.saveStatus(state);
      await store.saveStatus({ ...state, version: 2, since: "2025-03-18" });
      expect((await store.loadPair("ottawa", "PL"))?.since).toBe("2025-06-25");
    });

    it("adds each source once as evidence to an existing change", async () => {
      const state = assumedPair("ottawa", "LT", "withdraw");
      await store.writeChange(changeFor(state, 1));
      const source = { url: "https://example.org/b", title: "B", published: null, feed: null };
      expect(await store.addEvidence("ottawa", "LT", 1, source)).toBe("added");
      expect(await store.addEvidence("ottawa", "LT", 1, source)).toBe("duplicate");
      expect(await store.addEvidence("ottawa", "LT", 9, source)).toBe("missing");
      const [change] = await store.listChanges({ treaty: "ottawa", country: "LT" });
      expect(change?.sources.map((s) => s.url)).toEqual(["https://example.org/a", "https://example.org/b"]);
    });

    it("keeps the outbox until published, with failures, leases and partial deliveries recorded", async () => {
      const state = assumedPair("ccm", "FI", "withdraw");
      await store.writeChange(changeFor(state, 1));
      const pending = (await store.listPendingAlerts()).filter((c) => c.treaty === "ccm");
      expect(pending).toHaveLength(1);
      expect(await store.claimForPublish("ccm", "FI", 1, 30_000)).toBe(true);
      expect(await store.claimForPublish("ccm", "FI", 1, 30_000)).toBe(false);
      await store.recordPublishFailure("ccm", "FI", 1, "sns: down", ["console"]);
      const [failed] = (await store.listPendingAlerts()).filter((c) => c.treaty === "ccm");
      expect(failed?.lastError).toBe("sns: down");
      expect(failed?.attempts).toBe(1);
      expect(failed?.deliveredTo).toEqual(["console"]);
      expect(await store.claimForPublish("ccm", "FI", 1, 30_000)).toBe(true);
      expect(await store.markPublished("ccm", "FI", 1, "2025-03-18T11:00:00Z")).toBe(true);
      expect(await store.markPublished("ccm", "FI", 1, "2025-03-18T11:00:00Z")).toBe(false);
      expect((await store.listPendingAlerts()).filter((c) => c.treaty === "ccm")).toHaveLength(0);
    });

    it("lists pairs whose deposited step falls due, by date", async () => {
      const base = assumedPair("att", "US", "withdraw");
      await store.saveStatus({
        ...base,
        version: 1,
        pending: {
          direction: "withdraw",
          stage: "deposited",
          since: "2025-01-01",
          effectiveDate: "2025-04-01",
        },
      });
      expect(await store.listDuePairs("2025-03-31")).not.toContainEqual({ treaty: "att", country: "US" });
      expect(await store.listDuePairs("2025-04-01")).toContainEqual({ treaty: "att", country: "US" });
      await store.saveStatus({ ...base, version: 2, status: "withdrawn" });
      expect(await store.listDuePairs("2026-01-01")).not.toContainEqual({ treaty: "att", country: "US" });
    });

    it("remembers seen items and prunes them after their TTL", async () => {
      const seen = (id: string, fingerprint: string, expiresAt: number) => ({
        id,
        fingerprint,
        feed: null,
        firstSeenAt: "2025-01-01T00:00:00Z",
        expiresAt,
      });
      await store.putSeenMany([seen("x1", "f", 100), seen("x2", "g", 9e9)]);
      expect((await store.getSeenMany(["x1"])).get("x1")?.fingerprint).toBe("f");
      expect(await store.pruneSeen(new Date(200_000))).toBe(1);
      const left = await store.getSeenMany(["x1", "x2"]);
      expect(left.has("x1")).toBe(false);
      expect(left.get("x2")?.fingerprint).toBe("g");
    });

    it("reads and writes seen items in batches, past the per-call limits, long ids included", async () => {
      const ids = Array.from(
        { length: 130 },
        (_, i) => `https://news.example/${"a".repeat(i === 7 ? 3000 : 1)}/${i}`,
      );
      const items = ids.map((id, i) => ({
        id,
        fingerprint: `f${i}`,
        feed: null,
        firstSeenAt: "2025-01-01T00:00:00Z",
        expiresAt: 4_000_000_000,
      }));
      await store.putSeenMany(items.slice(0, 120));
      const found = await store.getSeenMany([...ids, ids[0] ?? ""]);
      expect(found.size).toBe(120);
      expect(found.get(ids[7] ?? "")?.fingerprint).toBe("f7");
      expect(found.has(ids[125] ?? "")).toBe(false);
    });

    it("writes and reads a batch that names one seen item twice (DynamoDB rejects duplicate keys)", async () => {
      const seen = (id: string, fingerprint: string) => ({
        id,
        fingerprint,
        feed: null,
        firstSeenAt: "2025-01-01T00:00:00Z",
        expiresAt: 4_000_000_000,
      });
      const long = `https://news.example/${"d".repeat(3000)}`;
      await store.putSeenMany([
        seen("dup-1", "old"),
        seen("dup-2", "x"),
        seen("dup-1", "new"),
        seen(long, "a"),
        seen(long, "b"),
      ]);
      const found = await store.getSeenMany(["dup-1", "dup-2", "dup-1", long, long]);
      expect(found.size).toBe(3);
      // The last listed wins, as it would had the writes been made one after another.
      expect(found.get("dup-1")?.fingerprint).toBe("new");
      expect(found.get(long)?.fingerprint).toBe("b");
    });

    it("sets apart an outbox entry that does not read as a change, naming it by its key", async () => {
      const good = changeFor(assumedPair("ottawa", "SE", "withdraw"), 1, { alertId: "good-SE" });
      expect(await store.writeChange(good)).toBe("written");
      await running.client.send(
        new PutItemCommand({
          TableName: store.tableName,
          Item: marshall({
            pk: "PAIR#ottawa#DK",
            sk: "CHANGE#00000001",
            type: "change",
            treaty: "ottawa",
            country: "DK",
            doc: { treaty: "ottawa", country: "DK", alertId: "broken-DK", headline: "half a record" },
            idx: "OUTBOX",
            idxSort: "2025-03-18#x#ottawa#DK#CHANGE#00000001",
          }),
        }),
      );
      const outbox = await store.readOutbox();
      expect(outbox.pending.map((c) => c.alertId)).toContain("good-SE");
      expect(outbox.unreadable).toEqual([
        {
          pk: "PAIR#ottawa#DK",
          sk: "CHANGE#00000001",
          error: expect.stringMatching(/seq/),
          alertId: "broken-DK",
          headline: "half a record",
        },
      ]);
      const listed = await store.listPendingAlerts();
      expect(listed.map((c) => c.alertId)).toContain("good-SE");
      expect(listed.map((c) => c.alertId)).not.toContain("broken-DK");
      await running.client.send(
        new DeleteItemCommand({
          TableName: store.tableName,
          Key: marshall({ pk: "PAIR#ottawa#DK", sk: "CHANGE#00000001" }),
        }),
      );
      expect(await store.markPublished("ottawa", "SE", 1, "2025-03-18T12:00:00Z")).toBe(true);
    });

    it("lists every feed's state without reading the rest of the table", async () => {
      const base = { title: null, etag: null, lastModified: null, lastAttemptAt: null, lastSuccessAt: null };
      const state = (url: string) => ({
        ...base,
        url,
        consecutiveFailures: 0,
        lastError: null,
        nextPollAt: null,
        recentItems: "",
        version: 0,
      });
      await store.putFeedState(state("https://a.example/rss"));
      await store.putFeedState(state(`https://b.example/${"x".repeat(2000)}`));
      const urls = (await store.listFeedStates()).map((f) => f.url);
      expect(urls).toEqual(
        expect.arrayContaining(["https://a.example/rss", `https://b.example/${"x".repeat(2000)}`]),
      );
    });

    it("guards feed state with a version number", async () => {
      const url = "https://example.org/feed.xml";
      const first = {
        url,
        title: null,
        etag: '"a"',
        lastModified: null,
        lastAttemptAt: null,
        lastSuccessAt: null,
        consecutiveFailures: 0,
        lastError: null,
        nextPollAt: null,
        recentItems: "",
        version: 0,
      };
      expect(await store.putFeedState(first)).toBe(true);
      expect(await store.putFeedState(first)).toBe(false); // written from a stale read
      const read = await store.getFeedState(url);
      expect(read?.version).toBe(1);
      expect(await store.putFeedState({ ...read!, etag: '"b"' })).toBe(true);
      expect((await store.getFeedState(url))?.etag).toBe('"b"');
    });

    it("seeds replace a pair's status and are recorded without an alert", async () => {
      const deps = { store, clock: () => new Date("2025-01-01T00:00:00Z") };
      const first = await seedPair(deps, {
        treaty: "paris",
        country: "US",
        status: "party",
        since: "2021-02-19",
      });
      expect(first.kind).toBe("seeded");
      expect(
        (await seedPair(deps, { treaty: "paris", country: "US", status: "party", since: "2021-02-19" })).kind,
      ).toBe("unchanged");
      const state = await store.loadPair("paris", "US");
      expect(state).toMatchObject({ status: "party", since: "2021-02-19", memberSince: "2021-02-19" });
      expect((await store.listPendingAlerts()).filter((c) => c.treaty === "paris")).toHaveLength(0);
    });
  });
}
