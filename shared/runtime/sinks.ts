import { consoleSink, jsonlFileSink, snsSink } from "../alerts/index.ts";
import type { AlertSink } from "../alerts/sink.ts";

/** Console always; a JSONL file with --alerts-out; SNS with --topic-arn (standard AWS SDK configuration). */
export function buildSinks(options: {
  alertsOut?: string;
  topicArn?: string;
  write?: (text: string) => void;
}): AlertSink[] {
  const sinks: AlertSink[] = [consoleSink(options.write)];
  if (options.alertsOut) sinks.push(jsonlFileSink(options.alertsOut));
  if (options.topicArn) sinks.push(snsSink({ topicArn: options.topicArn }));
  return sinks;
}

export async function closeSinks(sinks: AlertSink[]): Promise<void> {
  for (const sink of sinks) await sink.close?.();
}
