import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, STACK_NAME } from "../../infra/create-app.ts";

// One real synthesis with local esbuild bundling (no Docker), as `cdk synth` does it.
const BUDGET = 1024 * 1024;
const FUNCTIONS = ["ScheduleFeeds", "PollFeed", "EffectiveDates", "Sweep"] as const;
let assetDirs: Record<(typeof FUNCTIONS)[number], string>;
let feedsFile: string;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-bundles-"));
  feedsFile = path.join(dir, "feeds.json");
  fs.writeFileSync(
    feedsFile,
    JSON.stringify({ feeds: [{ url: "https://example.org/feed.xml" }], intervalMinutes: 20 }),
  );
  // The bundles leave the AWS SDK to the Lambda runtime; the repository's copy stands in for it here.
  fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"), "dir");
  const outdir = path.join(dir, "cdk.out");
  const { app } = createApp({
    outdir,
    context: {
      feeds: feedsFile,
      "aws:cdk:enable-path-metadata": true,
      "aws:cdk:enable-asset-metadata": true,
    },
  });
  const template = app.synth().getStackByName(STACK_NAME).template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const dirs: Partial<Record<(typeof FUNCTIONS)[number], string>> = {};
  for (const resource of Object.values(template.Resources)) {
    const construct = resource.Metadata?.["aws:cdk:path"] ?? "";
    const name = FUNCTIONS.find((f) => construct === `${STACK_NAME}/${f}/Function/Resource`);
    if (name && resource.Metadata?.["aws:asset:path"])
      dirs[name] = path.join(outdir, resource.Metadata["aws:asset:path"]);
  }
  assetDirs = dirs as typeof assetDirs;
}, 180_000);

describe("function bundles (esbuild, local)", () => {
  it.each(FUNCTIONS)("%s is one ES module within the 1 MB budget", (name) => {
    const bundle = path.join(assetDirs[name], "index.mjs");
    expect(fs.statSync(bundle).size).toBeLessThanOrEqual(BUDGET);
  });

  it.each(FUNCTIONS)(
    "%s loads in a fresh Node process (SDK from the runtime) and exports handler()",
    (name) => {
      const out = execFileSync(
        process.execPath,
        ["-e", `import("./index.mjs").then((m) => console.log(typeof m.handler))`],
        {
          cwd: assetDirs[name],
          encoding: "utf8",
          timeout: 20_000,
        },
      );
      expect(out.trim()).toBe("function");
    },
  );

  it("ships the feeds config to the functions that read it, unchanged", () => {
    for (const name of ["ScheduleFeeds", "PollFeed", "EffectiveDates"] as const) {
      expect(fs.readFileSync(path.join(assetDirs[name], "feeds.json"), "utf8")).toBe(
        fs.readFileSync(feedsFile, "utf8"),
      );
    }
    expect(fs.existsSync(path.join(assetDirs.Sweep, "feeds.json"))).toBe(false);
  });

  it("keeps iconv-lite's multi-byte tables beside the bundle, where its lazy require finds them", () => {
    for (const name of FUNCTIONS) {
      expect(fs.existsSync(path.join(assetDirs[name], "tables", "shiftjis.json"))).toBe(true);
    }
    expect(fs.readFileSync(path.join(assetDirs.PollFeed, "index.mjs"), "utf8")).toContain(
      "./tables/shiftjis.json",
    );
  });
});
