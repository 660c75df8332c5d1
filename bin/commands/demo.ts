import type { Command } from "commander";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "Replay a bundled offline news scenario (Poland and the Baltic states leaving the Ottawa treaty, 2025) " +
        "through the whole pipeline and print the alerts.",
    )
    .option("--alerts-out <file>", "also append every alert as one JSON line")
    .option("--scenario <file>", "another scenario file (same format as data/demo/scenario.json)")
    .action(async (options: { alertsOut?: string; scenario?: string }) => {
      const { runDemo } = await import("../../shared/runtime/demo.ts");
      await runDemo({ alertsOut: options.alertsOut, scenarioFile: options.scenario });
    });
}
