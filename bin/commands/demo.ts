import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch demo: not implemented yet");
    });
}
