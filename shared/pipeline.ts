/**
 * The core every entry point calls (CLI run, Lambda handlers, demo, bench): poll feeds, apply events
 * to stored state, advance effective dates, publish the outbox.
 */
export {
  type ApplyOutcome,
  applyEffectiveDate,
  applyObservation,
  DEFAULT_SEED_SETTINGS,
  type SeedSettings,
  seedPair,
} from "./pipeline/apply.ts";
export {
  advanceEffectiveDates,
  type CycleOptions,
  dueFeeds,
  runCycle,
  settingsFrom,
} from "./pipeline/cycle.ts";
export { pollFeed } from "./pipeline/poll.ts";
export { alertFromChange, publishPending } from "./pipeline/publish.ts";
export type {
  CycleReport,
  FeedConfig,
  FeedPollReport,
  FetchFeed,
  FetchFeedResult,
  NextPollAt,
  PipelineDeps,
  PipelineLogger,
  PipelineSettings,
  PublishReport,
  RunConfig,
} from "./pipeline/types.ts";
