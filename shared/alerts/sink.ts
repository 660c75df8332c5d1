import type { Alert } from "../model/alert.ts";

/**
 * Where published alerts go: console, JSONL file, webhook, SNS. `publish` resolves once the alert
 * is delivered and throws if it was not, so the caller keeps it pending for the next attempt.
 * Sinks must tolerate the same alert id twice (a retry after a crash).
 */
export interface AlertSink {
  readonly name: string;
  publish(alert: Alert): Promise<void>;
  /** Flush and release resources (files, sockets). */
  close?(): Promise<void>;
}
