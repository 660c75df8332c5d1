import type { Command } from "commander";

export function registerHistory(program: Command): void {
  program
    .command("history")
    .description("Show the recorded changes of (treaty, country) pairs with their evidence.")
    .option("--treaty <id>", "only this treaty")
    .option("--country <cc>", "only this country (ISO 3166-1 alpha-2)")
    .option("--json", "print JSON for machines")
    .option("--data-dir <dir>", "where the embedded store persists", ".treaty-watch")
    .option("--table <name>", "read this DynamoDB table instead of the embedded store")
    .action(
      async (options: {
        treaty?: string;
        country?: string;
        json?: boolean;
        dataDir?: string;
        table?: string;
      }) => {
        const { withStore } = await import("../../shared/runtime/store.ts");
        const { historyJson, renderHistory } = await import("../../shared/runtime/tables.ts");
        await withStore(options, async (store) => {
          const changes = await store.listChanges({
            treaty: options.treaty,
            country: options.country?.toUpperCase(),
          });
          process.stdout.write(
            `${options.json ? JSON.stringify(changes.map(historyJson), null, 2) : renderHistory(changes)}\n`,
          );
        });
      },
    );
}
