import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { referenceItemCount } from "../../bench/feeds.ts";
import { FeedParseError, parseFeed } from "../../shared/feeds/index.ts";

// The corpus sits beside the repository (../shared); it is not copied in. Skip when it is absent.
const corpus = resolve(import.meta.dirname, "..", "..", "..", "shared", "corpus", "feeds");
const present = existsSync(join(corpus, "MANIFEST.tsv"));

describe.skipIf(!present)("real-world feed corpus (../shared/corpus/feeds)", () => {
  it("answers every file without crashing and counts items right on >= 98% of the well-formed ones", () => {
    const [header, ...lines] = readFileSync(join(corpus, "MANIFEST.tsv"), "utf8").trim().split("\n");
    const cols = (header ?? "").split("\t");
    let crashes = 0;
    let wellFormed = 0;
    let right = 0;
    const damaged: string[] = [];
    for (const line of lines) {
      const cells = line.split("\t");
      const get = (name: string) => cells[cols.indexOf(name)] ?? "";
      const bytes = readFileSync(join(corpus, get("local_path")));
      const format = get("format");
      const isWellFormed =
        (get("expat_wellformed") === "wf" && ["rss2", "atom", "rdf"].includes(format)) || format === "json";
      let items: number | undefined;
      try {
        const feed = parseFeed(bytes);
        items = feed.items.length;
        const declared = get("declared_encoding").toLowerCase();
        if (declared && !/^utf-?8$/.test(declared)) {
          for (const title of [feed.title, ...feed.items.map((i) => i.title)])
            if (title.includes("\uFFFD")) damaged.push(title);
        }
      } catch (error) {
        if (!(error instanceof FeedParseError)) crashes++;
      }
      if (isWellFormed) {
        wellFormed++;
        if (items === referenceItemCount(bytes, format)) right++;
      }
    }
    expect(crashes).toBe(0);
    expect(wellFormed).toBeGreaterThan(3000);
    expect(right / wellFormed).toBeGreaterThanOrEqual(0.98);
    expect(damaged).toEqual([]);
  });
});
