import * as fs from "node:fs";
import { parseSubscriptions, snsSubscriptionsFor } from "../shared/config/subscriptions.ts";
import type { TopicSubscriptionSpec } from "./constructs/alerts-topic.ts";

/**
 * Reads the subscriptions file (-c subscriptions=PATH) synchronously, as CDK constructs are built
 * synchronously, and validates it with the shared schema: a bad file fails synthesis with the file,
 * entry and field named.
 */
export function loadTopicSubscriptions(file: string): TopicSubscriptionSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`subscriptions config ${file}: ${(error as Error).message}`);
  }
  return snsSubscriptionsFor(parseSubscriptions(raw, file));
}
