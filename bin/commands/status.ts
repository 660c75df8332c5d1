import type { Command } from "commander";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("Show the stored status of (treaty, country) pairs.")
    .option("--treaty <id>", "only this treaty")
    .option("--country <cc>", "only this country (ISO 3166-1 alpha-2)")
    .option(
      "--feeds",
      "show each feed's health instead: last success, failures in a row, last error, next poll",
    )
    .option("--json", "print JSON for machines")
    .option("--data-dir <dir>", "where the embedded store persists", ".treaty-watch")
    .option("--table <name>", "read this DynamoDB table instead of the embedded store")
    .action(
      async (options: {
        treaty?: string;
        country?: string;
        feeds?: boolean;
        json?: boolean;
        dataDir?: string;
        table?: string;
      }) => {
        const { withStore } = await import("../../shared/runtime/store.ts");
        const { statusRows, renderStatusTable, feedRows, renderFeedTable } = await import(
          "../../shared/runtime/tables.ts"
        );
        await withStore(options, async (store) => {
          if (options.feeds) {
            const states = await store.listFeedStates();
            const text = options.json ? JSON.stringify(feedRows(states), null, 2) : renderFeedTable(states);
            process.stdout.write(`${text}\n`);
            return;
          }
          const filter = { treaty: options.treaty, country: options.country?.toUpperCase() };
          const rows = statusRows(await store.listStatuses(filter), await store.listChanges(filter));
          process.stdout.write(`${options.json ? JSON.stringify(rows, null, 2) : renderStatusTable(rows)}\n`);
        });
      },
    );
}
