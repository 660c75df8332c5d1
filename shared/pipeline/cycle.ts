import type { RunConfig } from "../config/run-config.ts";
import { toIsoDate } from "../state/dates.ts";
import { applyEffectiveDate } from "./apply.ts";
import { pollFeed } from "./poll.ts";
import { publishPending } from "./publish.ts";
import type { CycleReport, FeedConfig, FeedPollReport, PipelineDeps, PipelineSettings } from "./types.ts";

export function settingsFrom(config: RunConfig): PipelineSettings {
  return {
    confidenceThreshold: config.confidenceThreshold,
    armedConflictStates: config.armedConflictStates,
    intervalMinutes: config.intervalMinutes,
    allowPrivateNetwork: config.allowPrivateNetwork,
    seenTtlDays: config.seenTtlDays,
    fetchTimeoutMs: config.fetchTimeoutMs,
    maxItemAgeDays: config.maxItemAgeDays,
  };
}

/**
 * Publishes the step to effective for every deposited withdrawal/accession whose date has come by
 * the clock's day (the daily job in AWS; every run locally). Returns the number of changes written.
 */
export async function advanceEffectiveDates(
  deps: PipelineDeps,
  settings: Pick<PipelineSettings, "confidenceThreshold" | "armedConflictStates">,
): Promise<number> {
  const today = toIsoDate(deps.clock());
  let changes = 0;
  for (const { treaty, country } of await deps.store.listDuePairs(today)) {
    const outcome = await applyEffectiveDate(deps, treaty, country, today, settings);
    if (outcome.kind === "change") changes++;
  }
  return changes;
}

/** Feeds whose next poll time has come (never polled counts as due). */
export async function dueFeeds(deps: PipelineDeps, config: Pick<RunConfig, "feeds">): Promise<FeedConfig[]> {
  const now = deps.clock().getTime();
  const states = new Map((await deps.store.listFeedStates()).map((s) => [s.url, s]));
  return config.feeds.filter((feed) => {
    const next = states.get(feed.url)?.nextPollAt;
    return !next || Date.parse(next) <= now;
  });
}

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let cursor = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (cursor < items.length) {
      const index = cursor++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

export interface CycleOptions {
  /** Poll every configured feed, not only the due ones (`run --once`). */
  allFeeds?: boolean;
  /** Delete expired seen-item records (local runs; DynamoDB's TTL does it in AWS). */
  pruneSeen?: boolean;
}

/** One cycle: poll the due feeds (bounded concurrency), advance effective dates, publish the outbox. */
export async function runCycle(
  deps: PipelineDeps,
  config: RunConfig,
  options: CycleOptions = {},
): Promise<CycleReport> {
  const startedAt = deps.clock().toISOString();
  const settings = settingsFrom(config);
  const errors: CycleReport["errors"] = [];
  // Each step runs even if an earlier one failed: a store that is back by then loses nothing.
  async function attempt<T>(
    step: CycleReport["errors"][number]["step"],
    work: () => Promise<T>,
    fallback: T,
  ) {
    try {
      return await work();
    } catch (error) {
      errors.push({ step, message: (error as Error).message });
      deps.log.error(`cycle step failed: ${step}`, { error: (error as Error).message });
      return fallback;
    }
  }
  const feeds = options.allFeeds ? config.feeds : await attempt("schedule", () => dueFeeds(deps, config), []);
  const reports: FeedPollReport[] = await mapLimit(feeds, config.concurrency, (feed) =>
    pollFeed(deps, feed, settings),
  );
  const advanced = await attempt("effective-dates", () => advanceEffectiveDates(deps, settings), 0);
  const publish = await attempt("publish", () => publishPending(deps), {
    published: [],
    failed: [],
    skipped: 0,
  });
  if (options.pruneSeen) await attempt("prune", () => deps.store.pruneSeen(deps.clock()), 0);
  const sum = (pick: (r: FeedPollReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    startedAt,
    errors,
    finishedAt: deps.clock().toISOString(),
    feeds: reports,
    polled: reports.length,
    notModified: reports.filter((r) => r.status === "not-modified").length,
    failed: reports
      .filter((r) => r.status === "failed")
      .map((r) => ({ url: r.url, code: r.error?.code ?? "unknown", message: r.error?.message ?? "" })),
    itemsNew: sum((r) => r.newItems),
    events: sum((r) => r.events),
    changes: sum((r) => r.changes) + advanced,
    evidence: sum((r) => r.evidence),
    advanced,
    alertsPublished: publish.published.length,
    publishFailures: publish.failed,
  };
}
