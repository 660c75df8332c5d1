import { getTreaty, type Treaty } from "../../shared/catalog/index.ts";
import { ALERT_SCHEMA, Alert } from "../../shared/model/alert.ts";
import { headline } from "../../shared/state/headline.ts";

/** The catalog entry, or one standing in for a treaty the catalog lacks (named as the alert names it). */
function treatyFor(id: string, treatyName: string): Treaty {
  const known = getTreaty(id);
  if (known) return known;
  const template = getTreaty("ottawa") as Treaty;
  return { ...template, id, name: treatyName, shortName: treatyName, organisation: null };
}

/**
 * A valid Alert (DESIGN.md's example), parsed through the schema so fixtures cannot drift from it.
 * Unless given, the headline is written by the pipeline's own headline function for these fields.
 */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  const base = {
    schema: ALERT_SCHEMA,
    id: "ottawa:LT:withdraw:announced:2025-03-18",
    treaty: "ottawa",
    treatyName: "Anti-Personnel Mine Ban Convention",
    country: "LT",
    countryName: "Lithuania",
    direction: "withdraw",
    stage: "announced",
    previous: { status: "party", pending: null, suspended: false },
    current: {
      status: "party",
      pending: { direction: "withdraw", stage: "announced", since: "2025-03-18", effectiveDate: null },
      suspended: false,
    },
    effectiveDate: null,
    occurredAt: "2025-03-18",
    detectedAt: "2025-03-18T09:12:44Z",
    sources: [
      {
        url: "https://news.example.org/2025/03/18/baltics-ottawa?utm_source=rss",
        title: "Baltic states recommend leaving the Ottawa Treaty",
        published: "2025-03-18T08:00:00Z",
        feed: "https://news.example.org/feed.xml",
      },
    ],
    ...overrides,
  } as Omit<Alert, "headline"> & { headline?: string };
  return Alert.parse({
    ...base,
    headline:
      base.headline ??
      headline({
        treaty: treatyFor(base.treaty, base.treatyName),
        countryName: base.countryName,
        direction: base.direction,
        stage: base.stage,
        previous: base.previous,
        effectiveDate: base.effectiveDate,
      }),
  });
}
