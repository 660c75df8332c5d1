import type { Command } from "commander";
import { noStoreYet, runQuery, type StoreQueryOptions, withStoreQueryOptions } from "./store-options.ts";

export function registerHistory(program: Command): void {
  withStoreQueryOptions(
    program
      .command("history")
      .description("Show the recorded changes of (treaty, country) pairs with their evidence."),
  ).action((options: StoreQueryOptions) =>
    runQuery("history", async () => {
      const { parsePairFilter } = await import("../../shared/runtime/pair-filter.ts");
      const { withStore } = await import("../../shared/runtime/store.ts");
      const { historyJson, renderHistory } = await import("../../shared/runtime/tables.ts");
      const filter = parsePairFilter(options);
      if (await noStoreYet(options)) return;
      await withStore(options, async (store) => {
        const changes = await store.listChanges(filter);
        process.stdout.write(
          `${options.json ? JSON.stringify(changes.map(historyJson), null, 2) : renderHistory(changes)}\n`,
        );
      });
    }),
  );
}
