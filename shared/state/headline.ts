import type { Treaty } from "../catalog/schema.ts";
import type { StatusSnapshot } from "../model/status.ts";
import type { Direction, IsoDate, Stage } from "../model/vocabulary.ts";

/** Country names that read with "the" in running text. */
const NEEDS_ARTICLE =
  /^(United |Netherlands|Philippines|Bahamas|Gambia|Maldives|Comoros|Seychelles|Marshall Islands|Solomon Islands|Holy See|DR Congo|Congo)|Republic$/;

function countryRef(name: string): string {
  return NEEDS_ARTICLE.test(name) ? `the ${name}` : name;
}

function possessive(ref: string): string {
  return ref.endsWith("s") ? `${ref}'` : `${ref}'s`;
}

/** "the Ottawa mine-ban treaty", but "NATO", "UNESCO", "ECOWAS": an acronym name takes no article. */
function treatyRef(treaty: Treaty): string {
  if (/^the /i.test(treaty.shortName) || /^[A-Z]{3,}$/.test(treaty.shortName)) return treaty.shortName;
  return `the ${treaty.shortName}`;
}

/** Who receives the notice, as a headline names it; null where no short name fits. */
function depositaryRef(treaty: Treaty): string | null {
  if (/United Nations/.test(treaty.depositary)) return "the UN";
  if (/Council of Europe/.test(treaty.depositary)) return "the Council of Europe";
  return null;
}

function longDate(date: IsoDate): string {
  const [y, m, d] = date.split("-").map(Number);
  const month = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1)).toLocaleString("en-GB", {
    month: "long",
    timeZone: "UTC",
  });
  return `${d} ${month} ${y}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface HeadlineInput {
  treaty: Treaty;
  countryName: string;
  direction: Direction;
  stage: Stage | null;
  previous: StatusSnapshot;
  effectiveDate: IsoDate | null;
}

/** The one-line news-style headline of an alert. Pure. */
export function headline(input: HeadlineInput): string {
  const who = countryRef(input.countryName);
  const theirs = possessive(who);
  const treaty = treatyRef(input.treaty);
  const effective = input.effectiveDate ? `, effective ${longDate(input.effectiveDate)}` : "";
  const text = (() => {
    switch (input.direction) {
      case "withdraw":
        switch (input.stage ?? "announced") {
          case "announced":
            return `${who} moves to withdraw from ${treaty}`;
          case "approved":
            return `${theirs} parliament approves leaving ${treaty}`;
          case "deposited": {
            const to = depositaryRef(input.treaty);
            return to
              ? `${who} notifies ${to} of its withdrawal from ${treaty}${effective}`
              : `${who} gives formal notice of its withdrawal from ${treaty}${effective}`;
          }
          case "effective":
            return `${theirs} withdrawal from ${treaty} takes effect`;
        }
        break;
      case "join":
        switch (input.stage ?? "announced") {
          case "announced":
            return `${who} moves to join ${treaty}`;
          case "approved":
            return `${theirs} parliament approves joining ${treaty}`;
          case "deposited":
            return `${who} deposits its instrument to join ${treaty}${effective}`;
          case "effective":
            // Joining an organisation's founding treaty is joining the organisation.
            return input.treaty.organisation
              ? `${who} becomes a member of ${treaty}`
              : `${who} becomes a party to ${treaty}`;
        }
        break;
      case "suspend":
        return `${who} suspends its participation in ${treaty}`;
      case "resume":
        return input.previous.pending?.direction === "withdraw"
          ? `${who} cancels its withdrawal from ${treaty}`
          : `${who} resumes its participation in ${treaty}`;
      case "sign":
        return `${who} signs ${treaty}`;
    }
    return `${who}: ${input.direction} ${treaty}`;
  })();
  return capitalise(text);
}
