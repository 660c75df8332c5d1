import type { Command } from "commander";

// Placeholder until the owning work lands; replaced by the real command.
export function registerSeed(program: Command): void {
  program
    .command("seed")
    .description("(not yet implemented)")
    .action(() => {
      throw new Error("treaty-watch seed: not implemented yet");
    });
}
