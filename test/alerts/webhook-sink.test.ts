import { lookup } from "node:dns/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import {
  ALERT_ID_HEADER,
  PermanentDeliveryError,
  RefusedAddressError,
  SIGNATURE_HEADER,
  verifyBodySignature,
  webhookSink,
} from "../../shared/alerts/index.ts";
import { refusedAddressReason } from "../../shared/net/address-policy.ts";
import { makeAlert } from "./fixtures.ts";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A real HTTP server on loopback that answers with the next status from `statuses` (last one repeats). */
async function startReceiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const fastRetry = { attempts: 3, baseDelayMs: 1 };
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("webhookSink against a real local HTTP server", () => {
  it("POSTs the Alert JSON with a verifiable HMAC signature and the alert id", async () => {
    receiver = await startReceiver([200]);
    const alert = makeAlert({ countryName: "Türkiye", country: "TR" });
    const sink = webhookSink({
      url: receiver.url,
      secret: "s3cret",
      allowPrivateNetwork: true,
      retry: fastRetry,
    });
    await sink.publish(alert);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(JSON.parse(got?.body ?? "")).toEqual(alert);
    expect(got?.headers["content-type"]).toMatch(/^application\/json/);
    expect(got?.headers[ALERT_ID_HEADER.toLowerCase()]).toBe(alert.id);
    const signature = got?.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyBodySignature(got?.body ?? "", signature, "s3cret")).toBe(true);
    expect(verifyBodySignature(got?.body ?? "", signature, "other-secret")).toBe(false);
    expect(verifyBodySignature(`${got?.body} `, signature, "s3cret")).toBe(false);
  });

  it("retries a 500 and delivers exactly once when the next attempt gets 200", async () => {
    receiver = await startReceiver([500, 200]);
    const alert = makeAlert();
    await webhookSink({ url: receiver.url, allowPrivateNetwork: true, retry: fastRetry }).publish(alert);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.map((r) => r.body)).toEqual([JSON.stringify(alert), JSON.stringify(alert)]);
    expect(receiver.received[0]?.headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
  });

  it("throws after the last attempt when the server keeps failing", async () => {
    receiver = await startReceiver([503]);
    const sink = webhookSink({ url: receiver.url, allowPrivateNetwork: true, retry: fastRetry });
    await expect(sink.publish(makeAlert())).rejects.toThrow(/HTTP 503/);
    expect(receiver.received).toHaveLength(3);
  });

  it("does not retry a 4xx that cannot succeed later", async () => {
    receiver = await startReceiver([410]);
    const sink = webhookSink({ url: receiver.url, allowPrivateNetwork: true, retry: fastRetry });
    await expect(sink.publish(makeAlert())).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(receiver.received).toHaveLength(1);
  });

  it("retries network errors and throws when nothing listens", async () => {
    receiver = await startReceiver([200]);
    const deadUrl = receiver.url;
    await receiver.close();
    receiver = undefined;
    const sink = webhookSink({ url: deadUrl, allowPrivateNetwork: true, retry: fastRetry });
    await expect(sink.publish(makeAlert())).rejects.toThrow(/ECONNREFUSED/);
  });

  it("refuses loopback targets unless allowPrivateNetwork is set", async () => {
    receiver = await startReceiver([200]);
    expect(() => webhookSink({ url: receiver?.url ?? "" })).toThrow(RefusedAddressError);
    expect(() => webhookSink({ url: receiver?.url.replace("127.0.0.1", "localhost") ?? "" })).toThrow(
      RefusedAddressError,
    );
    expect(() => webhookSink({ url: "http://169.254.169.254/latest/" })).toThrow(/linkLocal/);
    expect(() => webhookSink({ url: "http://[::ffff:127.0.0.1]/hook" })).toThrow(/loopback/);
    expect(receiver.received).toHaveLength(0);
  });

  it("checks the resolved address at connect time, so a name cannot smuggle in a private address", async () => {
    receiver = await startReceiver([200]);
    // The machine's own host name resolves to a loopback/private address here (checked below).
    const host = hostname();
    const resolved = await lookup(host).catch(() => undefined);
    expect(resolved && refusedAddressReason(resolved.address)).toBeTruthy();
    const byName = webhookSink({ url: receiver.url.replace("127.0.0.1", host), retry: fastRetry });
    const error = await byName.publish(makeAlert()).catch((e: unknown) => e);
    // Refused at connect time, and not retried: asking again cannot change the answer.
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toMatch(/resolves to a refused address/);
    expect((error as Error).cause).toBeInstanceOf(RefusedAddressError);
    expect(receiver.received).toHaveLength(0);
  });
});

/**
 * A raw TCP receiver that sends a response one byte at a time, every `everyMs`, and never finishes:
 * either the status line/headers themselves, or a body after complete headers.
 */
async function startDripper(what: "headers" | "body", everyMs = 40) {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", () => {
      const head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
      if (what === "body") socket.write(`${head}Content-Length: 1000000\r\n\r\n`);
      const drip = what === "headers" ? head : "x";
      let i = 0;
      const timer = setInterval(() => socket.write(drip[i++ % drip.length] ?? "x"), everyMs);
      socket.on("close", () => clearInterval(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    connections: () => connections,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("webhookSink deadline (a receiver that drips bytes cannot stall a run)", () => {
  // The drip (every 40 ms) is far faster than the deadline, so a socket idle timeout would never fire.
  it.each(["headers", "body"] as const)(
    "fails each attempt that drips %s past the deadline, and publish throws after the retries",
    async (what) => {
      const dripper = await startDripper(what);
      try {
        const sink = webhookSink({
          url: dripper.url,
          allowPrivateNetwork: true,
          timeoutMs: 300,
          retry: { attempts: 2, baseDelayMs: 1 },
        });
        await expect(sink.publish(makeAlert())).rejects.toThrow(/did not complete within 300 ms/);
        expect(dripper.connections()).toBe(2);
        // Each timed-out attempt tore down its connection rather than leaving it dripping.
        await expect.poll(() => dripper.openSockets(), { timeout: 2_000 }).toBe(0);
      } finally {
        await dripper.close();
      }
    },
    10_000,
  );
});
