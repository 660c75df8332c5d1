import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import {
  type AddressPolicy,
  guardedLookup,
  REFUSED_ADDRESS_CODE,
  refusedAddressReason,
  refusedLiteralHost,
} from "../net/address-policy.ts";
import { FeedParseError } from "./errors.ts";
import { readFeedFile } from "./file-feed.ts";
import { type ParsedFeed, parseFeed } from "./parse-feed.ts";

export const USER_AGENT = "TreatyWatch/0.1 (+https://github.com/treaty-watch/treaty-watch)";
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface FetchFeedOptions {
  allowPrivateNetwork?: boolean;
  /**
   * Read `file:` URLs from the local disk (default false). Only a local operator's own run should
   * set it; anything that takes feed URLs from elsewhere must not, or a feed list could read any file.
   */
  allowFiles?: boolean;
  /** Whole fetch, all redirects and the body included. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Body cap, enforced while streaming, on the decompressed bytes. */
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Which addresses to refuse when allowPrivateNetwork is off (default: refusedAddressReason). */
  addressPolicy?: AddressPolicy;
  /** Clock for Retry-After dates (tests). */
  now?: () => Date;
}

export type FetchFeedResult =
  | { status: "ok"; url: string; finalUrl: string; feed: ParsedFeed; validators: Validators; bytes: number }
  | { status: "not-modified"; url: string; validators: Validators }
  | {
      status: "error";
      url: string;
      code: string;
      message: string;
      httpStatus?: number;
      retryAfter?: string;
    };

type Failure = Extract<FetchFeedResult, { status: "error" }>;

class FetchFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: { httpStatus?: number; retryAfter?: string } = {},
  ) {
    super(message);
  }
}

const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/** Never throws: every failure is a status:"error" result with a precise message. */
export async function fetchFeed(
  url: string,
  validators: Validators,
  opts: FetchFeedOptions = {},
): Promise<FetchFeedResult> {
  if (/^file:/i.test(url)) {
    if (!opts.allowFiles) {
      return {
        status: "error",
        url,
        code: "file-not-allowed",
        message: "file: feed URLs are not allowed here (the caller did not enable allowFiles)",
      };
    }
    return readFeedFile(url, validators, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new FetchFailure("timeout", `no complete response within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  try {
    return await fetchWithRedirects(url, validators, opts, signal);
  } catch (error) {
    return failure(url, error, signal);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchWithRedirects(
  url: string,
  validators: Validators,
  opts: FetchFeedOptions,
  signal: AbortSignal,
): Promise<FetchFeedResult> {
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const visited = new Set<string>();
  let current = parseHttpUrl(url);
  for (let hop = 0; ; hop++) {
    visited.add(current.href);
    const response = await request(current, validators, opts, signal);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && status !== 304 && location) {
      response.resume();
      const next = parseHttpUrl(location, current);
      if (visited.has(next.href))
        throw new FetchFailure("redirect-loop", `redirect loop: ${current.href} -> ${next.href}`);
      if (hop + 1 > maxRedirects)
        throw new FetchFailure("too-many-redirects", `more than ${maxRedirects} redirects`);
      current = next;
      continue;
    }
    if (status === 304) {
      response.resume();
      return { status: "not-modified", url, validators: mergeValidators(validators, response) };
    }
    if (status < 200 || status >= 300) {
      response.resume();
      const retryAfter =
        status === 429 || status === 503
          ? parseRetryAfter(response.headers["retry-after"], opts.now?.() ?? new Date())
          : undefined;
      throw new FetchFailure(`http-${status}`, `HTTP ${status} ${response.statusMessage ?? ""}`.trim(), {
        httpStatus: status,
        ...(retryAfter ? { retryAfter } : {}),
      });
    }
    const body = await readBody(response, opts.maxBytes ?? DEFAULT_MAX_BYTES);
    let feed: ParsedFeed;
    try {
      feed = parseFeed(body, { contentType: response.headers["content-type"], url: current.href });
    } catch (error) {
      const message = error instanceof FeedParseError ? error.message : `parser failure: ${String(error)}`;
      throw new FetchFailure("parse", message, { httpStatus: status });
    }
    return {
      status: "ok",
      url,
      finalUrl: current.href,
      feed,
      validators: mergeValidators({}, response),
      bytes: body.length,
    };
  }
}

function parseHttpUrl(value: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    throw new FetchFailure("bad-url", `not a URL: ${value}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new FetchFailure("bad-url", `unsupported scheme ${parsed.protocol} in ${parsed.href}`);
  }
  return parsed;
}

function request(
  url: URL,
  validators: Validators,
  opts: FetchFeedOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const policy = opts.allowPrivateNetwork ? undefined : (opts.addressPolicy ?? refusedAddressReason);
  if (policy) {
    const reason = refusedLiteralHost(url, policy);
    if (reason) return Promise.reject(new FetchFailure("refused-private", `refused ${url.host}: ${reason}`));
  }
  const headers: Record<string, string> = {
    "User-Agent": USER_AGENT,
    Accept: ACCEPT,
    "Accept-Encoding": "gzip, deflate, br",
  };
  if (validators.etag) headers["If-None-Match"] = validators.etag;
  if (validators.lastModified) headers["If-Modified-Since"] = validators.lastModified;
  const client = url.protocol === "https:" ? https : http;
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;

  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: "GET",
      headers,
      agent: false,
      ...(policy ? { lookup: guardedLookup(policy) } : {}),
      signal,
    });
    req.on("socket", (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(
        () =>
          req.destroy(
            new FetchFailure("connect-timeout", `no connection to ${url.host} within ${connectTimeoutMs} ms`),
          ),
        connectTimeoutMs,
      );
      socket.once("connect", () => clearTimeout(connectTimer));
      socket.once("close", () => clearTimeout(connectTimer));
    });
    req.once("response", resolve);
    req.once("error", reject);
    req.end();
  });
}

