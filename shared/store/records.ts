import * as z from "zod";
import { AlertSource } from "../model/alert.ts";
import { StatusSnapshot } from "../model/status.ts";
import { Direction, IsoDate, Stage } from "../model/vocabulary.ts";
import { PairState } from "../state/pair.ts";

/** One entry in a pair's history: a change of state (with its alert) or a seed that set it. */
export const ChangeRecord = z.object({
  treaty: z.string(),
  country: z.string(),
  seq: z.number().int().positive(),
  kind: z.enum(["news", "effective-date", "seed"]),
  direction: Direction.nullable(),
  stage: Stage.nullable(),
  occurredAt: IsoDate,
  detectedAt: z.string(),
  previous: StatusSnapshot,
  current: StatusSnapshot,
  /** The full pair state after this change: a reader rolls the status forward from it after a crash. */
  next: PairState,
  effectiveDate: IsoDate.nullable(),
  /** Null for seeds, which publish nothing. */
  alertId: z.string().nullable(),
  headline: z.string(),
  notes: z.array(z.string()),
  /** The evidence: grows as later reports of the same step arrive. */
  sources: z.array(AlertSource),
  /** True while the alert waits in the outbox. */
  pending: z.boolean(),
  publishedAt: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** Sinks that already took this alert while another sink failed: a retry skips them. */
  deliveredTo: z.array(z.string()),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;

/** A change about to be written (the store fills in the outbox bookkeeping). */
export type NewChange = Omit<
  ChangeRecord,
  "pending" | "publishedAt" | "attempts" | "lastError" | "deliveredTo"
>;

/** A news item already processed (by NewsItem.id), with the text fingerprint it had. */
export const SeenItem = z.object({
  id: z.string(),
  fingerprint: z.string(),
  feed: z.string().nullable(),
  firstSeenAt: z.string(),
  /** Epoch seconds after which the record may go (DynamoDB TTL; the local runtime prunes). */
  expiresAt: z.number().int(),
});
export type SeenItem = z.infer<typeof SeenItem>;

/** Polling state of one feed: validators for conditional GET, backoff bookkeeping. */
export const FeedState = z.object({
  url: z.string(),
  title: z.string().nullable(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  /**
   * Digests of the items the feed held at its last successful read (packed 8-character strings):
   * an unchanged item is recognised here without a read of its own.
   */
  recentItems: z.string().default(""),
  version: z.number().int().nonnegative(),
});
export type FeedState = z.infer<typeof FeedState>;

export function emptyFeedState(url: string): FeedState {
  return {
    url,
    title: null,
    etag: null,
    lastModified: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    consecutiveFailures: 0,
    lastError: null,
    nextPollAt: null,
    recentItems: "",
    version: 0,
  };
}
