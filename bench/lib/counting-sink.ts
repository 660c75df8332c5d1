import type { AlertSink } from "../../shared/alerts/sink.ts";
import type { Alert } from "../../shared/model/alert.ts";

/** A sink that only counts: how many publishes, and how many times each alert id went out. */
export interface CountingSink extends AlertSink {
  readonly published: Alert[];
  countsById(): Map<string, number>;
  /** Ids delivered more than once. */
  duplicates(): string[];
}

export function countingSink(
  name = "count",
  onPublish?: (alert: Alert) => void | Promise<void>,
): CountingSink {
  const published: Alert[] = [];
  const countsById = () => {
    const counts = new Map<string, number>();
    for (const alert of published) counts.set(alert.id, (counts.get(alert.id) ?? 0) + 1);
    return counts;
  };
  return {
    name,
    published,
    async publish(alert) {
      published.push(alert);
      await onPublish?.(alert);
    },
    countsById,
    duplicates: () => [...countsById()].filter(([, n]) => n > 1).map(([id]) => id),
  };
}
