import { countryName, treaties } from "../../shared/catalog/index.ts";
import type { NewsItem } from "../../shared/model/news-item.ts";
import type { LabelledEvent } from "./extract-score.ts";

/**
 * The naive alert issue 8 measures us against: a treaty name and a membership verb anywhere in the
 * text, and every country named is taken as acting. No stage, no negation, no actor.
 */
const VERBS: Array<[RegExp, string]> = [
  [/\b(withdraw\w*|leav\w+|quit\w*|exit\w*|pull\w* out|revok\w+|denounc\w+)\b/i, "withdraw"],
  [/\b(suspend\w*|freez\w+)\b/i, "suspend"],
  [/\b(rejoin\w*|return\w* to|revers\w+)\b/i, "resume"],
  [/\b(join\w*|ratif\w+|accede\w*|accession)\b/i, "join"],
  [/\bsign\w*\b/i, "sign"],
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const TREATY_PATTERNS = [...treaties().values()].map((t) => ({
  id: t.id,
  pattern: new RegExp(`\\b(${[t.name, t.shortName, ...t.aliases].map(escape).join("|")})\\b`, "i"),
}));

const COUNTRY_PATTERNS = (() => {
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) codes.push(String.fromCharCode(a, b));
  return codes
    .map((code) => ({ code, name: countryName(code) }))
    .filter(({ code, name }) => name !== code)
    .map(({ code, name }) => ({ code, pattern: new RegExp(`\\b${escape(name)}\\b`, "i") }));
})();

export function keywordBaseline(item: NewsItem): LabelledEvent[] {
  const text = [item.title, item.summary, item.content].filter(Boolean).join(" ");
  const verb = VERBS.find(([pattern]) => pattern.test(text));
  if (!verb) return [];
  const treatyIds = TREATY_PATTERNS.filter((t) => t.pattern.test(text)).map((t) => t.id);
  const countries = COUNTRY_PATTERNS.filter((c) => c.pattern.test(text)).map((c) => c.code);
  return treatyIds.flatMap((treaty) =>
    countries.map((country) => ({ treaty, country, direction: verb[1], stage: null })),
  );
}
