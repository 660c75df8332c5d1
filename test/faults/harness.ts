// The SDK's Node 20 end-of-support notice says nothing about these local endpoints.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { countingSink } from "../../bench/lib/counting-sink.ts";
import { type FeedServer, serveSites, startFeedServer } from "../../bench/lib/feed-server.ts";
import {
  benchDeps,
  collectingLogger,
  movableClock,
  openBenchStore,
  tempDir,
} from "../../bench/lib/harness.ts";
import { FeedSite, TREATY_STORIES } from "../../bench/lib/news.ts";
import type { AlertSink } from "../../shared/alerts/sink.ts";
import { parseRunConfig } from "../../shared/config/run-config.ts";
import { fetchFeed, refusedAddressReason } from "../../shared/feeds/index.ts";
import type { FetchFeed, PipelineDeps, RunConfig } from "../../shared/pipeline.ts";

export { benchDeps, collectingLogger, countingSink, movableClock, openBenchStore, tempDir };

/** Sites whose newest items are the given treaty stories (by index into TREATY_STORIES), among ordinary news. */
export function treatySites(storiesPerSite: number[][], now: Date, items = 20): FeedSite[] {
  return storiesPerSite.map((stories, index) => {
    const site = new FeedSite({ index, items, treatyShare: 0, now: new Date(now.getTime() - 3_600_000) });
    stories.forEach((story, i) => {
      const entry = TREATY_STORIES[story];
      if (!entry) throw new Error(`no treaty story ${story}`);
      site.addItem(new Date(now.getTime() - (stories.length - i) * 60_000), entry);
    });
    return site;
  });
}

export async function startSiteServer(sites: FeedSite[]): Promise<{ server: FeedServer; urls: string[] }> {
  const server = await startFeedServer();
  return { server, urls: serveSites(server, sites) };
}

/** Feed URLs are on loopback: allow exactly loopback, keep every other private range refused (169.254.x.x included). */
export function loopbackOnly(address: string): string | undefined {
  const bare = address.replace(/^::ffff:/, "");
  if (bare === "::1" || /^127\./.test(bare)) return undefined;
  return refusedAddressReason(address);
}

/** The real fetchFeed with the private-network guard ON and only loopback let through. */
export const guardedFetch: FetchFeed = (url, validators, opts) =>
  fetchFeed(url, validators, { ...opts, allowPrivateNetwork: false, addressPolicy: loopbackOnly });

export function faultConfig(urls: string[], overrides: Record<string, unknown> = {}): RunConfig {
  return parseRunConfig({
    feeds: urls.map((url) => ({ url })),
    concurrency: 8,
    fetchTimeoutMs: 2_000,
    ...overrides,
  });
}

export function depsWith(deps: PipelineDeps, fetch: FetchFeed): PipelineDeps {
  return { ...deps, fetchFeed: fetch };
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The misbehaving feed servers of the fault suite. */
export const faults = {
  http500: (): Handler => (_req, res) => {
    res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
  },
  reset: (): Handler => (req) => {
    req.socket.resetAndDestroy();
  },
  /** A valid start, then one byte every 300 ms, never finishing. */
  drip: (): Handler => (req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    const text = '<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>';
    let i = 0;
    const timer = setInterval(() => {
      res.write(text[i % text.length] ?? " ");
      i++;
    }, 300);
    req.socket.once("close", () => clearInterval(timer));
  },
  /** 200 and a body that never ends, written as fast as the client reads. */
  endless: (): Handler => (req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>endless</title>');
    const chunk = Buffer.from(`<item><title>${"x".repeat(1000)}</title></item>`.repeat(64));
    let open = true;
    req.socket.once("close", () => {
      open = false;
    });
    const pump = () => {
      while (open && res.write(chunk)) {}
      if (open) res.once("drain", pump);
    };
    pump();
  },
  /** A small gzip body that inflates to `inflatedMb` MB of zeros. */
  gzipBomb: (inflatedMb = 64): Handler => {
    const body = gzipSync(Buffer.alloc(inflatedMb * 1024 * 1024), { level: 9 });
    return (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/rss+xml",
        "content-encoding": "gzip",
        "content-length": String(body.length),
      });
      res.end(body);
    };
  },
  redirect:
    (location: string): Handler =>
    (_req, res) => {
      res.writeHead(302, { location }).end();
    },
};
