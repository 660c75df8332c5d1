/**
 * Treaty Watch webhook consumer: a small node:http receiver for alerts delivered either
 *  - by Amazon SNS (HTTPS subscription): confirms the subscription, verifies the SNS signature
 *    (SignatureVersion 1 and 2) with sns-payload-validator, accepts only the expected TopicArn; or
 *  - directly by `treaty-watch run` (webhook sink): verifies the X-Treaty-Watch-Signature HMAC.
 * Either way each alert is handed to `onAlert` once per alert id (retries are deduplicated).
 *
 * Run: TOPIC_ARN=arn:aws:sns:... WEBHOOK_SECRET=... PORT=8080 npx tsx examples/webhook-consumer/server.ts
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type Agent, get as httpsGet } from "node:https";
import { pathToFileURL } from "node:url";
import Validator from "sns-payload-validator";
import { Alert } from "../../shared/model/alert.ts";

export interface ConsumerOptions {
  /** Only SNS messages from this topic are accepted (confirmations included). Unset: SNS is refused. */
  expectedTopicArn?: string;
  /** Shared secret for direct Treaty Watch webhooks. Unset: direct deliveries are refused. */
  webhookSecret?: string;
  /** Called once per alert id. Throw to answer 500, so the sender retries later. */
  onAlert: (alert: Alert, via: "sns" | "direct") => Promise<void> | void;
  /**
   * https.Agent for downloading SNS signing certificates and visiting SubscribeURL. Leave unset in
   * production; tests pass one that routes sns.*.amazonaws.com to a local server with a test CA.
   */
  httpsAgent?: Agent;
  /** How many alert ids to remember for deduplication (default 10 000). */
  rememberIds?: number;
  log?: (message: string) => void;
}

/** SNS posts at most 256 KB of message plus its envelope. */
const MAX_BODY_BYTES = 512 * 1024;
/** SubscribeURL must point at SNS itself, never at an address an attacker chose. */
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, "body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function httpsGetOk(url: string, agent: Agent | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    httpsGet(url, agent ? { agent } : {}, (res) => {
      res.resume();
      res.on("end", () =>
        (res.statusCode ?? 0) < 300
          ? resolve()
          : reject(new Error(`SubscribeURL answered ${res.statusCode}`)),
      );
    }).on("error", reject);
  });
}

/** Remembers recently handled alert ids (bounded, oldest forgotten first). */
class SeenIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

function verifyHmac(body: Buffer, header: string, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function parseAlert(text: string): Alert {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, "alert is not JSON");
  }
  const parsed = Alert.safeParse(json);
  if (!parsed.success)
    throw new HttpError(400, `not a treaty-watch.alert/1: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The request handler; `createConsumerServer` wraps it in an http.Server. */
export function createConsumer(opts: ConsumerOptions) {
  const validator = new Validator({
    useCache: true,
    ...(opts.httpsAgent ? { requestAgent: opts.httpsAgent } : {}),
  });
  const seen = new SeenIds(opts.rememberIds ?? 10_000);
  const inFlight = new Map<string, Promise<void>>();
  const log = opts.log ?? ((message: string) => console.log(message));

  /** Deliver once per id; a concurrent duplicate waits for the first and shares its outcome. */
  async function deliverOnce(alert: Alert, via: "sns" | "direct"): Promise<"delivered" | "duplicate"> {
    if (seen.has(alert.id)) return "duplicate";
    const running = inFlight.get(alert.id);
    if (running) {
      await running;
      return "duplicate";
    }
    const work = Promise.resolve(opts.onAlert(alert, via)).then(() => seen.add(alert.id));
    inFlight.set(alert.id, work);
    try {
      await work;
      return "delivered";
    } finally {
      inFlight.delete(alert.id);
    }
  }

  async function handleSns(body: Buffer): Promise<string> {
    if (!opts.expectedTopicArn) throw new HttpError(403, "SNS deliveries are not enabled");
    let envelope: Record<string, unknown>;
    try {
      envelope = JSON.parse(body.toString("utf8"));
    } catch {
      throw new HttpError(400, "SNS body is not JSON");
    }
    // Cheap refusal first: no certificate download for a topic we never subscribed to.
    if (envelope.TopicArn !== opts.expectedTopicArn) {
      throw new HttpError(403, `unexpected TopicArn ${String(envelope.TopicArn)}`);
    }
    const message = await validator
      .validate(envelope as unknown as Validator.SnsPayload)
      .catch((error: Error) => {
        throw new HttpError(403, `SNS signature rejected: ${error.message}`);
      });
    switch (message.Type) {
      case "SubscriptionConfirmation": {
        const url = new URL(message.SubscribeURL ?? "");
        if (url.protocol !== "https:" || !SNS_HOST.test(url.hostname)) {
          throw new HttpError(400, `SubscribeURL is not an SNS address: ${url.origin}`);
        }
        await httpsGetOk(url.href, opts.httpsAgent).catch((error: Error) => {
          throw new HttpError(502, `could not confirm the subscription: ${error.message}`);
        });
        log(`confirmed subscription to ${message.TopicArn}`);
        return "subscription confirmed";
      }
      case "UnsubscribeConfirmation":
        log(`unsubscribed from ${message.TopicArn}; not resubscribing`);
        return "unsubscribe noted";
      case "Notification": {
        const alert = parseAlert(message.Message);
        return deliverOnce(alert, "sns");
      }
      default:
        throw new HttpError(400, "unknown SNS message type");
    }
  }

  async function handleDirect(req: IncomingMessage, body: Buffer): Promise<string> {
    const signature = req.headers["x-treaty-watch-signature"];
    if (!opts.webhookSecret) throw new HttpError(403, "direct webhooks are not enabled");
    if (typeof signature !== "string" || !verifyHmac(body, signature, opts.webhookSecret)) {
      throw new HttpError(401, "bad or missing X-Treaty-Watch-Signature");
    }
    return deliverOnce(parseAlert(body.toString("utf8")), "direct");
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== "POST") throw new HttpError(405, "POST only");
      const body = await readBody(req);
      const outcome = req.headers["x-amz-sns-message-type"]
        ? await handleSns(body)
        : await handleDirect(req, body);
      res.writeHead(200, { "content-type": "text/plain" }).end(outcome);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status >= 500) log(`delivery failed: ${message}`);
      if (!res.headersSent) res.writeHead(status, { "content-type": "text/plain" }).end(message);
    }
  };
}

export function createConsumerServer(opts: ConsumerOptions): Server {
  const handle = createConsumer(opts);
  return createServer((req, res) => void handle(req, res));
}

// Started directly: a runnable receiver configured from the environment.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.PORT ?? 8080);
  createConsumerServer({
    expectedTopicArn: process.env.TOPIC_ARN,
    webhookSecret: process.env.WEBHOOK_SECRET,
    onAlert: (alert, via) => console.log(`[${via}] ${alert.id}: ${alert.headline}`),
  }).listen(port, () => console.log(`treaty-watch consumer listening on :${port}`));
}
