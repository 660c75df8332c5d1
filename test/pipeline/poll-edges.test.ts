import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRunConfig } from "../../shared/config/run-config.ts";
import { fetchFeed } from "../../shared/feeds/index.ts";
import type { PipelineDeps } from "../../shared/pipeline/types.ts";
import { applyObservation, pollFeed, publishPending, runCycle, settingsFrom } from "../../shared/pipeline.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { ensureTable } from "../../shared/store/table.ts";
import { ENGINES, type Engine, freshTableName } from "../store/engines.ts";
import { collectingSink, type FeedArticle, FeedServer, rss, silentLog, testDeps } from "./helpers.ts";

const at = (iso: string) => () => new Date(iso);

function article(guid: string, published: string, marker: string): FeedArticle {
  return { guid, title: guid, published, description: `Report. ${marker}` };
}

/** One coverage file holding a whole year's steps, newest first, as a replay serves it every day. */
const COVERAGE = rss("Coverage", [
  article("ee3", "2025-06-27T09:00:00Z", "EVENT ottawa EE withdraw deposited 0.9"),
  article("ee2", "2025-04-16T09:00:00Z", "EVENT ottawa EE withdraw approved 0.9"),
  article("ee1", "2025-03-18T09:00:00Z", "EVENT ottawa EE withdraw announced 0.9"),
]);
const DAYS = ["2025-03-18", "2025-04-16", "2025-06-27"];

