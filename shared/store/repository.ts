import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { AlertSource } from "../model/alert.ts";
import type { IsoDate } from "../model/vocabulary.ts";
import { PairState } from "../state/pair.ts";
import { ChangeRecord, FeedState, type NewChange, SeenItem } from "./records.ts";
import { keys, SPARSE_INDEX, TTL_ATTRIBUTE } from "./table.ts";

/** DynamoDB's limits per BatchGetItem / BatchWriteItem call. */
const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;

/** Unprocessed batch entries (throttling) are retried after a short, growing pause. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));

function seenItem(item: SeenItem): Record<string, unknown> {
  return {
    pk: keys.seen(item.id),
    sk: keys.seenSort,
    type: "seen",
    [TTL_ATTRIBUTE]: item.expiresAt,
    doc: item,
  };
}

/** Most sources kept on one change: enough evidence, and far from the 400 KB item limit. */
const MAX_SOURCES = 40;

export interface PairFilter {
  treaty?: string;
  country?: string;
}

/** An outbox entry that does not read as a change record: named by its key so someone can fix or remove it. */
export interface UnreadableRecord {
  pk: string;
  sk: string;
  /** What is wrong with it (the schema's complaints, shortened). */
  error: string;
  /** Whatever could be read of it, to name it in reports. */
  alertId: string | null;
  headline: string | null;
}

export type WriteOutcome = "written" | "conflict";
export type EvidenceOutcome = "added" | "duplicate" | "missing";

/** The one storage interface every part uses; the same code runs on dynalite, DynamoDB Local and AWS. */
export interface Repository {
  readonly tableName: string;
  /** The pair's state, rolled forward from its latest change if the status write was lost. */
  loadPair(treaty: string, country: string): Promise<PairState | null>;
  /** Writes a change (and its outbox entry) as the pair's next history entry; "conflict" if another writer won. */
  writeChange(change: NewChange): Promise<WriteOutcome>;
  /** Materialises a pair's status; a newer status already stored wins. */
  saveStatus(state: PairState): Promise<void>;
  /** Adds a later report of a step to that step's change (no new alert). */
  addEvidence(treaty: string, country: string, seq: number, source: AlertSource): Promise<EvidenceOutcome>;
  /** One entry of a pair's history. */
  getChange(treaty: string, country: string, seq: number): Promise<ChangeRecord | null>;
  listStatuses(filter?: PairFilter): Promise<PairState[]>;
  listChanges(filter?: PairFilter): Promise<ChangeRecord[]>;
  /** The outbox: changes whose alert is not yet published, oldest step first (unreadable entries left out). */
  listPendingAlerts(): Promise<ChangeRecord[]>;
  /** The outbox with the entries that do not read as change records set apart (one bad item blocks nothing). */
  readOutbox(): Promise<{ pending: ChangeRecord[]; unreadable: UnreadableRecord[] }>;
  markPublished(treaty: string, country: string, seq: number, at: string): Promise<boolean>;
  /**
   * Takes a short lease on a pending alert (wall-clock time, not the run's clock) so two publishers
   * sweeping at once do not both send it; false if it is published or leased by another.
   */
  claimForPublish(treaty: string, country: string, seq: number, leaseMs: number): Promise<boolean>;
  /** Keeps the alert pending with the error; `deliveredTo` lists sinks that did take it. */
  recordPublishFailure(
    treaty: string,
    country: string,
    seq: number,
    error: string,
    deliveredTo: string[],
  ): Promise<void>;
  /** Pairs whose deposited step takes effect on or before `today`. */
  listDuePairs(today: IsoDate): Promise<Array<{ treaty: string; country: string }>>;
  /** Batched lookup (BatchGetItem, consistent): the seen records among these ids. */
  getSeenMany(ids: string[]): Promise<Map<string, SeenItem>>;
  /** Batched write (BatchWriteItem) of seen records. */
  putSeenMany(items: SeenItem[]): Promise<void>;
  /** Deletes seen records past their TTL (DynamoDB does this itself; dynalite does not). */
  pruneSeen(now: Date): Promise<number>;
  getFeedState(url: string): Promise<FeedState | null>;
  /** Conditional on the version read; false if another poller wrote in between. */
  putFeedState(state: FeedState): Promise<boolean>;
  listFeedStates(): Promise<FeedState[]>;
}

