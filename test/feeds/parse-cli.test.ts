import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./server.ts";

const bin = fileURLToPath(new URL("../../bin/treaty-watch.js", import.meta.url));
const rssFile = fileURLToPath(new URL("./testdata/rss2.xml", import.meta.url));

function run(args: string[]): Promise<{ code: number; lines: Array<Record<string, unknown>> }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, "parse", ...args], { timeout: 20_000 }, (error, stdout) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({
        code,
        lines: stdout
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      });
    });
  });
}

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  const body = readFileSync(rssFile);
  server = await startServer({
    "/feed": (_req, res) => res.writeHead(200, { "Content-Type": "application/rss+xml" }).end(body),
  });
});
afterAll(() => server.close());

describe("treaty-watch parse", () => {
  it("prints one JSON line per input, in order, and keeps going past bad inputs", async () => {
    const { code, lines } = await run([
      rssFile,
      "/no/such/file.xml",
      server.url("/feed"),
      "--allow-private-network",
    ]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ input: rssFile, ok: true, format: "rss", title: "Treaty News" });
    const items = lines[0]?.items as Array<Record<string, unknown>>;
    expect(Object.keys(items[0] ?? {})).toEqual(["id", "title", "link", "published", "summary"]);
    expect(items[1]?.published).toBeNull();
    expect(lines[1]).toMatchObject({ input: "/no/such/file.xml", ok: false, error: expect.any(String) });
    expect(lines[2]).toMatchObject({ input: server.url("/feed"), ok: true, format: "rss" });
  });

  it("refuses loopback URLs without --allow-private-network and exits 1 when nothing parsed", async () => {
    const { code, lines } = await run([server.url("/feed")]);
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ ok: false, error: expect.stringMatching(/refused-private/) });
  });

  it("uses --content-type's charset for files", async () => {
    const path = join(tmpdir(), `tw-parse-${process.pid}.xml`);
    writeFileSync(path, iconv.encode("<rss><channel><title>Київ</title></channel></rss>", "koi8-u"));
    const { lines } = await run(["--content-type", "text/xml; charset=koi8-u", path]);
    expect(lines[0]).toMatchObject({ ok: true, title: "Київ" });
  });
});
