import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DEFAULT_DATA_DIR, embeddedStoreExists, startEmbeddedStore } from "../store/embedded.ts";
import { createRepository, type Repository } from "../store/repository.ts";
import { ensureTable } from "../store/table.ts";

/** The table name inside the embedded store. */
export const EMBEDDED_TABLE = "treaty-watch";

export interface OpenStore {
  store: Repository;
  /** Where the data lives, for messages. */
  description: string;
  close(): Promise<void>;
}

/**
 * `--table NAME`: that DynamoDB table through the standard AWS SDK configuration (AWS_ENDPOINT_URL_DYNAMODB
 * and friends), created if missing; otherwise the embedded store persisted under `dataDir`.
 */
export async function openStore(options: { dataDir?: string; table?: string }): Promise<OpenStore> {
  if (options.table) {
    const client = new DynamoDBClient({});
    await ensureTable(client, options.table);
    return {
      store: createRepository({ client, tableName: options.table }),
      description: `DynamoDB table ${options.table}`,
      async close() {
        client.destroy();
      },
    };
  }
  const embedded = await startEmbeddedStore({ dataDir: options.dataDir });
  try {
    await ensureTable(embedded.client, EMBEDDED_TABLE);
  } catch (error) {
    await embedded.close();
    throw error;
  }
  return {
    store: createRepository({ client: embedded.client, tableName: EMBEDDED_TABLE }),
    description: `embedded store in ${options.dataDir ?? ".treaty-watch"}`,
    close: () => embedded.close(),
  };
}

/**
 * Whether there is a store to read: always for `--table` (DynamoDB answers for itself), for the embedded
 * store only once a `run` or `seed` created it. Read-only commands check this so they never create one.
 */
export function storeExists(options: { dataDir?: string; table?: string }): boolean {
  return options.table !== undefined || embeddedStoreExists(options.dataDir);
}

/** "No store in DIR yet …": what status and history say instead of creating an empty store. */
export function noStoreMessage(options: { dataDir?: string }): string {
  return `No store in ${options.dataDir ?? DEFAULT_DATA_DIR} yet (run \`treaty-watch run\` or \`seed\` first)`;
}

/** Opens the store for a short command, runs `work`, always closes it. */
export async function withStore<T>(
  options: { dataDir?: string; table?: string },
  work: (store: Repository) => Promise<T>,
): Promise<T> {
  const opened = await openStore(options);
  try {
    return await work(opened.store);
  } finally {
    await opened.close();
  }
}
