import { decodeHTML } from "entities";

const DROPPED_ELEMENTS =
  /<(script|style|noscript|template|iframe|object|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_BOUNDARY =
  /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|section|article|header|footer|figure|figcaption)\b[^>]*>/gi;
const ANY_TAG = /<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?-->|<![A-Za-z][^>]*>|<\?[\s\S]*?\?>/g;

/** HTML (or HTML-escaped text, as RSS titles often are) to one line of clean plain text. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const withoutMarkup = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<!--[\s\S]*$/, " ")
    .replace(DROPPED_ELEMENTS, " ")
    .replace(BLOCK_BOUNDARY, " ")
    .replace(ANY_TAG, "");
  return collapseWhitespace(stripControlChars(decodeHTML(withoutMarkup)));
}

/** Plain text (Atom type="text"): only whitespace is tidied. */
export function plainText(text: string): string {
  return collapseWhitespace(stripControlChars(text));
}

function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, " ").trim();
}

function stripControlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, "");
}
