import countries from "i18n-iso-countries/index.js";
import da from "i18n-iso-countries/langs/da.json" with { type: "json" };
import de from "i18n-iso-countries/langs/de.json" with { type: "json" };
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import es from "i18n-iso-countries/langs/es.json" with { type: "json" };
import et from "i18n-iso-countries/langs/et.json" with { type: "json" };
import fi from "i18n-iso-countries/langs/fi.json" with { type: "json" };
import fr from "i18n-iso-countries/langs/fr.json" with { type: "json" };
import it from "i18n-iso-countries/langs/it.json" with { type: "json" };
import lt from "i18n-iso-countries/langs/lt.json" with { type: "json" };
import lv from "i18n-iso-countries/langs/lv.json" with { type: "json" };
import nb from "i18n-iso-countries/langs/nb.json" with { type: "json" };
import nl from "i18n-iso-countries/langs/nl.json" with { type: "json" };
import pl from "i18n-iso-countries/langs/pl.json" with { type: "json" };
import pt from "i18n-iso-countries/langs/pt.json" with { type: "json" };
import ru from "i18n-iso-countries/langs/ru.json" with { type: "json" };
import sv from "i18n-iso-countries/langs/sv.json" with { type: "json" };
import uk from "i18n-iso-countries/langs/uk.json" with { type: "json" };
import {
  type ActorRole,
  COUNTRY_ADDITIONS,
  COUNTRY_GROUPS,
  GAZETTEER_LANGUAGES,
  GOVERNMENT_HEADS,
  GROUP_ABBREVIATIONS,
  INFLECTED_LANGUAGES,
  NON_ACTOR_HEADS,
  PARLIAMENT_HEADS,
} from "./lexicon/countries.ts";
import { TREATY_LEXICON } from "./lexicon/treaties.ts";
import { TRIGGER_FAMILIES } from "./lexicon/triggers.ts";
import { fold, type Sentence } from "./text.ts";

for (const locale of [da, de, en, es, et, fi, fr, it, lt, lv, nb, nl, pl, pt, ru, sv, uk]) {
  countries.registerLocale(locale);
}

export interface TreatyMention {
  treaty: string;
  start: number;
  end: number;
  text: string;
}

export type MentionKind = "name" | "demonym" | "capital" | "government" | "parliament" | "group";

export interface CountryMention {
  codes: string[];
  start: number;
  end: number;
  text: string;
  kind: MentionKind;
  /** Who in the country acts, read from the mention and the words around it. */
  role: ActorRole;
  /** "Russian ally", "Russia-led": the country is named but does not act. */
  nonActor: boolean;
}

const L = "[\\p{L}\\p{N}]";
const bounded = (alternatives: string[]) => `(?<!${L})(?:${alternatives.join("|")})(?!${L})`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ---------------------------------------------------------------- treaties

interface CompiledTreaty {
  id: string;
  folded: RegExp;
  abbreviations: RegExp | null;
}

const COMPILED_TREATIES: CompiledTreaty[] = TREATY_LEXICON.map((entry) => ({
  id: entry.id,
  folded: new RegExp(bounded(entry.patterns), "gu"),
  abbreviations: entry.abbreviations.length
    ? new RegExp(bounded(entry.abbreviations.map(escapeRe)), "gu")
    : null,
}));

