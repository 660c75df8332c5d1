/**
 * Feed conformance benchmark over ../shared/corpus/feeds (real feed files from the test suites of other
 * feed parsers). Compares our parseFeed with plain rss-parser reading the same bytes as UTF-8.
 *
 *   npx tsx bench/feeds.ts [--json] [--corpus DIR] [--list-mismatches]
 *
 * Reports files, answers, crashes, hangs, item-count agreement on the well-formed RSS/Atom/RDF/JSON files
 * (against an independent element count made here, not by either parser), titles with U+FFFD in files
 * that declare a non-UTF-8 encoding, and throughput.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import RssParser from "rss-parser";
import { FeedParseError, parseFeedDetailed } from "../shared/feeds/index.ts";

const HANG_MS = 2_000;

interface ManifestRow {
  path: string;
  format: string;
  declaredEncoding: string;
  httpCharset: string;
  wellFormed: boolean;
  size: number;
}

interface SideResult {
  ok: boolean;
  crashed: boolean;
  ms: number;
  itemCount?: number;
  titles: string[];
  error?: string;
}

interface SideTotals {
  files: number;
  answers: number;
  parsed: number;
  errors: number;
  crashes: number;
  hangs: number;
  maxMs: number;
  wellFormed: number;
  countsRight: number;
  countsRightPct: number;
  nonUtf8DeclaredFiles: number;
  damagedTitles: number;
  mojibakeTitles: number;
  seconds: number;
  mbPerSecond: number;
  feedsPerSecond: number;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const corpusDir = valueOf("--corpus") ?? join(repoRoot, "..", "shared", "corpus", "feeds");

function valueOf(flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

function readManifest(dir: string): ManifestRow[] {
  const [header, ...lines] = readFileSync(join(dir, "MANIFEST.tsv"), "utf8").split("\n");
  const columns = (header ?? "").split("\t");
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? "";
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => line.split("\t"))
    .map((cells) => {
      const format = at(cells, "format");
      const wf = at(cells, "expat_wellformed");
      return {
        path: at(cells, "local_path"),
        format,
        declaredEncoding: at(cells, "declared_encoding").toLowerCase(),
        httpCharset: at(cells, "http_charset").replace(/'/g, ""),
        wellFormed: (wf === "wf" && ["rss2", "atom", "rdf"].includes(format)) || format === "json",
        size: Number(at(cells, "size")),
      };
    });
}

// ---------------------------------------------------------------------------------------------------
// Independent reference: count item/entry elements with a tiny tokenizer that shares no code with
// either parser. Element names are ASCII, so UTF-16/32 files are read by dropping zero bytes.

export function referenceItemCount(bytes: Uint8Array, format: string): number | undefined {
  if (format === "json") {
    try {
      const document = JSON.parse(new TextDecoder().decode(bytes)) as { items?: unknown };
      return Array.isArray(document.items) ? document.items.length : 0;
    } catch {
      return undefined;
    }
  }
  const text = Buffer.from(bytes.filter((byte) => byte !== 0)).toString("latin1");
  const stack: string[] = [];
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) {
      i = skipPast(text, lt, "-->");
    } else if (text.startsWith("<![CDATA[", lt)) {
      i = skipPast(text, lt, "]]>");
    } else if (text.startsWith("<?", lt)) {
      i = skipPast(text, lt, "?>");
    } else if (text.startsWith("<!", lt)) {
      let depth = 0;
      let j = lt + 2;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === "[") depth++;
        else if (c === "]") depth--;
        else if (c === ">" && depth <= 0) break;
      }
      i = j + 1;
    } else if (text[lt + 1] === "/") {
      const end = text.indexOf(">", lt);
      stack.pop();
      i = end < 0 ? text.length : end + 1;
    } else {
      const name = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200))?.[1];
      if (!name) {
        i = lt + 1;
        continue;
      }
      let j = lt + 1 + name.length;
      let quote = "";
      for (; j < text.length; j++) {
        const c = text[j];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      const selfClosing = text[j - 1] === "/";
      const local = name.slice(name.indexOf(":") + 1).toLowerCase();
      const parent = (stack[stack.length - 1] ?? "").toLowerCase();
      if (local === "item" && (parent === "channel" || parent === "rdf" || parent === "rss")) count++;
      else if (local === "entry" && (parent === "feed" || stack.length === 0)) count++;
      if (!selfClosing) stack.push(local);
      i = j + 1;
    }
  }
  return count;
}

function skipPast(text: string, from: number, token: string): number {
  const end = text.indexOf(token, from);
  return end < 0 ? text.length : end + token.length;
}

// ---------------------------------------------------------------------------------------------------

function runOurs(bytes: Uint8Array, row: ManifestRow): SideResult {
  const started = performance.now();
  try {
    const contentType = row.httpCharset ? `application/xml; charset=${row.httpCharset}` : undefined;
    const { feed } = parseFeedDetailed(bytes, { contentType, url: `https://example.org/${row.path}` });
    return {
      ok: true,
      crashed: false,
      ms: performance.now() - started,
      itemCount: feed.items.length,
      titles: [feed.title, ...feed.items.map((item) => item.title)],
    };
  } catch (error) {
    const crashed = !(error instanceof FeedParseError);
    return { ok: false, crashed, ms: performance.now() - started, titles: [], error: String(error) };
  }
}

async function runPlain(bytes: Uint8Array): Promise<SideResult> {
  const started = performance.now();
  try {
    const feed = await new RssParser().parseString(Buffer.from(bytes).toString("utf8"));
    const titles = [feed.title, ...feed.items.map((item) => item.title)].filter(
      (title): title is string => typeof title === "string",
    );
    return {
      ok: true,
      crashed: false,
      ms: performance.now() - started,
      itemCount: feed.items.length,
      titles,
    };
  } catch (error) {
    // rss-parser rejects for bad input; a synchronous TypeError from its builders is a crash.
    const crashed = error instanceof TypeError || error instanceof RangeError;
    return { ok: false, crashed, ms: performance.now() - started, titles: [], error: String(error) };
  }
}

function emptyTotals(): SideTotals {
  return {
    files: 0,
    answers: 0,
    parsed: 0,
    errors: 0,
    crashes: 0,
    hangs: 0,
    maxMs: 0,
    wellFormed: 0,
    countsRight: 0,
    countsRightPct: 0,
    nonUtf8DeclaredFiles: 0,
    damagedTitles: 0,
    mojibakeTitles: 0,
    seconds: 0,
    mbPerSecond: 0,
    feedsPerSecond: 0,
  };
}

function declaresNonUtf8(row: ManifestRow): boolean {
  return row.declaredEncoding !== "" && !/^utf-?8$/.test(row.declaredEncoding);
}

function add(
  totals: SideTotals,
  result: SideResult,
  row: ManifestRow,
  reference: number | undefined,
): boolean {
  totals.files++;
  if (!result.crashed) totals.answers++;
  if (result.crashed) totals.crashes++;
  if (result.ok) totals.parsed++;
  else if (!result.crashed) totals.errors++;
  if (result.ms > HANG_MS) totals.hangs++;
  totals.maxMs = Math.max(totals.maxMs, result.ms);
  totals.seconds += result.ms / 1000;
  let right = true;
  if (row.wellFormed && reference !== undefined) {
    totals.wellFormed++;
    right = result.ok && result.itemCount === reference;
    if (right) totals.countsRight++;
  }
  if (declaresNonUtf8(row)) {
    totals.nonUtf8DeclaredFiles++;
    totals.damagedTitles += result.titles.filter((title) => title.includes("\uFFFD")).length;
  }
  totals.mojibakeTitles += result.titles.filter((title) =>
    /Ã[\u0080-\u00bf]|â€[\u0080-\u00bf\u2122\u0153\u201c\u201d]/.test(title),
  ).length;
  return right;
}

function finish(totals: SideTotals, bytes: number): SideTotals {
  totals.countsRightPct = totals.wellFormed ? round((100 * totals.countsRight) / totals.wellFormed, 2) : 0;
  totals.seconds = round(totals.seconds, 3);
  totals.maxMs = round(totals.maxMs, 1);
  totals.mbPerSecond = totals.seconds ? round(bytes / 1e6 / totals.seconds, 2) : 0;
  totals.feedsPerSecond = totals.seconds ? round(totals.files / totals.seconds, 0) : 0;
  return totals;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function main(): Promise<void> {
  if (!existsSync(join(corpusDir, "MANIFEST.tsv"))) {
    console.error(`feeds bench: no corpus at ${corpusDir} (skipped)`);
    return;
  }
  const rows = readManifest(corpusDir);
  const ours = emptyTotals();
  const plain = emptyTotals();
  const mismatches: string[] = [];
  let bytesTotal = 0;
  for (const row of rows) {
    const bytes = new Uint8Array(readFileSync(join(corpusDir, row.path)));
    bytesTotal += bytes.length;
    const reference = row.wellFormed ? referenceItemCount(bytes, row.format) : undefined;
    const ourResult = runOurs(bytes, row);
    const plainResult = await runPlain(bytes);
    if (!add(ours, ourResult, row, reference)) {
      mismatches.push(`${row.path}\tref=${reference}\tours=${ourResult.itemCount ?? ourResult.error}`);
    }
    add(plain, plainResult, row, reference);
  }
  finish(ours, bytesTotal);
  finish(plain, bytesTotal);
  const report = {
    corpus: corpusDir,
    files: rows.length,
    megabytes: round(bytesTotal / 1e6, 2),
    ours,
    plainRssParser: plain,
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`feed conformance: ${rows.length} files, ${report.megabytes} MB from ${corpusDir}`);
    const keys = Object.keys(ours) as Array<keyof SideTotals>;
    console.log(`${"metric".padEnd(22)}${"ours".padStart(12)}${"rss-parser".padStart(14)}`);
    for (const key of keys)
      console.log(`${key.padEnd(22)}${String(ours[key]).padStart(12)}${String(plain[key]).padStart(14)}`);
  }
  if (args.includes("--list-mismatches")) for (const line of mismatches) console.error(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
