/**
 * Pure renderers: one Alert -> what each delivery channel shows. No I/O except a read of the treaty
 * catalog (cached) for the treaty's short name.
 */
import { getTreaty } from "../catalog/index.ts";
import type { Alert } from "../model/alert.ts";
import type { PendingStep, StatusSnapshot } from "../model/status.ts";
import { toPlainText, truncate } from "./text.ts";

/** SNS requires a Subject "less than 100 characters long"; it must also be one line. */
export const MAX_SUBJECT_LENGTH = 99;
/** One GSM-7 SMS segment. */
export const MAX_SMS_LENGTH = 160;

/** "The Convention on…" as the catalog's headline names it, else as the alert names it. */
function treatyShortName(alert: Alert): string {
  try {
    const shortName = getTreaty(alert.treaty)?.shortName;
    if (shortName) return shortName;
  } catch {
    // Catalog missing or invalid: the alert carries a usable name of its own.
  }
  return alert.treatyName.trim() || alert.treaty;
}

/**
 * The one wording of the change, used by every channel: the alert's own headline (written by
 * shared/state/headline.ts). An empty headline gets a plain stand-in rather than no text at all.
 */
export function alertSentence(alert: Alert): string {
  const headline = alert.headline.replace(/\s+/g, " ").trim();
  if (headline) return headline;
  const step = alert.stage ? `${alert.direction} (${alert.stage})` : alert.direction;
  return `${alert.countryName.trim() || alert.country}: ${step}, ${alert.treatyName.trim() || alert.treaty}`;
}

/** The headline's trailing ", effective 18 September 2026": narrow channels state the date their own way. */
const EFFECTIVE_CLAUSE = /,\s*effective\s+\d{1,2}\s+\S+\s+\d{4}\s*$/i;

function withoutEffectiveClause(sentence: string): string {
  return sentence.replace(EFFECTIVE_CLAUSE, "");
}

/**
 * The sentence in plain ASCII/GSM-7 for the narrow channels. A country name with no Latin letters
 * at all would vanish, so it is replaced by its ISO code first.
 */
function plainSentence(alert: Alert): string {
  let sentence = alertSentence(alert);
  const country = alert.countryName.trim();
  if (country && !toPlainText(country)) sentence = sentence.split(country).join(alert.country);
  return toPlainText(sentence) || toPlainText(`${alert.country}: ${alert.direction}, ${alert.treaty}`);
}

/**
 * Email subject / SNS Subject: the headline as one plain ASCII line of at most 99 characters. The
 * effective-date clause gives way first, then the treaty name, so the country and verb survive.
 */
export function renderSubject(alert: Alert): string {
  const full = plainSentence(alert);
  if (full.length <= MAX_SUBJECT_LENGTH) return full;
  const sentence = withoutEffectiveClause(full);
  if (sentence.length <= MAX_SUBJECT_LENGTH) return sentence;
  const treaty = toPlainText(treatyShortName(alert));
  const at = treaty ? sentence.lastIndexOf(treaty) : -1;
  const room = MAX_SUBJECT_LENGTH - (sentence.length - treaty.length);
  if (at >= 0 && room >= 12) {
    return `${sentence.slice(0, at)}${truncate(treaty, room)}${sentence.slice(at + treaty.length)}`;
  }
  return truncate(sentence, MAX_SUBJECT_LENGTH);
}

const STATUS_WORDS: Record<StatusSnapshot["status"], string> = {
  party: "party",
  signatory: "signatory",
  non_party: "not a party",
  withdrawn: "withdrawn",
};

function describePending(p: PendingStep): string {
  const what = p.direction === "withdraw" ? "withdrawal" : "accession";
  const effect = p.effectiveDate ? `, takes effect ${p.effectiveDate}` : "";
  return `${what} ${p.stage} since ${p.since}${effect}`;
}

/** "party (withdrawal announced since 2025-03-18)": a status snapshot in words. */
export function describeStatus(s: StatusSnapshot): string {
  const extras: string[] = [];
  if (s.pending) extras.push(describePending(s.pending));
  if (s.suspended) extras.push("suspended");
  return extras.length ? `${STATUS_WORDS[s.status]} (${extras.join("; ")})` : STATUS_WORDS[s.status];
}

