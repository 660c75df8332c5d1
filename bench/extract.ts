// Items per second, single-threaded, through extractEvents on ../shared/eval/dev.jsonl.
//   npx tsx bench/extract.ts [--json]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractEvents } from "../shared/extract/index.ts";
import { NewsItem } from "../shared/model/index.ts";

const DEV = fileURLToPath(new URL("../../shared/eval/dev.jsonl", import.meta.url));
const items = readFileSync(DEV, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => NewsItem.parse(JSON.parse(l)));

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
};
if (process.argv.includes("--json")) console.log(JSON.stringify(result));
else
  console.log(
    `extract: ${result.itemsPerSecond} items/s (${result.items} items in ${result.seconds}s, single thread)`,
  );
