import * as fs from "node:fs";
import type { RunConfig } from "../shared/config/run-config.ts";
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

/**
 * The deployed functions poll feeds over HTTP(S) only: a file: feed would make poll-feed read the
 * Lambda's own disk, so such a config fails synthesis with the entry named.
 */
export function assertHttpFeeds(config: Pick<RunConfig, "feeds">, file: string): void {
  config.feeds.forEach((feed, index) => {
    if (new URL(feed.url).protocol === "file:") {
      const name = feed.name ? ` ("${feed.name}")` : "";
      throw new Error(
        `feeds config ${file}: feeds[${index}]${name} ${feed.url}: file: feeds cannot be deployed; the AWS stack polls http(s) URLs only`,
      );
    }
  });
}
