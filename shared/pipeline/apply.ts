import { countryName } from "../catalog/countries.ts";
import { getTreaty as catalogTreaty } from "../catalog/index.ts";
import type { Treaty } from "../catalog/schema.ts";
import { RunConfig } from "../config/run-config.ts";
import type { AlertSource } from "../model/alert.ts";
import type { SeedLine } from "../model/status.ts";
import { alertId } from "../state/alert-id.ts";
import { toIsoDate } from "../state/dates.ts";
import { headline } from "../state/headline.ts";
import { assumedPair, type Observation, type PairState, snapshotOf } from "../state/pair.ts";
import { advance, type Decision, decide, type ProposedChange, type RuleSettings } from "../state/rules.ts";
import { seededState } from "../state/seed.ts";
import type { ChangeRecord, NewChange } from "../store/records.ts";
import type { Repository } from "../store/repository.ts";
import type { PipelineDeps } from "./types.ts";

/** Writers that lose a race re-read and decide again; a handful of rounds settles any real contention. */
const MAX_ROUNDS = 10;

export type ApplyOutcome =
  | { kind: "change"; change: NewChange }
  | { kind: "evidence"; seq: number; added: boolean; reason: string }
  | { kind: "ignore"; reason: string };

type Deps = Pick<PipelineDeps, "store" | "clock" | "getTreaty">;

function treatyOf(deps: Deps, id: string): Treaty | undefined {
  return (deps.getTreaty ?? catalogTreaty)(id);
}

/** Applies one article's claim: read the pair, decide, write; retried when another writer got there first. */
export function applyObservation(
  deps: Deps,
  obs: Observation,
  settings: RuleSettings,
): Promise<ApplyOutcome> {
  return settle(
    deps,
    obs.treaty,
    obs.country,
    (state, treaty) =>
      decide(state ?? assumedPair(obs.treaty, obs.country, obs.direction), obs, treaty, settings),
    async () => (obs.source ? [obs.source] : []),
  ).then(async (outcome) => {
    if (outcome.kind === "evidence" && obs.source) {
      const added = await deps.store.addEvidence(obs.treaty, obs.country, outcome.seq, obs.source);
      return { ...outcome, added: added === "added" };
    }
    return outcome;
  });
}

/**
 * Publishes the step to effective for a pair whose date has come (nothing if it is not due). No
 * article needs to report it: the alert rests on the reports of the deposit it counts from.
 */
export async function applyEffectiveDate(
  deps: Deps,
  treaty: string,
  country: string,
  today: string,
  settings: RuleSettings,
): Promise<ApplyOutcome> {
  return settle(
    deps,
    treaty,
    country,
    (state, entry) =>
      state ? advance(state, today, entry, settings) : { kind: "ignore", reason: "no status" },
    (state) => depositSources(deps.store, state),
  );
}

/** The reports of the deposit the pair's open process counts from (read from the state already loaded). */
async function depositSources(store: Repository, state: PairState | null): Promise<AlertSource[]> {
  const seq = state?.process?.steps.deposited;
  return state && seq ? ((await store.getChange(state.treaty, state.country, seq))?.sources ?? []) : [];
}

/**
 * Read the pair, decide, and write the change with its sources (fetched only when there is a change to
 * write, from the state the decision was made on); on a lost race, read and decide again.
 */
async function settle(
  deps: Deps,
  treatyId: string,
  country: string,
  decideOn: (state: PairState | null, treaty: Treaty) => Decision,
  sourcesFor: (state: PairState | null) => Promise<AlertSource[]>,
): Promise<ApplyOutcome> {
  const treaty = treatyOf(deps, treatyId);
  if (!treaty) return { kind: "ignore", reason: `unknown treaty ${treatyId}` };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const state = await deps.store.loadPair(treatyId, country);
    const decision = decideOn(state, treaty);
    if (decision.kind === "ignore") return decision;
    if (decision.kind === "evidence") return { ...decision, added: false };
    const change = {
      ...toNewChange(decision.change, treaty, deps.clock()),
      sources: await sourcesFor(state),
    };
    if ((await deps.store.writeChange(change)) === "written") {
      await deps.store.saveStatus(change.next);
      return { kind: "change", change };
    }
  }
  throw new Error(`could not apply to ${treatyId}/${country}: too many concurrent writers`);
}

