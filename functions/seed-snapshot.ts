import * as fs from "node:fs";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { settingsFrom } from "../shared/pipeline.ts";
import { seedBundledMissing } from "../shared/runtime/seed-file.ts";
import { bundledPath, functionEnv, repository, runConfig } from "./lib/deps.ts";
import { required } from "./lib/env.ts";
import { count, instrumented, logger, Metric } from "./lib/powertools.ts";

/** One snapshot per stack: a stable id, so a changed snapshot updates the resource, never replaces it. */
export const SNAPSHOT_RESOURCE_ID = "treaty-watch-status-snapshot";

/** What the CDK Provider framework reads back from an onEvent handler. */
export interface SeedSnapshotResponse {
  PhysicalResourceId: string;
  Data: { Seeded: number; Files: number };
}

/** The *.jsonl snapshot files bundled beside the handler; none is a packaging fault, not an empty world. */
export function bundledSnapshotFiles(dir: string): string[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((name) => name.endsWith(".jsonl"));
  } catch (error) {
    throw new Error(`status snapshot folder ${dir} cannot be read: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new Error(`status snapshot folder ${dir} holds no *.jsonl file`);
  return files.sort();
}

/**
 * Deploy-time seeding (CloudFormation custom resource, via the CDK Provider framework): on create and
 * whenever the bundled snapshot changes, the pairs that have no status in the table yet get the
 * snapshot's status as of today. Pairs already known are left alone (the table is the live truth), so
 * re-running is harmless. Seed changes carry no alert. Delete does nothing: the table is retained and
 * its statuses are history, not something this resource owns.
 */
export const handler = instrumented(
  "seed-snapshot",
  async (event: CloudFormationCustomResourceEvent): Promise<SeedSnapshotResponse> => {
    if (event.RequestType === "Delete") {
      logger.info("snapshot resource deleted: table left as it is");
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { Seeded: 0, Files: 0 } };
    }
    const dir = bundledPath(required(functionEnv(), "STATUS_DIR"));
    const files = bundledSnapshotFiles(dir);
    const seeded = await seedBundledMissing(repository(), () => new Date(), settingsFrom(runConfig()), dir);
    count(Metric.statusesSeeded, seeded);
    logger.info("status snapshot seeded", { requestType: event.RequestType, files, seeded });
    return { PhysicalResourceId: SNAPSHOT_RESOURCE_ID, Data: { Seeded: seeded, Files: files.length } };
  },
);
