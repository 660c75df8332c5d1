import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { explainExtraction, formatExplanation } from "../../shared/extract/index.ts";
import { NewsItem } from "../../shared/model/index.ts";

/** stdin line → the NewsItem fields `extract` reads (unknown fields such as `expected` are ignored). */
const ExtractInput = NewsItem.pick({
  id: true,
  title: true,
  summary: true,
  content: true,
  link: true,
  published: true,
  source: true,
}).extend({
  summary: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  content: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  link: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  published: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  source: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
});

export interface ExtractLineOptions {
  explain: boolean;
  json: boolean;
}

/** One stdin line → the lines to print (pure: the CLI and the tests share it). */
export function extractLine(line: string, opts: ExtractLineOptions): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return [JSON.stringify({ id: null, error: `invalid JSON: ${(err as Error).message}` })];
  }
  const id =
    raw && typeof raw === "object" && "id" in raw && typeof raw.id === "string" && raw.id ? raw.id : null;
  const parsed = ExtractInput.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`)
      .join("; ");
    return [JSON.stringify({ id, error: `not a news item: ${problems}` })];
  }
  let explanation: ReturnType<typeof explainExtraction>;
  try {
    explanation = explainExtraction(parsed.data);
  } catch (err) {
    // One item the extractor cannot handle costs that line, never the rest of the stream.
    return [JSON.stringify({ id: parsed.data.id, error: `extractor failed: ${(err as Error).message}` })];
  }
  const out = [JSON.stringify({ id: parsed.data.id, events: explanation.events })];
  if (opts.explain) {
    if (opts.json) out.push(JSON.stringify({ id: parsed.data.id, explain: explanation }));
    else out.push(formatExplanation(explanation));
  }
  return out;
}

export function registerExtract(program: Command): void {
  program
    .command("extract")
    .description("Read NewsItem JSON lines on stdin; print one line of treaty events per item, in order.")
    .option("--explain", "also print why each candidate fired or was rejected (to stderr)")
    .option("--json", "with --explain: the explanation as a JSON line instead of text")
    .action(async (options: { explain?: boolean; json?: boolean }) => {
      const opts = { explain: options.explain === true, json: options.json === true };
      const input = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      try {
        for await (const line of input) {
          const [result, ...explanation] = extractLine(line, opts);
          process.stdout.write(`${result}\n`);
          // Explanations go to stderr so stdout stays one result line per input line.
          for (const e of explanation) process.stderr.write(`${e}\n`);
        }
      } catch (err) {
        process.stderr.write(`treaty-watch extract: cannot read stdin: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
