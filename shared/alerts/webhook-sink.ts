import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Alert } from "../model/alert.ts";
import { assertPublicLiteralHost, PrivateNetworkError, publicOnlyLookup } from "./network-guard.ts";
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
  /** Per-attempt timeout (default 10 s). */
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

function postOnce(
  url: URL,
  body: string,
  headers: Record<string, string>,
  opts: WebhookSinkOptions,
): Promise<void> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<void>((resolve, reject) => {
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        timeout: opts.timeoutMs ?? 10_000,
        ...(opts.allowPrivateNetwork ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume(); // the body is not needed; drain it so the socket is released
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve();
          const error = new WebhookDeliveryError(
            `webhook ${url.origin}${url.pathname} answered HTTP ${status}`,
            status,
          );
          reject(
            isRetryableStatus(status) ? error : new PermanentDeliveryError(error.message, { cause: error }),
          );
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new WebhookDeliveryError(`webhook ${url.origin} timed out`)));
    req.on("error", (error) =>
      reject(
        error instanceof PrivateNetworkError
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
  if (!opts.allowPrivateNetwork) assertPublicLiteralHost(url);
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
