import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch status: not implemented yet");
    });
}
