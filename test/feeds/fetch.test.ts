import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFeed, refusedAddressReason, USER_AGENT } from "../../shared/feeds/index.ts";
import { startServer } from "./server.ts";

const rss = readFileSync(new URL("./testdata/rss2.xml", import.meta.url));
const local = { allowPrivateNetwork: true, timeoutMs: 3_000 };

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer({
    "/feed": (req, res) => {
      if (
        req.headers["if-none-match"] === '"v1"' ||
        req.headers["if-modified-since"] === "Tue, 18 Mar 2025 09:00:00 GMT"
      ) {
        res.writeHead(304, { ETag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, {
        "Content-Type": "application/rss+xml; charset=utf-8",
        ETag: '"v1"',
        "Last-Modified": "Tue, 18 Mar 2025 09:00:00 GMT",
      });
      res.end(rss);
    },
    "/gzip": (_req, res) => {
      res
        .writeHead(200, { "Content-Type": "application/rss+xml", "Content-Encoding": "gzip" })
        .end(gzipSync(rss));
    },
    "/gzip-bomb": (_req, res) => {
      res.writeHead(200, { "Content-Encoding": "gzip" }).end(gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20)));
    },
    "/hop1": (_req, res) => res.writeHead(302, { Location: "/hop2" }).end(),
    "/hop2": (_req, res) => res.writeHead(301, { Location: "/feed" }).end(),
    "/loop-a": (_req, res) => res.writeHead(302, { Location: "/loop-b" }).end(),
    "/loop-b": (_req, res) => res.writeHead(302, { Location: "/loop-a" }).end(),
    "/chain": (req, res) => {
      const n = Number(new URL(req.url ?? "", "http://x").searchParams.get("n") ?? 0);
      res.writeHead(302, { Location: `/chain?n=${n + 1}` }).end();
    },
    "/to-metadata": (_req, res) =>
      res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" }).end(),
    "/big": (_req, res) => {
      res.writeHead(200, { "Content-Length": String(2 * 1024 * 1024) });
      res.end(Buffer.alloc(2 * 1024 * 1024, 0x20));
    },
    "/endless": (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/xml" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk)) {
          /* keep the pipe full */
        }
      };
      res.on("drain", pump);
      pump();
    },
    "/drip": (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/xml" });
      res.write("<rss><channel>");
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
    },
    "/busy": (_req, res) => res.writeHead(429, { "Retry-After": "120" }).end(),
    "/down": (_req, res) => res.writeHead(503, { "Retry-After": "Wed, 19 Mar 2025 10:00:00 GMT" }).end(),
    "/broken": (_req, res) => res.writeHead(500).end(),
    "/html": (_req, res) =>
      res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><html><body>hi</body></html>"),
  });
});

afterAll(async () => {
  await server.close();
});

