import { gunzipSync } from "node:zlib";
import { NewsItem } from "../model/index.ts";
import { type CharsetSource, decodeFeedBytes } from "./charset.ts";
import { parseFeedDate } from "./dates.ts";
import { atomPrefixes, detectFormat, type FeedFormat, rss2Prefixes, rssPrefixes } from "./detect.ts";
import { FeedParseError } from "./errors.ts";
import { htmlToText, plainText } from "./html-text.ts";
import { itemKey } from "./item-key.ts";
import { adaptJsonFeed } from "./json-feed-adapter.ts";
import { resolveLink } from "./links.ts";
import type { RawFeed, RawItem, RawText } from "./raw-feed.ts";
import { adaptXmlFeed } from "./xml-feed-adapter.ts";
import { prepareXml } from "./xml-prepare.ts";
import { readXmlTree } from "./xml-tree.ts";

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  link?: string;
  items: NewsItem[];
}

export interface ParseFeedOptions {
  /** HTTP Content-Type, for its charset. */
  contentType?: string;
  /** Feed URL: base for relative links, and NewsItem.feed. */
  url?: string;
}

export interface ParseDiagnostics {
  encoding: string;
  charsetSource: CharsetSource;
  /** How the XML was read ("strict" unless it needed repair); "json" for JSON Feed. */
  parseMode: "strict" | "repaired" | "lenient" | "json";
  warnings: string[];
}

/** Longest summary/content kept per item (storage rows and alerts stay small). */
const MAX_SUMMARY_CHARS = 1_000;
const MAX_CONTENT_CHARS = 20_000;
/** A gzip body that reaches parseFeed undecompressed may expand at most this far. */
const MAX_GUNZIPPED_BYTES = 10 * 1024 * 1024;

/** Decode bytes (charset sniffing) and parse any supported format. Throws FeedParseError (clear message). */
export function parseFeed(body: Uint8Array, opts: ParseFeedOptions = {}): ParsedFeed {
  return parseFeedDetailed(body, opts).feed;
}

export function parseFeedDetailed(
  body: Uint8Array,
  opts: ParseFeedOptions = {},
): { feed: ParsedFeed; diagnostics: ParseDiagnostics } {
  const bytes = maybeGunzip(body);
  const decoded = decodeFeedBytes(bytes, { contentType: opts.contentType });
  const detected = detectFormat(decoded.text);
  if ("error" in detected) throw new FeedParseError(detected.error);

  let raw: RawFeed;
  let parseMode: ParseDiagnostics["parseMode"] = "json";
  if (detected.format === "json") {
    raw = adaptJsonFeed(decoded.text);
  } else {
    const { xml } = prepareXml(decoded.text);
    const prefixes = namespacePrefixesToStrip(xml, detected.format, detected.root);
    const tree = readXmlTree(xml, prefixes);
    if ("error" in tree) throw new FeedParseError(tree.error);
    parseMode = tree.mode;
    raw = adaptXmlFeed(tree, detected.format);
  }
  const feed = normaliseFeed(raw, detected.format, opts.url);
  return {
    feed,
    diagnostics: {
      encoding: decoded.encoding,
      charsetSource: decoded.source,
      parseMode,
      warnings: raw.warnings,
    },
  };
}

/**
 * Feeds written with prefixed elements (`<atom:feed>`, `<r:rss>`, `<rss:item>` in RDF) are read as if
 * unprefixed: the root's own prefix (except RDF's) and prefixes bound to the format's namespaces go.
 */
function namespacePrefixesToStrip(xml: string, format: FeedFormat, root: string | undefined): string[] {
  const rootPrefix = root?.includes(":") ? root.slice(0, root.indexOf(":")) : undefined;
  if (format === "atom") return [...atomPrefixes(xml), ...(rootPrefix ? [rootPrefix] : [])];
  if (format === "rdf") return rssPrefixes(xml);
  if (format === "rss") return [...rss2Prefixes(xml), ...(rootPrefix ? [rootPrefix] : [])];
  return [];
}

function normaliseFeed(raw: RawFeed, format: FeedFormat, url: string | undefined): ParsedFeed {
  const title = cleanText(raw.title);
  const feedBases = [url, ...raw.bases];
  const link = resolveLink(raw.link, ...feedBases);
  const guidCounts = new Map<string, number>();
  for (const item of raw.items) {
    const guid = item.guid?.trim();
    if (guid) guidCounts.set(guid, (guidCounts.get(guid) ?? 0) + 1);
  }
  const items = raw.items.map((item) => normaliseItem(item, { title, feedBases, url, guidCounts }));
  return { format, title, ...(link ? { link } : {}), items };
}

function normaliseItem(
  raw: RawItem,
  context: {
    title: string;
    feedBases: Array<string | undefined>;
    url?: string;
    guidCounts: Map<string, number>;
  },
): NewsItem {
  const link = resolveLink(raw.link, ...context.feedBases, ...raw.bases);
  const summaryText = cleanText(raw.summary);
  const contentText = cleanText(raw.content);
  const summary = truncate(summaryText || contentText, MAX_SUMMARY_CHARS);
  const content = contentText ? truncate(contentText, MAX_CONTENT_CHARS) : undefined;
  // Title-less items (allowed in RSS 2.0) get their opening words as a title, so nothing downstream is blank.
  const title = cleanText(raw.title) || truncate(summary, 140);
  const guid = raw.guid?.trim() || undefined;
  const published = raw.dates.map(parseFeedDate).find((date) => date !== undefined);
  const id = itemKey(
    { guid, guidIsPermaLink: raw.guidIsPermaLink, link, title, summary, content },
    guid !== undefined && (context.guidCounts.get(guid) ?? 0) > 1,
  );
  const item: NewsItem = {
    id,
    title,
    ...(summary ? { summary } : {}),
    ...(content && content !== summary ? { content } : {}),
    ...(link ? { link } : {}),
    ...(published ? { published } : {}),
    ...(context.title ? { source: context.title } : {}),
    ...(context.url ? { feed: context.url } : {}),
  };
  return NewsItem.parse(item);
}

function cleanText(text: RawText | undefined): string {
  if (!text) return "";
  return text.html ? htmlToText(text.value) : plainText(text.value);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function maybeGunzip(body: Uint8Array): Uint8Array {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: MAX_GUNZIPPED_BYTES });
  } catch (error) {
    throw new FeedParseError(
      `gzip body could not be decompressed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
