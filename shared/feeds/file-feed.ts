import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { FeedParseError } from "./errors.ts";
import type { FetchFeedResult, Validators } from "./fetch.ts";
import { parseFeed } from "./parse-feed.ts";

/**
 * A feed read from a local file (`file:` URL): for replays, offline runs and self-hosted setups
 * that write feeds to disk. The file's size and modification time stand in for an ETag, so an
 * unchanged file costs no parsing, exactly like a 304.
 */
export async function readFeedFile(
  url: string,
  validators: Validators,
  maxBytes: number,
): Promise<FetchFeedResult> {
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (error) {
    return { status: "error", url, code: "bad-url", message: (error as Error).message };
  }
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const info = await handle.stat();
    if (!info.isFile()) return { status: "error", url, code: "not-a-file", message: `${path} is not a file` };
    const etag = `"file-${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const lastModified = info.mtime.toUTCString();
    if (validators.etag === etag) return { status: "not-modified", url, validators: { etag, lastModified } };
    if (info.size > maxBytes) {
      return {
        status: "error",
        url,
        code: "too-large",
        message: `${path} is ${info.size} bytes (limit ${maxBytes})`,
      };
    }
    const bytes = await handle.readFile();
    const feed = parseFeed(bytes, { url });
    return {
      status: "ok",
      url,
      finalUrl: url,
      feed,
      validators: { etag, lastModified },
      bytes: bytes.length,
    };
  } catch (error) {
    if (error instanceof FeedParseError)
      return { status: "error", url, code: "parse", message: error.message };
    const code = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no-such-file" : "read";
    return { status: "error", url, code, message: (error as Error).message };
  } finally {
    await handle?.close();
  }
}
