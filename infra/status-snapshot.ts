import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseSeedLines } from "../shared/runtime/seed-file.ts";

export interface StatusSnapshot {
  /** Absolute paths of the *.jsonl files, sorted by name. */
  files: string[];
  /** sha256 over each file's name and bytes: changes exactly when the seeded content changes. */
  digest: string;
}

/**
 * Reads the status snapshot folder at synthesis: every *.jsonl file in it (other files, like
 * SOURCES.md, are not shipped). Every line must parse: the seeding function skips bad lines, so a typo
 * would silently leave a pair unseeded; here it fails `cdk synth` with the file and line named.
 */
export function readStatusSnapshot(dir: string): StatusSnapshot {
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".jsonl"))
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new Error(`status snapshot ${dir}: no *.jsonl file`);
  const hash = createHash("sha256");
  const problems: string[] = [];
  for (const name of names) {
    const bytes = fs.readFileSync(path.join(dir, name));
    for (const error of parseSeedLines(bytes.toString("utf8")).errors) {
      problems.push(`${name}:${error.line}: ${error.message}`);
    }
    // Length-prefixed name, then content: no two different file sets hash alike.
    hash.update(`${Buffer.byteLength(name)}:${name}:${bytes.length}:`);
    hash.update(bytes);
  }
  if (problems.length > 0) throw new Error(`status snapshot ${dir}: ${problems.join("; ")}`);
  return { files: names.map((name) => path.join(dir, name)), digest: hash.digest("hex") };
}
