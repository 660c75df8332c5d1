import type { Alert } from "../model/alert.ts";
import { alertSentence, describeStatus } from "./render.ts";
import type { AlertSink } from "./sink.ts";

/** A few readable lines per alert for a terminal. */
export function formatForConsole(alert: Alert): string {
  const lines = [
    `ALERT ${alertSentence(alert)}`,
    `  ${alert.treaty} / ${alert.country}: ${alert.direction}${alert.stage ? ` (${alert.stage})` : ""} on ${alert.occurredAt}`,
    `  status: ${describeStatus(alert.previous)} -> ${describeStatus(alert.current)}`,
  ];
  if (alert.effectiveDate) lines.push(`  effective: ${alert.effectiveDate}`);
  for (const note of alert.notes ?? []) lines.push(`  note: ${note}`);
  for (const source of alert.sources)
    lines.push(`  source: ${source.title ? `${source.title} <${source.url}>` : source.url}`);
  lines.push(`  id: ${alert.id}`);
  return lines.join("\n");
}

/** Prints alerts for the CLI. `write` defaults to stdout. */
export function consoleSink(write: (text: string) => void = (text) => process.stdout.write(text)): AlertSink {
  return {
    name: "console",
    async publish(alert) {
      write(`${formatForConsole(alert)}\n`);
    },
  };
}
