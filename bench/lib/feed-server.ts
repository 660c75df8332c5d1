import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type FeedSite, renderRss } from "./news.ts";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What the server saw: every request counted at the server, by path and by answer. */
export interface RequestStats {
  requests: number;
  conditional: number;
  byStatus: Record<string, number>;
  bytesSent: number;
}

export interface FeedServer {
  readonly baseUrl: string;
  url(path: string): string;
  readonly stats: RequestStats;
  resetStats(): void;
  /** Adds or replaces a route. */
  route(path: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

const emptyStats = (): RequestStats => ({ requests: 0, conditional: 0, byStatus: {}, bytesSent: 0 });

/** An HTTP server on 127.0.0.1 (random port) answering the routes it is given; 404 otherwise. */
export async function startFeedServer(routes: Record<string, RouteHandler> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  let stats = emptyStats();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    stats.requests++;
    if (req.headers["if-none-match"] || req.headers["if-modified-since"]) stats.conditional++;
    const counted = stats;
    res.once("finish", () => {
      counted.bytesSent += res.socket?.bytesWritten ?? 0;
      const key = String(res.statusCode);
      counted.byStatus[key] = (counted.byStatus[key] ?? 0) + 1;
    });
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const handler = table.get(path);
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    url: (path) => `${baseUrl}${path}`,
    get stats() {
      return stats;
    },
    resetStats() {
      stats = emptyStats();
    },
    route(path, handler) {
      table.set(path, handler);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Serves a generated site the way a well-behaved news site does: strong ETag, Last-Modified, and
 * 304 Not Modified for a matching conditional request. The body is rendered once per version.
 */
export function siteRoute(site: FeedSite, baseUrl: string): RouteHandler {
  let cached: { version: number; body: Buffer; etag: string } | undefined;
  return (req, res) => {
    if (!cached || cached.version !== site.version) {
      const body = Buffer.from(renderRss(site, baseUrl), "utf8");
      cached = {
        version: site.version,
        body,
        etag: `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`,
      };
    }
    const lastModified = site.lastModified.toUTCString();
    const headers = { etag: cached.etag, "last-modified": lastModified, "cache-control": "max-age=60" };
    const ifNoneMatch = req.headers["if-none-match"];
    const ifModifiedSince = req.headers["if-modified-since"];
    const notModified = ifNoneMatch
      ? ifNoneMatch.split(",").some((tag) => tag.trim() === cached?.etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= site.lastModified.getTime();
    if (notModified) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      "content-type": "application/rss+xml; charset=utf-8",
      "content-length": String(cached.body.length),
    });
    res.end(cached.body);
  };
}

/** Registers every site on the server. */
export function serveSites(server: FeedServer, sites: FeedSite[]): string[] {
  return sites.map((site) => {
    server.route(site.path, siteRoute(site, server.baseUrl));
    return server.url(site.path);
  });
}
