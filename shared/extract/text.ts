import type { NewsItem } from "../model/index.ts";

/**
 * Folds text for matching: lower case, diacritics removed, typographic quotes and dashes
 * unified. The result has exactly the length of the input, so a match position in the folded
 * text is the same position in the original (evidence and case checks read the original).
 */
export function fold(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 128) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : code === 96 ? "'" : ch;
      continue;
    }
    let piece = FOLD_CACHE.get(ch);
    if (piece === undefined) {
      piece = foldChar(ch);
      FOLD_CACHE.set(ch, piece);
    }
    out += piece;
  }
  return out;
}

const FOLD_CACHE = new Map<string, string>();

/** Letters NFD does not decompose but news in our languages writes without them too ("Bałtyckie"). */
const PLAIN_LETTERS: Record<string, string> = { ł: "l", Ł: "l", ø: "o", Ø: "o", đ: "d", Đ: "d", ı: "i" };

function foldChar(ch: string): string {
  const plain = PLAIN_LETTERS[ch];
  if (plain) return plain;
  // Cyrillic й and ї are letters of their own (the lexicon writes "выйти", "Київ"): only lower-case.
  if (/[\u0400-\u04ff]/u.test(ch)) {
    const lower = ch.toLowerCase();
    return lower === "ё" ? "е" : lower;
  }
  let piece = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  if (piece === "’" || piece === "‘" || piece === "ʼ" || piece === "`") piece = "'";
  else if (piece === "–" || piece === "—" || piece === "‑") piece = "-";
  if (piece.length !== ch.length)
    piece = piece.length === 0 ? ch : piece.slice(0, ch.length).padEnd(ch.length, " ");
  return piece;
}

export type SentencePart = "title" | "summary" | "content";

export interface Sentence {
  /** Position in the item: 0 is the title. */
  index: number;
  part: SentencePart;
  text: string;
  folded: string;
}

/** Abbreviations that end in a full stop without ending the sentence. */
const NO_BREAK_BEFORE =
  /(?:\b(?:U\.S|U\.N|U\.K|E\.U|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sen|Rep|Gov|Prof|No|Art|para|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|[A-Z])\.)$/;

/** Splits running text into sentences; keeps abbreviations and initials together. */
export function splitSentences(text: string): string[] {
  const clean = text.replace(/\s+/g, " ").trim();
  if (!clean) return [];
  const out: string[] = [];
  let start = 0;
  const boundary = /[.!?]["”’»)]*\s+(?=["“«(]?[\p{Lu}\p{N}])/gu;
  for (let m = boundary.exec(clean); m; m = boundary.exec(clean)) {
    const head = clean.slice(start, m.index + 1);
    if (NO_BREAK_BEFORE.test(head)) continue;
    const end = m.index + m[0].length;
    out.push(clean.slice(start, end).trim());
    start = end;
  }
  if (start < clean.length) out.push(clean.slice(start).trim());
  return out.filter((s) => s.length > 0);
}

/**
 * A dateline opens many ledes ("VILNIUS, April 16 (Reuters) -", "WASHINGTON —", "Riga, December 28
 * (Xinhua) —"). Its city is where the story was filed, not who acted: drop it.
 */
const DATELINE =
  /^\s*(?:[\p{Lu}][\p{L}.'’ -]{1,40}?)(?:,\s*(?:[\p{Lu}][\p{Ll}]{2,9}\.? \d{1,2}(?:,? \d{4})?|\d{1,2} [\p{Lu}][\p{Ll}]+))?\.?\s*(?:\([^)]{1,60}\))?\s*(?:\/?\s*[\p{Lu}][\p{L}]+\s*\/\.?)?\s*(?:--|[-—–:]|\(\p{Lu}+\))\s+/u;
const DATELINE_AGENCY_ONLY = /^\s*\((?:[^)]{1,40})\)\s*[-—–:]?\s*/u;

export function stripDateline(sentence: string): string {
  const agency = DATELINE_AGENCY_ONLY.exec(sentence);
  if (agency) return sentence.slice(agency[0].length);
  const m = DATELINE.exec(sentence);
  if (!m) return sentence;
  const head = m[0];
  // A dateline is short and has no verb-like lower-case run of several words.
  const words = head.trim().split(/\s+/).length;
  const lowerWords = (head.match(/\b\p{Ll}{3,}\b/gu) ?? []).filter((w) => !/^(?:de|of|the|la|le)$/.test(w));
  if (words > 9 || lowerWords.length > 1) return sentence;
  return sentence.slice(head.length);
}

/** The item as sentences: the title first, then summary and content. */
export function itemSentences(item: NewsItem, maxSentences = 40): Sentence[] {
  const out: Sentence[] = [];
  const push = (part: SentencePart, text: string) => {
    if (out.length >= maxSentences) return;
    const normal = text.normalize("NFC").replace(/(\p{L})[—–](\p{Lu})/gu, "$1, $2");
    out.push({ index: out.length, part, text: normal, folded: fold(normal) });
  };
  const title = item.title.replace(/\s+/g, " ").trim();
  if (title) push("title", title);
  for (const part of ["summary", "content"] as const) {
    const body = item[part];
    if (!body) continue;
    const sentences = splitSentences(body);
    sentences.forEach((s, i) => {
      const text = i === 0 ? stripDateline(s) : s;
      // Skip a lede that merely repeats the title (common in feeds).
      if (text && fold(text) !== out[0]?.folded) push(part, text);
    });
  }
  return out;
}
