import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerParse(program: Command): void {
  program
    .command("parse")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch parse: not implemented yet");
    });
}
