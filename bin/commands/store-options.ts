import type { Command } from "commander";

/** Options that status and history share: which pairs, which store, which format. */
export interface StoreQueryOptions {
  treaty?: string;
  country?: string;
  json?: boolean;
  dataDir?: string;
  table?: string;
}

export function withStoreQueryOptions(command: Command): Command {
  return command
    .option("--treaty <id>", "only this treaty")
    .option("--country <cc>", "only this country (ISO 3166-1 alpha-2)")
    .option("--json", "print JSON for machines")
    .option("--data-dir <dir>", "where the embedded store persists", ".treaty-watch")
    .option("--table <name>", "read this DynamoDB table instead of the embedded store");
}

/** Runs a read-only command body; a bad filter or an unreachable store is a clear message and exit 2 / 1. */
export async function runQuery(name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`treaty-watch ${name}: ${message}\n`);
    process.exitCode = message.startsWith("--") ? 2 : 1;
  }
}
