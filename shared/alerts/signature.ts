import { createHmac, timingSafeEqual } from "node:crypto";

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` keyed with the shared webhook secret. */
export const SIGNATURE_HEADER = "X-Treaty-Watch-Signature";
/** Header carrying the alert id, for deduplication before parsing the body. */
export const ALERT_ID_HEADER = "X-Treaty-Watch-Alert-Id";

export function signBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Constant-time check of a signature header value against the raw body. */
export function verifyBodySignature(
  body: string | Uint8Array,
  header: string | undefined,
  secret: string,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
