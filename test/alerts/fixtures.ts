import { ALERT_SCHEMA, Alert } from "../../shared/model/alert.ts";

/** A valid Alert (DESIGN.md's example), parsed through the schema so fixtures cannot drift from it. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return Alert.parse({
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
    headline: "Lithuania moves to withdraw from the Ottawa mine ban treaty",
    sources: [
      {
        url: "https://news.example.org/2025/03/18/baltics-ottawa?utm_source=rss",
        title: "Baltic states recommend leaving the Ottawa Treaty",
        published: "2025-03-18T08:00:00Z",
        feed: "https://news.example.org/feed.xml",
      },
    ],
    ...overrides,
  });
}