/** Non-overlapping spans: longest first, then earliest. */
function resolveOverlaps<T extends { start: number; end: number }>(found: T[]): T[] {
  const sorted = [...found].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: T[] = [];
  for (const m of sorted) {
    if (kept.every((k) => m.end <= k.start || m.start >= k.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function findTreaties(sentence: Sentence): TreatyMention[] {
  const found: TreatyMention[] = [];
  for (const t of COMPILED_TREATIES) {
    for (const m of sentence.folded.matchAll(t.folded)) {
      const start = m.index;
      const end = start + m[0].length;
      found.push({ treaty: t.id, start, end, text: sentence.text.slice(start, end) });
    }
    if (t.abbreviations) {
      for (const m of sentence.text.matchAll(t.abbreviations)) {
        found.push({ treaty: t.id, start: m.index, end: m.index + m[0].length, text: m[0] });
      }
    }
  }
  return resolveOverlaps(found);
}

/** Splits treaty mentions into references to the treaty and modifiers ("Nato allies"). */
export function classifyTreatyMentions(
  folded: string,
  all: TreatyMention[],
): { real: TreatyMention[]; modifiers: TreatyMention[] } {
  const real: TreatyMention[] = [];
  const modifiers: TreatyMention[] = [];
  all.forEach((t, i) => (describesSomethingElse(folded, t, all[i + 1]) ? modifiers : real).push(t));
  return { real, modifiers };
}

/** Organisation names used as a modifier: "Nato allies", "his NATO country", "the Council of Europe's Istanbul Convention". */
const MODIFIER_HEAD =
  /^(?:'s\s+|\s+)(?:allies|ally|members?|member states?|countries|country|nations|chief|head|summit|secretary|secretary-general|ambassadors?|officials?|spokes\p{L}*|leaders?|ministers?|states?|partners?|troops|forces|membership bids?|bid|accession protocols?|agreements?|protocols?|decisions?|resolutions?|mission|budget|observers?|representatives?|envoys?|delegations?|delegates|staff|offices?|exercises?|drills?|capitals|territory|eastern flank|standards?|-led)(?![\p{L}])/u;

function describesSomethingElse(folded: string, t: TreatyMention, next: TreatyMention | undefined): boolean {
  const after = folded.slice(t.end, t.end + 40);
  if (next && /^(?:'s)?\s+$/u.test(folded.slice(t.end, next.start))) return true;
  return MODIFIER_HEAD.test(after);
}

// ---------------------------------------------------------------- countries

interface NameEntry {
  tokens: string[];
  codes: string[];
  /** Last token is a stem: a case ending of up to 4 letters may follow. */
  stem: boolean;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const tokenize = (folded: string) => [...folded.matchAll(TOKEN)].map((m) => m[0]);

/** First token → names that start with it. Built once from i18n-iso-countries. */
const NAME_INDEX = new Map<string, NameEntry[]>();
/** First four letters → stemmed one-word names (inflecting languages). */
const STEM_INDEX = new Map<string, NameEntry[]>();

/** Nominative endings of the inflecting languages, longest first. */
const NOMINATIVE_ENDINGS = [
  "ija",
  "iya",
  "ия",
  "ія",
  "ia",
  "ja",
  "as",
  "is",
  "us",
  "a",
  "e",
  "i",
  "o",
  "y",
  "я",
  "а",
  "ы",
  "и",
  "і",
  "й",
];

/**
 * Case forms a stem cannot reach because the stem itself alternates (Polish "Polska" → "Polsce",
 * "Niemcy" → "Niemiec"): per-language rewrite rules applied to every name of that language.
 */
const STEM_ALTERNATIONS: Readonly<Record<string, readonly [RegExp, readonly string[]][]>> = {
  pl: [
    [/ska$/u, ["sce"]],
    [/cy$/u, ["iec", "czech", "com"]],
    [/gry$/u, ["gier", "grzech"]],
    [/ry$/u, ["r", "rach"]],
  ],
  ru: [[/ия$/u, ["ии", "ию", "ией"]]],
  uk: [[/ія$/u, ["ії", "ію", "ією"]]],
};

function addName(name: string, code: string, inflected: boolean): void {
  const tokens = tokenize(fold(name));
  if (tokens.length === 0 || tokens.join("").length < 3) return;
  const first = tokens[0] as string;
  if (inflected && tokens.length === 1 && first.length >= 5) {
    // The longest nominative ending that still leaves a stem of four letters: "Rusija" → "rusi", "Norja" → "norj".
    const ending = NOMINATIVE_ENDINGS.find((e) => first.endsWith(e) && first.length - e.length >= 4) ?? "";
    const stem = first.slice(0, first.length - ending.length);
    if (stem.length >= 4) {
      const key = stem.slice(0, 4);
      const list = STEM_INDEX.get(key) ?? [];
      list.push({ tokens: [stem], codes: [code], stem: true });
      STEM_INDEX.set(key, list);
      return;
    }
  }
  const list = NAME_INDEX.get(first) ?? [];
  if (!list.some((e) => e.tokens.join(" ") === tokens.join(" ") && e.codes[0] === code)) {
    list.push({ tokens, codes: [code], stem: false });
  }
  NAME_INDEX.set(first, list);
}

/** Official names that are also ordinary words or would shadow a better reading. */
const SKIPPED_NAMES = new Set([
  "jersey",
  "man",
  "guernsey",
  "georgia",
  "chad",
  "jordan",
  "turkey",
  "niue",
  "iran",
  "india",
]);

for (const lang of GAZETTEER_LANGUAGES) {
  const names = countries.getNames(lang, { select: "all" }) as Record<string, string[]>;
  for (const [code, variants] of Object.entries(names)) {
    for (const name of variants) {
      const key = fold(name);
      if (lang !== "en" && SKIPPED_NAMES.has(key)) continue;
      addName(name, code, INFLECTED_LANGUAGES.has(lang));
      const folded = fold(name);
      if (/\s/u.test(folded)) continue;
      for (const [ending, forms] of STEM_ALTERNATIONS[lang] ?? []) {
        if (!ending.test(folded)) continue;
        for (const form of forms) addName(folded.replace(ending, form), code, false);
      }
    }
  }
}
// English names that are ordinary words are still countries when capitalised; keep them here.
for (const [name, code] of [
  ["Georgia", "GE"],
  ["Chad", "TD"],
  ["Jordan", "JO"],
  ["Iran", "IR"],
  ["India", "IN"],
  ["Turkey", "TR"],
] as const) {
  addName(name, code, false);
}

interface KindRegex {
  kind: MentionKind;
  role: ActorRole;
  regex: RegExp;
  codesByGroup: string[][];
  caseFree: boolean[];
}

function compileKind(
  kind: MentionKind,
  role: ActorRole,
  entries: { codes: string[]; patterns: string[] }[],
): KindRegex {
  const groups: string[] = [];
  const codesByGroup: string[][] = [];
  const caseFree: boolean[] = [];
  for (const e of entries) {
    // Demonyms in inflecting or non-Latin languages are written in lower case ("russische", "российский").
    const free = e.patterns.filter(
      (p) => (kind === "demonym" || kind === "group") && (/\\p\{L\}/.test(p) || /[^\x00-\x7f]/.test(p)),
    );
    const strict = e.patterns.filter((p) => !free.includes(p));
    for (const [list, isFree] of [
      [strict, false],
      [free, true],
    ] as const) {
      if (list.length === 0) continue;
      groups.push(`(${list.join("|")})`);
      codesByGroup.push(e.codes);
      caseFree.push(isFree);
    }
  }
  return { kind, role, regex: new RegExp(bounded(groups), "gu"), codesByGroup, caseFree };
}

const pick = (key: "names" | "demonyms" | "capitals" | "government" | "parliaments") =>
  COUNTRY_ADDITIONS.filter((a) => a[key]?.length).map((a) => ({ codes: a.codes, patterns: a[key] ?? [] }));

const KIND_REGEXES: KindRegex[] = [
  compileKind("name", "country", pick("names")),
  compileKind("demonym", "country", pick("demonyms")),
  compileKind("capital", "country", pick("capitals")),
  compileKind("government", "government", pick("government")),
  compileKind("parliament", "parliament", pick("parliaments")),
  compileKind(
    "group",
    "country",
    COUNTRY_GROUPS.map((g) => ({ codes: g.codes, patterns: g.patterns })),
  ),
];

const ABBREVIATIONS: { regex: RegExp; codes: string[]; kind: MentionKind }[] = [
  ...COUNTRY_ADDITIONS.filter((a) => a.abbreviations?.length).map((a) => ({
    regex: new RegExp(bounded((a.abbreviations ?? []).map(escapeRe)), "gu"),
    codes: a.codes,
    kind: "name" as MentionKind,
  })),
  ...GROUP_ABBREVIATIONS.map((g) => ({
    regex: new RegExp(bounded([escapeRe(g.abbreviation)]), "gu"),
    codes: g.codes,
    kind: "group" as MentionKind,
  })),
];

/** A word that is a treaty step is never an inflected country name ("Austritt" is not "Austrija"). */
const TRIGGER_WORD = new RegExp(`^(?:${TRIGGER_FAMILIES.map((f) => f.pattern).join("|")})$`, "u");

const isUpper = (ch: string | undefined) => !!ch && ch !== ch.toLowerCase() && ch === ch.toUpperCase();

const AFTER_NON_ACTOR = new RegExp(`^(?:'s |s' |' |-| )?${NON_ACTOR_HEADS}(?!${L})`, "u");
const AFTER_PARLIAMENT = new RegExp(
  `^(?:'s |s' |' | )?(?:(?:\\p{L}+ ){0,1})${PARLIAMENT_HEADS}(?!${L})`,
  "u",
);
const AFTER_GOVERNMENT = new RegExp(
  `^(?:'s |s' |' | )?(?:(?:\\p{L}+ ){0,1})${GOVERNMENT_HEADS}(?!${L})`,
  "u",
);
const BEFORE_PARLIAMENT = new RegExp(`${PARLIAMENT_HEADS} (?:of|in) (?:the )?(?:republic of )?$`, "u");
const BEFORE_GOVERNMENT = new RegExp(`${GOVERNMENT_HEADS} (?:of|in) (?:the )?(?:republic of )?$`, "u");

function roleAround(
  folded: string,
  start: number,
  end: number,
  base: ActorRole,
): { role: ActorRole; nonActor: boolean } {
  const after = folded.slice(end, end + 60);
  const before = folded.slice(Math.max(0, start - 50), start);
  if (AFTER_NON_ACTOR.test(after)) return { role: base, nonActor: true };
  if (base !== "country") return { role: base, nonActor: false };
  if (AFTER_PARLIAMENT.test(after) || BEFORE_PARLIAMENT.test(before))
    return { role: "parliament", nonActor: false };
  if (AFTER_GOVERNMENT.test(after) || BEFORE_GOVERNMENT.test(before))
    return { role: "government", nonActor: false };
  return { role: "country", nonActor: false };
}

/**
 * Countries named in a sentence. `masked` is the folded sentence with treaty names blanked, so the
 * "Paris" of the Paris Agreement or the "American" of the Organization of American States is no actor.
 */
export function findCountries(sentence: Sentence, masked: string): CountryMention[] {
  const found: CountryMention[] = [];
  const original = sentence.text;
  const add = (codes: string[], start: number, end: number, kind: MentionKind, baseRole: ActorRole) => {
    const { role, nonActor } = roleAround(masked, start, end, baseRole);
    found.push({ codes, start, end, text: original.slice(start, end), kind, role, nonActor });
  };

  // Gazetteer names, token by token.
  const tokens = [...masked.matchAll(TOKEN)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as { text: string; start: number; end: number };
    if (!isUpper(original[tok.start])) continue;
    let best: { entry: NameEntry; end: number } | null = null;
    for (const entry of NAME_INDEX.get(tok.text) ?? []) {
      const n = entry.tokens.length;
      let ok = true;
      for (let k = 1; k < n && ok; k++) ok = tokens[i + k]?.text === entry.tokens[k];
      if (!ok) continue;
      const last = tokens[i + n - 1] as { end: number };
      if (!best || last.end > best.end) best = { entry, end: last.end };
    }
    if (!best && tok.text.length >= 4) {
      for (const entry of STEM_INDEX.get(tok.text.slice(0, 4)) ?? []) {
        const stem = entry.tokens[0] as string;
        // Case endings end in a vowel or n/s/m/j/h/t (й/м/х): "Daniel" is no form of "Dania".
        const ending = tok.text.slice(stem.length);
        if (/[bcdfgklpqrvwxz]$|[бвгґджзклнпрстфцчшщ]$/u.test(ending)) continue;
        if (tok.text.startsWith(stem) && tok.text.length - stem.length <= 4 && !TRIGGER_WORD.test(tok.text)) {
          best = { entry, end: tok.end };
          break;
        }
      }
    }
    // Germanic genitive: "Estlands", "Polens" (a one-word name plus -s).
    if (!best && tok.text.length >= 6 && tok.text.endsWith("s")) {
      const entry = (NAME_INDEX.get(tok.text.slice(0, -1)) ?? []).find((e) => e.tokens.length === 1);
      if (entry) best = { entry, end: tok.end };
    }
    if (best) add(best.entry.codes, tok.start, best.end, "name", "country");
  }

  for (const k of KIND_REGEXES) {
    for (const m of masked.matchAll(k.regex)) {
      const g = m.slice(1).findIndex((v) => v !== undefined);
      if (g < 0) continue;
      if (!k.caseFree[g] && !isUpper(original[m.index]) && !/^the /.test(m[0])) continue;
      add(k.codesByGroup[g] as string[], m.index, m.index + m[0].length, k.kind, k.role);
    }
  }
  for (const a of ABBREVIATIONS) {
    for (const m of original.matchAll(a.regex)) {
      if (masked.slice(m.index, m.index + m[0].length).trim() === "") continue;
      add(a.codes, m.index, m.index + m[0].length, a.kind, "country");
    }
  }
  return resolveOverlaps(found);
}

/** Blank out spans (same length), e.g. treaty names before looking for countries. */
export function maskSpans(folded: string, spans: { start: number; end: number }[]): string {
  let out = folded;
  for (const s of spans) out = out.slice(0, s.start) + " ".repeat(s.end - s.start) + out.slice(s.end);
  return out;
}
