import * as z from "zod";

/** Environment the stack sets on each function (infra/stack.ts); validated on first use, not at import. */
const FunctionEnv = z.object({
  TABLE_NAME: z.string().min(1),
  TOPIC_ARN: z.string().min(1).optional(),
  FEED_QUEUE_URL: z.string().min(1).optional(),
  /** Feeds/run config bundled next to the handler (relative to LAMBDA_TASK_ROOT). */
  FEEDS_FILE: z.string().min(1).optional(),
  /** Status snapshot folder (data/status/*.jsonl) bundled next to the seeding handler, same base. */
  STATUS_DIR: z.string().min(1).optional(),
  LAMBDA_TASK_ROOT: z.string().optional(),
  /** Publish lease in ms, longer than every publishing function's timeout (set by the stack). */
  PUBLISH_LEASE_MS: z.coerce.number().int().positive().optional(),
});
export type FunctionEnv = z.infer<typeof FunctionEnv>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): FunctionEnv {
  const parsed = FunctionEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`function environment is invalid: ${problems}`);
  }
  return parsed.data;
}

/** A variable this handler cannot work without (the stack sets it only on the functions that use it). */
export function required<K extends keyof FunctionEnv>(env: FunctionEnv, key: K): NonNullable<FunctionEnv[K]> {
  const value = env[key];
  if (value === undefined) throw new Error(`function environment is invalid: ${String(key)} is not set`);
  return value as NonNullable<FunctionEnv[K]>;
}
