import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import * as z from "zod";
import { readFeedFile } from "../../shared/feeds/file-feed.ts";
import { DEFAULT_MAX_BYTES, fetchFeed, type ParsedFeed } from "../../shared/feeds/index.ts";

const ParseOptions = z.object({
  contentType: z.string().optional(),
  allowPrivateNetwork: z.boolean().optional(),
});

/** One output line per input (contract in DESIGN.md). Absent item fields are null, so every key is present. */
export type ParseLine =
  | {
      input: string;
      ok: true;
      format: ParsedFeed["format"];
      title: string;
      items: Array<{
        id: string;
        title: string;
        link: string | null;
        published: string | null;
        summary: string | null;
      }>;
    }
  | { input: string; ok: false; error: string };

export function registerParse(program: Command): void {
  program
    .command("parse")
    .description("Fetch (URL) or read (FILE) each feed and print one JSON line per input")
    .argument("<inputs...>", "feed files or http(s) URLs")
    .option("--content-type <type>", "Content-Type to assume for files (its charset is used for decoding)")
    .option("--allow-private-network", "permit loopback/private feed addresses (refused by default)")
    .action(async (inputs: string[], rawOptions: unknown) => {
      const options = ParseOptions.parse(rawOptions);
      let parsed = 0;
      for (const input of inputs) {
        const line = await parseInput(input, options);
        if (line.ok) parsed++;
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      if (parsed === 0) process.exitCode = 1;
    });
}

export async function parseInput(input: string, options: z.infer<typeof ParseOptions>): Promise<ParseLine> {
  try {
    const result = /^https?:\/\//i.test(input)
      ? await fetchFeed(input, {}, { allowPrivateNetwork: options.allowPrivateNetwork ?? false })
      : // Files go through the same bounded reader as file: feeds (size cap, regular files only).
        await readFeedFile(
          input.startsWith("file:") ? input : pathToFileURL(resolve(input)),
          {},
          {
            maxBytes: DEFAULT_MAX_BYTES,
            contentType: options.contentType,
          },
        );
    if (result.status === "ok") return success(input, result.feed);
    if (result.status === "not-modified") return { input, ok: false, error: "not modified (HTTP 304)" };
    if (result.code === "no-such-file") return { input, ok: false, error: `no such file: ${input}` };
    return { input, ok: false, error: `${result.code}: ${result.message}` };
  } catch (error) {
    return { input, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function success(input: string, feed: ParsedFeed): ParseLine {
  return {
    input,
    ok: true,
    format: feed.format,
    title: feed.title,
    items: feed.items.map((item) => ({
      id: item.id,
      title: item.title,
      link: item.link ?? null,
      published: item.published ?? null,
      summary: item.summary ?? null,
    })),
  };
}
