import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, STACK_NAME } from "../../infra/create-app.ts";
import { createRepository, ensureTable, startEmbeddedStore } from "../../shared/store/index.ts";

// One real synthesis with local esbuild bundling (no Docker), as `cdk synth` does it.
const BUDGET = 1024 * 1024;
const FUNCTIONS = [
  "ScheduleFeeds",
  "PollFeed",
  "EffectiveDates",
  "Sweep",
  "StatusSnapshot/SeedSnapshot",
] as const;
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
    for (const name of [
      "ScheduleFeeds",
      "PollFeed",
      "EffectiveDates",
      "StatusSnapshot/SeedSnapshot",
    ] as const) {
      expect(fs.readFileSync(path.join(assetDirs[name], "feeds.json"), "utf8")).toBe(
        fs.readFileSync(feedsFile, "utf8"),
      );
    }
    expect(fs.existsSync(path.join(assetDirs.Sweep, "feeds.json"))).toBe(false);
  });

  it("ships data/status/*.jsonl, byte for byte, in the seed function's status/ folder (and nowhere else)", () => {
    const seedAsset = assetDirs["StatusSnapshot/SeedSnapshot"];
    const snapshot = fs.readdirSync("data/status").filter((f) => f.endsWith(".jsonl"));
    expect(snapshot.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(seedAsset, "status")).sort()).toEqual(snapshot.sort());
    for (const file of snapshot) {
      expect(fs.readFileSync(path.join(seedAsset, "status", file))).toEqual(
        fs.readFileSync(path.join("data/status", file)),
      );
    }
    for (const name of ["ScheduleFeeds", "PollFeed", "EffectiveDates", "Sweep"] as const) {
      expect(fs.existsSync(path.join(assetDirs[name], "status"))).toBe(false);
    }
  });

  it("the bundled seed handler, run in its asset folder as Lambda would, seeds the shipped snapshot", async () => {
    const store = await startEmbeddedStore({ inMemory: true });
    try {
      await ensureTable(store.client, "seed-bundle");
      const event = {
        RequestType: "Create",
        ResourceType: "Custom::StatusSnapshot",
        LogicalResourceId: "StatusSnapshot",
        RequestId: "r-1",
        StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/TreatyWatch/1",
        ResponseURL: "https://example.org/response",
        ServiceToken: "arn:aws:lambda:us-east-1:123456789012:function:framework",
        ResourceProperties: { ServiceToken: "arn:aws:lambda:us-east-1:123456789012:function:framework" },
      };
      const cwd = assetDirs["StatusSnapshot/SeedSnapshot"];
      const script = `import("./index.mjs").then(async (m) => console.log(JSON.stringify(await m.handler(${JSON.stringify(event)}, {}))))`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          ["-e", script],
          {
            cwd,
            timeout: 30_000,
            env: {
              PATH: process.env.PATH,
              LAMBDA_TASK_ROOT: cwd,
              TABLE_NAME: "seed-bundle",
              FEEDS_FILE: "feeds.json",
              STATUS_DIR: "status",
              AWS_REGION: "us-east-1",
              AWS_ACCESS_KEY_ID: "test",
              AWS_SECRET_ACCESS_KEY: "test",
              AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
              POWERTOOLS_TRACE_ENABLED: "false",
              POWERTOOLS_LOG_LEVEL: "ERROR",
              POWERTOOLS_METRICS_DISABLED: "true",
            },
          },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      const result = JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
      const repository = createRepository({ client: store.client, tableName: "seed-bundle" });
      const statuses = await repository.listStatuses();
      expect(result.PhysicalResourceId).toBe("treaty-watch-status-snapshot");
      expect(result.Data.Files).toBe(
        fs.readdirSync("data/status").filter((f) => f.endsWith(".jsonl")).length,
      );
      expect(result.Data.Seeded).toBeGreaterThan(10);
      expect(statuses).toHaveLength(result.Data.Seeded);
      // Lithuania left the Ottawa Treaty on 2025-12-27 (data/status/ottawa.jsonl).
      expect(await repository.loadPair("ottawa", "LT")).toMatchObject({
        status: "withdrawn",
        since: "2025-12-27",
      });
      expect(await repository.loadPair("ottawa", "CA")).toMatchObject({ status: "party" });
    } finally {
      await store.close();
    }
  }, 60_000);

  it("keeps iconv-lite's multi-byte tables beside the bundle, where its lazy require finds them", () => {
    for (const name of FUNCTIONS) {
      expect(fs.existsSync(path.join(assetDirs[name], "tables", "shiftjis.json"))).toBe(true);
    }
    expect(fs.readFileSync(path.join(assetDirs.PollFeed, "index.mjs"), "utf8")).toContain(
      "./tables/shiftjis.json",
    );
  });
});
