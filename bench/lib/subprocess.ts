import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** One sub-benchmark's outcome: its JSON document, or why there is none. */
export type SubResult =
  | { name: string; status: "ok"; seconds: number; exitCode: number; result: unknown; stderrTail?: string }
  | { name: string; status: "missing"; file: string }
  | {
      name: string;
      status: "failed";
      seconds: number;
      exitCode: number | null;
      error: string;
      stderrTail: string;
    };

const tail = (text: string, lines = 15) => text.trim().split("\n").slice(-lines).join("\n");

/** The last top-level JSON document in a process's stdout (tolerates a stray log line before it). */
export function lastJsonDocument(stdout: string): unknown {
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    // Fall back: the longest suffix that starts a line with { and parses.
    const starts = [...text.matchAll(/^\{/gm)].map((m) => m.index ?? 0);
    for (const start of starts) {
      try {
        return JSON.parse(text.slice(start));
      } catch {}
    }
    throw new Error("no JSON document on stdout");
  }
}

/**
 * Runs `npx tsx bench/<name>.ts --json` in the repository root with a time limit. Never throws: a
 * missing file, a crash, a timeout or unparsable output is reported as such.
 */
export function runSubBenchmark(
  root: string,
  name: string,
  extraArgs: string[] = [],
  timeoutMs = 240_000,
): Promise<SubResult> {
  const file = join(root, "bench", `${name}.ts`);
  if (!existsSync(file)) return Promise.resolve({ name, status: "missing", file: `bench/${name}.ts` });
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npx", ["tsx", `bench/${name}.ts`, "--json", ...extraArgs], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: npx, tsx and the benchmark's node.
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      resolve({
        name,
        status: "failed",
        seconds,
        exitCode: null,
        error: `could not start: ${error.message}`,
        stderrTail: "",
      });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      if (timedOut) {
        resolve({
          name,
          status: "failed",
          seconds,
          exitCode: code,
          error: `timed out after ${timeoutMs / 1000} s`,
          stderrTail: tail(stderr),
        });
        return;
      }
      try {
        const result = lastJsonDocument(stdout);
        resolve({
          name,
          status: "ok",
          seconds,
          exitCode: code ?? 0,
          result,
          ...(stderr.trim() ? { stderrTail: tail(stderr, 5) } : {}),
        });
      } catch (error) {
        resolve({
          name,
          status: "failed",
          seconds,
          exitCode: code,
          error:
            code === 0
              ? `${(error as Error).message}`
              : `exited with code ${code}: ${(error as Error).message}`,
          stderrTail: tail(stderr),
        });
      }
    });
  });
}
