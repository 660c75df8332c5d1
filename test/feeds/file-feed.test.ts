import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRunConfig } from "../../shared/config/run-config.ts";
import { readFeedFile } from "../../shared/feeds/file-feed.ts";
import { fetchFeed } from "../../shared/feeds/index.ts";
import { feedUrlFromArgument } from "../../shared/runtime/config.ts";

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Disk</title>` +
  `<item><link>https://example.org/${encodeURIComponent(title)}</link><title>${title}</title></item></channel></rss>`;

/** The CLI's own runs pass allowFiles; nothing else may read the disk through a feed URL. */
const files = { allowFiles: true };

let dir: string;
let file: string;
let url: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tw-file-feed-"));
  file = join(dir, "feed.xml");
  url = pathToFileURL(file).href;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("feeds read from local files", () => {
  it("reads a file: URL, answers not-modified while the file is unchanged, and reads it again once changed", async () => {
    writeFileSync(file, rss("First"));
    const first = await fetchFeed(url, {}, files);
    expect(first.status).toBe("ok");
    if (first.status !== "ok") return;
    expect(first.feed.items.map((i) => i.title)).toEqual(["First"]);

    expect((await fetchFeed(url, first.validators, files)).status).toBe("not-modified");

    writeFileSync(file, rss("Second story"));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const changed = await fetchFeed(url, first.validators, files);
    expect(changed.status === "ok" && changed.feed.items[0]?.title).toBe("Second story");
  });

  it("reports a missing file, an oversized file and a file that is not a feed, without throwing", async () => {
    expect(await fetchFeed(pathToFileURL(join(dir, "none.xml")).href, {}, files)).toMatchObject({
      status: "error",
      code: "no-such-file",
    });
    writeFileSync(file, rss("Big"));
    expect(await fetchFeed(url, {}, { ...files, maxBytes: 10 })).toMatchObject({
      status: "error",
      code: "too-large",
    });
    writeFileSync(file, "just words");
    expect(await fetchFeed(url, {}, files)).toMatchObject({ status: "error", code: "parse" });
  });

  it("refuses file: URLs unless the caller allows files, without touching the disk", async () => {
    writeFileSync(file, rss("Secret"));
    for (const target of [url, "file:///etc/passwd", url.replace(/^file:/, "FILE:")]) {
      const refused = await fetchFeed(target, {});
      expect(refused).toMatchObject({ status: "error", code: "file-not-allowed", url: target });
      if (refused.status === "error")
        expect(refused.message).toMatch(/file: feed URLs are not allowed.*allowFiles/);
    }
    expect(await fetchFeed(url, {}, { allowFiles: false })).toMatchObject({ code: "file-not-allowed" });
    expect((await fetchFeed(url, {}, files)).status).toBe("ok");
  });

  it("refuses devices, FIFOs and directories before reading a byte", async () => {
    // /dev/zero would never end; stat says size 0, so only the file-type check stops it.
    expect(await fetchFeed("file:///dev/zero", {}, files)).toMatchObject({
      status: "error",
      code: "not-a-file",
    });
    expect(await fetchFeed(pathToFileURL(dir).href, {}, files)).toMatchObject({ code: "not-a-file" });
    const fifo = join(dir, "feed.fifo");
    execFileSync("mkfifo", [fifo]);
    // Opening a FIFO for reading normally blocks until a writer appears; this must answer at once.
    expect(await fetchFeed(pathToFileURL(fifo).href, {}, files)).toMatchObject({ code: "not-a-file" });
  });

  it("enforces the size cap while reading, and decodes with a given content type", async () => {
    const latin1 = Buffer.from(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Disk</title><item><link>https://example.org/a</link><title>Gen\xe8ve</title></item></channel></rss>`,
      "latin1",
    );
    const path = join(dir, "latin1.xml");
    writeFileSync(path, latin1);
    const href = pathToFileURL(path).href;
    const decoded = await readFeedFile(
      href,
      {},
      { maxBytes: 1_000, contentType: "application/rss+xml; charset=iso-8859-1" },
    );
    expect(decoded.status === "ok" && decoded.feed.items[0]?.title).toBe("Genève");
    // Measured by reading, not by stat: a cap below the real size fails however the size was learnt.
    expect(await readFeedFile(href, {}, { maxBytes: latin1.length - 1 })).toMatchObject({
      code: "too-large",
    });
    expect((await readFeedFile(href, {}, { maxBytes: latin1.length })).status).toBe("ok");
    // A regular file whose stat size (0) understates its content, like a file still being written:
    // only the count while reading catches it.
    const proc = "/proc/self/maps";
    if (existsSync(proc) && statSync(proc).size === 0) {
      const result = await readFeedFile(pathToFileURL(proc).href, {}, { maxBytes: 100 });
      expect(result).toMatchObject({ status: "error", code: "too-large" });
      if (result.status === "error") expect(result.message).toMatch(/more than 100 bytes/);
    }
  });

  it("takes a path given to --feed as a file: URL, and leaves URLs alone", () => {
    writeFileSync(file, rss("x"));
    expect(feedUrlFromArgument(file)).toBe(url);
    expect(feedUrlFromArgument("https://example.org/rss")).toBe("https://example.org/rss");
    expect(parseRunConfig({ feeds: [{ url }] }).feeds[0]?.url).toBe(url);
    expect(() => parseRunConfig({ feeds: [{ url: "ftp://example.org/rss" }] })).toThrow(/http\(s\) or file/);
  });
});
