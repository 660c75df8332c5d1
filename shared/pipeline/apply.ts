import { countryName } from "../catalog/countries.ts";
import { getTreaty as catalogTreaty } from "../catalog/index.ts";
import type { Treaty } from "../catalog/schema.ts";
import type { AlertSource } from "../model/alert.ts";
import type { SeedLine } from "../model/status.ts";
import { alertId } from "../state/alert-id.ts";
import { toIsoDate } from "../state/dates.ts";
import { headline } from "../state/headline.ts";
import { assumedPair, type Observation, type PairState, snapshotOf } from "../state/pair.ts";
import { advance, type Decision, decide, type ProposedChange, type RuleSettings } from "../state/rules.ts";
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

/** Seeding: replaces a pair's status with known facts, recorded in its history, with no alert. */
export async function seedPair(
  deps: Deps,
  line: SeedLine,
): Promise<{ kind: "seeded"; change: NewChange } | { kind: "unchanged" }> {
  const store: Repository = deps.store;
  const now = deps.clock();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const state = await store.loadPair(line.treaty, line.country);
    const since = line.since ?? null;
    if (
      state &&
      state.status === line.status &&
      state.since === since &&
      !state.pending &&
      !state.suspended
    ) {
      return { kind: "unchanged" };
    }
    const base = state ?? assumedPair(line.treaty, line.country, "join");
    const seq = base.version + 1;
    const next: PairState = {
      ...base,
      status: line.status,
      pending: null,
      suspended: false,
      since,
      memberSince: line.status === "party" ? since : null,
      process: null,
      lastChange: null,
      version: seq,
    };
    const change: NewChange = {
      treaty: line.treaty,
      country: line.country,
      seq,
      kind: "seed",
      direction: null,
      stage: null,
      occurredAt: since ?? toIsoDate(now),
      detectedAt: now.toISOString(),
      previous: snapshotOf(base),
      current: snapshotOf(next),
      next,
      effectiveDate: null,
      alertId: null,
      headline: `Seeded: ${line.status}${since ? ` since ${since}` : ""}`,
      notes: [],
      sources: [],
    };
    if ((await store.writeChange(change)) === "written") {
      await store.saveStatus(next);
      return { kind: "seeded", change };
    }
  }
  throw new Error(`could not seed ${line.treaty}/${line.country}: too many concurrent writers`);
}

export type { ChangeRecord };
