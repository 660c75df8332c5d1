import type { FeedFormat } from "./detect.ts";
import type { RawFeed, RawItem, RawText } from "./raw-feed.ts";
import type { XmlNode, XmlTree } from "./xml-tree.ts";

/**
 * Maps rss-parser's tree into a RawFeed. rss-parser's builders run one item at a time inside a guard
 * (they throw on an unparseable Atom date or a link without attributes, and return objects where
 * strings are expected), and every field is checked or re-read from the element itself.
 */
export function adaptXmlFeed(tree: XmlTree, format: Exclude<FeedFormat, "json">): RawFeed {
  const warnings: string[] = [];
  if (tree.strictError) warnings.push(`${tree.mode} parse after: ${tree.strictError}`);
  return format === "atom" ? adaptAtom(tree, warnings) : adaptRss(tree, warnings);
}

function adaptRss(tree: XmlTree, warnings: string[]): RawFeed {
  const { root, parser } = tree;
  const rootLocal = localName(tree.rootName);
  const channels = rootLocal === "channel" ? [root] : children(root, "channel");
  const channel = channels[0] ?? {};
  // Items normally sit in the channel (RSS 0.9x/2.0) or beside it (RSS 1.0); accept both everywhere.
  const itemNodes = [
    ...channels.flatMap((c) => children(c, "item")),
    ...(rootLocal === "channel" ? [] : children(root, "item")),
  ];

  const feedFields: Record<string, unknown> =
    guarded(() => parser.buildRSS(channel, []), warnings, "channel") ?? {};
  const items = itemNodes.map((node, index) => {
    const parsed = guarded(() => parser.buildRSS({}, [node]).items[0], warnings, `item ${index}`) ?? {};
    return rssItem(node, parsed);
  });
  return {
    title: text(stringField(feedFields.title) ?? textOf(first(channel, "title")), true),
    link:
      stringField(feedFields.link) ??
      textOf(first(channel, "link")) ??
      atomLink(children(channel, "atom:link"))?.href,
    bases: compact([attr(root, "xml:base"), attr(channel, "xml:base")]),
    items,
    warnings,
  };
}

