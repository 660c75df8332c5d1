import { afterAll, describe, expect, it } from "vitest";
import type { BenchStore } from "../../bench/lib/harness.ts";
import { runCycle } from "../../shared/pipeline.ts";
import {
  benchDeps,
  countingSink,
  depsWith,
  faultConfig,
  guardedFetch,
  movableClock,
  openBenchStore,
  startSiteServer,
  tempDir,
  treatySites,
} from "./harness.ts";

/**
 * The DynamoDB engine (dynalite on a fixed data dir) stops in the middle of a cycle: the cycle fails
 * cleanly with the cause, nothing is lost, and after a restart on the same dir the next cycle
 * publishes every alert exactly once.
 */
describe("DynamoDB engine stopped mid-run and restarted", () => {
  const dir = tempDir("tw-faults-store-");
  const { clock, advance } = movableClock();
  const sink = countingSink();
  let server: Awaited<ReturnType<typeof startSiteServer>>["server"] | undefined;
  let store: BenchStore | undefined;

  afterAll(async () => {
    await store?.close().catch(() => {});
    await server?.close();
    dir.remove();
  });

  it("fails the cycle with the cause, then recovers on the same data dir", async () => {
    const sites = treatySites([[0, 1], [2], [3, 4]], clock());
    const started = await startSiteServer(sites);
    server = started.server;
    const [first, second, third] = started.urls as [string, string, string];
    store = await openBenchStore({ dataDir: dir.path, clock });
    const opened = store;

    // The second feed's server stops the engine while answering: mid-run for the pipeline.
    let stopped = false;
    const killPath = "/kill-store";
    server.route(killPath, async (_req, res) => {
      if (!stopped) {
        stopped = true;
        await opened.close();
      }
      res.writeHead(302, { location: new URL(second).pathname }).end();
    });
    const killUrl = server.url(killPath);
    // Sequential polling so the order is fixed: first feed before the outage, the rest during it.
    const config = faultConfig([first, killUrl, third], { concurrency: 1 });
    const deps1 = depsWith(benchDeps({ store: opened.store, sinks: [sink], clock }), guardedFetch);

    const outage = await runCycle(deps1, config);
    expect(stopped).toBe(true);
    // The cycle reports each step it could not run, with the engine's error, instead of dying.
    expect(outage.errors.map((e) => e.step)).toEqual(expect.arrayContaining(["effective-dates", "publish"]));
    for (const error of outage.errors) {
      expect(error.message).toMatch(/ECONNREFUSED|connect|socket|closed|destroyed/i);
    }
    expect(outage.failed.map((f) => f.url)).toEqual(expect.arrayContaining([killUrl, third]));
    // Alerts of the first feed were written before the outage but not published yet.
    expect(sink.published).toHaveLength(0);

    // Restart on the same data dir: the first feed's state and its pending alerts survived.
    store = await openBenchStore({ dataDir: dir.path, clock });
    expect(store.seeded).toBe(0);
    const pendingAfterRestart = await store.store.listPendingAlerts();
    expect(pendingAfterRestart.length).toBeGreaterThanOrEqual(1);

    advance(2 * 24 * 3_600_000);
    const deps2 = depsWith(benchDeps({ store: store.store, sinks: [sink], clock }), guardedFetch);
    const recovered = await runCycle(deps2, config);
    expect(recovered.failed).toEqual([]);
    expect(recovered.publishFailures).toEqual([]);

    const changes = (await store.store.listChanges()).filter((c) => c.alertId);
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(sink.duplicates()).toEqual([]);
    expect(new Set(sink.published.map((a) => a.id))).toEqual(new Set(changes.map((c) => c.alertId)));
    expect(sink.published).toHaveLength(changes.length);

    // And nothing goes out twice on the cycle after.
    advance(2 * 24 * 3_600_000);
    const after = await runCycle(deps2, config);
    expect(after.alertsPublished).toBe(0);
    expect(sink.duplicates()).toEqual([]);
  }, 40_000);
});
