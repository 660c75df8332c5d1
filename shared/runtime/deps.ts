import * as z from "zod";
import type { AlertSink } from "../alerts/sink.ts";
import { extractEvents } from "../extract/index.ts";
import { createHostLimiter, fetchFeed, itemFingerprint, nextPollAt } from "../feeds/index.ts";
import { IsoDate, IsoDateTime } from "../model/vocabulary.ts";
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

/** A date-time without offset (2025-06-27T12:00:00): valid ISO-8601, read as UTC like a bare date. */
const LocalDateTime = z.iso.datetime({ local: true });
const NowArgument = z.union([IsoDateTime, IsoDate, LocalDateTime]);

/**
 * `--now ISO-8601` (a date, or a date and time, with or without offset; without one it is UTC): the
 * run's clock, for replays. Fixed for one cycle; with `follow`, it moves on from there at the wall
 * clock's pace (a polling loop).
 */
export function clockFrom(now: string | undefined, options: { follow?: boolean } = {}): () => Date {
  if (!now) return () => new Date();
  if (!NowArgument.safeParse(now).success) {
    throw new Error(
      `--now must be an ISO-8601 date (2025-06-27) or date-time (2025-06-27T12:00:00Z; UTC without offset), got "${now}"`,
    );
  }
  // Date.parse reads a date-time without offset as local time; the CLI's clock is UTC throughout.
  const withoutOffset = !IsoDateTime.safeParse(now).success && LocalDateTime.safeParse(now).success;
  const start = Date.parse(withoutOffset ? `${now}Z` : now);
  if (!options.follow) return () => new Date(start);
  const startedAt = Date.now();
  return () => new Date(start + (Date.now() - startedAt));
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
  /** Read file: feed URLs from disk (the CLI; never Lambda, where a queued URL must not reach the disk). */
  allowFileFeeds?: boolean;
}): PipelineDeps {
  const perHost = createHostLimiter(MAX_REQUESTS_PER_HOST);
  return {
    store: options.store,
    sinks: options.sinks,
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? stderrLogger(),
    fetchFeed: (url, validators, opts) =>
      perHost.run(url, () =>
        fetchFeed(url, validators, { ...opts, allowFiles: options.allowFileFeeds === true }),
      ),
    extract: extractEvents,
    publishLeaseMs: options.publishLeaseMs,
    nextPollAt,
    itemFingerprint,
  };
}
