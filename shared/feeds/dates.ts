/**
 * The one place feed dates are parsed. Accepts RFC 822/1123 (with the usual breakage: missing weekday,
 * two-digit years, named or military zones, no seconds), ISO 8601 / W3C-DTF (with or without zone,
 * date only), and anything else Date.parse reads sensibly. Returns ISO-8601 UTC, or undefined when the
 * text is not a date: a bad date leaves the item without a date, it never fails the feed.
 */
export function parseFeedDate(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const text = raw.trim().replace(/\s+/g, " ");
  if (text === "" || text.length > 100) return undefined;
  const ms = parseIso(text) ?? parseRfc822(text) ?? parseLoose(text);
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  if (year < 1970 || year > 2200) return undefined;
  return new Date(ms).toISOString();
}

const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  AST: -4,
  ADT: -3,
  HST: -10,
  AKST: -9,
  AKDT: -8,
  BST: 1,
  IST: 5.5,
  CET: 1,
  CEST: 2,
  MET: 1,
  MEST: 2,
  EET: 2,
  EEST: 3,
  WET: 0,
  WEST: 1,
  MSK: 3,
  JST: 9,
  KST: 9,
  AEST: 10,
  AEDT: 11,
  NZST: 12,
  NZDT: 13,
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function parseIso(text: string): number | undefined {
  const m =
    /^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text,
    );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const base = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d ?? 1),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    millis,
  );
  if (!validParts(Number(mo), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)))
    return undefined;
  return base - zoneOffsetMinutes(zone) * 60_000;
}

function parseRfc822(text: string): number | undefined {
  // [Wkday,] DD Mon YYYY [HH:MM[:SS]] [zone]
  const m =
    /^(?:[A-Za-z]{2,9},?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?(?:\s.*)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const [, d, monthName, y, h, mi, s, zone] = m;
  const month = MONTHS.indexOf((monthName ?? "").slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  let year = Number(y);
  if ((y ?? "").length === 2) year += year < 50 ? 2000 : 1900;
  else if ((y ?? "").length === 3) year += 1900;
  if (!validParts(month + 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))) return undefined;
  const offset = zoneOffsetMinutes(zone);
  return Date.UTC(year, month, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - offset * 60_000;
}

function parseLoose(text: string): number | undefined {
  // Only hand Date.parse text that has a 4-digit year, so "5" or "yesterday" never becomes a date.
  if (!/\b(19|20|21)\d{2}\b/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function validParts(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const sign = numeric[1] === "-" ? -1 : 1;
    return sign * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  }
  const named = ZONES[zone.toUpperCase()];
  if (named !== undefined) return named * 60;
  // RFC 822 military zones are notoriously inverted in practice; treat them (and unknown names) as UTC.
  return 0;
}
