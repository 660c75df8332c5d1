import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { consoleSink, jsonlFileSink } from "../alerts/index.ts";
import type { AlertSink } from "../alerts/sink.ts";
import { parseRunConfig } from "../config/run-config.ts";
import type { Alert } from "../model/alert.ts";
import { SeedLine } from "../model/status.ts";
import { IsoDate } from "../model/vocabulary.ts";
import { runCycle } from "../pipeline/cycle.ts";
import { createPipelineDeps } from "./deps.ts";
import { applySeeds } from "./seed-file.ts";
import { type OpenStore, openStore } from "./store.ts";

export const DEFAULT_SCENARIO = fileURLToPath(new URL("../../data/demo/scenario.json", import.meta.url));

const Scenario = z.object({
  $comment: z.string().optional(),
  feeds: z.array(z.object({ slug: z.string().regex(/^[a-z0-9-]+$/), title: z.string() })).min(1),
  seed: z.array(SeedLine),
  /** Days to run besides the articles' days (effective dates nobody reports). */
  extraDays: z.array(IsoDate).default([]),
  articles: z.array(
    z.object({
      feed: z.string(),
      id: z.string(),
      published: z.iso.datetime(),
      title: z.string(),
      summary: z.string(),
    }),
  ),
});
type Scenario = z.infer<typeof Scenario>;

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The feed as a reader would have found it that evening: the latest 30 items published by then. */
function feedXml(scenario: Scenario, slug: string, until: Date): string {
  const title = scenario.feeds.find((f) => f.slug === slug)?.title ?? slug;
  const items = scenario.articles
    .filter((a) => a.feed === slug && Date.parse(a.published) <= until.getTime())
    .sort((a, b) => b.published.localeCompare(a.published))
    .slice(0, 30)
    .map(
      (a) =>
        `<item><guid isPermaLink="false">${xml(a.id)}</guid><title>${xml(a.title)}</title>` +
        `<link>https://demo.treaty-watch.invalid/${slug}/${xml(a.id)}</link>` +
        `<pubDate>${new Date(a.published).toUTCString()}</pubDate><description>${xml(a.summary)}</description></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${xml(title)}</title><link>https://demo.treaty-watch.invalid/${slug}</link><description>${xml(title)} (demo)</description>\n${items}\n</channel></rss>\n`;
}

export interface DemoOptions {
  scenarioFile?: string;
  alertsOut?: string;
  write?: (text: string) => void;
}

export interface DemoResult {
  alerts: Alert[];
  days: number;
  articles: number;
}

/**
 * Replays the scenario day by day through the real pipeline: feeds served on 127.0.0.1, the real
 * fetcher and extractor, a throw-away embedded store, the run's clock set to each evening.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const scenario = Scenario.parse(JSON.parse(readFileSync(options.scenarioFile ?? DEFAULT_SCENARIO, "utf8")));
  let clock = new Date(0);
  const dataDir = mkdtempSync(join(tmpdir(), "treaty-watch-demo-"));
  const server = createServer((req, res) => {
    const slug = /^\/([a-z0-9-]+)\.xml$/.exec(req.url ?? "")?.[1];
    if (!slug || !scenario.feeds.some((f) => f.slug === slug)) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" })
      .end(feedXml(scenario, slug, clock));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const alerts: Alert[] = [];
  const sinks: AlertSink[] = [];
  let opened: OpenStore | undefined;
  // From here on a failure (sinks, store) still reaches the finally that stops the server.
  try {
    sinks.push(
      consoleSink(write),
      { name: "collect", publish: async (alert) => void alerts.push(alert) },
      ...(options.alertsOut ? [jsonlFileSink(options.alertsOut)] : []),
    );
    opened = await openStore({ dataDir });
    const config = parseRunConfig({
      feeds: scenario.feeds.map((f) => ({ url: `${base}/${f.slug}.xml`, name: f.title })),
      allowPrivateNetwork: true,
    });
    const deps = createPipelineDeps({
      store: opened.store,
      sinks,
      clock: () => clock,
      log: { info() {}, warn: (m) => write(`warn: ${m}\n`), error: (m) => write(`error: ${m}\n`) },
    });
    await applySeeds(opened.store, scenario.seed, () => new Date("2025-01-01T00:00:00Z"));
    const days = [
      ...new Set([...scenario.articles.map((a) => a.published.slice(0, 10)), ...scenario.extraDays]),
    ].sort();
    for (const day of days) {
      clock = new Date(`${day}T20:00:00Z`);
      const before = alerts.length;
      const report = await runCycle(deps, config, { allFeeds: true });
      for (const failure of report.failed)
        write(`feed failed on ${day}: ${failure.url}: ${failure.message}\n`);
      if (alerts.length > before) write(`--- ${day}: ${alerts.length - before} alert(s) above\n\n`);
    }
    const perCountry = new Map<string, number>();
    for (const alert of alerts) perCountry.set(alert.country, (perCountry.get(alert.country) ?? 0) + 1);
    write(
      `Demo finished: ${alerts.length} alert(s) from ${scenario.articles.length} articles over ${days.length} days` +
        ` (${[...perCountry].map(([c, n]) => `${c} ${n}`).join(", ")})\n`,
    );
    return { alerts, days: days.length, articles: scenario.articles.length };
  } finally {
    for (const sink of sinks) await sink.close?.();
    await opened?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
