import type { Command } from "commander";

export function registerSeed(program: Command): void {
  program
    .command("seed")
    .description(
      'Replace the status of pairs from JSON lines {"treaty","country","status","since"?,"pending"?} ' +
        '(pending: {"direction","stage","since"}, a withdrawal or accession under way).',
    )
    .requiredOption("--file <file>", "JSON lines file")
    .option("--data-dir <dir>", "where the embedded store persists", ".treaty-watch")
    .option("--table <name>", "write this DynamoDB table instead of the embedded store")
    .action(async (options: { file: string; dataDir?: string; table?: string }) => {
      const { readFileSync } = await import("node:fs");
      const { parseSeedLines, applySeeds } = await import("../../shared/runtime/seed-file.ts");
      const { withStore } = await import("../../shared/runtime/store.ts");
      let text: string;
      try {
        text = readFileSync(options.file, "utf8");
      } catch (error) {
        process.stderr.write(`treaty-watch seed: cannot read ${options.file}: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const parsed = parseSeedLines(text);
      for (const error of parsed.errors) {
        process.stderr.write(`${options.file}:${error.line}: ${error.message}\n`);
      }
      await withStore(options, async (store) => {
        const result = await applySeeds(
          store,
          parsed.lines.map((l) => l.seed),
          () => new Date(),
        );
        process.stdout.write(
          `seeded ${result.seeded} pair(s), ${result.unchanged} unchanged, ${parsed.errors.length} bad line(s)\n`,
        );
      });
      if (parsed.errors.length > 0) process.exitCode = 1;
    });
}
