import type { AlertSink } from "../alerts/sink.ts";
import { extractEvents } from "../extract/index.ts";
import { createHostLimiter, fetchFeed, itemFingerprint, nextPollAt } from "../feeds/index.ts";
import type { PipelineDeps, PipelineLogger } from "../pipeline/types.ts";
import type { Repository } from "../store/repository.ts";

/** A logger for the CLI: warnings and errors on stderr, info only when asked. */
export function stderrLogger(verbose = false): PipelineLogger {
  const line = (level: string, message: string, data?: Record<string, unknown>) =>
    process.stderr.write(`${level}: ${message}${data ? ` ${JSON.stringify(data)}` : ""}\n`);
  return {
    info: (message, data) => {
      if (verbose) line("info", message, data);
    },
    warn: (message, data) => line("warn", message, data),
    error: (message, data) => line("error", message, data),
  };
}

/** `--now ISO-8601`: a fixed clock for replays; the wall clock otherwise. */
export function clockFrom(now: string | undefined): () => Date {
  if (!now) return () => new Date();
  const time = Date.parse(now);
  if (Number.isNaN(time)) throw new Error(`--now must be an ISO-8601 date or timestamp, got "${now}"`);
  return () => new Date(time);
}

/** Requests in flight to one host at a time: polite to sites that serve several of our feeds. */
export const MAX_REQUESTS_PER_HOST = 2;

/** The pipeline's dependencies with the real feed fetcher and extractor (CLI, Lambda handlers, demo). */
export function createPipelineDeps(options: {
  store: Repository;
  sinks: AlertSink[];
  clock?: () => Date;
  log?: PipelineLogger;
  /** See PipelineDeps.publishLeaseMs. */
  publishLeaseMs?: number;
}): PipelineDeps {
  const perHost = createHostLimiter(MAX_REQUESTS_PER_HOST);
  return {
    store: options.store,
    sinks: options.sinks,
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? stderrLogger(),
    fetchFeed: (url, validators, opts) => perHost.run(url, () => fetchFeed(url, validators, opts)),
    extract: extractEvents,
    publishLeaseMs: options.publishLeaseMs,
    nextPollAt,
    itemFingerprint,
  };
}
