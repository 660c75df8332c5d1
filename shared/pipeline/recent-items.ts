import { createHash } from "node:crypto";

/** Characters per digest: 48 bits, so a feed's few hundred items never collide in practice. */
const DIGEST_LENGTH = 8;
/** Most digests kept per feed: bounds the feed-state item (~4 KB at most). */
const MAX_DIGESTS = 500;

/** A short digest of an item's key and text: changes when either does. */
export function itemDigest(id: string, fingerprint: string): string {
  return createHash("sha256").update(`${id}\n${fingerprint}`).digest("base64url").slice(0, DIGEST_LENGTH);
}

/** Packs digests into one string (compact in DynamoDB: no per-element overhead). */
export function packDigests(digests: string[]): string {
  return digests.slice(0, MAX_DIGESTS).join("");
}

export function unpackDigests(packed: string): Set<string> {
  const digests = new Set<string>();
  for (let i = 0; i + DIGEST_LENGTH <= packed.length; i += DIGEST_LENGTH) {
    digests.add(packed.slice(i, i + DIGEST_LENGTH));
  }
  return digests;
}
