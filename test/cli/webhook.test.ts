import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBodySignature } from "../../shared/alerts/signature.ts";
import { Alert } from "../../shared/model/alert.ts";
import { FeedServer, rss } from "../pipeline/helpers.ts";
import { cli } from "./cli-helpers.ts";

const SECRET = "test-secret-not-for-production";

/** A webhook consumer on loopback that can be told to fail. */
class Receiver {
  readonly deliveries: Array<{ body: string; signature: string | undefined }> = [];
  failing = false;
  private server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (this.failing) {
        res.writeHead(503).end();
        return;
      }
      this.deliveries.push({
        body,
        signature: req.headers["x-treaty-watch-signature"] as string | undefined,
      });
      res.writeHead(204).end();
    });
  });
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  stop() {
    this.server.close();
  }
}

let dir: string;
let feeds: FeedServer;
let receiver: Receiver;
let hook: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tw-webhook-"));
  feeds = await new FeedServer().start();
  receiver = new Receiver();
  hook = await receiver.start();
});

afterAll(async () => {
  receiver.stop();
  await feeds.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("run --webhook", () => {
  it("keeps an alert the webhook refused and delivers it, signed and once, when the webhook is back", async () => {
    feeds.feeds.set(
      "/news.xml",
      rss("Wire", [
        {
          guid: "seimas-vote",
          title: "Lithuania's Seimas votes to withdraw from the Ottawa Convention",
          description:
            "Lithuanian lawmakers approved the country's withdrawal from the mine ban treaty on Thursday.",
          published: "2025-05-08T10:00:00Z",
        },
      ]),
    );
    const args = [
      "run",
      "--once",
      "--allow-private-network",
      "--feed",
      feeds.url("/news.xml"),
      "--webhook",
      hook,
      "--data-dir",
      join(dir, "store"),
    ];
    const env = { TREATY_WATCH_WEBHOOK_SECRET: SECRET };

    receiver.failing = true;
    const down = await cli([...args, "--now", "2025-05-08T12:00:00Z"], { cwd: dir, env, timeoutMs: 90_000 });
    expect(down.code).toBe(0);
    expect(receiver.deliveries).toHaveLength(0);
    const history = (flags: string[]) =>
      cli(["history", ...flags, "--treaty", "ottawa", "--country", "LT", "--data-dir", join(dir, "store")], {
        cwd: dir,
      });
    const waiting = JSON.parse((await history(["--json"])).stdout) as Array<Record<string, unknown>>;
    const step = waiting.find((c) => c.kind !== "seed");
    // The outbox flag is `alertPending`; `pending` means the status's step under way, and is not here.
    expect(step).toMatchObject({ stage: "approved", alertPending: true, publishedAt: null });
    expect(step).not.toHaveProperty("pending");
    expect((await history([])).stdout).toMatch(/withdraw approved: .*\[PENDING\]/);

    receiver.failing = false;
    const up = await cli([...args, "--now", "2025-05-08T13:00:00Z"], { cwd: dir, env, timeoutMs: 90_000 });
    expect(up.code).toBe(0);
    expect(receiver.deliveries).toHaveLength(1);
    const delivered = JSON.parse((await history(["--json"])).stdout) as Array<Record<string, unknown>>;
    expect(delivered.find((c) => c.kind !== "seed")).toMatchObject({ alertPending: false });
    const [delivery] = receiver.deliveries;
    expect(verifyBodySignature(delivery?.body ?? "", delivery?.signature, SECRET)).toBe(true);
    expect(Alert.parse(JSON.parse(delivery?.body ?? "{}"))).toMatchObject({
      treaty: "ottawa",
      country: "LT",
      direction: "withdraw",
      stage: "approved",
    });

    const again = await cli([...args, "--now", "2025-05-09T13:00:00Z"], { cwd: dir, env, timeoutMs: 90_000 });
    expect(again.code).toBe(0);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it("refuses a webhook URL that is not http(s) before touching the store", async () => {
    const result = await cli(
      ["run", "--once", "--webhook", "ftp://example.org/x", "--data-dir", join(dir, "x")],
      {
        cwd: dir,
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/webhook URL must be http\(s\)/);
  });
});
