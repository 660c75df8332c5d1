/** Intermediate shape every format adapter produces before normalisation into NewsItem. */
export interface RawText {
  value: string;
  /** true when the value is HTML (or HTML-escaped text) to be turned into plain text. */
  html: boolean;
}

export interface RawItem {
  guid?: string;
  guidIsPermaLink?: boolean;
  title?: RawText;
  link?: string;
  summary?: RawText;
  content?: RawText;
  /** Date text exactly as the feed wrote it, in order of preference. */
  dates: string[];
  /** xml:base values from outermost to innermost that apply to this item's links. */
  bases: string[];
}

export interface RawFeed {
  title?: RawText;
  link?: string;
  bases: string[];
  items: RawItem[];
  /** What had to be worked around (recorded, not fatal). */
  warnings: string[];
}
