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

/**
 * True, after saying so, when there is no embedded store to read yet: read-only commands answer with an
 * empty result (exit 0) rather than create `.treaty-watch/` wherever they happen to run.
 */
export async function noStoreYet(options: StoreQueryOptions): Promise<boolean> {
  const { noStoreMessage, storeExists } = await import("../../shared/runtime/store.ts");
  if (storeExists(options)) return false;
  if (options.json) {
    process.stdout.write("[]\n");
    process.stderr.write(`${noStoreMessage(options)}\n`);
  } else {
    process.stdout.write(`${noStoreMessage(options)}\n`);
  }
  return true;
}

/** Runs a command body; a bad option or an unusable store is one line and exit 2 / 1. */
export async function runQuery(name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`treaty-watch ${name}: ${message}\n`);
    process.exitCode = message.startsWith("--") ? 2 : 1;
  }
}