/** Streams the body through the right decompressor, failing as soon as the decoded size passes maxBytes. */
async function readBody(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new FetchFailure("too-large", `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  }
  const encoding = (response.headers["content-encoding"] ?? "identity").toLowerCase().trim();
  const chunks: Buffer[] = [];
  let size = 0;
  const source: Readable = await decodedStream(response, encoding);
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) {
        throw new FetchFailure(
          "too-large",
          `body exceeds the ${maxBytes}-byte limit${encoding !== "identity" ? ` after ${encoding} decompression` : ""}`,
        );
      }
      chunks.push(buffer);
    }
  } catch (error) {
    response.destroy();
    if (source !== response) source.destroy();
    if (error instanceof FetchFailure) throw error;
    if (isZlibError(error))
      throw new FetchFailure("bad-encoding", `cannot decode ${encoding} body: ${(error as Error).message}`);
    throw error;
  }
  return Buffer.concat(chunks, size);
}

async function decodedStream(response: IncomingMessage, encoding: string): Promise<Readable> {
  switch (encoding) {
    case "identity":
    case "":
      return response;
    case "gzip":
    case "x-gzip":
      return pipeInto(response, zlib.createGunzip());
    case "br":
      return pipeInto(response, zlib.createBrotliDecompress());
    case "deflate": {
      // "deflate" is zlib-wrapped by the spec but raw deflate in practice often enough: look at byte 1.
      const first = await firstChunk(response);
      const decompressor = ((first[0] ?? 0) & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
      decompressor.write(first);
      return pipeInto(response, decompressor);
    }
    default:
      response.destroy();
      throw new FetchFailure("bad-encoding", `unsupported Content-Encoding: ${encoding}`);
  }
}

function pipeInto(
  response: IncomingMessage,
  decompressor: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress,
) {
  response.on("error", (error) => decompressor.destroy(error));
  response.pipe(decompressor);
  return decompressor;
}

function firstChunk(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      cleanup();
      response.pause();
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      response.off("data", onData);
      response.off("end", onEnd);
      response.off("error", onError);
    };
    response.on("data", onData);
    response.once("end", onEnd);
    response.once("error", onError);
  });
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

function mergeValidators(previous: Validators, response: IncomingMessage): Validators {
  const etag = headerValue(response.headers.etag) ?? previous.etag;
  const lastModified = headerValue(response.headers["last-modified"]) ?? previous.lastModified;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single?.trim() || undefined;
}

/** Retry-After is delay-seconds or an HTTP date; returned as an ISO instant. */
export function parseRetryAfter(value: string | undefined, now: Date): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000).toISOString();
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function failure(url: string, error: unknown, signal: AbortSignal): Failure {
  // An abort surfaces as an AbortError; the reason we aborted with says what really happened.
  const cause = signal.aborted && !(error instanceof FetchFailure) ? signal.reason : error;
  if (cause instanceof FetchFailure)
    return { status: "error", url, code: cause.code, message: cause.message, ...cause.extra };
  const code = (cause as { code?: unknown })?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code === REFUSED_ADDRESS_CODE)
    return { status: "error", url, code: "refused-private", message: `refused: ${message}` };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA")
    return { status: "error", url, code: "dns", message: `DNS lookup failed: ${message}` };
  if (code === "ECONNREFUSED")
    return { status: "error", url, code: "connect", message: `connection refused: ${message}` };
  if (code === "ECONNRESET" || code === "EPIPE")
    return { status: "error", url, code: "connection-reset", message: `connection reset: ${message}` };
  if (code === "ABORT_ERR" || (cause instanceof Error && cause.name === "AbortError"))
    return { status: "error", url, code: "aborted", message: "fetch aborted by caller" };
  if (
    typeof code === "string" &&
    (code.startsWith("CERT_") || code.startsWith("ERR_TLS") || code.includes("SSL"))
  )
    return { status: "error", url, code: "tls", message: `TLS failure: ${message}` };
  return {
    status: "error",
    url,
    code: "network",
    message: `${typeof code === "string" ? `${code}: ` : ""}${message}`,
  };
}
