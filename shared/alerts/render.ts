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

/** How a sentence names the treaty. */
export interface TreatyPhrase {
  /** "Ottawa mine-ban treaty", "NATO". */
  name: string;
  /** True when the name is an organisation (joining makes a "member", not a "party"). */
  organisation: boolean;
}

/** The catalog's short name ("Ottawa mine-ban treaty") when the catalog has the treaty, else the alert's name. */
export function treatyPhrase(alert: Alert): TreatyPhrase {
  let shortName: string | undefined;
  let organisation: string | null = null;
  try {
    const treaty = getTreaty(alert.treaty);
    shortName = treaty?.shortName;
    organisation = treaty?.organisation ?? null;
  } catch {
    // Catalog missing or invalid: the alert carries a usable name of its own.
  }
  const name = ((shortName ?? alert.treatyName).trim() || alert.treaty).replace(/^the\s+/i, "");
  return { name, organisation: organisation !== null && organisation === shortName };
}

/** Acronyms read without an article ("leave NATO"); other names take one ("leave the Paris climate agreement"). */
function withArticle(name: string): string {
  return /^[A-Z0-9]{2,}$/.test(name) ? name : `the ${name}`;
}

/** "Lithuania moves to leave the Ottawa mine-ban treaty": the sentence behind subject and SMS. */
export function describeChange(alert: Alert, country: string, treaty: TreatyPhrase): string {
  const the = withArticle(treaty.name);
  switch (alert.direction) {
    case "withdraw":
      switch (alert.stage) {
        case "approved":
          return `${country} approves leaving ${the}`;
        case "deposited":
          return `${country} gives notice to leave ${the}`;
        case "effective":
          return `${country} has left ${the}`;
        default:
          return `${country} moves to leave ${the}`;
      }
    case "join":
      switch (alert.stage) {
        case "approved":
          return `${country} approves joining ${the}`;
        case "deposited":
          return `${country} deposits its instrument to join ${the}`;
        case "effective":
          return `${country} is now a ${treaty.organisation ? "member of" : "party to"} ${the}`;
        default:
          return `${country} moves to join ${the}`;
      }
    case "suspend":
      return `${country} suspends its participation in ${the}`;
    case "resume":
      return alert.previous.pending?.direction === "withdraw"
        ? `${country} cancels its withdrawal from ${the}`
        : `${country} resumes its participation in ${the}`;
    case "sign":
      return `${country} signs ${the}`;
  }
}

/** Country and treaty reduced to plain ASCII/GSM-7 for the narrow channels. */
function plainParts(alert: Alert): { country: string; treaty: TreatyPhrase } {
  const phrase = treatyPhrase(alert);
  return {
    country: toPlainText(alert.countryName) || alert.country,
    treaty: { ...phrase, name: toPlainText(phrase.name) || alert.treaty },
  };
}

/**
 * Email subject / SNS Subject: one plain ASCII line of at most 99 characters. The treaty name gives
 * way first, so the country and the verb always survive.
 */
export function renderSubject(alert: Alert): string {
  const { country, treaty } = plainParts(alert);
  const full = describeChange(alert, country, treaty);
  if (full.length <= MAX_SUBJECT_LENGTH) return full;
  // "the " may appear with the shortened name, so leave room for it.
  const treatyRoom = MAX_SUBJECT_LENGTH - describeChange(alert, country, { ...treaty, name: "" }).length - 4;
  if (treatyRoom >= 12) {
    const shortened = describeChange(alert, country, { ...treaty, name: truncate(treaty.name, treatyRoom) });
    if (shortened.length <= MAX_SUBJECT_LENGTH) return shortened;
  }
  return truncate(full, MAX_SUBJECT_LENGTH);
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
  const heading = describeChange(alert, alert.countryName.trim() || alert.country, treatyPhrase(alert));
  lines.push(heading, "=".repeat(Math.min(heading.length, 72)), "");
  if (alert.headline.trim() && alert.headline.trim() !== heading) {
    lines.push(`Reported as: ${alert.headline.trim()}`, "");
  }
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
 * "Treaty Watch: Lithuania moves to leave the Ottawa mine-ban treaty (2025-03-18). In force 2025-09-18."
 */
export function renderSms(alert: Alert): string {
  const prefix = "Treaty Watch: ";
  const { country, treaty } = plainParts(alert);
  const datePart = ` (${alert.occurredAt}).`;
  const effectivePart = alert.effectiveDate ? ` Effective ${alert.effectiveDate}.` : "";
  const sentence = describeChange(alert, country, treaty);
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
