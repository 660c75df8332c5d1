import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRunConfig } from "../../shared/config/run-config.ts";
import { fetchFeed } from "../../shared/feeds/index.ts";
import { feedUrlFromArgument } from "../../shared/runtime/config.ts";

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Disk</title>` +
  `<item><link>https://example.org/${encodeURIComponent(title)}</link><title>${title}</title></item></channel></rss>`;

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
    const first = await fetchFeed(url, {});
    expect(first.status).toBe("ok");
    if (first.status !== "ok") return;
    expect(first.feed.items.map((i) => i.title)).toEqual(["First"]);

    expect((await fetchFeed(url, first.validators)).status).toBe("not-modified");

    writeFileSync(file, rss("Second story"));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const changed = await fetchFeed(url, first.validators);
    expect(changed.status === "ok" && changed.feed.items[0]?.title).toBe("Second story");
  });

  it("reports a missing file, an oversized file and a file that is not a feed, without throwing", async () => {
    expect(await fetchFeed(pathToFileURL(join(dir, "none.xml")).href, {})).toMatchObject({
      status: "error",
      code: "no-such-file",
    });
    writeFileSync(file, rss("Big"));
    expect(await fetchFeed(url, {}, { maxBytes: 10 })).toMatchObject({ status: "error", code: "too-large" });
    writeFileSync(file, "just words");
    expect(await fetchFeed(url, {})).toMatchObject({ status: "error", code: "parse" });
  });

  it("takes a path given to --feed as a file: URL, and leaves URLs alone", () => {
    writeFileSync(file, rss("x"));
    expect(feedUrlFromArgument(file)).toBe(url);
    expect(feedUrlFromArgument("https://example.org/rss")).toBe("https://example.org/rss");
    expect(parseRunConfig({ feeds: [{ url }] }).feeds[0]?.url).toBe(url);
    expect(() => parseRunConfig({ feeds: [{ url: "ftp://example.org/rss" }] })).toThrow(/http\(s\) or file/);
  });
});
