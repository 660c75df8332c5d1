import { Command } from "commander";
import { registerDemo } from "./commands/demo.ts";
import { registerExtract } from "./commands/extract.ts";
import { registerHistory } from "./commands/history.ts";
import { registerParse } from "./commands/parse.ts";
import { registerRun } from "./commands/run.ts";
import { registerSeed } from "./commands/seed.ts";
import { registerStatus } from "./commands/status.ts";

const program = new Command("treaty-watch")
  .description("Alerts when a country moves into or out of an international treaty.")
  .showHelpAfterError();

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
