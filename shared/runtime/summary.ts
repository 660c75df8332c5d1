import type { CycleReport } from "../pipeline/types.ts";

/** The human summary `run` prints after each cycle. */
export function formatCycleReport(report: CycleReport): string {
  const lines = [
    `Run at ${report.startedAt}: ${report.polled} feed(s) polled` +
      ` (${report.polled - report.notModified - report.failed.length} read, ${report.notModified} not modified, ` +
      `${report.failed.length} failed); ${report.itemsNew} new item(s), ${report.events} event(s), ` +
      `${report.changes} change(s) (${report.advanced} by effective date), ${report.evidence} added as evidence; ` +
      `${report.alertsPublished} alert(s) published`,
  ];
  for (const failure of report.failed) {
    lines.push(`  FAILED ${failure.url}: ${failure.code}: ${failure.message}`);
  }
  for (const error of report.errors) {
    lines.push(`  STEP FAILED ${error.step}: ${error.message} (the cycle did not complete; nothing is lost)`);
  }
  for (const failure of report.publishFailures) {
    lines.push(`  NOT PUBLISHED (kept for retry) ${failure.headline}: ${failure.error}`);
  }
  return lines.join("\n");
}
