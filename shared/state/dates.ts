import type { EffectRule, Treaty } from "../catalog/schema.ts";
import type { IsoDate } from "../model/vocabulary.ts";

/** Calendar arithmetic on YYYY-MM-DD strings, in UTC, with no time-of-day to drift. */

function parts(date: IsoDate): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number);
  return [y ?? 0, m ?? 1, d ?? 1];
}

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds calendar months; a day past the end of the target month clamps to its last day (31 Aug + 6 = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** The UTC calendar date of an instant. */
export function toIsoDate(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

/** Date part of an ISO timestamp or date string; null when it cannot be read. */
export function isoDateOf(value: string | undefined | null): IsoDate | null {
  if (!value) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  return toIsoDate(new Date(time));
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** The day an instrument lodged on `receipt` takes effect under `rule`; null when the treaty has no clause. */
export function applyEffectRule(rule: EffectRule, receipt: IsoDate): IsoDate | null {
  switch (rule.kind) {
    case "after":
      return addDays(addMonths(receipt, rule.months), rule.days);
    case "first-of-month-after": {
      const expiry = addDays(addMonths(receipt, rule.months), rule.days);
      const [y, m] = parts(addMonths(expiry.slice(0, 8).concat("01"), 1));
      return format(y, m, 1);
    }
    case "first-of-nth-month": {
      const [y, m] = parts(addMonths(receipt.slice(0, 8).concat("01"), rule.n));
      return format(y, m, 1);
    }
    case "end-of-following-year":
      return format(parts(receipt)[0] + 1, 12, 31);
    case "end-of-financial-year": {
      const [y, m] = parts(receipt);
      return format(m <= rule.lastMonthForThisYear ? y : y + 1, 12, 31);
    }
    case "none":
      return null;
  }
}

/**
 * When a withdrawal notified on `receipt` takes effect: the treaty's clause (or the country's override,
 * e.g. the US reservation to the WHO Constitution), counted no earlier than the day notice was allowed
 * (Paris: three years after entry into force for that party, when that date is known).
 */
export function withdrawalEffectiveDate(
  treaty: Treaty,
  country: string,
  receipt: IsoDate,
  memberSince: IsoDate | null,
): IsoDate | null {
  const clause = treaty.withdrawal;
  const rule = clause.overrides[country] ?? clause.rule;
  const earliestNotice =
    clause.minYearsInForce && memberSince ? addYears(memberSince, clause.minYearsInForce) : receipt;
  return applyEffectRule(rule, maxDate(receipt, earliestNotice));
}

/** When an accession/ratification deposited on `receipt` takes effect; null when the catalog has no rule. */
export function accessionEffectiveDate(treaty: Treaty, receipt: IsoDate): IsoDate | null {
  return treaty.accession ? applyEffectRule(treaty.accession.rule, receipt) : null;
}
