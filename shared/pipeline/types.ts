import type { AlertSink } from "../alerts/sink.ts";
import type { Treaty } from "../catalog/schema.ts";
import type { FeedConfig, RunConfig } from "../config/run-config.ts";
import type { nextPollAt } from "../feeds/backoff.ts";
import type { fetchFeed } from "../feeds/fetch.ts";
import type { Alert } from "../model/alert.ts";
import type { NewsItem } from "../model/news-item.ts";
import type { TreatyEvent } from "../model/treaty-event.ts";
import type { RuleSettings } from "../state/rules.ts";
import type { Repository } from "../store/repository.ts";

// The feeds part's functions, passed in so tests and benchmarks can wrap them.
export type { FetchFeedOptions, FetchFeedResult, Validators } from "../feeds/fetch.ts";
export type FetchFeed = typeof fetchFeed;
export type NextPollAt = typeof nextPollAt;

export interface PipelineLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Everything the core needs from the outside; every entry point (CLI, Lambda, demo, bench) builds one. */
export interface PipelineDeps {
  store: Repository;
  sinks: AlertSink[];
  clock: () => Date;
  log: PipelineLogger;
  fetchFeed: FetchFeed;
  extract: (item: NewsItem) => TreatyEvent[];
  nextPollAt: NextPollAt;
  itemFingerprint: (item: NewsItem) => string;
  /**
   * How long a publisher holds a pending alert before another may send it (default 30 s). Zero where
   * only one process can reach the store (the embedded one: its LevelDB is locked to one process), so a
   * run after a crash does not wait out the dead process's lease.
   */
  publishLeaseMs?: number;
  /** Treaty lookup; the catalog's getTreaty by default. */
  getTreaty?: (id: string) => Treaty | undefined;
}

/** The knobs of the core, taken from RunConfig. */
export type PipelineSettings = RuleSettings &
  Pick<
    RunConfig,
    "intervalMinutes" | "allowPrivateNetwork" | "seenTtlDays" | "fetchTimeoutMs" | "maxItemAgeDays"
  >;

export interface FeedPollReport {
  url: string;
  status: "ok" | "not-modified" | "failed";
  title?: string;
  error?: { code: string; message: string };
  items: number;
  newItems: number;
  events: number;
  changes: number;
  evidence: number;
  /** Items dated after the run's clock (past a small tolerance): left for a later poll, validators not kept. */
  heldBack: number;
  nextPollAt: string | null;
}

export interface PublishReport {
  published: Alert[];
  failed: Array<{ alertId: string; headline: string; error: string }>;
  /** Pending alerts another publisher was already sending. */
  skipped: number;
}

export interface CycleReport {
  startedAt: string;
  /**
   * Steps of the cycle that could not run (the store unreachable, say): the cycle did not complete.
   * Whatever was written before stays; the next cycle picks up from there.
   */
  errors: Array<{ step: "schedule" | "effective-dates" | "publish" | "prune"; message: string }>;
  finishedAt: string;
  feeds: FeedPollReport[];
  polled: number;
  notModified: number;
  failed: Array<{ url: string; code: string; message: string }>;
  itemsNew: number;
  events: number;
  changes: number;
  evidence: number;
  advanced: number;
  alertsPublished: number;
  publishFailures: PublishReport["failed"];
}

export type { FeedConfig, RunConfig };
