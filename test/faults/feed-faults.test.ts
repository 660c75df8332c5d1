import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measurePhase, type PhaseMeasure } from "../../bench/lib/measure.ts";
import { type CycleReport, runCycle } from "../../shared/pipeline.ts";
import {
  benchDeps,
  countingSink,
  depsWith,
  faultConfig,
  faults,
  guardedFetch,
  movableClock,
  openBenchStore,
  startSiteServer,
  tempDir,
  treatySites,
} from "./harness.ts";

/**
 * One cycle over healthy feeds and every kind of misbehaving feed server, with the private-network
 * guard on (only loopback allowed): the healthy feeds' alerts go out exactly once, each fault is
 * reported with its cause, and memory stays bounded.
 */
describe("feed faults", () => {
  const dir = tempDir("tw-faults-feeds-");
  const { clock, advance } = movableClock();
  const sink = countingSink();
  let ctx: Awaited<ReturnType<typeof setup>>;
  let first: CycleReport;
  let firstMeasure: PhaseMeasure;
  let heapBefore = 0;

  const FAULTS = {
    "/fault/500": { code: "http-500", message: /500/ },
    "/fault/reset": { code: "connection-reset", message: /reset|hang up/i },
    "/fault/drip": { code: "timeout", message: /2000 ms/ },
    "/fault/endless": { code: "too-large", message: /exceeds the \d+-byte limit/ },
    "/fault/bomb": { code: "too-large", message: /gzip decompression/ },
    "/fault/loop-a": { code: "redirect-loop", message: /loop-b -> .*loop-a/ },
    "/fault/metadata": { code: "refused-private", message: /169\.254\.169\.254/ },
  } as const;

  async function setup() {
    const sites = treatySites([[0, 1], [2], [3, 4]], clock());
    const { server, urls } = await startSiteServer(sites);
    server.route("/fault/500", faults.http500());
    server.route("/fault/reset", faults.reset());
    server.route("/fault/drip", faults.drip());
    server.route("/fault/endless", faults.endless());
    server.route("/fault/bomb", faults.gzipBomb(64));
    server.route("/fault/loop-a", faults.redirect("/fault/loop-b"));
    server.route("/fault/loop-b", faults.redirect("/fault/loop-a"));
    server.route("/fault/metadata", faults.redirect("http://169.254.169.254/latest/meta-data/iam/"));
    const bench = await openBenchStore({ dataDir: dir.path, clock });
    const deps = depsWith(benchDeps({ store: bench.store, sinks: [sink], clock }), guardedFetch);
    const config = faultConfig([...urls, ...Object.keys(FAULTS).map((path) => server.url(path))]);
    return { server, urls, bench, deps, config };
  }

  beforeAll(async () => {
    ctx = await setup();
    global.gc?.();
    heapBefore = process.memoryUsage().heapUsed;
    const run = await measurePhase(() => runCycle(ctx.deps, ctx.config));
    first = run.value;
    firstMeasure = run.measure;
  }, 30_000);

  afterAll(async () => {
    await ctx?.bench.close();
    await ctx?.server.close();
    dir.remove();
  });

  it("completes the cycle for the healthy feeds", () => {
    for (const url of ctx.urls) {
      const report = first.feeds.find((f) => f.url === url);
      expect(report?.status, url).toBe("ok");
      expect(report?.items).toBeGreaterThan(0);
    }
    expect(first.polled).toBe(ctx.urls.length + Object.keys(FAULTS).length);
  });

  it("reports every fault with its cause", () => {
    for (const [path, expected] of Object.entries(FAULTS)) {
      const failure = first.failed.find((f) => f.url === ctx.server.url(path));
      expect(failure, path).toBeDefined();
      expect(failure?.code, path).toBe(expected.code);
      expect(failure?.message, path).toMatch(expected.message);
    }
    expect(first.failed).toHaveLength(Object.keys(FAULTS).length);
  });

  it("keeps memory bounded through the endless body and the gzip bomb", () => {
    // The bomb inflates to 64 MB and the endless body has no end; the fetch cap is 10 MB each.
    expect(firstMeasure.peakRssMb - firstMeasure.startRssMb).toBeLessThan(150);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(80 * 1024 * 1024);
  });

  it("publishes every alert exactly once, and again nothing on the next cycle", async () => {
    expect(first.alertsPublished).toBeGreaterThanOrEqual(3);
    expect(sink.duplicates()).toEqual([]);
    const changes = (await ctx.bench.store.listChanges()).filter((c) => c.alertId);
    expect(new Set(sink.published.map((a) => a.id))).toEqual(new Set(changes.map((c) => c.alertId)));
    expect(changes.every((c) => c.publishedAt !== null)).toBe(true);

    advance(60 * 60_000 * 24 * 2); // past every backoff
    const second = await runCycle(ctx.deps, ctx.config);
    expect(second.notModified).toBe(ctx.urls.length);
    expect(second.failed.map((f) => f.code).sort()).toEqual(
      Object.values(FAULTS)
        .map((f) => f.code)
        .sort(),
    );
    expect(second.alertsPublished).toBe(0);
    expect(sink.duplicates()).toEqual([]);
  }, 20_000);
});
