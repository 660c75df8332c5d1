import { consoleSink, jsonlFileSink, snsSink, webhookSink } from "../alerts/index.ts";
import type { AlertSink } from "../alerts/sink.ts";

/** Environment variable holding the HMAC secret for --webhook deliveries (never a flag: flags show in `ps`). */
export const WEBHOOK_SECRET_ENV = "TREATY_WATCH_WEBHOOK_SECRET";

/**
 * Console always; a JSONL file with --alerts-out; a signed POST per --webhook; SNS with --topic-arn
 * (standard AWS SDK configuration).
 */
export function buildSinks(options: {
  alertsOut?: string;
  topicArn?: string;
  webhooks?: string[];
  webhookSecret?: string;
  allowPrivateNetwork?: boolean;
  write?: (text: string) => void;
}): AlertSink[] {
  const sinks: AlertSink[] = [consoleSink(options.write)];
  if (options.alertsOut) sinks.push(jsonlFileSink(options.alertsOut));
  for (const url of options.webhooks ?? []) {
    sinks.push(
      webhookSink({ url, secret: options.webhookSecret, allowPrivateNetwork: options.allowPrivateNetwork }),
    );
  }
  if (options.topicArn) sinks.push(snsSink({ topicArn: options.topicArn }));
  return sinks;
}

export async function closeSinks(sinks: AlertSink[]): Promise<void> {
  for (const sink of sinks) await sink.close?.();
}