export interface RepositoryOptions {
  client: DynamoDBClient;
  tableName: string;
}

type Item = Record<string, AttributeValue>;

const toItem = (value: Record<string, unknown>): Item =>
  marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === "ConditionalCheckFailedException"
  );
}

export function createRepository({ client, tableName }: RepositoryOptions): Repository {
  async function queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], "TableName">) {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async function scanType(type: string, filter: PairFilter = {}): Promise<Item[]> {
    const conditions = ["#type = :type"];
    const values: Record<string, unknown> = { ":type": type };
    const names: Record<string, string> = { "#type": "type" };
    if (filter.treaty) {
      conditions.push("treaty = :treaty");
      values[":treaty"] = filter.treaty;
    }
    if (filter.country) {
      conditions.push("country = :country");
      values[":country"] = filter.country;
    }
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: conditions.join(" AND "),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: toItem(values),
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  const changeFields = (raw: Record<string, unknown>): Record<string, unknown> => ({
    ...(raw.doc as Record<string, unknown> | undefined),
    sources: raw.sources ?? [],
    pending: raw.idx === "OUTBOX",
    publishedAt: raw.publishedAt ?? null,
    attempts: raw.attempts ?? 0,
    lastError: raw.lastError ?? null,
    deliveredTo: raw.deliveredTo ? [...(raw.deliveredTo as Set<string>)].sort() : [],
  });
  const readChange = (item: Item): ChangeRecord => ChangeRecord.parse(changeFields(unmarshall(item)));

  /** A change record, or why the stored item is not one (never throws). */
  function tryReadChange(item: Item): { change: ChangeRecord } | { unreadable: UnreadableRecord } {
    let raw: Record<string, unknown> = {};
    let error: string;
    try {
      raw = unmarshall(item);
      const parsed = ChangeRecord.safeParse(changeFields(raw));
      if (parsed.success) return { change: parsed.data };
      error = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(record)"}: ${issue.message}`)
        .join("; ");
    } catch (failure) {
      error = (failure as Error).message;
    }
    const doc = (raw.doc ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    return {
      unreadable: {
        pk: String(raw.pk ?? item.pk?.S ?? ""),
        sk: String(raw.sk ?? item.sk?.S ?? ""),
        error,
        alertId: text(doc.alertId),
        headline: text(doc.headline),
      },
    };
  }

  async function readOutbox() {
    const items = await queryAll({
      IndexName: SPARSE_INDEX,
      KeyConditionExpression: "idx = :outbox",
      ExpressionAttributeValues: toItem({ ":outbox": "OUTBOX" }),
    });
    const pending: ChangeRecord[] = [];
    const unreadable: UnreadableRecord[] = [];
    for (const item of items) {
      const read = tryReadChange(item);
      if ("change" in read) pending.push(read.change);
      else unreadable.push(read.unreadable);
    }
    return { pending, unreadable };
  }
  const readStatus = (item: Item): PairState => PairState.parse(unmarshall(item).doc);

  function statusItem(state: PairState): Record<string, unknown> {
    const due = state.pending?.stage === "deposited" && state.pending.effectiveDate;
    return {
      pk: keys.pair(state.treaty, state.country),
      sk: keys.status,
      type: "status",
      treaty: state.treaty,
      country: state.country,
      version: state.version,
      doc: state,
      ...(due ? { idx: "DUE", idxSort: `${due}#${state.treaty}#${state.country}` } : {}),
    };
  }

  async function saveStatus(state: PairState): Promise<void> {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: toItem(statusItem(state)),
          ConditionExpression: "attribute_not_exists(pk) OR version < :version",
          ExpressionAttributeValues: toItem({ ":version": state.version }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  const changeKey = (treaty: string, country: string, seq: number): Item =>
    toItem({ pk: keys.pair(treaty, country), sk: keys.change(seq) });

  return {
    tableName,

    async loadPair(treaty, country) {
      // Newest first: STATUS sorts after every CHANGE#, so two items give the status and the latest change.
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: toItem({ ":pk": keys.pair(treaty, country) }),
          ScanIndexForward: false,
          Limit: 2,
          ConsistentRead: true,
        }),
      );
      let status: PairState | null = null;
      let latest: ChangeRecord | null = null;
      for (const item of page.Items ?? []) {
        const type = unmarshall(item).type;
        if (type === "status") status = readStatus(item);
        else if (type === "change" && !latest) latest = readChange(item);
      }
      if (latest && (!status || latest.seq > status.version)) {
        // The process that wrote this change died before updating the status: repair it now.
        await saveStatus(latest.next);
        return latest.next;
      }
      return status;
    },

    async writeChange(change) {
      const sources = change.sources.slice(0, MAX_SOURCES);
      const outbox = change.alertId !== null;
      const item: Record<string, unknown> = {
        pk: keys.pair(change.treaty, change.country),
        sk: keys.change(change.seq),
        type: "change",
        treaty: change.treaty,
        country: change.country,
        doc: { ...change, sources: undefined },
        sources,
        attempts: 0,
        ...(sources.length > 0 ? { sourceUrls: new Set(sources.map((s) => s.url)) } : {}),
        ...(outbox
          ? {
              idx: "OUTBOX",
              idxSort: `${change.occurredAt}#${change.detectedAt}#${change.treaty}#${change.country}#${keys.change(change.seq)}`,
            }
          : {}),
      };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: toItem(item),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return "written";
      } catch (error) {
        if (isConditionFailure(error)) return "conflict";
        throw error;
      }
    },

    saveStatus,

    async addEvidence(treaty, country, seq, source) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: changeKey(treaty, country, seq),
            UpdateExpression: "SET sources = list_append(sources, :source) ADD sourceUrls :urls",
            ConditionExpression:
              "attribute_exists(pk) AND NOT contains(sourceUrls, :url) AND size(sources) < :max",
            ExpressionAttributeValues: toItem({
              ":source": [source],
              ":urls": new Set([source.url]),
              ":url": source.url,
              ":max": MAX_SOURCES,
            }),
          }),
        );
        return "added";
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: changeKey(treaty, country, seq),
            ConsistentRead: true,
          }),
        );
        return existing.Item ? "duplicate" : "missing";
      }
    },

    async getChange(treaty, country, seq) {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: changeKey(treaty, country, seq),
          ConsistentRead: true,
        }),
      );
      return Item ? readChange(Item) : null;
    },

    async listStatuses(filter) {
      const items = await scanType("status", filter);
      return items.map(readStatus).sort((a, b) => pairOrder(a, b));
    },

    async listChanges(filter) {
      const items = await scanType("change", filter);
      return items.map(readChange).sort((a, b) => pairOrder(a, b) || a.seq - b.seq);
    },

    async listPendingAlerts() {
      return (await readOutbox()).pending;
    },

    readOutbox,

    async markPublished(treaty, country, seq, at) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: changeKey(treaty, country, seq),
            UpdateExpression: "REMOVE idx, idxSort, leaseUntil SET publishedAt = :at, lastError = :none",
            ConditionExpression: "attribute_exists(idx)",
            ExpressionAttributeValues: toItem({ ":at": at, ":none": null }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async claimForPublish(treaty, country, seq, leaseMs) {
      const now = Date.now();
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: changeKey(treaty, country, seq),
            UpdateExpression: "SET leaseUntil = :until",
            ConditionExpression:
              "attribute_exists(idx) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
            ExpressionAttributeValues: toItem({ ":until": now + leaseMs, ":now": now }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async recordPublishFailure(treaty, country, seq, error, deliveredTo) {
      const delivered = deliveredTo.length > 0;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: changeKey(treaty, country, seq),
            UpdateExpression: `SET lastError = :error REMOVE leaseUntil ADD attempts :one${delivered ? ", deliveredTo :sinks" : ""}`,
            ConditionExpression: "attribute_exists(idx)",
            ExpressionAttributeValues: toItem({
              ":error": error.slice(0, 1000),
              ":one": 1,
              ...(delivered ? { ":sinks": new Set(deliveredTo) } : {}),
            }),
          }),
        );
      } catch (failure) {
        if (!isConditionFailure(failure)) throw failure;
      }
    },

    async listDuePairs(today) {
      const items = await queryAll({
        IndexName: SPARSE_INDEX,
        KeyConditionExpression: "idx = :due AND idxSort < :after",
        ExpressionAttributeValues: toItem({ ":due": "DUE", ":after": `${today}#~` }),
      });
      return items.map((item) => {
        const raw = unmarshall(item);
        return { treaty: String(raw.treaty), country: String(raw.country) };
      });
    },

    async getSeenMany(ids) {
      const found = new Map<string, SeenItem>();
      // One key per request: DynamoDB rejects a whole batch that names a key twice.
      const unique = [...new Set(ids.map((id) => keys.seen(id)))];
      for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
        let keysToRead: Item[] | undefined = unique
          .slice(i, i + BATCH_GET_LIMIT)
          .map((pk) => toItem({ pk, sk: keys.seenSort }));
        for (let attempt = 0; keysToRead && keysToRead.length > 0; attempt++) {
          if (attempt > 0) await backoff(attempt);
          const page: BatchGetItemCommandOutput = await client.send(
            new BatchGetItemCommand({
              RequestItems: { [tableName]: { Keys: keysToRead, ConsistentRead: true } },
            }),
          );
          for (const item of page.Responses?.[tableName] ?? []) {
            const seen = SeenItem.parse(unmarshall(item).doc);
            found.set(seen.id, seen);
          }
          keysToRead = page.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return found;
    },

    async putSeenMany(all) {
      // One write per key (the last listed wins, as sequential writes would): DynamoDB rejects a whole
      // batch that names a key twice.
      const items = [...new Map(all.map((item) => [keys.seen(item.id), item])).values()];
      for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
        let requests: Array<{ PutRequest: { Item: Item } }> | undefined = items
          .slice(i, i + BATCH_WRITE_LIMIT)
          .map((item) => ({ PutRequest: { Item: toItem(seenItem(item)) } }));
        for (let attempt = 0; requests && requests.length > 0; attempt++) {
          if (attempt > 0) await backoff(attempt);
          const result = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = result.UnprocessedItems?.[tableName] as typeof requests;
        }
      }
    },

    async pruneSeen(now) {
      const expired = (await scanType("seen")).filter((item) => {
        const ttl = unmarshall(item)[TTL_ATTRIBUTE];
        return typeof ttl === "number" && ttl * 1000 < now.getTime();
      });
      for (const item of expired) {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue },
            ConditionExpression: `${TTL_ATTRIBUTE} < :now`,
            ExpressionAttributeValues: toItem({ ":now": Math.floor(now.getTime() / 1000) }),
          }),
        );
      }
      return expired.length;
    },

    async getFeedState(url) {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: toItem({ pk: keys.feeds, sk: keys.feed(url) }),
          ConsistentRead: true,
        }),
      );
      return Item ? FeedState.parse(unmarshall(Item).doc) : null;
    },

    async putFeedState(state) {
      const next = { ...state, version: state.version + 1 };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: toItem({
              pk: keys.feeds,
              sk: keys.feed(state.url),
              type: "feed",
              version: next.version,
              doc: next,
            }),
            ConditionExpression: "attribute_not_exists(pk) OR version = :read",
            ExpressionAttributeValues: toItem({ ":read": state.version }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async listFeedStates() {
      const items = await queryAll({
        KeyConditionExpression: "pk = :feeds",
        ExpressionAttributeValues: toItem({ ":feeds": keys.feeds }),
        ConsistentRead: true,
      });
      return items.map((item) => FeedState.parse(unmarshall(item).doc));
    },
  };
}

function pairOrder(a: { treaty: string; country: string }, b: { treaty: string; country: string }): number {
  return a.treaty.localeCompare(b.treaty) || a.country.localeCompare(b.country);
}
