import type { AlertSource } from "../model/alert.ts";
import type { NewsItem } from "../model/news-item.ts";
import { TreatyEvent } from "../model/treaty-event.ts";
import { addDays, isoDateOf, minDate, toIsoDate } from "../state/dates.ts";
import type { Observation } from "../state/pair.ts";
import { emptyFeedState, type FeedState, type SeenItem } from "../store/records.ts";
import { applyObservation } from "./apply.ts";
import { itemDigest, packDigests, unpackDigests } from "./recent-items.ts";
import type { FeedConfig, FeedPollReport, PipelineDeps, PipelineSettings } from "./types.ts";

function sourceOf(item: NewsItem, feedUrl: string): AlertSource {
  return {
    url: item.link ?? item.id,
    title: item.title,
    published: item.published ?? null,
    feed: item.feed ?? feedUrl,
  };
}

/** The events an item yields, validated; an extractor failure costs this item, not the feed. */
function eventsOf(deps: PipelineDeps, item: NewsItem): TreatyEvent[] {
  try {
    return deps.extract(item).filter((event) => {
      const ok = TreatyEvent.safeParse(event).success;
      if (!ok) deps.log.warn("extractor returned an invalid event", { item: item.id });
      return ok;
    });
  } catch (error) {
    deps.log.error("extractor failed on an item", { item: item.id, error: (error as Error).message });
    return [];
  }
}

/**
 * Polls one feed: conditional GET with the stored validators, new (or changed) items only, extract,
 * apply, then record the feed's state and next poll time. Never throws: failures land in the report
 * and in the feed state.
 */
export async function pollFeed(
  deps: PipelineDeps,
  feed: FeedConfig,
  settings: PipelineSettings,
): Promise<FeedPollReport> {
  const now = deps.clock();
  const report: FeedPollReport = {
    url: feed.url,
    status: "ok",
    items: 0,
    newItems: 0,
    events: 0,
    changes: 0,
    evidence: 0,
    heldBack: 0,
    nextPollAt: null,
  };
  const intervalMinutes = feed.intervalMinutes ?? settings.intervalMinutes;
  let state: FeedState = emptyFeedState(feed.url);
  try {
    state = (await deps.store.getFeedState(feed.url)) ?? state;
    const result = await deps.fetchFeed(
      feed.url,
      { etag: state.etag ?? undefined, lastModified: state.lastModified ?? undefined },
      { allowPrivateNetwork: settings.allowPrivateNetwork, timeoutMs: settings.fetchTimeoutMs },
    );
    if (result.status === "error") {
      return await recordFailure(deps, state, report, now, intervalMinutes, {
        code: result.code,
        message: result.message,
        retryAfter: result.retryAfter,
      });
    }
    let recentItems = state.recentItems;
    if (result.status === "not-modified") {
      report.status = "not-modified";
    } else {
      report.title = result.feed.title;
      report.items = result.feed.items.length;
      recentItems = await processItems(deps, state, result.feed.items, settings, now, report);
    }
    if (report.heldBack > 0) {
      deps.log.info("items dated after the run's clock held back for a later poll", {
        url: feed.url,
        heldBack: report.heldBack,
      });
    }
    // While items wait for their day, the feed must be read again in full: no validators, so no 304.
    const validators =
      report.heldBack > 0
        ? { etag: null, lastModified: null }
        : {
            etag: result.validators.etag ?? (result.status === "ok" ? null : state.etag),
            lastModified:
              result.validators.lastModified ?? (result.status === "ok" ? null : state.lastModified),
          };
    const nextPoll = deps.nextPollAt({ now, intervalMinutes, consecutiveFailures: 0 }).toISOString();
    report.nextPollAt = nextPoll;
    const saved = await deps.store.putFeedState({
      ...state,
      title: result.status === "ok" ? result.feed.title : state.title,
      ...validators,
      lastAttemptAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      consecutiveFailures: 0,
      lastError: null,
      nextPollAt: nextPoll,
      recentItems,
    });
    // Another poll of this feed wrote first: its state stands (the items are applied either way).
    if (!saved) {
      deps.log.warn("feed state not saved: a concurrent poll of this feed wrote first", { url: feed.url });
    }
    return report;
  } catch (error) {
    return await recordFailure(deps, state, report, now, intervalMinutes, {
      code: "internal",
      message: (error as Error).message,
    });
  }
}

/** How far past the run's clock an item's publication time may lie and still count (clock skew, time zones). */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

/**
 * True for an item published later than the run's clock allows: a replay serving a whole coverage file
 * must not report tomorrow's news today. Undated (or unreadable) dates count as today's.
 */
