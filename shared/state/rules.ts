import { countryName } from "../catalog/countries.ts";
import type { Treaty } from "../catalog/schema.ts";
import type { StatusSnapshot } from "../model/status.ts";
import type { Direction, IsoDate, MembershipStatus, Stage } from "../model/vocabulary.ts";
import { accessionEffectiveDate, maxDate, withdrawalEffectiveDate } from "./dates.ts";
import { type Observation, type PairState, type ProcessRecord, snapshotOf } from "./pair.ts";

/**
 * The transition rules: one observation against one pair's state gives a change, evidence for an
 * earlier change, or nothing. Pure: the store and the pipeline do the I/O around it.
 */

export interface RuleSettings {
  /** Events below this confidence never move state. */
  confidenceThreshold: number;
  /** States engaged in an armed conflict (treaties with an armed-conflict clause hold their withdrawal). */
  armedConflictStates: readonly string[];
}

export interface ProposedChange {
  /** Sequence number this change takes in the pair's history (state.version + 1). */
  seq: number;
  direction: Direction;
  stage: Stage | null;
  occurredOn: IsoDate;
  previous: StatusSnapshot;
  current: StatusSnapshot;
  next: PairState;
  effectiveDate: IsoDate | null;
  /**
   * Part of the alert id: the withdrawal/accession a withdraw/join step belongs to (so every poller
   * names a step alike), or this change's own seq for a suspension, resumption or signature.
   */
  processId: string;
  notes: string[];
  cause: "news" | "effective-date";
}

export type Decision =
  | { kind: "change"; change: ProposedChange }
  | { kind: "evidence"; seq: number; reason: string }
  | { kind: "ignore"; reason: string };

const STAGE_RANK: Record<Stage, number> = { announced: 0, approved: 1, deposited: 2, effective: 3 };

export function stageRank(stage: Stage): number {
  return STAGE_RANK[stage];
}

const ignore = (reason: string): Decision => ({ kind: "ignore", reason });

/** Later reports of a step already recorded: attach them to that step's change (or the closest one). */
function evidenceFor(state: PairState, direction: Direction, stage: Stage | null, reason: string): Decision {
  const process = state.process;
  if (process && process.direction === direction) {
    const seq = (stage && process.steps[stage]) ?? latestStep(process);
    if (seq !== undefined) return { kind: "evidence", seq, reason };
  }
  if (state.lastChange && state.lastChange.direction === direction) {
    return { kind: "evidence", seq: state.lastChange.seq, reason };
  }
  return ignore(reason);
}

function latestStep(process: ProcessRecord): number | undefined {
  const seqs = Object.values(process.steps).filter((n): n is number => typeof n === "number");
  return seqs.length > 0 ? Math.max(...seqs) : undefined;
}

function heldByArmedConflict(treaty: Treaty, country: string, settings: RuleSettings): boolean {
  return treaty.withdrawal.armedConflictClause && settings.armedConflictStates.includes(country);
}

function armedConflictNote(treaty: Treaty, country: string, nominal: IsoDate | null): string {
  const article = treaty.withdrawal.article ?? "the withdrawal clause";
  const nominalText = nominal ? ` (the notice period alone would end on ${nominal})` : "";
  return (
    `${article} of the ${treaty.shortName}: a withdrawal does not take effect while the withdrawing state is ` +
    `engaged in an armed conflict. ${countryName(country)} is listed as engaged in one, so no effective date is set${nominalText}.`
  );
}

interface StepInput {
  direction: Direction;
  stage: Stage | null;
  occurredOn: IsoDate;
  status: MembershipStatus;
  pending: PairState["pending"];
  suspended: boolean;
  memberSince: IsoDate | null;
  process: ProcessRecord | null;
  effectiveDate: IsoDate | null;
  notes: string[];
  cause: ProposedChange["cause"];
}

