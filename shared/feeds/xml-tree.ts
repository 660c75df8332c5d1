import RssParser from "rss-parser";
import { closeTruncatedXml, repairXml } from "./xml-prepare.ts";

/** An element as rss-parser's xml2js layer returns it: `$` attributes, `_` text, children as arrays. */
export type XmlNode = { [key: string]: unknown };

/** rss-parser's own builders, which its typings do not expose; we call them one item at a time. */
export interface RssParserInternals {
  xmlParser: { parseString(xml: string, callback: (error: unknown, result: unknown) => void): unknown };
  buildRSS(
    channel: XmlNode,
    items: XmlNode[],
  ): { items: Array<Record<string, unknown>> } & Record<string, unknown>;
  parseItemAtom(entry: XmlNode): Record<string, unknown>;
  buildAtomFeed(document: { feed: XmlNode }): Record<string, unknown>;
}

export interface XmlTree {
  rootName: string;
  root: XmlNode;
  /** Which pass read it: strict XML, strict after repairing entities, or the lenient (HTML-ish) mode. */
  mode: "strict" | "repaired" | "lenient";
  parser: RssParserInternals;
  /** The strict parser's complaint, when a later pass had to take over. */
  strictError?: string;
}

// Names rss-parser looks up case-sensitively; the lenient parser lower-cases everything.
const CAMEL_CASE: Record<string, string> = {
  pubdate: "pubDate",
  lastbuilddate: "lastBuildDate",
  managingeditor: "managingEditor",
  webmaster: "webMaster",
  skiphours: "skipHours",
  skipdays: "skipDays",
  "rdf:rdf": "rdf:RDF",
  ispermalink: "isPermaLink",
  textinput: "textInput",
};

/**
 * Reads XML into rss-parser's tree (xml2js over sax). sax never expands DTD entities; prepareXml has
 * removed the DOCTYPE anyway. Tries strict XML, then strict after entity repair, then sax's lenient
 * mode, so a stray `&` or an unclosed <br> in one item does not lose the feed.
 */
export function readXmlTree(xml: string, stripPrefixes: string[]): XmlTree | { error: string } {
  const strict = parseOnce(xml, true, stripPrefixes);
  if ("root" in strict) return { ...strict, mode: "strict" };
  const repairedText = repairXml(xml);
  if (repairedText !== xml) {
    const repaired = parseOnce(repairedText, true, stripPrefixes);
    if ("root" in repaired) return { ...repaired, mode: "repaired", strictError: strict.error };
  }
  const lenient = parseOnce(repairedText, false, stripPrefixes);
  if ("root" in lenient) return { ...lenient, mode: "lenient", strictError: strict.error };
  const closed = parseOnce(closeTruncatedXml(repairedText), false, stripPrefixes);
  if ("root" in closed) return { ...closed, mode: "lenient", strictError: strict.error };
  return { error: strict.error };
}

function parseOnce(
  xml: string,
  strict: boolean,
  stripPrefixes: string[],
): Omit<XmlTree, "mode" | "strictError"> | { error: string } {
  const prefixes = stripPrefixes.map((prefix) => `${prefix.toLowerCase()}:`);
  const renameTag = (name: string): string => {
    let out = strict ? name : name.toLowerCase();
    const lower = out.toLowerCase();
    for (const prefix of prefixes) {
      if (lower.startsWith(prefix)) {
        out = out.slice(prefix.length);
        break;
      }
    }
    return strict ? out : (CAMEL_CASE[out] ?? out);
  };
  const renameAttribute = (name: string): string => {
    const lower = name.toLowerCase();
    return CAMEL_CASE[lower] ?? lower;
  };
  const parser = new RssParser({
    xml2js: {
      strict,
      tagNameProcessors: [renameTag],
      ...(strict ? {} : { attrNameProcessors: [renameAttribute] }),
    },
    defaultRSS: 2,
  }) as unknown as RssParserInternals;

  let outcome: { error: unknown } | { result: unknown } | undefined;
  try {
    parser.xmlParser.parseString(xml, (error, result) => {
      outcome ??= error ? { error } : { result };
    });
  } catch (error) {
    outcome ??= { error };
  }
  if (!outcome) return { error: "XML parser gave no result" };
  if ("error" in outcome) return { error: describeXmlError(outcome.error) };
  const document = outcome.result;
  if (!document || typeof document !== "object") return { error: "no XML document element" };
  const [rootName] = Object.keys(document);
  if (!rootName) return { error: "no XML document element" };
  const rootValue = (document as XmlNode)[rootName];
  const root: XmlNode = rootValue && typeof rootValue === "object" ? (rootValue as XmlNode) : {};
  return { rootName, root, parser };
}

function describeXmlError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first, ...rest] = message.split("\n");
  const where = rest.filter((line) => /^(Line|Column):/.test(line)).join(" ");
  return `malformed XML: ${first}${where ? ` (${where})` : ""}`;
}