function publishedAfter(item: NewsItem, now: Date): boolean {
  const time = item.published ? Date.parse(item.published) : Number.NaN;
  return !Number.isNaN(time) && time > now.getTime() + FUTURE_TOLERANCE_MS;
}

/** The first entry per item id: one id listed twice in a feed is read once (and keyed once in a batch). */
function firstPerId<T extends { item: NewsItem }>(entries: T[]): T[] {
  const first = new Map<string, T>();
  for (const entry of entries) if (!first.has(entry.item.id)) first.set(entry.item.id, entry);
  return [...first.values()];
}

/**
 * Reads the items the feed did not hold at its last read: digests on the feed state skip unchanged
 * items without a read; the rest are checked against the seen records in one batch (an article
 * already read from another feed is not read again). Items dated after the run's clock are held back:
 * not read, not marked seen, not remembered, so a later poll reads them on their day (counted in
 * report.heldBack). Returns the digests to keep for next time.
 */
async function processItems(
  deps: PipelineDeps,
  feed: FeedState,
  items: NewsItem[],
  settings: PipelineSettings,
  now: Date,
  report: FeedPollReport,
): Promise<string> {
  const today = toIsoDate(now);
  const known = unpackDigests(feed.recentItems);
  const entries = items.map((raw) => {
    const item: NewsItem = { ...raw, feed: raw.feed ?? feed.url };
    const fingerprint = deps.itemFingerprint(item);
    return { item, fingerprint, digest: itemDigest(item.id, fingerprint) };
  });
  const current = entries.filter((entry) => !publishedAfter(entry.item, now));
  report.heldBack = entries.length - current.length;
  // Applied oldest first: feeds list newest first, and a step must not arrive after the news it preceded.
  // The feed's first listing of a repeated id stands for it (its digests all count as read below).
  const unknown = oldestFirst(firstPerId(current.filter((entry) => !known.has(entry.digest))));
  const seen = unknown.length > 0 ? await deps.store.getSeenMany(unknown.map((e) => e.item.id)) : new Map();
  const read: SeenItem[] = [];
  for (const { item, fingerprint } of unknown) {
    const before = seen.get(item.id);
    if (before && before.fingerprint === fingerprint) continue;
    report.newItems++;
    const source = sourceOf(item, feed.url);
    // An article speaks for the day it was published; within the tolerance past the clock, for today.
    const occurredOn = minDate(isoDateOf(item.published) ?? today, today);
    const oldNews = occurredOn < addDays(today, -settings.maxItemAgeDays);
    for (const event of oldNews ? [] : eventsOf(deps, item)) {
      report.events++;
      const observation: Observation = { ...event, occurredOn, source };
      const outcome = await applyObservation(deps, observation, settings);
      if (outcome.kind === "change") report.changes++;
      else if (outcome.kind === "evidence" && outcome.added) report.evidence++;
    }
    read.push({
      id: item.id,
      fingerprint,
      feed: feed.url,
      firstSeenAt: before?.firstSeenAt ?? now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + settings.seenTtlDays * 86_400,
    });
  }
  // Marked seen only after their events are stored: a crash in between re-reads them, and a re-read is evidence.
  await deps.store.putSeenMany(read);
  return packDigests(current.map((e) => e.digest));
}

/** Sorted by publication time, undated items last; equal times keep the feed's order (a stable sort). */
function oldestFirst<T extends { item: NewsItem }>(entries: T[]): T[] {
  const timeOf = (entry: T) => {
    const time = entry.item.published ? Date.parse(entry.item.published) : Number.NaN;
    return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
  };
  return entries
    .map((entry) => ({ entry, time: timeOf(entry) }))
    .sort((a, b) => (a.time === b.time ? 0 : a.time < b.time ? -1 : 1))
    .map(({ entry }) => entry);
}

async function recordFailure(
  deps: PipelineDeps,
  state: FeedState,
  report: FeedPollReport,
  now: Date,
  intervalMinutes: number,
  failure: { code: string; message: string; retryAfter?: string },
): Promise<FeedPollReport> {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const nextPoll = deps
    .nextPollAt({ now, intervalMinutes, consecutiveFailures, retryAfter: failure.retryAfter })
    .toISOString();
  report.status = "failed";
  report.error = { code: failure.code, message: failure.message };
  report.nextPollAt = nextPoll;
  try {
    const saved = await deps.store.putFeedState({
      ...state,
      lastAttemptAt: now.toISOString(),
      consecutiveFailures,
      lastError: `${failure.code}: ${failure.message}`,
      nextPollAt: nextPoll,
    });
    if (!saved) {
      deps.log.warn("feed failure not recorded: a concurrent poll of this feed wrote first", {
        url: state.url,
      });
    }
  } catch (error) {
    deps.log.error("could not record feed failure", { url: state.url, error: (error as Error).message });
  }
  return report;
}
