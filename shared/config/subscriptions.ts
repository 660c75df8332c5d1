/**
 * The subscriptions file: who receives alerts on which channel, with optional filters. The CDK stack
 * turns it into SNS subscriptions with filter policies (filterPolicyFor / snsSubscriptionsFor).
 */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { isCountryCode, treaties } from "../catalog/index.ts";
import { CONTRACT_TREATY_IDS } from "../model/vocabulary.ts";
import { type SubscriptionFilter, SubscriptionsConfig } from "./subscriptions-schema.ts";

export * from "./subscriptions-schema.ts";

/** One refused entry: where it is, what it holds, which field is wrong and why. */
export interface SubscriptionIssue {
  /** "sms[1]", or "(file)" for top-level problems. */
  entry: string;
  /** The entry as written, for the message. */
  value: unknown;
  /** Dotted path inside the entry, e.g. "filter.countries.0"; "" for the entry itself. */
  field: string;
  message: string;
}

export class SubscriptionsConfigError extends Error {
  override readonly name = "SubscriptionsConfigError";
  constructor(
    readonly file: string,
    readonly issues: SubscriptionIssue[],
  ) {
    super(
      `${file}: invalid subscriptions config\n${issues
        .map((i) => {
          const where = i.entry === "(file)" ? "top level" : `${i.entry} ${preview(i.value)}`;
          return `  ${where}: ${i.field ? `field "${i.field}"` : "entry"}: ${i.message}`;
        })
        .join("\n")}`,
    );
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

const CHANNELS = ["email", "sms", "webhooks"] as const;

function issueAt(raw: unknown, path: readonly PropertyKey[], message: string): SubscriptionIssue {
  const [channel, index, ...rest] = path;
  if (
    typeof channel === "string" &&
    (CHANNELS as readonly string[]).includes(channel) &&
    typeof index === "number"
  ) {
    const list = (raw as Record<string, unknown[]>)[channel];
    return {
      entry: `${channel}[${index}]`,
      value: list?.[index],
      field: rest.map(String).join("."),
      message,
    };
  }
  return { entry: "(file)", value: undefined, field: path.map(String).join("."), message };
}

/** Treaty ids the catalog knows (falls back to DESIGN.md's contract list if the catalog cannot load). */
function knownTreatyIds(): ReadonlySet<string> {
  const ids = new Set<string>(CONTRACT_TREATY_IDS);
  try {
    for (const id of treaties().keys()) ids.add(id);
  } catch {
    // Catalog unavailable: the contract list still catches typos in the common ids.
  }
  return ids;
}

/** Checks zod cannot do alone: treaty ids exist in the catalog, country codes exist in ISO 3166-1. */
function vocabularyIssues(raw: unknown, config: SubscriptionsConfig): SubscriptionIssue[] {
  const issues: SubscriptionIssue[] = [];
  const known = knownTreatyIds();
  for (const channel of CHANNELS) {
    config[channel].forEach((entry, index) => {
      entry.filter?.treaties?.forEach((id, i) => {
        if (!known.has(id)) {
          issues.push(issueAt(raw, [channel, index, "filter", "treaties", i], `unknown treaty id "${id}"`));
        }
      });
      entry.filter?.countries?.forEach((cc, i) => {
        if (!isCountryCode(cc)) {
          issues.push(
            issueAt(raw, [channel, index, "filter", "countries", i], `unknown country code "${cc}"`),
          );
        }
      });
    });
  }
  return issues;
}

/** Validate already-parsed JSON; `file` names the source in error messages. */
export function parseSubscriptions(raw: unknown, file = "subscriptions"): SubscriptionsConfig {
  const result = SubscriptionsConfig.safeParse(raw);
  if (!result.success) {
    throw new SubscriptionsConfigError(
      file,
      result.error.issues.flatMap((issue: z.core.$ZodIssue) =>
        // Name each unknown key as the field, so a typo ("adress") points at itself.
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => issueAt(raw, [...issue.path, key], "unknown field (misspelt?)"))
          : [issueAt(raw, issue.path, issue.message)],
      ),
    );
  }
  const issues = vocabularyIssues(raw, result.data);
  if (issues.length) throw new SubscriptionsConfigError(file, issues);
  return result.data;
}

/** Read and validate a subscriptions file; throws SubscriptionsConfigError naming file, entry and field. */
export async function loadSubscriptions(path: string): Promise<SubscriptionsConfig> {
  const text = await readFile(path, "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SubscriptionsConfigError(path, [
      {
        entry: "(file)",
        value: undefined,
        field: "",
        message: `not valid JSON: ${(error as Error).message}`,
      },
    ]);
  }
  return parseSubscriptions(raw, path);
}

/** An SNS subscription filter policy on message attributes: attribute name -> accepted values. */
export type FilterPolicy = Partial<Record<"treaty" | "country" | "direction" | "stage", string[]>>;

/**
 * The SNS filter policy (MessageAttributes scope) for a subscriber's filter; undefined when the
 * subscriber takes every alert. Attribute names match what snsSink publishes.
 */
export function filterPolicyFor(filter: SubscriptionFilter | undefined): FilterPolicy | undefined {
  if (!filter) return undefined;
  const policy: FilterPolicy = {};
  if (filter.treaties) policy.treaty = [...filter.treaties];
  if (filter.countries) policy.country = [...filter.countries];
  if (filter.directions) policy.direction = [...filter.directions];
  if (filter.stages) policy.stage = [...filter.stages];
  return Object.keys(policy).length ? policy : undefined;
}

/** One SNS subscription to create on the topic. */
export interface SnsSubscriptionSpec {
  protocol: "email" | "sms" | "https";
  endpoint: string;
  filterPolicy?: FilterPolicy;
}

/** Flatten the config into the SNS subscriptions the stack should create. */
export function snsSubscriptionsFor(config: SubscriptionsConfig): SnsSubscriptionSpec[] {
  const spec = (protocol: SnsSubscriptionSpec["protocol"], endpoint: string, filter?: SubscriptionFilter) => {
    const filterPolicy = filterPolicyFor(filter);
    return filterPolicy ? { protocol, endpoint, filterPolicy } : { protocol, endpoint };
  };
  return [
    ...config.email.map((e) => spec("email", e.address, e.filter)),
    ...config.sms.map((s) => spec("sms", s.phone, s.filter)),
    ...config.webhooks.map((w) => spec("https", w.url, w.filter)),
  ];
}
