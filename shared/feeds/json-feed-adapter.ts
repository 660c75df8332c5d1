import { FeedParseError } from "./errors.ts";
import type { RawFeed, RawItem } from "./raw-feed.ts";

/** JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) into a RawFeed; one odd item never fails the feed. */
export function adaptJsonFeed(text: string): RawFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`malformed JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(document)) throw new FeedParseError("not a JSON Feed: top level is not an object");
  const version = typeof document.version === "string" ? document.version : "";
  if (!/jsonfeed\.org\/version\//i.test(version) && !Array.isArray(document.items)) {
    throw new FeedParseError("not a JSON Feed: no jsonfeed.org version and no items array");
  }
  const warnings: string[] = [];
  const items: RawItem[] = [];
  const rawItems: unknown[] = Array.isArray(document.items) ? document.items : [];
  rawItems.forEach((raw, index) => {
    if (!isRecord(raw)) {
      warnings.push(`item ${index} is not an object`);
      items.push({ dates: [], bases: [] });
      return;
    }
    const html = str(raw.content_html);
    const plain = str(raw.content_text);
    items.push({
      guid: str(raw.id) ?? (typeof raw.id === "number" ? String(raw.id) : undefined),
      title: raw.title === undefined ? undefined : { value: str(raw.title) ?? "", html: false },
      link: str(raw.url) ?? str(raw.external_url),
      summary: str(raw.summary) === undefined ? undefined : { value: str(raw.summary) ?? "", html: false },
      content:
        html !== undefined
          ? { value: html, html: true }
          : plain !== undefined
            ? { value: plain, html: false }
            : undefined,
      dates: [str(raw.date_published), str(raw.date_modified)].filter((d): d is string => d !== undefined),
      bases: [],
    });
  });
  return {
    title: { value: str(document.title) ?? "", html: false },
    link: str(document.home_page_url),
    bases: [],
    items,
    warnings,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
