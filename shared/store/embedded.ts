import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { Level } from "level";

export interface EmbeddedStore {
  client: DynamoDBClient;
  endpoint: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = ".treaty-watch";

/** The embedded store under a data directory cannot be opened; the message names the directory. */
export class EmbeddedStoreError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
  ) {
    super(message);
    this.name = "EmbeddedStoreError";
  }
}

/** LevelDB allows one process per directory: a second one gets this instead of dynalite's crash. */
export class StoreInUseError extends EmbeddedStoreError {
  constructor(dataDir: string) {
    super(
      dataDir,
      `the store in ${dataDir} is in use by another treaty-watch process ` +
        "(stop it first, or share a DynamoDB table with --table)",
    );
    this.name = "StoreInUseError";
  }
}

/** Where the LevelDB files of the embedded store under `dataDir` live. */
export function embeddedStorePath(dataDir: string = DEFAULT_DATA_DIR): string {
  return join(resolve(dataDir), "db");
}

/** Whether an embedded store was ever created under `dataDir` (read-only commands must not create one). */
export function embeddedStoreExists(dataDir: string = DEFAULT_DATA_DIR): boolean {
  return existsSync(embeddedStorePath(dataDir));
}

/** A client for a local DynamoDB-compatible endpoint (dummy credentials: nothing leaves the machine). */
export function localClient(endpoint: string): DynamoDBClient {
  // The SDK's Node 20 end-of-support notice says nothing about a local store.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
  });
}

function isLockError(error: unknown): boolean {
  const codeOf = (e: unknown) => (e && typeof e === "object" && "code" in e ? e.code : undefined);
  return codeOf(error) === "LEVEL_LOCKED" || codeOf((error as { cause?: unknown })?.cause) === "LEVEL_LOCKED";
}

/**
 * dynalite opens LevelDB lazily and throws an uncatchable error from its request handler when the
 * directory is locked; opening (and closing) it here first turns that into a StoreInUseError.
 */
async function ensureNotLocked(path: string, dataDir: string): Promise<void> {
  const probe = new Level(path);
  try {
    await probe.open();
  } catch (error) {
    if (isLockError(error)) throw new StoreInUseError(dataDir);
    const cause = (error as { cause?: Error }).cause;
    const reason = cause?.message ?? (error as Error).message;
    throw new EmbeddedStoreError(dataDir, `cannot open the store in ${dataDir}: ${reason}`);
  }
  await probe.close();
}

/**
 * dynalite in-process on 127.0.0.1 (random port), persisted with LevelDB under `dataDir`
 * (default .treaty-watch/ in the working directory); `inMemory` for tests.
 * Throws StoreInUseError when another process holds the directory.
 */
export async function startEmbeddedStore(
  options: { dataDir?: string; inMemory?: boolean } = {},
): Promise<EmbeddedStore> {
  let path: string | undefined;
  if (!options.inMemory) {
    const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
    path = embeddedStorePath(dataDir);
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      throw new EmbeddedStoreError(
        dataDir,
        `cannot create the store in ${dataDir}: ${(error as Error).message}`,
      );
    }
    await ensureNotLocked(path, dataDir);
  }
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  return {
    client,
    endpoint,
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
    },
  };
}
