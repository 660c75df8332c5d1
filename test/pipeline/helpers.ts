import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AlertSink } from "../../shared/alerts/sink.ts";
import { fetchFeed, itemFingerprint, nextPollAt } from "../../shared/feeds/index.ts";
import type { Alert } from "../../shared/model/alert.ts";
import type { NewsItem } from "../../shared/model/news-item.ts";
import type { TreatyEvent } from "../../shared/model/treaty-event.ts";
import type { PipelineDeps } from "../../shared/pipeline/types.ts";
import type { Repository } from "../../shared/store/repository.ts";

export interface FeedArticle {
  guid: string;
  title: string;
  description: string;
  published: string; // ISO date or timestamp
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function rss(title: string, articles: FeedArticle[]): string {
  const items = articles
    .map(
      (a) =>
        `<item><guid isPermaLink="false">${escapeXml(a.guid)}</guid><title>${escapeXml(a.title)}</title>` +
        `<link>https://news.example/${encodeURIComponent(a.guid)}</link>` +
        `<pubDate>${new Date(a.published).toUTCString()}</pubDate>` +
        `<description>${escapeXml(a.description)}</description></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://news.example/</link><description>test</description>${items}</channel></rss>`;
}

/** A real HTTP server on 127.0.0.1 serving feeds by path, with ETag/304 support and failure switches. */
export class FeedServer {
  readonly feeds = new Map<string, string>();
  readonly failing = new Set<string>();
  requests = 0;
  private server: Server;
  constructor() {
    this.server = createServer((req, res) => {
      this.requests++;
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (this.failing.has(path)) {
        res.writeHead(500).end("down");
        return;
      }
      const body = this.feeds.get(path);
      if (body === undefined) {
        res.writeHead(404).end("no such feed");
        return;
      }
      const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag }).end(body);
    });
  }
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * Stands in for the extraction engineer's extractor in pipeline tests: reads explicit markers
 * "EVENT <treaty> <CC> <direction> <stage|-> <confidence>" from the summary, so these tests exercise the
 * pipeline, not language understanding (the CLI and demo tests use the real extractor).
 */
export function markerExtractor(item: NewsItem): TreatyEvent[] {
  const text = `${item.summary ?? ""} ${item.content ?? ""}`;
  return [...text.matchAll(/EVENT (\S+) ([A-Z]{2}) (\w+) (\S+) ([\d.]+)/g)].map((m) => ({
    treaty: m[1] ?? "",
    country: m[2] ?? "",
    direction: m[3] as TreatyEvent["direction"],
    stage: m[4] === "-" ? null : (m[4] as TreatyEvent["stage"]),
    confidence: Number(m[5]),
    evidence: item.title,
  }));
}

export function collectingSink(name = "collect"): AlertSink & { alerts: Alert[] } {
  const alerts: Alert[] = [];
  return {
    name,
    alerts,
    async publish(alert) {
      alerts.push(alert);
    },
  };
}

export function failingSink(name = "broken", message = "service unavailable"): AlertSink & { calls: number } {
  const sink = {
    name,
    calls: 0,
    async publish() {
      sink.calls++;
      throw new Error(message);
    },
  };
  return sink;
}

export const silentLog = { info() {}, warn() {}, error() {} };

export function testDeps(store: Repository, sinks: AlertSink[], clock: () => Date): PipelineDeps {
  return {
    store,
    sinks,
    clock,
    log: silentLog,
    fetchFeed,
    extract: markerExtractor,
    nextPollAt,
    itemFingerprint,
  };
}