function describeStep(alert: Alert): string {
  return alert.stage ? `${alert.direction}, ${alert.stage}` : `${alert.direction} (stage not stated)`;
}

/**
 * Plain-text email body: what changed, previous -> current status, effective date, notes, sources
 * with links, and how to unsubscribe. SNS appends its own unsubscribe link to every email.
 */
export function renderEmail(alert: Alert): string {
  const lines: string[] = [];
  // The body keeps the names as written ("Türkiye"); only the SNS Subject is reduced to ASCII.
  const heading = alertSentence(alert);
  lines.push(heading, "=".repeat(Math.min(heading.length, 72)), "");
  lines.push(
    "What changed",
    `  Treaty:     ${alert.treatyName} (${alert.treaty})`,
    `  Country:    ${alert.countryName} (${alert.country})`,
    `  Step:       ${describeStep(alert)}, on ${alert.occurredAt}`,
    `  Status:     ${describeStatus(alert.previous)}`,
    `          ->  ${describeStatus(alert.current)}`,
    `  Effective:  ${alert.effectiveDate ?? "not known yet"}`,
    `  Detected:   ${alert.detectedAt}`,
    "",
  );
  if (alert.notes?.length) {
    lines.push("Notes");
    for (const note of alert.notes) lines.push(`  - ${note}`);
    lines.push("");
  }
  lines.push("Sources");
  if (alert.sources.length === 0) lines.push("  (none recorded)");
  alert.sources.forEach((source, i) => {
    lines.push(`  ${i + 1}. ${source.title || source.url}`, `     ${source.url}`);
    const meta = [source.published && `published ${source.published}`, source.feed && `via ${source.feed}`]
      .filter(Boolean)
      .join(", ");
    if (meta) lines.push(`     ${meta}`);
  });
  lines.push(
    "",
    `Alert id: ${alert.id}`,
    "",
    "You receive this because this address is subscribed to Treaty Watch alerts.",
    "To stop receiving them, follow the unsubscribe link that Amazon SNS adds at the end of this email.",
  );
  return lines.join("\n");
}

/**
 * One SMS: plain GSM-7 (no diacritics, no extension characters), at most 160 characters, no URLs.
 * "Treaty Watch: Lithuania moves to withdraw from the Ottawa mine-ban treaty (2025-03-18). Effective 2025-09-18."
 */
export function renderSms(alert: Alert): string {
  const prefix = "Treaty Watch: ";
  const datePart = ` (${alert.occurredAt}).`;
  const effectivePart = alert.effectiveDate ? ` Effective ${alert.effectiveDate}.` : "";
  // The headline may already name the effective date; say it once, in the short form.
  const plain = plainSentence(alert);
  const sentence = alert.effectiveDate ? withoutEffectiveClause(plain) : plain;
  const full = `${prefix}${sentence}${datePart}${effectivePart}`;
  if (full.length <= MAX_SMS_LENGTH) return full;
  // Too long (very long names): shorten the sentence, keep the dates which carry the news.
  const room = MAX_SMS_LENGTH - prefix.length - datePart.length - effectivePart.length;
  return `${prefix}${truncate(sentence, room)}${datePart}${effectivePart}`.slice(0, MAX_SMS_LENGTH);
}

/** The Alert JSON of DESIGN.md, as the webhook body and the SQS/HTTPS/Lambda message. */
export function renderAlertJson(alert: Alert): string {
  return JSON.stringify(alert);
}

/** The SNS `Message` for MessageStructure=json: one body per protocol. */
export interface SnsMessageStructure {
  default: string;
  email: string;
  sms: string;
  sqs: string;
  https: string;
  lambda: string;
}

export function renderSnsMessage(alert: Alert): SnsMessageStructure {
  const json = renderAlertJson(alert);
  return {
    default: json,
    email: renderEmail(alert),
    sms: renderSms(alert),
    sqs: json,
    https: json,
    lambda: json,
  };
}

/** The message attributes subscription filter policies match on (stage "none" when the text gave none). */
export interface AlertAttributes {
  treaty: string;
  country: string;
  direction: string;
  stage: string;
}

export const NO_STAGE = "none";

export function alertAttributes(alert: Alert): AlertAttributes {
  return {
    treaty: alert.treaty,
    country: alert.country,
    direction: alert.direction,
    stage: alert.stage ?? NO_STAGE,
  };
}
