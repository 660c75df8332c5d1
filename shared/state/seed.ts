import type { Treaty } from "../catalog/schema.ts";
import type { SeedLine } from "../model/status.ts";
import type { IsoDate } from "../model/vocabulary.ts";
import type { PairState } from "./pair.ts";
import { decide, type RuleSettings } from "./rules.ts";

/** What seeding a line does to a pair: the state it sets, and for a deposit the day it takes effect. */
export interface SeededState {
  next: PairState;
  effectiveDate: IsoDate | null;
  /** Remarks the step carries (e.g. a withdrawal held by an armed-conflict clause). */
  notes: string[];
}

/**
 * The state a seed line sets on a pair (`base`: its stored state, or the assumed one). A line with
 * `pending` sets the withdrawal/accession under way as if its step had been reported: the process
 * record, the pending step and, for a deposit, the effective date by the treaty's clause, so the daily
 * job publishes the effective step on its day. Pure; `next.version` is `base.version + 1`.
 */
export function seededState(
  base: PairState,
  line: SeedLine,
  treaty: Treaty | undefined,
  settings: Pick<RuleSettings, "armedConflictStates">,
): SeededState {
  const settled: PairState = {
    ...base,
    status: line.status,
    pending: null,
    suspended: false,
    since: line.since ?? null,
    memberSince: memberSinceOf(base, line),
    process: null,
    lastChange: null,
  };
  const pending = line.pending;
  if (!pending) return { next: { ...settled, version: base.version + 1 }, effectiveDate: null, notes: [] };
  if (!treaty)
    throw new Error(`cannot seed ${line.treaty}/${line.country} with a pending step: unknown treaty`);
  // The same rules a reported step goes through, so a seeded step is indistinguishable from a seen one.
  const decision = decide(
    settled,
    {
      treaty: line.treaty,
      country: line.country,
      direction: pending.direction,
      stage: pending.stage,
      confidence: 1,
      occurredOn: pending.since,
      source: null,
      evidence: "",
    },
    treaty,
    { confidenceThreshold: 0, armedConflictStates: settings.armedConflictStates },
  );
  if (decision.kind !== "change") {
    throw new Error(
      `cannot seed ${line.treaty}/${line.country} with a pending ${pending.direction}: ${decision.reason}`,
    );
  }
  const { next, effectiveDate, notes } = decision.change;
  return { next, effectiveDate, notes };
}

/**
 * When the country became a party, if the line says so. A pending line's `since` is usually the day of
 * its step, not of membership: then the stored membership date is kept (Paris counts notice from it).
 */
function memberSinceOf(base: PairState, line: SeedLine): IsoDate | null {
  if (line.status !== "party") return null;
  const since = line.since ?? null;
  if (!line.pending || (since !== null && since < line.pending.since)) return since;
  return base.status === "party" ? base.memberSince : null;
}
