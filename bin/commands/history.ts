import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerHistory(program: Command): void {
  program
    .command("history")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch history: not implemented yet");
    });
}