/** A log that keeps what it is told. */
function recordingLog() {
  const lines: Array<{ level: string; message: string; data?: Record<string, unknown> }> = [];
  const keep = (level: string) => (message: string, data?: Record<string, unknown>) => {
    lines.push({ level, message, data });
  };
  return { lines, info: keep("info"), warn: keep("warn"), error: keep("error") };
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`polling edge cases on ${engine.name}`, () => {
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

    it("holds back items dated after the run's clock: one static feed gives each step on its own day", async () => {
      server.feeds.set("/coverage.xml", COVERAGE);
      const url = server.url("/coverage.xml");
      const sink = collectingSink();
      const published: Array<[string, string | null, string]> = [];
      const heldBack: number[] = [];
      for (const day of DAYS) {
        const before = sink.alerts.length;
        const report = await runCycle(
          testDeps(store, [sink], at(`${day}T12:00:00Z`)),
          config(["/coverage.xml"]),
          { allFeeds: true },
        );
        expect(report.feeds[0]?.status).toBe("ok");
        heldBack.push(report.feeds[0]?.heldBack ?? -1);
        for (const alert of sink.alerts.slice(before)) published.push([day, alert.stage, alert.occurredAt]);
        const state = await store.getFeedState(url);
        // While anything waits for its day, no validators: the next poll reads the feed in full.
        if (day !== "2025-06-27") expect(state).toMatchObject({ etag: null, lastModified: null });
        else expect(state?.etag).toMatch(/^"/);
      }
      expect(published).toEqual([
        ["2025-03-18", "announced", "2025-03-18"],
        ["2025-04-16", "approved", "2025-04-16"],
        ["2025-06-27", "deposited", "2025-06-27"],
      ]);
      expect(heldBack).toEqual([2, 1, 0]);
      // Nothing held back any more: the stored validators now make the next poll a 304.
      const again = await pollFeed(
        testDeps(store, [sink], at("2025-06-27T13:00:00Z")),
        { url },
        settingsFrom(config([])),
      );
      expect(again.status).toBe("not-modified");
    });

    it("holds back future items of a file: feed too (its size/mtime validator is not stored)", async () => {
      const dir = await mkdtemp(join(tmpdir(), "tw-future-"));
      try {
        const path = join(dir, "coverage.xml");
        await writeFile(path, COVERAGE);
        const url = pathToFileURL(path).href;
        const settings = settingsFrom(config([]));
        const withFiles = (day: string): PipelineDeps => ({
          ...testDeps(store, [], at(`${day}T12:00:00Z`)),
          fetchFeed: (feedUrl, validators, options) =>
            fetchFeed(feedUrl, validators, { ...options, allowFiles: true }),
        });
        const reports = [];
        for (const day of DAYS) reports.push(await pollFeed(withFiles(day), { url }, settings));
        expect(reports.map((r) => [r.status, r.newItems, r.changes, r.heldBack])).toEqual([
          ["ok", 1, 1, 2],
          ["ok", 1, 1, 1],
          ["ok", 1, 1, 0],
        ]);
        expect((await pollFeed(withFiles("2025-06-28"), { url }, settings)).status).toBe("not-modified");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("takes undated items and items within the hour past the clock as today's", async () => {
      const undated =
        `<item><guid isPermaLink="false">fi1</guid><title>fi1</title><link>https://news.example/fi1</link>` +
        `<description>Report. EVENT ottawa FI withdraw announced 0.9</description></item>`;
      const body = rss("Edge", [
        article("se1", "2025-03-19T00:30:00Z", "EVENT ottawa SE withdraw announced 0.9"),
      ]);
      server.feeds.set("/edge.xml", body.replace("</channel>", `${undated}</channel>`));
      const sink = collectingSink();
      const report = await runCycle(
        testDeps(store, [sink], at("2025-03-18T23:45:00Z")),
        config(["/edge.xml"]),
        { allFeeds: true },
      );
      expect(report.feeds[0]).toMatchObject({ status: "ok", items: 2, newItems: 2, changes: 2, heldBack: 0 });
      expect(sink.alerts.map((a) => [a.country, a.occurredAt]).sort()).toEqual([
        ["FI", "2025-03-18"],
        ["SE", "2025-03-18"],
      ]);
      expect((await store.getFeedState(server.url("/edge.xml")))?.etag).toMatch(/^"/);
    });

    it("reads an item listed twice in one feed once, and keeps polling the feed", async () => {
      server.feeds.set(
        "/twice.xml",
        rss("Twice", [
          article("same", "2025-03-18T10:00:00Z", "EVENT ottawa LV withdraw announced 0.9 (updated)"),
          article("same", "2025-03-18T09:00:00Z", "EVENT ottawa LV withdraw announced 0.9"),
        ]),
      );
      const settings = settingsFrom(config([]));
      const url = server.url("/twice.xml");
      const deps = testDeps(store, [], at("2025-03-18T12:00:00Z"));
      const first = await pollFeed(deps, { url }, settings);
      expect(first).toMatchObject({ status: "ok", items: 2, newItems: 1, events: 1, changes: 1 });
      expect((await store.getSeenMany(["https://news.example/same"])).size).toBe(1);
      server.feeds.set(
        "/twice.xml",
        rss("Twice", [
          article("other", "2025-03-18T11:00:00Z", "EVENT ottawa EE withdraw announced 0.9"),
          article("same", "2025-03-18T10:00:00Z", "EVENT ottawa LV withdraw announced 0.9 (updated)"),
          article("same", "2025-03-18T09:00:00Z", "EVENT ottawa LV withdraw announced 0.9"),
        ]),
      );
      const second = await pollFeed(deps, { url }, settings);
      // Both listings of "same" count as read: only the new article is.
      expect(second).toMatchObject({ status: "ok", items: 3, newItems: 1, changes: 1 });
      expect((await store.getFeedState(url))?.consecutiveFailures).toBe(0);
    });

    it("publishes the good alerts beside an outbox record that does not read, and reports that one by key", async () => {
      await applyObservation(
        { store, clock: at("2025-03-18T12:00:00Z") },
        {
          treaty: "ottawa",
          country: "LV",
          direction: "withdraw",
          stage: "announced",
          confidence: 0.9,
          occurredOn: "2025-03-18",
          source: { url: "https://news.example/lv", title: "t", published: null, feed: null },
          evidence: "",
        },
        { confidenceThreshold: 0.5, armedConflictStates: [] },
      );
      await running.client.send(
        new PutItemCommand({
          TableName: store.tableName,
          Item: marshall({
            pk: "PAIR#ottawa#DK",
            sk: "CHANGE#00000001",
            type: "change",
            treaty: "ottawa",
            country: "DK",
            doc: { treaty: "ottawa", country: "DK", seq: "one", alertId: "broken-DK" },
            idx: "OUTBOX",
            idxSort: "2025-03-01#x#ottawa#DK#CHANGE#00000001",
          }),
        }),
      );
      const log = recordingLog();
      const sink = collectingSink();
      const result = await publishPending({ ...testDeps(store, [sink], at("2025-03-18T12:05:00Z")), log });
      expect(sink.alerts.map((a) => a.country)).toEqual(["LV"]);
      expect(result.published.map((a) => a.country)).toEqual(["LV"]);
      expect(result.failed).toEqual([
        {
          alertId: "broken-DK",
          headline: "PAIR#ottawa#DK / CHANGE#00000001",
          error: expect.stringMatching(/^unreadable outbox record PAIR#ottawa#DK \/ CHANGE#00000001: .*seq/),
        },
      ]);
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          level: "error",
          data: expect.objectContaining({ pk: "PAIR#ottawa#DK", sk: "CHANGE#00000001" }),
        }),
      );
      // The next sweep still reports it (left in place) and sends nothing twice.
      const again = await publishPending({
        ...testDeps(store, [sink], at("2025-03-18T12:10:00Z")),
        log: silentLog,
      });
      expect(again.published).toEqual([]);
      expect(again.failed.map((f) => f.alertId)).toEqual(["broken-DK"]);
      expect(sink.alerts).toHaveLength(1);
    });
  });
}
