export { type AddressPolicy, refusedAddressReason } from "../net/address-policy.ts";
export { type NextPollArgs, nextPollAt } from "./backoff.ts";
export { type CharsetSource, charsetFromContentType, type DecodedText, decodeFeedBytes } from "./charset.ts";
export { parseFeedDate } from "./dates.ts";
export { detectFormat, type FeedFormat } from "./detect.ts";
export { FeedParseError } from "./errors.ts";
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  type FetchFeedOptions,
  type FetchFeedResult,
  fetchFeed,
  parseRetryAfter,
  USER_AGENT,
  type Validators,
} from "./fetch.ts";
export { createHostLimiter, type HostLimiter } from "./host-limiter.ts";
export { htmlToText } from "./html-text.ts";
export { isTrustworthyGuid, itemFingerprint, itemKey } from "./item-key.ts";
export { canonicalLink, resolveLink } from "./links.ts";
export {
  type ParseDiagnostics,
  type ParsedFeed,
  type ParseFeedOptions,
  parseFeed,
  parseFeedDetailed,
} from "./parse-feed.ts";
