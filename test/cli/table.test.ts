import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Alert } from "../../shared/model/alert.ts";
import { FeedServer, rss } from "../pipeline/helpers.ts";
import { ENGINES, type Engine, freshTableName } from "../store/engines.ts";
import { cli } from "./cli-helpers.ts";

// The CLI against a DynamoDB table of its own (--table), reached through the standard SDK
// configuration: the same commands work against AWS, DynamoDB Local or dynalite.
describe.each(ENGINES)("--table on $name", ({ start, skip }) => {
  let engine: Engine;
  let dir: string;
  let feeds: FeedServer;

  beforeAll(async () => {
    if (skip) return;
    engine = await start();
    dir = mkdtempSync(join(tmpdir(), "tw-table-"));
    feeds = await new FeedServer().start();
  }, 120_000);

  afterAll(async () => {
    if (skip) return;
    await feeds.stop();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("creates the table, seeds it, applies news and shows the status", async () => {
    const table = freshTableName("cli");
    const env = {
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    };
    const seed = join(dir, "seed.jsonl");
    writeFileSync(seed, '{"treaty":"ottawa","country":"EE","status":"party","since":"2004-11-01"}\n');
    const seeded = await cli(["seed", "--file", seed, "--table", table], { cwd: dir, env });
    expect(seeded.code).toBe(0);

    feeds.feeds.set(
      "/ee.xml",
      rss("ERR", [
        {
          guid: "riigikogu",
          title: "Estonia's Riigikogu votes to leave the Ottawa Convention",
          description:
            "The Estonian parliament approved the bill withdrawing the country from the mine ban treaty.",
          published: "2025-06-25T09:00:00Z",
        },
      ]),
    );
    const out = join(dir, `${table}.jsonl`);
    const run = await cli(
      [
        ...["run", "--once", "--allow-private-network", "--feed", feeds.url("/ee.xml")],
        ...["--table", table, "--alerts-out", out, "--now", "2025-06-25T12:00:00Z"],
      ],
      { cwd: dir, env, timeoutMs: 90_000 },
    );
    expect(run.code).toBe(0);
    const alerts = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => Alert.parse(JSON.parse(line)));
    expect(alerts.map((a) => [a.country, a.direction, a.stage])).toEqual([["EE", "withdraw", "approved"]]);

    const status = await cli(
      ["status", "--json", "--table", table, "--treaty", "ottawa", "--country", "EE"],
      {
        cwd: dir,
        env,
      },
    );
    expect(JSON.parse(status.stdout)[0]).toMatchObject({
      treaty: "ottawa",
      status: "party",
      pending: { direction: "withdraw", stage: "approved" },
    });
  });
});
