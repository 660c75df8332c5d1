import { lookup } from "node:dns/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import {
  ALERT_ID_HEADER,
  isPublicAddress,
  PermanentDeliveryError,
  PrivateNetworkError,
  SIGNATURE_HEADER,
  verifyBodySignature,
  webhookSink,
} from "../../shared/alerts/index.ts";
import { publicOnlyLookup } from "../../shared/alerts/network-guard.ts";
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
    expect(() => webhookSink({ url: receiver?.url ?? "" })).toThrow(PrivateNetworkError);
    expect(() => webhookSink({ url: receiver?.url.replace("127.0.0.1", "localhost") ?? "" })).toThrow(
      PrivateNetworkError,
    );
    expect(receiver.received).toHaveLength(0);
  });

  it("checks the resolved address at connect time, so a name cannot smuggle in a private address", async () => {
    receiver = await startReceiver([200]);
    // The machine's own host name resolves to a loopback/private address here (checked below).
    const host = hostname();
    const resolved = await lookup(host).catch(() => undefined);
    expect(resolved && !isPublicAddress(resolved.address)).toBe(true);
    const byName = webhookSink({ url: receiver.url.replace("127.0.0.1", host), retry: fastRetry });
    await expect(byName.publish(makeAlert())).rejects.toThrow(/resolves to non-public address/);
    expect(receiver.received).toHaveLength(0);
    // The lookup guard also refuses a plain "localhost" lookup (all addresses form, as net uses).
    const err = await new Promise<Error | null>((resolve) =>
      publicOnlyLookup("localhost", { all: true }, (e) => resolve(e)),
    );
    expect(err).toBeInstanceOf(PrivateNetworkError);
  });
});
