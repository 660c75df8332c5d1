import type { PairState } from "../state/pair.ts";
import type { ChangeRecord, FeedState } from "../store/records.ts";

/** Plain-text tables for `status` and `history`. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [format(headers), format(widths.map((w) => "-".repeat(w))), ...rows.map(format)].join("\n");
}

function pendingText(state: Pick<PairState, "pending">): string {
  const p = state.pending;
  if (!p) return "-";
  return `${p.direction} ${p.stage} (${p.since})${p.effectiveDate ? ` effective ${p.effectiveDate}` : ""}`;
}

export interface StatusRow {
  treaty: string;
  country: string;
  status: PairState["status"];
  pending: PairState["pending"];
  suspended: boolean;
  since: string | null;
  version: number;
  sources: ChangeRecord["sources"];
}

/** Status rows with the evidence of each pair's latest change. */
export function statusRows(states: PairState[], changes: ChangeRecord[]): StatusRow[] {
  const latest = new Map<string, ChangeRecord>();
  for (const change of changes) {
    if (change.kind === "seed") continue;
    const key = `${change.treaty}|${change.country}`;
    const seen = latest.get(key);
    if (!seen || change.seq > seen.seq) latest.set(key, change);
  }
  return states.map((s) => ({
    treaty: s.treaty,
    country: s.country,
    status: s.status,
    pending: s.pending,
    suspended: s.suspended,
    since: s.since,
    version: s.version,
    sources: latest.get(`${s.treaty}|${s.country}`)?.sources ?? [],
  }));
}

export function renderStatusTable(rows: StatusRow[]): string {
  if (rows.length === 0) return "No status recorded (seed one with `treaty-watch seed --file FILE`).";
  return renderTable(
    ["TREATY", "COUNTRY", "STATUS", "PENDING", "SINCE", "SOURCES"],
    rows.map((r) => [
      r.treaty,
      r.country,
      r.suspended ? `${r.status} (suspended)` : r.status,
      pendingText(r),
      r.since ?? "-",
      r.sources.length === 0 ? "-" : `${r.sources.length}: ${r.sources[0]?.url ?? ""}`,
    ]),
  );
}

/**
 * A change as `history --json` shows it: without the stored next state, and with the outbox flag named
 * `alertPending` (the alert still waits to be published) so it cannot be mistaken for a status's
 * `pending` step.
 */
export function historyJson(change: ChangeRecord) {
  const { next: _next, pending: alertPending, ...visible } = change;
  return { ...visible, alertPending };
}

export function renderHistory(changes: ChangeRecord[]): string {
  if (changes.length === 0) return "No history recorded.";
  const blocks = changes.map((c) => {
    const step = c.kind === "seed" ? "seed" : `${c.direction}${c.stage ? ` ${c.stage}` : ""}`;
    const state = c.pending ? "PENDING" : c.publishedAt ? "published" : c.kind === "seed" ? "" : "-";
    const lines = [
      `${c.treaty} ${c.country} #${c.seq} ${c.occurredAt} ${step}: ${c.headline}${state ? ` [${state}]` : ""}`,
    ];
    if (c.effectiveDate) lines.push(`    effective: ${c.effectiveDate}`);
    for (const note of c.notes) lines.push(`    note: ${note}`);
    for (const s of c.sources) lines.push(`    source: ${s.published ?? "?"} ${s.title} <${s.url}>`);
    if (c.lastError) lines.push(`    last error: ${c.lastError}`);
    return lines.join("\n");
  });
  return blocks.join("\n");
}

/** How a feed is doing, in one word, for `status --feeds`. */
export function feedHealth(
  state: Pick<FeedState, "consecutiveFailures" | "lastSuccessAt">,
): "ok" | "failing" | "never polled" {
  if (state.consecutiveFailures > 0) return "failing";
  return state.lastSuccessAt ? "ok" : "never polled";
}

/** Feed health rows (`status --feeds --json`): without the store's version and packed item digests. */
export function feedRows(states: FeedState[]) {
  return [...states]
    .sort((a, b) => b.consecutiveFailures - a.consecutiveFailures || a.url.localeCompare(b.url))
    .map(({ version: _version, recentItems: _recentItems, ...state }) => ({
      ...state,
      health: feedHealth(state),
    }));
}

export function renderFeedTable(states: FeedState[]): string {
  if (states.length === 0) return "No feed polled yet (run `treaty-watch run`).";
  return renderTable(
    ["HEALTH", "FAILURES", "LAST SUCCESS", "NEXT POLL", "FEED", "LAST ERROR"],
    feedRows(states).map((r) => [
      r.health,
      String(r.consecutiveFailures),
      r.lastSuccessAt?.slice(0, 16) ?? "never",
      r.nextPollAt?.slice(0, 16) ?? "-",
      r.url,
      r.lastError ?? "-",
    ]),
  );
}