function change(state: PairState, step: StepInput): Decision {
  const seq = state.version + 1;
  const staged = step.direction === "withdraw" || step.direction === "join";
  const next: PairState = {
    ...state,
    status: step.status,
    pending: step.pending,
    suspended: step.suspended,
    memberSince: step.memberSince,
    process: step.process,
    // A late report of an earlier-dated step moves the process on but never the pair's clock back.
    since: state.since ? maxDate(state.since, step.occurredOn) : step.occurredOn,
    version: seq,
    lastChange: { seq, direction: step.direction, stage: step.stage },
  };
  return {
    kind: "change",
    change: {
      seq,
      direction: step.direction,
      stage: step.stage,
      occurredOn: step.occurredOn,
      previous: snapshotOf(state),
      current: snapshotOf(next),
      next,
      effectiveDate: step.effectiveDate,
      // Suspensions, resumptions and signatures carry the open process along but are steps of their own.
      processId: staged ? (step.process?.id ?? String(seq)) : String(seq),
      notes: step.notes,
      cause: step.cause,
    },
  };
}

/** Decide what one observation does to one pair. */
export function decide(
  state: PairState,
  obs: Observation,
  treaty: Treaty,
  settings: RuleSettings,
  cause: ProposedChange["cause"] = "news",
): Decision {
  if (obs.confidence < settings.confidenceThreshold) return ignore("confidence below threshold");
  const stale = state.since !== null && obs.occurredOn < state.since;
  switch (obs.direction) {
    case "withdraw":
    case "join":
      return decideStaged(state, obs, obs.direction, treaty, settings, stale, cause);
    case "suspend":
      if (state.status !== "party") return ignore("not a party, nothing to suspend");
      if (state.suspended) return evidenceFor(state, "suspend", null, "already suspended");
      if (stale) return ignore("older than the pair's latest change");
      return change(state, {
        ...carry(state),
        direction: "suspend",
        stage: null,
        occurredOn: obs.occurredOn,
        suspended: true,
        effectiveDate: null,
        notes: [],
        cause,
      });
    case "resume":
      if (state.pending?.direction === "withdraw") {
        if (stale) return ignore("older than the pair's latest change");
        return change(state, {
          ...carry(state),
          direction: "resume",
          stage: null,
          occurredOn: obs.occurredOn,
          pending: null,
          effectiveDate: null,
          notes: [],
          cause,
        });
      }
      if (state.suspended) {
        if (stale) return ignore("older than the pair's latest change");
        return change(state, {
          ...carry(state),
          direction: "resume",
          stage: null,
          occurredOn: obs.occurredOn,
          suspended: false,
          effectiveDate: null,
          notes: [],
          cause,
        });
      }
      return evidenceFor(state, "resume", null, "nothing pending or suspended to resume");
    case "sign":
      if (state.status !== "non_party" && state.status !== "withdrawn") {
        return evidenceFor(state, "sign", null, "already a signatory or party");
      }
      if (stale) return ignore("older than the pair's latest change");
      return change(state, {
        ...carry(state),
        direction: "sign",
        stage: null,
        occurredOn: obs.occurredOn,
        status: "signatory",
        effectiveDate: null,
        notes: [],
        cause,
      });
  }
}

function carry(state: PairState) {
  return {
    status: state.status,
    pending: state.pending,
    suspended: state.suspended,
    memberSince: state.memberSince,
    process: state.process,
  };
}