describe("fetchFeed against a real HTTP server", () => {
  it("fetches, parses and returns validators; sends our User-Agent", async () => {
    const result = await fetchFeed(server.url("/feed"), {}, local);
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.feed.items).toHaveLength(2);
    expect(result.validators).toEqual({ etag: '"v1"', lastModified: "Tue, 18 Mar 2025 09:00:00 GMT" });
    expect(result.bytes).toBe(rss.length);
    expect(server.requests.at(-1)?.headers["user-agent"]).toBe(USER_AGENT);
    expect(server.requests.at(-1)?.headers["accept-encoding"]).toContain("gzip");
  });

  it("sends conditional GET headers and reports 304 as not-modified", async () => {
    const byEtag = await fetchFeed(server.url("/feed"), { etag: '"v1"' }, local);
    expect(byEtag).toEqual({
      status: "not-modified",
      url: server.url("/feed"),
      validators: { etag: '"v1"' },
    });
    const byDate = await fetchFeed(
      server.url("/feed"),
      { lastModified: "Tue, 18 Mar 2025 09:00:00 GMT" },
      local,
    );
    expect(byDate.status).toBe("not-modified");
    expect(server.requests.at(-1)?.headers["if-modified-since"]).toBe("Tue, 18 Mar 2025 09:00:00 GMT");
  });

  it("follows redirects and reports the final URL", async () => {
    const result = await fetchFeed(server.url("/hop1"), {}, local);
    expect(result.status).toBe("ok");
    if (result.status === "ok") expect(result.finalUrl).toBe(server.url("/feed"));
  });

  it("stops redirect loops and long chains", async () => {
    const loop = await fetchFeed(server.url("/loop-a"), {}, local);
    expect(loop).toMatchObject({ status: "error", code: "redirect-loop" });
    const chain = await fetchFeed(server.url("/chain"), {}, { ...local, maxRedirects: 5 });
    expect(chain).toMatchObject({ status: "error", code: "too-many-redirects" });
  });

  it("refuses loopback by default and allows it with allowPrivateNetwork", async () => {
    const refused = await fetchFeed(server.url("/feed"), {});
    expect(refused).toMatchObject({ status: "error", code: "refused-private" });
    const byName = await fetchFeed(server.url("/feed").replace("127.0.0.1", "localhost"), {});
    expect(byName).toMatchObject({ status: "error", code: "refused-private" });
    const allowed = await fetchFeed(server.url("/feed"), {}, local);
    expect(allowed.status).toBe("ok");
  });

  it("re-checks every redirect target (a public feed may not bounce to the metadata service)", async () => {
    // Only the test server's address is let through; the redirect target is checked on its own.
    const addressPolicy = (ip: string) => (ip === "127.0.0.1" ? undefined : refusedAddressReason(ip));
    const before = server.requests.length;
    const result = await fetchFeed(server.url("/to-metadata"), {}, { timeoutMs: 3_000, addressPolicy });
    expect(result).toMatchObject({ status: "error", code: "refused-private" });
    expect(server.requests.length).toBe(before + 1);
    const viaRedirects = await fetchFeed(server.url("/hop1"), {}, { timeoutMs: 3_000, addressPolicy });
    expect(viaRedirects.status).toBe("ok");
  });

  it("checks names after DNS resolution and connects to the address it checked", async () => {
    const loopbackOnly = (ip: string) =>
      ip === "127.0.0.1" || ip === "::1" ? undefined : refusedAddressReason(ip);
    const byName = server.url("/feed").replace("127.0.0.1", "localhost");
    const result = await fetchFeed(byName, {}, { timeoutMs: 3_000, addressPolicy: loopbackOnly });
    expect(result.status).toBe("ok");
    const strict = await fetchFeed(byName, {}, { timeoutMs: 3_000 });
    expect(strict).toMatchObject({
      status: "error",
      code: "refused-private",
      message: expect.stringMatching(/localhost/),
    });
  });

  it("classifies metadata, mapped and private addresses as refused without connecting", async () => {
    expect(refusedAddressReason("169.254.169.254")).toContain("linkLocal");
    expect(refusedAddressReason("::ffff:127.0.0.1")).toContain("loopback");
    expect(refusedAddressReason("10.1.2.3")).toContain("private");
    expect(refusedAddressReason("fd00::1")).toContain("uniqueLocal");
    expect(refusedAddressReason("224.0.0.1")).toContain("multicast");
    expect(refusedAddressReason("93.184.216.34")).toBeUndefined();
    const before = server.requests.length;
    const metadata = await fetchFeed("http://169.254.169.254/latest/meta-data/", {});
    expect(metadata).toMatchObject({ status: "error", code: "refused-private" });
    const mapped = await fetchFeed("http://[::ffff:127.0.0.1]:1/feed", {});
    expect(mapped).toMatchObject({ status: "error", code: "refused-private" });
    for (const target of [
      "http://0.0.0.0:1/feed",
      "http://[fe80::1]:1/feed",
      "http://api.localhost:1/feed",
    ]) {
      expect(await fetchFeed(target, {})).toMatchObject({ status: "error", code: "refused-private" });
    }
    expect(server.requests.length).toBe(before);
  });

  it("decompresses gzip, and caps a gzip bomb after decompression", async () => {
    const ok = await fetchFeed(server.url("/gzip"), {}, local);
    expect(ok.status).toBe("ok");
    const bomb = await fetchFeed(server.url("/gzip-bomb"), {}, { ...local, maxBytes: 1024 * 1024 });
    expect(bomb).toMatchObject({ status: "error", code: "too-large" });
  });

  it("refuses oversize and endless bodies", async () => {
    const big = await fetchFeed(server.url("/big"), {}, { ...local, maxBytes: 1024 * 1024 });
    expect(big).toMatchObject({ status: "error", code: "too-large" });
    const endless = await fetchFeed(server.url("/endless"), {}, { ...local, maxBytes: 1024 * 1024 });
    expect(endless).toMatchObject({ status: "error", code: "too-large" });
  });

  it("times out a body that drips forever", async () => {
    const result = await fetchFeed(server.url("/drip"), {}, { ...local, timeoutMs: 400 });
    expect(result).toMatchObject({ status: "error", code: "timeout" });
  });

  it("surfaces 429/503 with Retry-After as an ISO instant", async () => {
    const now = () => new Date("2025-03-18T09:00:00Z");
    const busy = await fetchFeed(server.url("/busy"), {}, { ...local, now });
    expect(busy).toMatchObject({
      status: "error",
      code: "http-429",
      httpStatus: 429,
      retryAfter: "2025-03-18T09:02:00.000Z",
    });
    const down = await fetchFeed(server.url("/down"), {}, local);
    expect(down).toMatchObject({ status: "error", code: "http-503", retryAfter: "2025-03-19T10:00:00.000Z" });
    const broken = await fetchFeed(server.url("/broken"), {}, local);
    expect(broken).toMatchObject({ status: "error", code: "http-500", httpStatus: 500 });
  });

  it("reports a page that is not a feed as a parse error, and bad URLs without throwing", async () => {
    expect(await fetchFeed(server.url("/html"), {}, local)).toMatchObject({ status: "error", code: "parse" });
    expect(await fetchFeed("ftp://example.org/feed", {})).toMatchObject({ status: "error", code: "bad-url" });
    expect(await fetchFeed("not a url", {})).toMatchObject({ status: "error", code: "bad-url" });
  });

  it("reports connection failures as errors", async () => {
    const closed = await startServer({});
    const url = closed.url("/feed");
    await closed.close();
    expect(await fetchFeed(url, {}, local)).toMatchObject({ status: "error", code: "connect" });
  });
});
