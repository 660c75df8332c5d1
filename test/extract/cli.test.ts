import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function runExtract(
  stdin: string,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/treaty-watch.js", "extract", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("treaty-watch extract", () => {
  it("prints one line per input line, in order, and survives bad lines", async () => {
    const input = [
      JSON.stringify({ id: "a", title: "Finland notifies UN of withdrawal from landmine ban treaty" }),
      "this is not json",
      JSON.stringify({ id: "b" }),
      JSON.stringify({ title: "no id here" }),
      "",
      JSON.stringify({
        id: "c",
        title: "Norway will not withdraw from the Ottawa Convention",
        summary: null,
      }),
    ].join("\n");
    const { code, stdout } = await runExtract(`${input}\n`);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0].id).toBe("a");
    expect(lines[0].events).toEqual([
      expect.objectContaining({ treaty: "ottawa", country: "FI", direction: "withdraw", stage: "deposited" }),
    ]);
    expect(Object.keys(lines[0].events[0]).sort()).toEqual([
      "confidence",
      "country",
      "direction",
      "evidence",
      "stage",
      "treaty",
    ]);
    expect(lines[1]).toEqual({ id: null, error: expect.stringContaining("invalid JSON") });
    expect(lines[2]).toEqual({ id: "b", error: expect.stringContaining("title") });
    expect(lines[3]).toEqual({ id: null, error: expect.any(String) });
    expect(lines[4]).toEqual({ id: null, error: expect.stringContaining("invalid JSON") });
    expect(lines[5]).toEqual({ id: "c", events: [] });
  });

  it("explains on stderr, as text or JSON, without disturbing stdout", async () => {
    const input = `${JSON.stringify({ id: "n", title: "Norway will not withdraw from the Ottawa Convention" })}\n`;
    const text = await runExtract(input, ["--explain"]);
    expect(text.stdout.trim()).toBe(JSON.stringify({ id: "n", events: [] }));
    expect(text.stderr).toContain("REJECT");
    expect(text.stderr).toContain("negation");
    const json = await runExtract(input, ["--explain", "--json"]);
    const explained = JSON.parse(json.stderr.trim());
    expect(explained.explain.candidates[0]).toMatchObject({
      accepted: false,
      direction: "withdraw",
      treaty: "ottawa",
    });
  });
});
