import * as z from "zod";
import { AlertSource } from "../model/alert.ts";
import { type StatusSnapshot, TreatyStatus } from "../model/status.ts";
import { Direction, IsoDate, Stage } from "../model/vocabulary.ts";

/** The withdrawal or accession a pair is going through (or last went through), and the change of each step. */
export const ProcessRecord = z.object({
  /** Stable id: the sequence number of the change that opened the process. */
  id: z.string(),
  direction: z.enum(["withdraw", "join"]),
  /** Change sequence number per stage reached, so later reports of a step become its evidence. */
  steps: z.partialRecord(Stage, z.number().int().positive()),
  /**
   * The pair's `since` when the process opened (the date of the change before it). A report dated
   * before it speaks of an earlier process, so it never moves this one forward.
   */
  openedAfter: IsoDate.nullable().default(null),
});
export type ProcessRecord = z.infer<typeof ProcessRecord>;

/** What the latest change was, so a repeat report of a suspension, resumption or signature is evidence. */
export const LastChange = z.object({
  seq: z.number().int().positive(),
  direction: Direction,
  stage: Stage.nullable(),
});
export type LastChange = z.infer<typeof LastChange>;

/**
 * The stored state of one (treaty, country) pair: the DESIGN.md status plus the bookkeeping the rules
 * need. `version` is the sequence number of the latest change applied (0 = never changed).
 */
export const PairState = TreatyStatus.extend({
  /** When the country became a party (seeded or an effective accession): Paris counts notice from it. */
  memberSince: IsoDate.nullable().default(null),
  process: ProcessRecord.nullable().default(null),
  lastChange: LastChange.nullable().default(null),
});
export type PairState = z.infer<typeof PairState>;

/** One article's claim about one pair, as the rules see it. */
export interface Observation {
  treaty: string;
  country: string;
  direction: Direction;
  stage: Stage | null;
  confidence: number;
  /** The day the article speaks for: its publication date, never later than the run's clock. */
  occurredOn: IsoDate;
  source: AlertSource | null;
  evidence: string;
}

export function snapshotOf(state: PairState): StatusSnapshot {
  return { status: state.status, pending: state.pending, suspended: state.suspended };
}

/**
 * A pair nobody has recorded yet. News of leaving implies membership; news of joining or signing
 * implies the country is outside. Seeds replace this guess with known facts.
 */
export function assumedPair(treaty: string, country: string, direction: Direction): PairState {
  const member = direction === "withdraw" || direction === "suspend" || direction === "resume";
  return {
    treaty,
    country,
    status: member ? "party" : "non_party",
    pending: null,
    suspended: false,
    since: null,
    version: 0,
    memberSince: null,
    process: null,
    lastChange: null,
  };
}

export { AlertSource };
