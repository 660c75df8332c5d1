export { DEFAULT_DATA_DIR, type EmbeddedStore, localClient, startEmbeddedStore } from "./embedded.ts";
export { ChangeRecord, emptyFeedState, FeedState, type NewChange, SeenItem } from "./records.ts";
export {
  createRepository,
  type EvidenceOutcome,
  type PairFilter,
  type Repository,
  type RepositoryOptions,
  type UnreadableRecord,
  type WriteOutcome,
} from "./repository.ts";
export { ensureTable, keys, SPARSE_INDEX, TTL_ATTRIBUTE } from "./table.ts";
