/**
 * Exactly which DynamoDB actions each function's handler calls, on the table and on the sparse index,
 * read from the repository methods it reaches (shared/store/repository.ts):
 *   Query (table)     loadPair, listFeedStates          Query (index)  listPendingAlerts, listDuePairs
 *   GetItem           getChange, getFeedState, addEvidence (duplicate check)
 *   PutItem           writeChange, saveStatus (also loadPair's status repair), putFeedState
 *   UpdateItem        claimForPublish, markPublished, recordPublishFailure, addEvidence
 *   BatchGetItem      getSeenMany                       BatchWriteItem putSeenMany
 *   Scan              listStatuses (deploy-time seeding only)
 * Pure data (no CDK import), so test/functions can compare what a handler really sends with its grant.
 */
import { keys } from "../shared/store/table.ts";

export type TableAction =
  | "dynamodb:BatchGetItem"
  | "dynamodb:BatchWriteItem"
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:Query"
  | "dynamodb:Scan"
  | "dynamodb:UpdateItem";

export interface TableAccess {
  /** Actions on the table itself. */
  table: readonly TableAction[];
  /** Actions on the sparse index (outbox / due effective dates). */
  index: readonly TableAction[];
  /** When set, only items whose partition key is one of these (IAM dynamodb:LeadingKeys). */
  leadingKeys?: readonly string[];
}

export const TABLE_ACCESS = {
  /** dueFeeds -> listFeedStates: one Query of the FEEDS partition. */
  scheduleFeeds: { table: ["dynamodb:Query"], index: [], leadingKeys: [keys.feeds] },
  /** pollFeed (feed state, seen items, observations) then the outbox. */
  pollFeed: {
    table: [
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ],
    index: ["dynamodb:Query"],
  },
  /** listDuePairs, loadPair, getChange (deposit sources), writeChange/saveStatus, then the outbox. */
  effectiveDates: {
    table: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
    index: ["dynamodb:Query"],
  },
  /**
   * The outbox only: Query (index), lease/mark/failure UpdateItem; Query + PutItem for loadPair (and its
   * status repair), which publishPending may call to check the pair before sending.
   */
  sweep: {
    table: ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
    index: ["dynamodb:Query"],
  },
  /**
   * Deploy-time seeding (seedBundledMissing): listStatuses to find the pairs already known, which is a
   * Scan of the table, then seedPair per missing pair: loadPair = Query (+ PutItem repairing a status),
   * writeChange and saveStatus = PutItem. The only function allowed to Scan: it runs once per
   * deployment that changes the snapshot, never on a schedule.
   */
  seedSnapshot: { table: ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"], index: [] },
} as const satisfies Record<string, TableAccess>;

export type TableUser = keyof typeof TABLE_ACCESS;
