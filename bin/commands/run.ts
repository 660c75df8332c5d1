import { type Command, InvalidArgumentError, Option } from "commander";
import type { RunCommandOptions } from "../../shared/runtime/run-command.ts";

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError("must be a positive number");
  return parsed;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("Poll the feeds, apply treaty events to the stored status, publish alerts.")
    .option("--once", "run one cycle over every feed and exit")
    .addOption(
      new Option("--interval <minutes>", "minutes between cycles (keeps polling)").argParser(positiveNumber),
    )
    .option("--config <file>", "run configuration (feeds and settings); default data/feeds.json")
    .option("--feed <url>", "poll this feed (repeatable; replaces the config's feeds)", collect, [])
    .option("--data-dir <dir>", "where the embedded store persists", ".treaty-watch")
    .option("--alerts-out <file>", "append every published alert as one JSON line")
    .option("--now <iso-8601>", "the clock for this run (effective dates, since) for replays and tests")
    .option("--allow-private-network", "permit loopback/private feed addresses")
    .option("--table <name>", "use this DynamoDB table instead of the embedded store (created if missing)")
    .option("--topic-arn <arn>", "also publish every alert to this SNS topic")
    .option(
      "--webhook <url>",
      "also POST every alert as JSON to this URL (repeatable; HMAC-SHA256 signed with $TREATY_WATCH_WEBHOOK_SECRET)",
      collect,
      [],
    )
    .option("--json", "print each cycle's summary as one JSON line instead of text")
    .option("--verbose", "log progress on stderr")
    .action(async (options: RunCommandOptions) => {
      const { runCommand } = await import("../../shared/runtime/run-command.ts");
      process.exitCode = await runCommand(options);
    });
}