function decideStaged(
  state: PairState,
  obs: Observation,
  direction: "withdraw" | "join",
  treaty: Treaty,
  settings: RuleSettings,
  stale: boolean,
  cause: ProposedChange["cause"],
): Decision {
  const active = state.pending?.direction === direction ? state.pending : null;
  if (state.pending && !active) return ignore(`a ${state.pending.direction} process is pending`);
  if (!active) {
    const outside = state.status === "withdrawn" || state.status === "non_party";
    if (direction === "withdraw" && outside) return evidenceFor(state, direction, obs.stage, "not a party");
    if (direction === "join" && state.status === "party") {
      return evidenceFor(state, direction, obs.stage, "already a party");
    }
  }
  const held = direction === "withdraw" && heldByArmedConflict(treaty, state.country, settings);
  let stage: Stage = obs.stage ?? "announced";
  if (stage === "effective" && !effectivePlausible(active, obs.occurredOn, direction, held)) {
    // A claim of legal effect before the notice period could have run: keep what is plausible.
    stage = active ? active.stage : "announced";
  }
  if (active && stageRank(stage) <= stageRank(active.stage)) {
    return evidenceFor(state, direction, stage, "stage already reached");
  }
  if (stale) {
    // Only a later step of the process under way may be reported late (a feed lists the deposit below a
    // newer article about the decision): an old report never opens a process or turns the status back.
    if (!active) return evidenceFor(state, direction, stage, "older than the pair's latest change");
    const openedAfter = state.process?.direction === direction ? state.process.openedAfter : null;
    if (openedAfter !== null && obs.occurredOn < openedAfter) {
      return ignore("older than the process under way: it speaks of an earlier one");
    }
  }

  const seq = state.version + 1;
  const process: ProcessRecord =
    active && state.process?.direction === direction
      ? { ...state.process, steps: { ...state.process.steps, [stage]: seq } }
      : { id: String(seq), direction, steps: { [stage]: seq }, openedAfter: state.since };
  const notes: string[] = [];

  if (stage === "effective") {
    const effectiveOn = active?.effectiveDate ?? obs.occurredOn;
    const leftSignature = direction === "withdraw" && state.status === "signatory";
    return change(state, {
      direction,
      stage,
      occurredOn: obs.occurredOn,
      status: direction === "join" ? "party" : leftSignature ? "non_party" : "withdrawn",
      pending: null,
      suspended: false,
      memberSince: direction === "join" ? effectiveOn : null,
      process,
      effectiveDate: effectiveOn,
      notes,
      cause,
    });
  }

  let effectiveDate: IsoDate | null = null;
  if (stage === "deposited") {
    if (direction === "join") {
      effectiveDate = accessionEffectiveDate(treaty, obs.occurredOn);
    } else if (state.status === "signatory") {
      effectiveDate = obs.occurredOn; // Un-signing has no notice period.
    } else {
      const nominal = withdrawalEffectiveDate(treaty, state.country, obs.occurredOn, state.memberSince);
      effectiveDate = held ? null : nominal;
      if (held) notes.push(armedConflictNote(treaty, state.country, nominal));
    }
  } else if (held) {
    notes.push(armedConflictNote(treaty, state.country, null));
  }
  return change(state, {
    direction,
    stage,
    occurredOn: obs.occurredOn,
    status: state.status,
    pending: { direction, stage, since: obs.occurredOn, effectiveDate },
    suspended: state.suspended,
    memberSince: state.memberSince,
    process,
    effectiveDate,
    notes,
    cause,
  });
}

/**
 * Legal effect is plausible only once the instrument is lodged and its date has come (or the treaty
 * gives no date and nothing holds it back).
 */
function effectivePlausible(
  active: PairState["pending"],
  occurredOn: IsoDate,
  direction: "withdraw" | "join",
  held: boolean,
): boolean {
  if (!active) return direction === "join";
  if (active.stage !== "deposited") return false;
  if (active.effectiveDate !== null) return occurredOn >= active.effectiveDate;
  return !held;
}

/** The step nobody reports: a deposited withdrawal/accession whose effective date has come by `today`. */
export function advance(state: PairState, today: IsoDate, treaty: Treaty, settings: RuleSettings): Decision {
  const pending = state.pending;
  if (!pending || pending.stage !== "deposited" || !pending.effectiveDate) return ignore("nothing due");
  if (pending.effectiveDate > today) return ignore("not due yet");
  const decision = decide(
    state,
    {
      treaty: state.treaty,
      country: state.country,
      direction: pending.direction,
      stage: "effective",
      confidence: 1,
      occurredOn: pending.effectiveDate,
      source: null,
      evidence: "",
    },
    treaty,
    { ...settings, confidenceThreshold: 0 },
    "effective-date",
  );
  if (decision.kind === "change") {
    const article =
      pending.direction === "withdraw" ? treaty.withdrawal.article : (treaty.accession?.article ?? null);
    decision.change.notes.push(
      `Takes effect on ${pending.effectiveDate} under ${article ?? "the treaty"}, counted from the deposit on ${pending.since}.`,
    );
  }
  return decision;
}
