import { createHash } from "node:crypto";
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";

/**
 * One table. Keys:
 *   PAIR#<treaty>#<country> / STATUS            current status of a pair (materialised view)
 *   PAIR#<treaty>#<country> / CHANGE#<seq:8>    history: change + evidence + its outbox entry
 *   FEEDS                   / FEED#<url>        feed polling state (one partition: the scheduler reads all
 *                                               feeds with one Query, never a Scan of the table)
 *   SEEN#<item id>          / SEEN              processed news items (TTL attribute expiresAt)
 * Values too long for a key (DynamoDB allows 2048 bytes of partition key, 1024 of sort key) are
 * replaced by their SHA-256.
 * One sparse GSI (`sparse`, keys idx/idxSort) serves two queues: idx="OUTBOX" on changes whose alert is
 * unpublished, idx="DUE" on statuses whose deposited step has an effective date.
 */
export const SPARSE_INDEX = "sparse";
export const TTL_ATTRIBUTE = "expiresAt";

/** Keeps a key part within DynamoDB's limits; long values (URLs can be) become a stable hash. */
function boundedKeyPart(value: string, maxBytes = 512): string {
  return Buffer.byteLength(value) <= maxBytes
    ? value
    : `sha256:${createHash("sha256").update(value).digest("hex")}`;
}

export const keys = {
  pair: (treaty: string, country: string) => `PAIR#${treaty}#${country}`,
  status: "STATUS",
  change: (seq: number) => `CHANGE#${String(seq).padStart(8, "0")}`,
  feeds: "FEEDS",
  feed: (url: string) => `FEED#${boundedKeyPart(url)}`,
  seen: (id: string) => `SEEN#${boundedKeyPart(id)}`,
  seenSort: "SEEN",
};

/** Creates the table and its index if missing and waits until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if (!(await tableExists(client, tableName))) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
            { AttributeName: "idx", AttributeType: "S" },
            { AttributeName: "idxSort", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: SPARSE_INDEX,
              KeySchema: [
                { AttributeName: "idx", KeyType: "HASH" },
                { AttributeName: "idxSort", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
      );
    } catch (error) {
      // Another process created it first.
      if ((error as Error).name !== "ResourceInUseException") throw error;
    }
    await enableTtl(client, tableName);
  }
  await waitActive(client, tableName);
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === "ResourceNotFoundException") {
      return false;
    }
    throw error;
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch {
    // dynalite has no TTL API; the local runtime prunes expired items itself.
  }
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    if (Table?.TableStatus === "ACTIVE" && indexesReady) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${tableName} did not become active`);
}
