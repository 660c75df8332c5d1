export type FeedFormat = "rss" | "rdf" | "atom" | "json";

export interface DetectedFormat {
  format: FeedFormat;
  /** Qualified name of the document element (XML only), e.g. "rss", "rdf:RDF", "atom:feed". */
  root?: string;
}

const ATOM_NAMESPACES = ["http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"];

/**
 * Decides the format from decoded text: JSON Feed by its shape, XML feeds by the document element
 * (rss with or without a version, RDF, Atom feed or a lone Atom entry, a bare RSS channel).
 * Returns a reason string when the text is not a feed.
 */
export function detectFormat(text: string): DetectedFormat | { error: string } {
  const start = text.trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return { format: "json" };
  const root = documentElement(start);
  if (!root) return { error: start === "" ? "empty document" : "no XML document element found" };
  const local = root.slice(root.indexOf(":") + 1).toLowerCase();
  switch (local) {
    case "rss":
    case "channel":
      return { format: "rss", root };
    case "rdf":
      return { format: "rdf", root };
    case "feed":
    case "entry":
      return { format: "atom", root };
    case "html":
      return { error: "an HTML page, not a feed" };
    default:
      return { error: `not a feed: document element <${root}>` };
  }
}

/** Name of the first element, skipping the prolog (declaration, comments, PIs, DOCTYPE). */
export function documentElement(text: string): string | undefined {
  let rest = text;
  for (let guard = 0; guard < 1000; guard++) {
    rest = rest.replace(/^[^<]+/, "");
    if (rest.startsWith("<?")) rest = afterToken(rest, "?>");
    else if (rest.startsWith("<!--")) rest = afterToken(rest, "-->");
    else if (/^<!DOCTYPE/i.test(rest)) rest = rest.slice(doctypeLength(rest));
    else break;
    if (rest === "") return undefined;
  }
  const match = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
  return match?.[1];
}

/** Length of a leading DOCTYPE declaration, including an internal subset with quoted strings. */
export function doctypeLength(text: string): number {
  let inSubset = false;
  let quote = "";
  for (let i = 9; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") inSubset = true;
    else if (c === "]") inSubset = false;
    else if (c === ">" && !inSubset) return i + 1;
  }
  return text.length;
}

function afterToken(text: string, token: string): string {
  const end = text.indexOf(token);
  return end < 0 ? "" : text.slice(end + token.length);
}

/** Prefixes bound to the Atom namespaces (for `<atom:feed xmlns:atom=…>` documents). */
export function atomPrefixes(text: string): string[] {
  return prefixesFor(text, ATOM_NAMESPACES);
}

/** Prefixes bound to the RSS 1.0 / 0.90 namespaces (for `<rss:item>` inside RDF). */
export function rssPrefixes(text: string): string[] {
  return prefixesFor(text, ["http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/"]);
}

/** Prefixes bound to the (rarely used) RSS 0.9x/2.0 namespaces of UserLand. */
export function rss2Prefixes(text: string): string[] {
  return prefixesFor(text, [
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss",
  ]);
}

function prefixesFor(text: string, namespaces: string[]): string[] {
  const found = new Set<string>();
  const head = text.slice(0, 20_000);
  for (const match of head.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g)) {
    const [, prefix, ns] = match;
    if (prefix && ns && namespaces.includes(ns.trim())) found.add(prefix);
  }
  return [...found];
}
