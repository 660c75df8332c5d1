/**
 * Text shaping for narrow channels: SMS (GSM-7 basic alphabet) and the SNS Subject (ASCII, one line).
 * Pure functions, no I/O.
 */

/**
 * The GSM 03.38 basic character set (one septet each). Extension-table characters such as `[`, `{`, `€`
 * cost two septets and some handsets show them wrong, so an SMS here never uses them.
 */
export const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

/** Letters that Unicode normalisation does not split into base letter + accent. */
const LETTER_FALLBACKS: Record<string, string> = {
  ß: "ss",
  ẞ: "SS",
  Æ: "AE",
  æ: "ae",
  Œ: "OE",
  œ: "oe",
  Ø: "O",
  ø: "o",
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ð: "D",
  ð: "d",
  Þ: "Th",
  þ: "th",
  ı: "i",
  Ħ: "H",
  ħ: "h",
  Ŧ: "T",
  ŧ: "t",
  Ŋ: "N",
  ŋ: "n",
  ĸ: "k",
  "‘": "'",
  "’": "'",
  "‚": "'",
  "′": "'",
  "“": '"',
  "”": '"',
  "„": '"',
  "″": '"',
  "«": '"',
  "»": '"',
  "–": "-",
  "—": "-",
  "‐": "-",
  "‑": "-",
  "−": "-",
  "…": "...",
  "•": "-",
  "·": "-",
  "€": "EUR",
  "[": "(",
  "]": ")",
  "{": "(",
  "}": ")",
  "|": "/",
  "\\": "/",
  "~": "-",
  "^": "",
  "`": "'",
};

/** Printable ASCII that is also in the GSM-7 basic set: the common ground of SMS and SNS subjects. */
function isPlainPrintable(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return ch.length === 1 && code >= 0x20 && code <= 0x7e && GSM7_BASIC.has(ch);
}

/**
 * Turn any text into one line of plain ASCII that is also pure GSM-7: diacritics removed
 * ("Türkiye" -> "Turkiye"), typographic punctuation simplified, whitespace collapsed, everything
 * else dropped.
 */
export function toPlainText(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFKC")) {
    if (/\s/u.test(ch)) {
      out += " ";
      continue;
    }
    const fallback = LETTER_FALLBACKS[ch];
    if (fallback !== undefined) {
      out += fallback;
      continue;
    }
    if (isPlainPrintable(ch)) {
      out += ch;
      continue;
    }
    // Decompose and keep the base letters: "ė" -> "e" + U+0307 -> "e".
    for (const part of ch.normalize("NFD")) {
      if (isPlainPrintable(part)) out += part;
    }
  }
  return out.replace(/ {2,}/g, " ").trim();
}

/**
 * Cut text to at most `max` characters, at a word boundary when one is near, ending with "...".
 * Text that already fits is returned unchanged.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const ellipsis = "...";
  if (max <= ellipsis.length) return text.slice(0, max);
  const room = max - ellipsis.length;
  const cut = text.slice(0, room);
  const lastSpace = cut.lastIndexOf(" ");
  // Only back off to a word boundary if it does not throw away most of the text.
  const body = lastSpace >= room * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${body.replace(/[\s.,;:-]+$/, "")}${ellipsis}`;
}
