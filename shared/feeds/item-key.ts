import { createHash } from "node:crypto";
import type { NewsItem } from "../model/index.ts";
import { canonicalLink } from "./links.ts";

export interface ItemKeyInput {
  guid?: string;
  /** RSS isPermaLink="false" says the GUID is not a URL; absent means unknown. */
  guidIsPermaLink?: boolean;
  link?: string;
  title: string;
  summary?: string;
  content?: string;
}

/**
 * A GUID is trusted when it is globally unique by construction (a URL, tag:, urn:, or a long opaque
 * token) and unique within its feed. Short GUIDs such as "42" are per-feed counters and would collide
 * across feeds, so those items fall back to their link.
 */
export function isTrustworthyGuid(guid: string | undefined, duplicatedInFeed: boolean): boolean {
  if (!guid || duplicatedInFeed) return false;
  const value = guid.trim();
  if (/^https?:\/\/[^/\s]+\.[^/\s]+/i.test(value)) return true;
  if (/^(tag|urn|uuid|info):\S{6,}$/i.test(value)) return true;
  return value.length >= 16 && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/\s/.test(value);
}

/** The canonical item key: trustworthy GUID, else link without tracking parameters, else a content hash. */
export function itemKey(input: ItemKeyInput, guidDuplicatedInFeed = false): string {
  const guid = input.guid?.trim();
  if (guid && isTrustworthyGuid(guid, guidDuplicatedInFeed)) {
    return /^https?:\/\//i.test(guid) ? canonicalLink(guid) : guid;
  }
  if (input.link) return canonicalLink(input.link);
  return `sha256:${hashText([input.title, input.summary ?? "", input.content ?? ""]).slice(0, 40)}`;
}

/** Hash of an item's text (title+summary+content) to notice an updated item with the same id. */
export function itemFingerprint(item: NewsItem): string {
  return hashText(
    [item.title, item.summary ?? "", item.content ?? ""].map((part) => part.replace(/\s+/g, " ").trim()),
  );
}

function hashText(parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000"), "utf8").digest("hex");
}