function rssItem(node: XmlNode, parsed: Record<string, unknown>): RawItem {
  const guidNode = first(node, "guid");
  const permaLink = attr(guidNode, "isPermaLink")?.trim().toLowerCase();
  const guid = stringField(parsed.guid) ?? textOf(guidNode);
  const rdfAbout = attr(node, "rdf:about");
  let link = stringField(parsed.link) ?? textOf(first(node, "link"));
  link ??= atomLink(children(node, "atom:link"))?.href;
  if (!link && guid && permaLink !== "false" && /^https?:\/\//i.test(guid.trim())) link = guid;
  if (!link && rdfAbout && /^https?:\/\//i.test(rdfAbout)) link = rdfAbout;
  return {
    guid: guid ?? rdfAbout,
    guidIsPermaLink: permaLink === undefined ? undefined : permaLink !== "false",
    title: text(
      stringField(parsed.title) ?? textOf(first(node, "title")) ?? textOf(first(node, "dc:title")),
      true,
    ),
    link: link?.trim(),
    summary: text(
      stringField(parsed.content) ??
        textOf(first(node, "description")) ??
        textOf(first(node, "dc:description")),
      true,
    ),
    content: text(stringField(parsed["content:encoded"]) ?? textOf(first(node, "content:encoded")), true),
    dates: compact(
      ["pubDate", "dc:date", "dcterms:issued", "dcterms:created", "dcterms:modified", "date"].map((name) =>
        textOf(first(node, name)),
      ),
    ),
    bases: compact([attr(node, "xml:base")]),
  };
}

function adaptAtom(tree: XmlTree, warnings: string[]): RawFeed {
  const { root, parser } = tree;
  const isLoneEntry = localName(tree.rootName) === "entry";
  const entries = isLoneEntry ? [root] : children(root, "entry");
  const items = entries.map((entry, index) => {
    const parsed =
      guarded(() => parser.parseItemAtom(entry), undefined, "") ??
      // Retry without the dates rss-parser chokes on (we parse dates ourselves), then give up on it.
      guarded(
        () => parser.parseItemAtom(withoutKeys(entry, ["published", "updated"])),
        warnings,
        `entry ${index}`,
      ) ??
      {};
    return atomEntry(entry, parsed);
  });
  const feedNode = isLoneEntry ? {} : root;
  const feedLink = atomLink(children(feedNode, "link"));
  return {
    title: atomText(first(feedNode, "title")),
    link: feedLink?.href,
    bases: compact([attr(root, "xml:base")]).slice(0, isLoneEntry ? 0 : 1),
    items,
    warnings,
  };
}

function atomEntry(entry: XmlNode, parsed: Record<string, unknown>): RawItem {
  const link = atomLink(children(entry, "link"));
  const id = stringField(parsed.id) ?? textOf(first(entry, "id"));
  const content = atomText(first(entry, "content"));
  return {
    guid: id,
    title: atomText(first(entry, "title")) ?? text(textOf(first(entry, "dc:title")), true),
    link: link?.href ?? (id && /^https?:\/\//i.test(id.trim()) ? id.trim() : undefined),
    summary: atomText(first(entry, "summary")) ?? atomText(first(entry, "tagline")),
    content,
    dates: compact(
      ["published", "issued", "created", "updated", "modified", "dc:date"].map((name) =>
        textOf(first(entry, name)),
      ),
    ),
    bases: compact([attr(entry, "xml:base"), link?.base]),
  };
}

/** Atom text constructs: type text|html|xhtml (1.0), mode xml|escaped|base64 (0.3). */
function atomText(node: unknown): RawText | undefined {
  if (node === undefined) return undefined;
  const type = (attr(node, "type") ?? "text").toLowerCase();
  const mode = attr(node, "mode")?.toLowerCase();
  // RFC 4287 §3.1.1.3: a non-text, non-XML media type means the content is base64 (as is 0.3's mode="base64").
  const isBinaryType = type.includes("/") && !type.startsWith("text/") && !type.includes("xml");
  if (mode === "base64" || isBinaryType) {
    const decoded = Buffer.from(textOf(node) ?? "", "base64").toString("utf8");
    return text(decoded, type.includes("html"));
  }
  const isMarkup = type === "html" || type === "xhtml" || type.includes("html") || mode === "escaped";
  const value =
    typeof node === "object" && node !== null && hasElementChildren(node as XmlNode)
      ? serialise(node)
      : textOf(node);
  return text(
    value,
    isMarkup || (typeof node === "object" && node !== null && hasElementChildren(node as XmlNode)),
  );
}

function atomLink(links: XmlNode[]): { href: string; base?: string } | undefined {
  const candidates = links
    .map((link) => ({
      href: attr(link, "href") ?? textOf(link),
      rel: (attr(link, "rel") ?? "alternate").toLowerCase(),
      type: attr(link, "type")?.toLowerCase(),
      base: attr(link, "xml:base"),
    }))
    .filter(
      (link): link is { href: string; rel: string; type: string | undefined; base: string | undefined } =>
        Boolean(link.href?.trim()),
    );
  const alternate =
    candidates.find((link) => link.rel === "alternate" && (!link.type || link.type.includes("html"))) ??
    candidates.find((link) => link.rel === "alternate") ??
    candidates.find((link) => link.rel !== "self" && link.rel !== "enclosure" && link.rel !== "replies") ??
    candidates[0];
  return alternate ? { href: alternate.href.trim(), base: alternate.base } : undefined;
}

function guarded<T>(run: () => T, warnings: string[] | undefined, what: string): T | undefined {
  try {
    return run();
  } catch (error) {
    warnings?.push(`rss-parser failed on ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function withoutKeys(node: XmlNode, keys: string[]): XmlNode {
  const copy: XmlNode = { ...node };
  for (const key of keys) delete copy[key];
  return copy;
}

function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== "object") return [];
  const value = (node as XmlNode)[name];
  if (!Array.isArray(value)) return [];
  // Empty elements come back as "" from xml2js; they still count as elements.
  return value.map((child) =>
    child && typeof child === "object" ? (child as XmlNode) : { _: String(child ?? "") },
  );
}

function first(node: unknown, name: string): unknown {
  if (!node || typeof node !== "object") return undefined;
  const value = (node as XmlNode)[name];
  return Array.isArray(value) ? value[0] : undefined;
}

function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const attributes = (node as XmlNode).$;
  if (!attributes || typeof attributes !== "object") return undefined;
  const value = (attributes as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/** Text content of an element: its text, or (for XHTML-ish children) all text below it. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string") return node;
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (typeof node !== "object") return undefined;
  const element = node as XmlNode;
  if (!hasElementChildren(element)) return typeof element._ === "string" ? element._ : "";
  return serialise(element);
}

function hasElementChildren(element: XmlNode): boolean {
  return Object.keys(element).some((key) => key !== "$" && key !== "_");
}

/** Rebuilds approximate markup from an xml2js subtree, so block boundaries survive html-to-text. */
function serialise(node: unknown): string {
  if (typeof node === "string") return escapeText(node);
  if (!node || typeof node !== "object") return "";
  const element = node as XmlNode;
  let out = typeof element._ === "string" ? escapeText(element._) : "";
  for (const [key, value] of Object.entries(element)) {
    if (key === "$" || key === "_" || !Array.isArray(value)) continue;
    const tag = localName(key);
    for (const child of value) out += ` <${tag}>${serialise(child)}</${tag}> `;
  }
  return out;
}

function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function stringField(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as XmlNode)._ === "string")
    return (value as XmlNode)._ as string;
  return undefined;
}

function text(value: string | undefined, html: boolean): RawText | undefined {
  return value === undefined ? undefined : { value, html };
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

function compact(values: Array<string | undefined>): string[] {
  return values.filter((value): value is string => typeof value === "string" && value.trim() !== "");
}
