import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Alert } from "../model/alert.ts";
import { guardedLookup, RefusedAddressError, refusedLiteralHost } from "../net/address-policy.ts";
import { renderAlertJson } from "./render.ts";
import { PermanentDeliveryError, type RetryOptions, withRetry } from "./retry.ts";
import { ALERT_ID_HEADER, SIGNATURE_HEADER, signBody } from "./signature.ts";
import type { AlertSink } from "./sink.ts";

export interface WebhookSinkOptions {
  url: string;
  /** Shared secret for the X-Treaty-Watch-Signature HMAC; without it the header is omitted. */
  secret?: string;
  /** Allow loopback/private/link-local targets (tests, self-hosting on a LAN). Refused by default. */
  allowPrivateNetwork?: boolean;
  /**
   * Deadline for one whole attempt: connect, request, response headers and body (default 10 s).
   * A receiver that trickles bytes cannot hold a run longer than attempts x this (plus backoff).
   */
  timeoutMs?: number;
  /** Attempts and backoff (default 4 attempts, 500 ms doubling, full jitter). */
  retry?: RetryOptions;
}

/** Why a delivery attempt failed; retryable unless wrapped in PermanentDeliveryError. */
export class WebhookDeliveryError extends Error {
  override readonly name = "WebhookDeliveryError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** 5xx, 408 and 429 may pass on a later try; other 4xx will not. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** One lookup function for all sinks: it carries no state. */
const publicOnlyLookup = guardedLookup();

function postOnce(
  url: URL,
  body: string,
  headers: Record<string, string>,
  opts: WebhookSinkOptions,
): Promise<void> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error === undefined) resolve();
      else reject(error);
    };
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        ...(opts.allowPrivateNetwork ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume(); // the body is not needed; drain it so the socket is released
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return settle();
          const error = new WebhookDeliveryError(
            `webhook ${url.origin}${url.pathname} answered HTTP ${status}`,
            status,
          );
          settle(
            isRetryableStatus(status) ? error : new PermanentDeliveryError(error.message, { cause: error }),
          );
        });
        res.on("error", settle);
        // A receiver that hangs up mid-body never sends "end"; "close" then settles the attempt.
        res.on("close", () =>
          settle(new WebhookDeliveryError(`webhook ${url.origin} closed before the response ended`)),
        );
      },
    );
    // An overall deadline, not a socket idle timeout: a receiver dripping a byte at a time
    // (headers or body) would reset an idle timer forever.
    deadline = setTimeout(() => {
      settle(new WebhookDeliveryError(`webhook ${url.origin} did not complete within ${timeoutMs} ms`));
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) =>
      settle(
        error instanceof RefusedAddressError
          ? new PermanentDeliveryError(error.message, { cause: error })
          : error,
      ),
    );
    req.end(body);
  });
}

/**
 * POSTs each alert's JSON to a URL, signed with HMAC-SHA256 when a secret is set. Retries 5xx,
 * 408/429 and network errors with backoff; throws after the last attempt so the alert stays pending.
 */
export function webhookSink(opts: WebhookSinkOptions): AlertSink {
  const url = new URL(opts.url);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`webhook URL must be http(s): ${opts.url}`);
  }
  if (url.username || url.password) throw new Error("webhook URL must not embed credentials");
  if (!opts.allowPrivateNetwork) {
    const reason = refusedLiteralHost(url);
    if (reason)
      throw new RefusedAddressError(`webhook ${url.host} refused: ${reason} (allowPrivateNetwork is off)`);
  }
  return {
    name: `webhook:${url.origin}${url.pathname}`,
    async publish(alert: Alert) {
      const body = renderAlertJson(alert);
      const headers: Record<string, string> = {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "treaty-watch",
        // Header values must be visible ASCII; ids normally are, anything else is percent-encoded.
        [ALERT_ID_HEADER]: /^[\x21-\x7e]+$/.test(alert.id) ? alert.id : encodeURIComponent(alert.id),
      };
      if (opts.secret) headers[SIGNATURE_HEADER] = signBody(body, opts.secret);
      await withRetry(() => postOnce(url, body, headers, opts), opts.retry);
    },
  };
}
