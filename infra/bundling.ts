/**
 * One description of how every Lambda handler is bundled, shared by the stack (NodejsFunction) and by
 * bench/bundles.ts (esbuild API), so the benchmark measures exactly what gets deployed.
 */

/** Handler name -> entry file (relative to the repository root). */
export const HANDLER_ENTRIES = {
  "schedule-feeds": "functions/schedule-feeds.ts",
  "poll-feed": "functions/poll-feed.ts",
  "effective-dates": "functions/effective-dates.ts",
  sweep: "functions/sweep.ts",
  "seed-snapshot": "functions/seed-snapshot.ts",
} as const;

export type HandlerName = keyof typeof HANDLER_ENTRIES;

/** Node.js 24 on Lambda; esbuild's matching target. */
export const ESBUILD_TARGET = "node24";

/**
 * ESM output (`index.mjs`): lets esbuild tree-shake the AWS SDK v3 and Powertools, which ship ES modules.
 * Some bundled CommonJS dependencies (rss-parser, xml2js, sax) call `require` for Node built-ins, which
 * an ES module does not have: the banner gives them one.
 */
export const ESM_REQUIRE_BANNER =
  "import{createRequire as __twCreateRequire}from'node:module';const require=__twCreateRequire(import.meta.url);";

/** Prefer the ES module build of each package (better tree shaking). */
export const MAIN_FIELDS = ["module", "main"];

/**
 * iconv-lite's multi-byte code tables (Shift_JIS, GBK, Big5, EUC-KR...: 400 KB of JSON) are `require`d
 * lazily by name, only when a feed declares such a charset. They stay out of the bundle and ship as
 * files beside it (LAZY_DATA_DIRS), loaded from disk on first use exactly as in node_modules.
 * The AWS SDK v3 is left to the Lambda runtime, which ships it: bundling it in (tree-shaken) costs
 * ~380 KB per function and, with the multilingual extraction lexicon, breaks the 1 MB budget.
 * bench/bundles.ts measures both variants.
 */
export const SDK_MODULES = "@aws-sdk/*";
export const EXTERNAL_MODULES: string[] = ["./tables/*", SDK_MODULES];

/** Directories copied next to every bundle: [source relative to the repository root, name in the bundle]. */
export const LAZY_DATA_DIRS: ReadonlyArray<readonly [string, string]> = [
  ["node_modules/iconv-lite/encodings/tables", "tables"],
];

/** Name of the feeds config file copied next to the schedule-feeds bundle. */
export const BUNDLED_FEEDS_FILE = "feeds.json";

/** The status snapshot (SeedLines) seeded at deployment: source folder and its folder in the seed bundle. */
export const STATUS_SNAPSHOT_SOURCE = "data/status";
export const BUNDLED_STATUS_DIR = "status";