function toNewChange(proposed: ProposedChange, treaty: Treaty, now: Date): NewChange {
  const { next } = proposed;
  return {
    treaty: next.treaty,
    country: next.country,
    seq: proposed.seq,
    kind: proposed.cause,
    direction: proposed.direction,
    stage: proposed.stage,
    occurredAt: proposed.occurredOn,
    detectedAt: now.toISOString(),
    previous: proposed.previous,
    current: proposed.current,
    next,
    effectiveDate: proposed.effectiveDate,
    alertId: alertId({
      treaty: next.treaty,
      country: next.country,
      direction: proposed.direction,
      stage: proposed.stage,
      processId: proposed.processId,
    }),
    headline: headline({
      treaty,
      countryName: countryName(next.country),
      direction: proposed.direction,
      stage: proposed.stage,
      previous: proposed.previous,
      effectiveDate: proposed.effectiveDate,
    }),
    notes: proposed.notes,
    sources: [],
  };
}

/** What seeding needs from the run's settings: a withdrawal held by an armed conflict gets no date. */
export type SeedSettings = Pick<RuleSettings, "armedConflictStates">;

/** The run configuration's defaults, for callers that seed without a configuration at hand. */
export const DEFAULT_SEED_SETTINGS: SeedSettings = {
  armedConflictStates: RunConfig.parse({}).armedConflictStates,
};

/**
 * Seeding: replaces a pair's status with known facts, recorded in its history, with no alert. A line
 * with `pending` also sets the withdrawal/accession under way (see seededState); a deposited one enters
 * the due index, so the effective step is published on its day through the normal advance path.
 */
export async function seedPair(
  deps: Deps,
  line: SeedLine,
  settings: SeedSettings = DEFAULT_SEED_SETTINGS,
): Promise<{ kind: "seeded"; change: NewChange } | { kind: "unchanged" }> {
  const store: Repository = deps.store;
  const now = deps.clock();
  const treaty = treatyOf(deps, line.treaty);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const state = await store.loadPair(line.treaty, line.country);
    const base = state ?? assumedPair(line.treaty, line.country, "join");
    const seeded = seededState(base, line, treaty, settings);
    const { next } = seeded;
    if (state && sameFacts(state, next)) return { kind: "unchanged" };
    const since = line.since ?? null;
    const change: NewChange = {
      treaty: line.treaty,
      country: line.country,
      seq: next.version,
      kind: "seed",
      direction: null,
      stage: null,
      occurredAt: next.since ?? toIsoDate(now),
      detectedAt: now.toISOString(),
      previous: snapshotOf(base),
      current: snapshotOf(next),
      next,
      effectiveDate: seeded.effectiveDate,
      alertId: null,
      headline: `Seeded: ${line.status}${since ? ` since ${since}` : ""}${pendingText(next)}`,
      notes: seeded.notes,
      sources: [],
    };
    if ((await store.writeChange(change)) === "written") {
      await store.saveStatus(next);
      return { kind: "seeded", change };
    }
  }
  throw new Error(`could not seed ${line.treaty}/${line.country}: too many concurrent writers`);
}

/** The stored pair already says what the seed says (re-seeding the same file changes nothing). */
function sameFacts(state: PairState, next: PairState): boolean {
  const a = state.pending;
  const b = next.pending;
  const samePending =
    a === b ||
    (a !== null &&
      b !== null &&
      a.direction === b.direction &&
      a.stage === b.stage &&
      a.since === b.since &&
      a.effectiveDate === b.effectiveDate);
  return state.status === next.status && state.since === next.since && !state.suspended && samePending;
}

function pendingText(state: PairState): string {
  const pending = state.pending;
  if (!pending) return "";
  const process = pending.direction === "withdraw" ? "withdrawal" : "accession";
  const effect = pending.effectiveDate ? `, takes effect ${pending.effectiveDate}` : "";
  return `; ${process} ${pending.stage} ${pending.since}${effect}`;
}

export type { ChangeRecord };
