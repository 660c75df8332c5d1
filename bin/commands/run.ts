import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerRun(program: Command): void {
  program
    .command("run")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch run: not implemented yet");
    });
}
