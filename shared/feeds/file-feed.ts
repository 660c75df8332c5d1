import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { FeedParseError } from "./errors.ts";
import type { FetchFeedResult, Validators } from "./fetch.ts";
import { parseFeed } from "./parse-feed.ts";

export interface ReadFeedFileOptions {
  /** Byte cap, enforced while reading (a file may grow after it was measured). */
  maxBytes: number;
  /** Content-Type to assume (its charset decides the decoding), as an HTTP server would send it. */
  contentType?: string;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * A feed read from a local file (`file:` URL): for replays, offline runs and self-hosted setups
 * that write feeds to disk. The file's size and modification time stand in for an ETag, so an
 * unchanged file costs no parsing, exactly like a 304. Only regular files are read: devices,
 * FIFOs, sockets and directories are refused before any byte is read.
 */
export async function readFeedFile(
  url: string | URL,
  validators: Validators,
  opts: ReadFeedFileOptions,
): Promise<FetchFeedResult> {
  const href = String(url);
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (error) {
    return { status: "error", url: href, code: "bad-url", message: (error as Error).message };
  }
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below then refuses it.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const info = await handle.stat();
    if (!info.isFile()) {
      return { status: "error", url: href, code: "not-a-file", message: `${path} is not a regular file` };
    }
    const etag = `"file-${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const lastModified = info.mtime.toUTCString();
    if (validators.etag === etag)
      return { status: "not-modified", url: href, validators: { etag, lastModified } };
    if (info.size > opts.maxBytes) return tooLarge(href, `${path} is ${info.size} bytes`, opts.maxBytes);
    const bytes = await readCapped(handle, opts.maxBytes);
    if (!bytes) return tooLarge(href, `more than ${opts.maxBytes} bytes read from ${path}`, opts.maxBytes);
    const feed = parseFeed(bytes, { url: href, contentType: opts.contentType });
    return {
      status: "ok",
      url: href,
      finalUrl: href,
      feed,
      validators: { etag, lastModified },
      bytes: bytes.length,
    };
  } catch (error) {
    if (error instanceof FeedParseError)
      return { status: "error", url: href, code: "parse", message: error.message };
    const code = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no-such-file" : "read";
    return { status: "error", url: href, code, message: (error as Error).message };
  } finally {
    await handle?.close();
  }
}

function tooLarge(url: string, what: string, maxBytes: number): FetchFeedResult {
  return { status: "error", url, code: "too-large", message: `${what} (limit ${maxBytes})` };
}

/** The whole file, or undefined as soon as it passes maxBytes (never buffers more than the cap + one chunk). */
async function readCapped(handle: FileHandle, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return Buffer.concat(chunks, size);
    size += bytesRead;
    if (size > maxBytes) return undefined;
    chunks.push(chunk.subarray(0, bytesRead));
  }
}
