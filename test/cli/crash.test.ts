import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FeedServer, rss } from "../pipeline/helpers.ts";
import { BIN, cli } from "./cli-helpers.ts";

/** A webhook that can hang (the process is then stuck between writing alerts and publishing them). */
class Webhook {
  hang = true;
  readonly received: string[] = [];
  private held: ServerResponse[] = [];
  private server: Server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (this.hang) {
        this.held.push(res);
        return;
      }
      this.received.push(JSON.parse(body).id);
      res.writeHead(204).end();
    });
  });
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  stop() {
    for (const res of this.held) res.destroy();
    this.server.close();
  }
}

const alertIds = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.endsWith("}"))
        .map((line) => JSON.parse(line).id as string)
    : [];

let dir: string;
let feeds: FeedServer;
let webhook: Webhook;
let hook: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tw-crash-"));
  feeds = await new FeedServer().start();
  webhook = new Webhook();
  hook = await webhook.start();
});

afterAll(async () => {
  webhook.stop();
  await feeds.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a run killed between writing a change and publishing it", () => {
  it("publishes every alert on the next run, once per sink", async () => {
    feeds.feeds.set(
      "/news.xml",
      rss("Wire", [
        {
          guid: "pl-sejm",
          title: "Poland's Sejm votes to withdraw from the Ottawa Convention",
          description: "Polish lawmakers approved the withdrawal from the anti-personnel mine ban treaty.",
          published: "2025-06-25T10:00:00Z",
        },
        {
          guid: "ee-riigikogu",
          title: "Estonia's Riigikogu votes to leave the Ottawa Convention",
          description: "The Estonian parliament approved the bill withdrawing from the mine ban treaty.",
          published: "2025-06-25T11:00:00Z",
        },
      ]),
    );
    // Its own seed: the bundled snapshot of 25 June 2025 already has Estonia's vote of 4 June.
    const seed = join(dir, "seed.jsonl");
    writeFileSync(
      seed,
      [
        '{"treaty":"ottawa","country":"PL","status":"party","since":"2013-06-01"}',
        '{"treaty":"ottawa","country":"EE","status":"party","since":"2004-11-01"}',
      ].join("\n"),
    );
    expect((await cli(["seed", "--file", seed, "--data-dir", join(dir, "store")], { cwd: dir })).code).toBe(
      0,
    );
    const out = join(dir, "alerts.jsonl");
    const args = [
      ...["run", "--once", "--allow-private-network", "--feed", feeds.url("/news.xml")],
      ...[
        "--webhook",
        hook,
        "--alerts-out",
        out,
        "--data-dir",
        join(dir, "store"),
        "--now",
        "2025-06-25T18:00:00Z",
      ],
    ];

    // First run: the alerts are written and reach the file, then the process hangs on the webhook and is killed.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: "ignore" });
    const deadline = Date.now() + 60_000;
    while (alertIds(out).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    expect(alertIds(out).length).toBeGreaterThan(0);
    expect(webhook.received).toEqual([]);

    // Second run, webhook back: every alert goes out, none twice, in the file or at the webhook.
    webhook.hang = false;
    const rerun = await cli(args, { cwd: dir, timeoutMs: 90_000 });
    expect(rerun.code).toBe(0);
    const ids = alertIds(out);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect([...webhook.received].sort()).toEqual([...ids].sort());

    // A third run has nothing left to send.
    const third = await cli(args, { cwd: dir, timeoutMs: 90_000 });
    expect(third.code).toBe(0);
    expect(alertIds(out)).toHaveLength(2);
    expect(webhook.received).toHaveLength(2);
  });
});
