import * as z from "zod";
import { CountryCode } from "../model/vocabulary.ts";

/** One feed to poll. */
export const FeedConfig = z.object({
  /** http(s) URL, or a file: URL for a feed kept on disk (replays, offline use). */
  url: z.url({ protocol: /^(https?|file)$/, error: "feed url must be an http(s) or file: URL" }),
  name: z.string().optional(),
  /** Overrides the run's polling interval for this feed. */
  intervalMinutes: z.number().positive().optional(),
});
export type FeedConfig = z.infer<typeof FeedConfig>;

/** The run configuration (`--config FILE`, data/feeds.json); every field has a default. */
export const RunConfig = z.object({
  $comment: z.string().optional(),
  feeds: z.array(FeedConfig).default([]),
  /** Minutes between polls of a feed that answered. */
  intervalMinutes: z.number().positive().default(15),
  /** Feeds fetched at the same time. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Events below this confidence never move state. */
  confidenceThreshold: z.number().min(0).max(1).default(0.5),
  /** States engaged in an armed conflict (Ottawa Art. 20(3) and similar clauses hold their withdrawal). */
  armedConflictStates: z.array(CountryCode).default(["UA"]),
  allowPrivateNetwork: z.boolean().default(false),
  /** How long a processed item is remembered. */
  seenTtlDays: z.number().int().positive().default(120),
  fetchTimeoutMs: z.number().int().positive().default(20_000),
  /** Items published more than this many days before the run's clock are old news: read, never applied. */
  maxItemAgeDays: z.number().int().positive().default(30),
});
export type RunConfig = z.infer<typeof RunConfig>;
export type RunConfigInput = z.input<typeof RunConfig>;

export function parseRunConfig(input: unknown, origin = "config"): RunConfig {
  const parsed = RunConfig.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${origin} is invalid:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}
