import { Command } from "commander";
import { registerDemo } from "./commands/demo.ts";
import { registerExtract } from "./commands/extract.ts";
import { registerHistory } from "./commands/history.ts";
import { registerParse } from "./commands/parse.ts";
import { registerRun } from "./commands/run.ts";
import { registerSeed } from "./commands/seed.ts";
import { registerStatus } from "./commands/status.ts";

/** Exit code of every command-line usage error (unknown option, bad or missing argument value). */
const USAGE_ERROR = 2;

const program = new Command("treaty-watch")
  .description("Alerts when a country moves into or out of an international treaty.")
  .showHelpAfterError()
  // Commander exits 1 on usage errors; the commands' own input checks exit 2, so make them agree.
  // Set before the commands are registered: each subcommand copies it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : USAGE_ERROR));

for (const register of [
  registerRun,
  registerExtract,
  registerParse,
  registerStatus,
  registerHistory,
  registerSeed,
  registerDemo,
]) {
  register(program);
}

await program.parseAsync(process.argv);
