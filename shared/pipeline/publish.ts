import { countryName } from "../catalog/countries.ts";
import { getTreaty as catalogTreaty } from "../catalog/index.ts";
import { ALERT_SCHEMA, Alert } from "../model/alert.ts";
import type { ChangeRecord } from "../store/records.ts";
import type { PipelineDeps, PublishReport } from "./types.ts";

/** How long a publisher holds a pending alert before another may try it (wall clock). */
const PUBLISH_LEASE_MS = 30_000;

/** The contract Alert for a stored change (the id and content were fixed when the change was written). */
export function alertFromChange(change: ChangeRecord, getTreaty = catalogTreaty): Alert {
  if (!change.alertId || !change.direction) throw new Error("this history entry carries no alert");
  const treaty = getTreaty(change.treaty);
  return Alert.parse({
    schema: ALERT_SCHEMA,
    id: change.alertId,
    treaty: change.treaty,
    treatyName: treaty?.name ?? change.treaty,
    country: change.country,
    countryName: countryName(change.country),
    direction: change.direction,
    stage: change.stage,
    previous: change.previous,
    current: change.current,
    effectiveDate: change.effectiveDate,
    occurredAt: change.occurredAt,
    detectedAt: change.detectedAt,
    headline: change.headline,
    sources: change.sources,
    ...(change.notes.length > 0 ? { notes: change.notes } : {}),
  });
}

/**
 * The outbox sweep: every pending alert goes to every sink; it is marked published only when all of
 * them took it. A failing sink leaves it pending with the error recorded, for the next sweep. One bad
 * record costs its own alert, never the ones after it; one that does not even read as a change is
 * reported (by its key) in `failed` and left where it is for someone to look at.
 */
export async function publishPending(deps: PipelineDeps): Promise<PublishReport> {
  const report: PublishReport = { published: [], failed: [], skipped: 0 };
  const { pending, unreadable } = await deps.store.readOutbox();
  for (const bad of unreadable) {
    const error = `unreadable outbox record ${bad.pk} / ${bad.sk}: ${bad.error}`;
    report.failed.push({
      alertId: bad.alertId ?? "",
      headline: bad.headline ?? `${bad.pk} / ${bad.sk}`,
      error,
    });
    deps.log.error("outbox record cannot be read, left in place", {
      pk: bad.pk,
      sk: bad.sk,
      alertId: bad.alertId,
      error: bad.error,
    });
  }
  const repaired = new Set<string>();
  for (const change of pending) {
    try {
      await publishOne(deps, change, repaired, report);
    } catch (error) {
      const message = (error as Error).message;
      report.failed.push({ alertId: change.alertId ?? "", headline: change.headline, error: message });
      deps.log.error("alert could not be published, will retry", {
        alertId: change.alertId,
        pair: `${change.treaty}/${change.country}`,
        seq: change.seq,
        error: message,
      });
      try {
        await deps.store.recordPublishFailure(change.treaty, change.country, change.seq, message, []);
      } catch {
        // Best effort: the alert stays pending either way, and the error is in the report and the log.
      }
    }
  }
  return report;
}

async function publishOne(
  deps: PipelineDeps,
  change: ChangeRecord,
  repaired: Set<string>,
  report: PublishReport,
): Promise<void> {
  const { treaty, country, seq } = change;
  const leaseMs = deps.publishLeaseMs ?? PUBLISH_LEASE_MS;
  if (leaseMs > 0 && !(await deps.store.claimForPublish(treaty, country, seq, leaseMs))) {
    report.skipped++;
    return;
  }
  // Reading the pair rolls its status forward if the writer died before saving it: the status holds the
  // DUE entry the effective-date job looks for, and once this alert leaves the outbox nothing else would.
  const pair = `${treaty}\u0000${country}`;
  if (!repaired.has(pair)) {
    await deps.store.loadPair(treaty, country);
    repaired.add(pair);
  }
  const alert = alertFromChange(change, deps.getTreaty);
  const delivered = [...change.deliveredTo];
  const errors: string[] = [];
  for (const sink of deps.sinks) {
    if (delivered.includes(sink.name)) continue;
    try {
      await sink.publish(alert);
      delivered.push(sink.name);
    } catch (error) {
      errors.push(`${sink.name}: ${(error as Error).message}`);
    }
  }
  if (errors.length > 0) {
    const message = errors.join("; ");
    report.failed.push({ alertId: alert.id, headline: alert.headline, error: message });
    deps.log.warn("alert not published, will retry", { alertId: alert.id, error: message });
    try {
      await deps.store.recordPublishFailure(treaty, country, seq, message, delivered);
    } catch (error) {
      // Still pending: the next sweep retries, re-sending only to sinks not recorded as delivered.
      deps.log.error("could not record the failed publish", {
        alertId: alert.id,
        error: (error as Error).message,
      });
    }
    return;
  }
  if (await deps.store.markPublished(treaty, country, seq, deps.clock().toISOString())) {
    report.published.push(alert);
  }
}
