import { decodeHTML } from "entities";
import { doctypeLength } from "./detect.ts";

/**
 * Makes decoded XML safe and palatable for the XML parser without changing its element structure:
 * the XML declaration goes (the text is already decoded), the whole DOCTYPE goes (so no entity is
 * ever declared, expanded or fetched: a billion-laughs document leaves only undefined references,
 * which stay literal text), characters XML forbids go, and junk before the first tag goes.
 */
export function prepareXml(text: string): { xml: string; hadDoctype: boolean } {
  let xml = stripForbiddenChars(text);
  let hadDoctype = false;
  // Prolog: declarations, comments, PIs and the DOCTYPE, in any order.
  let prolog = "";
  let rest = xml;
  for (let guard = 0; guard < 1000; guard++) {
    const junk = /^[^<]*/.exec(rest)?.[0] ?? "";
    rest = rest.slice(junk.length);
    if (rest.startsWith("<?")) {
      const end = rest.indexOf("?>");
      rest = end < 0 ? "" : rest.slice(end + 2); // XML declaration and PIs: not needed after decoding
    } else if (rest.startsWith("<!--")) {
      const end = rest.indexOf("-->");
      prolog += end < 0 ? "" : rest.slice(0, end + 3);
      rest = end < 0 ? "" : rest.slice(end + 3);
    } else if (/^<!DOCTYPE/i.test(rest)) {
      hadDoctype = true;
      rest = rest.slice(doctypeLength(rest));
    } else break;
  }
  xml = prolog + rest;
  return { xml, hadDoctype };
}

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function stripForbiddenChars(text: string): string {
  return text.replace(FORBIDDEN, "");
}

/**
 * Second-chance repair for documents the strict parser rejected: bare ampersands and references to
 * entities nobody declared (HTML names are fine, the parser knows them) become literal text.
 */
export function repairXml(xml: string): string {
  return xml.replace(/&(#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][\w.-]*;)?/g, (whole, ref: string | undefined) => {
    if (!ref) return "&amp;";
    if (ref.startsWith("#")) return whole;
    const name = ref.slice(0, -1);
    if (["amp", "lt", "gt", "quot", "apos"].includes(name)) return whole;
    const decoded = decodeHTML(whole);
    if (decoded === whole) return `&amp;${ref}`;
    return Array.from(decoded, (char) => `&#${char.codePointAt(0)};`).join("");
  });
}

/**
 * Last resort for a truncated document (a cut-off download, a lost final `>`): finishes a dangling
 * close tag or drops a partial tag, closes an open CDATA section, then closes every element still open.
 */
export function closeTruncatedXml(xml: string): string {
  let text = xml.trimEnd();
  if (/<\/[\w.:-]+$/.test(text)) text += ">";
  else text = text.replace(/<(?!!\[CDATA\[)[^>]*$/, "");
  const stack: string[] = [];
  const token =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<\/([\w.:-]+)[^>]*>|<([\w.:-]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;
  for (const match of text.matchAll(token)) {
    const [whole, closing, opening, selfClosing] = match;
    if (whole.startsWith("<![CDATA[") && !whole.endsWith("]]>")) text += "]]>";
    else if (closing) {
      const at = stack.lastIndexOf(closing);
      if (at >= 0) stack.length = at;
    } else if (opening && !selfClosing) stack.push(opening);
  }
  return (
    text +
    stack
      .reverse()
      .map((name) => `</${name}>`)
      .join("")
  );
}
