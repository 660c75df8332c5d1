export { alertId } from "./alert-id.ts";
export {
  accessionEffectiveDate,
  addDays,
  addMonths,
  applyEffectRule,
  isoDateOf,
  toIsoDate,
  withdrawalEffectiveDate,
} from "./dates.ts";
export { type HeadlineInput, headline } from "./headline.ts";
export {
  assumedPair,
  LastChange,
  type Observation,
  PairState,
  ProcessRecord,
  snapshotOf,
} from "./pair.ts";
export {
  advance,
  type Decision,
  decide,
  type ProposedChange,
  type RuleSettings,
  stageRank,
} from "./rules.ts";
export { type SeededState, seededState } from "./seed.ts";
