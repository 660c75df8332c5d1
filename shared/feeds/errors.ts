/** Thrown by parseFeed when bytes cannot be read as any supported feed format; the message says why. */
export class FeedParseError extends Error {
  override readonly name = "FeedParseError";
}
