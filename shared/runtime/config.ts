import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseRunConfig, type RunConfig } from "../config/run-config.ts";

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL("../../data/feeds.json", import.meta.url));

export interface ConfigOverrides {
  /** --config FILE; data/feeds.json when neither this nor feeds are given. */
  configFile?: string;
  /** --feed URL (repeatable): replaces the config's feed list. */
  feeds?: string[];
  allowPrivateNetwork?: boolean;
  intervalMinutes?: number;
}

/** Reads and validates the run configuration, then applies command-line overrides. */
export function loadRunConfig(overrides: ConfigOverrides = {}): RunConfig {
  const useDefault = !overrides.configFile && !(overrides.feeds && overrides.feeds.length > 0);
  const file = overrides.configFile ?? (useDefault ? DEFAULT_CONFIG_PATH : undefined);
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new Error(`cannot read config ${file}: ${(error as Error).message}`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`config ${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (overrides.feeds && overrides.feeds.length > 0)
    raw = { ...raw, feeds: overrides.feeds.map((url) => ({ url: feedUrlFromArgument(url) })) };
  if (overrides.allowPrivateNetwork) raw = { ...raw, allowPrivateNetwork: true };
  if (overrides.intervalMinutes !== undefined) raw = { ...raw, intervalMinutes: overrides.intervalMinutes };
  return parseRunConfig(raw, file ?? "--feed options");
}

/** `--feed` takes a URL, or a path to a feed file on disk (read as a file: URL). */
export function feedUrlFromArgument(argument: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(argument) || argument.startsWith("file:")) return argument;
  return existsSync(argument) ? pathToFileURL(resolve(argument)).href : argument;
}
