import type { Command } from "commander";
import { noStoreYet, runQuery, type StoreQueryOptions, withStoreQueryOptions } from "./store-options.ts";

export function registerStatus(program: Command): void {
  withStoreQueryOptions(
    program
      .command("status")
      .description("Show the stored status of (treaty, country) pairs.")
      .option(
        "--feeds",
        "show each feed's health instead: last success, failures in a row, last error, next poll",
      ),
  ).action((options: StoreQueryOptions & { feeds?: boolean }) =>
    runQuery("status", async () => {
      const { parsePairFilter } = await import("../../shared/runtime/pair-filter.ts");
      const { withStore } = await import("../../shared/runtime/store.ts");
      const tables = await import("../../shared/runtime/tables.ts");
      const filter = parsePairFilter(options);
      if (await noStoreYet(options)) return;
      await withStore(options, async (store) => {
        if (options.feeds) {
          const states = await store.listFeedStates();
          const text = options.json
            ? JSON.stringify(tables.feedRows(states), null, 2)
            : tables.renderFeedTable(states);
          process.stdout.write(`${text}\n`);
          return;
        }
        const rows = tables.statusRows(await store.listStatuses(filter), await store.listChanges(filter));
        process.stdout.write(
          `${options.json ? JSON.stringify(rows, null, 2) : tables.renderStatusTable(rows)}\n`,
        );
      });
    }),
  );
}
