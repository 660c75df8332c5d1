import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

export interface EmbeddedStore {
  client: DynamoDBClient;
  endpoint: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = ".treaty-watch";

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

/**
 * dynalite in-process on 127.0.0.1 (random port), persisted with LevelDB under `dataDir`
 * (default .treaty-watch/ in the working directory); `inMemory` for tests.
 */
export async function startEmbeddedStore(
  options: { dataDir?: string; inMemory?: boolean } = {},
): Promise<EmbeddedStore> {
  let path: string | undefined;
  if (!options.inMemory) {
    const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
    path = join(dataDir, "db");
    mkdirSync(path, { recursive: true });
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
