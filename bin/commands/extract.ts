import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerExtract(program: Command): void {
  program
    .command("extract")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch extract: not implemented yet");
    });
}
