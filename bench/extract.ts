// Items per second, single-threaded, through extractEvents on ../shared/eval/dev.jsonl, with the
// quality of our extractor and of the keyword baseline on the same items in the same run.
//   npx tsx bench/extract.ts [--json]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractEvents } from "../shared/extract/index.ts";
import { NewsItem } from "../shared/model/index.ts";
import { type LabelledEvent, scoreExtraction } from "./lib/extract-score.ts";
import { keywordBaseline } from "./lib/keyword-baseline.ts";

const DEV = fileURLToPath(new URL("../../shared/eval/dev.jsonl", import.meta.url));
const rows = readFileSync(DEV, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => {
    const raw = JSON.parse(l) as { expected?: LabelledEvent[] };
    return { item: NewsItem.parse(raw), expected: raw.expected ?? [] };
  });
const items = rows.map((r) => r.item);

for (const item of items) extractEvents(item); // warm-up: compile the regular expressions, JIT
const rounds = 20;
let events = 0;
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const item of items) events += extractEvents(item).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

const result = {
  bench: "extract",
  items: items.length * rounds,
  seconds: Number(seconds.toFixed(3)),
  itemsPerSecond: Math.round((items.length * rounds) / seconds),
  eventsPerRound: events / rounds,
  quality: scoreExtraction(rows.map((r) => ({ expected: r.expected, got: extractEvents(r.item) }))),
  baseline: scoreExtraction(rows.map((r) => ({ expected: r.expected, got: keywordBaseline(r.item) }))),
};
if (process.argv.includes("--json")) console.log(JSON.stringify(result));
else {
  console.log(
    `extract: ${result.itemsPerSecond} items/s (${result.items} items in ${result.seconds}s, single thread)`,
  );
  console.log(`  ours:             ${JSON.stringify(result.quality)}`);
  console.log(`  keyword baseline: ${JSON.stringify(result.baseline)}`);
}
