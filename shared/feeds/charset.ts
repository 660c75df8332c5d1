import iconv from "iconv-lite";

/** Where the encoding used to decode a feed came from (for diagnostics and tests). */
export type CharsetSource =
  | "bom"
  | "bom-less-utf16-32"
  | "http"
  | "xml-declaration"
  | "utf8-override"
  | "fallback";

export interface DecodedText {
  text: string;
  /** Canonical encoding name actually used. */
  encoding: string;
  source: CharsetSource;
}

/** Extracts `charset=` from a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2] ? normaliseLabel(match[2]) : undefined;
}

/** Reads the encoding pseudo-attribute of an ASCII-compatible XML declaration. */
export function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, 512));
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return match?.[1] ? normaliseLabel(match[1]) : undefined;
}

/**
 * Decodes feed bytes to text. Order: BOM, BOM-less UTF-16/32 sniffing, HTTP charset, XML declaration,
 * UTF-8, windows-1252. A declared single-byte encoding is overridden when the bytes are valid UTF-8
 * with multi-byte sequences (a mislabelled UTF-8 feed must not become mojibake), and any declaration
 * that cannot decode the bytes cleanly loses to valid UTF-8.
 */
export function decodeFeedBytes(bytes: Uint8Array, opts: { contentType?: string } = {}): DecodedText {
  const bom = sniffBom(bytes);
  if (bom)
    return {
      text: stripBomChar(decodeWith(bytes.subarray(bom.length), bom.encoding)),
      encoding: bom.encoding,
      source: "bom",
    };

  const bomless = sniffBomlessWide(bytes);
  if (bomless)
    return { text: stripBomChar(decodeWith(bytes, bomless)), encoding: bomless, source: "bom-less-utf16-32" };

  const declared: Array<{ label: string; source: CharsetSource }> = [];
  const http = charsetFromContentType(opts.contentType);
  if (http) declared.push({ label: http, source: "http" });
  const xml = charsetFromXmlDeclaration(bytes);
  if (xml) declared.push({ label: xml, source: "xml-declaration" });

  const utf8 = utf8Status(bytes);
  for (const { label, source } of declared) {
    const encoding = canonicalEncoding(label);
    // Bytes here are ASCII-compatible (no BOM, no wide pattern), so a UTF-16/32 label is simply wrong.
    if (!encoding || isWideEncoding(encoding)) continue;
    if (encoding === "utf-8") {
      if (utf8 !== "invalid") return { text: stripBomChar(decodeUtf8(bytes)), encoding, source };
      continue; // declared UTF-8 but not UTF-8: try the next clue, then the fallback
    }
    if (utf8 === "multibyte" && isSingleByteEncoding(encoding)) {
      return { text: stripBomChar(decodeUtf8(bytes)), encoding: "utf-8", source: "utf8-override" };
    }
    const text = decodeWith(bytes, encoding);
    if (text.includes("\uFFFD") && utf8 === "multibyte") {
      return { text: stripBomChar(decodeUtf8(bytes)), encoding: "utf-8", source: "utf8-override" };
    }
    return { text: stripBomChar(text), encoding, source };
  }
  if (utf8 !== "invalid")
    return { text: stripBomChar(decodeUtf8(bytes)), encoding: "utf-8", source: "fallback" };
  return { text: decodeWindows1252(bytes), encoding: "windows-1252", source: "fallback" };
}

function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: "utf-32le", length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: "utf-32be", length: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", length: 2 };
  return undefined;
}

/** `<` (or whitespace) encoded as UTF-16/32 without a BOM (XML 1.0 appendix F). */
function sniffBomlessWide(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  const [a, b, c, d] = bytes as unknown as [number, number, number, number];
  if (a === 0 && b === 0 && c === 0 && d !== 0) return "utf-32be";
  if (a !== 0 && b === 0 && c === 0 && d === 0) return "utf-32le";
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return "utf-16be";
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return "utf-16le";
  return undefined;
}

/** "ascii" when all bytes < 0x80, "multibyte" when valid UTF-8 with non-ASCII, else "invalid". */
export function utf8Status(bytes: Uint8Array): "ascii" | "multibyte" | "invalid" {
  let i = 0;
  let sawMultibyte = false;
  const n = bytes.length;
  while (i < n) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return "invalid";
    if (i + need >= n) return "invalid";
    let cp = byte & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return "invalid";
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "invalid";
    sawMultibyte = true;
    i += need + 1;
  }
  return sawMultibyte ? "multibyte" : "ascii";
}

/** Maps a label to a name iconv-lite or TextDecoder can decode, or undefined when unknown. */
export function canonicalEncoding(label: string): string | undefined {
  const name = normaliseLabel(label);
  const aliases: Record<string, string> = {
    utf8: "utf-8",
    "utf-8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    u16: "utf-16",
    utf16: "utf-16",
    ucs2: "utf-16",
    "ucs-2": "utf-16",
    u32: "utf-32",
    utf32: "utf-32",
    "ucs-4": "utf-32",
    ascii: "windows-1252",
    "us-ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    latin1: "windows-1252",
    "iso8859-1": "windows-1252",
    "x-sjis": "shift_jis",
    sjis: "shift_jis",
  };
  const mapped = aliases[name] ?? name;
  if (iconv.encodingExists(mapped)) return mapped;
  try {
    return new TextDecoder(mapped).encoding;
  } catch {
    return undefined;
  }
}

function normaliseLabel(label: string): string {
  return label.trim().toLowerCase().replace(/_/g, "-");
}

function isWideEncoding(encoding: string): boolean {
  return /^(utf-?(16|32)|ucs-?[24])/.test(encoding);
}

function isSingleByteEncoding(encoding: string): boolean {
  return /^(windows-125\d|cp125\d|iso-?8859-\d+|latin\d|koi8-[ru]|macintosh|mac.*|cp\d{3,4}|ibm\d+|tis-?620)$/.test(
    encoding,
  );
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === "utf-8") return decodeUtf8(bytes);
  if (encoding === "windows-1252") return decodeWindows1252(bytes);
  if (encoding === "utf-16" || encoding === "utf-32") {
    // No BOM here: guess the byte order from where the zero bytes are.
    const le = bytes[1] === 0;
    return iconv.decode(Buffer.from(bytes), `${encoding}${le ? "le" : "be"}`);
  }
  if (iconv.encodingExists(encoding)) return iconv.decode(Buffer.from(bytes), encoding, { stripBOM: true });
  return new TextDecoder(encoding).decode(bytes);
}

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}

/** windows-1252, with its five unassigned bytes read as Latin-1 instead of U+FFFD. */
function decodeWindows1252(bytes: Uint8Array): string {
  const table = windows1252Table();
  let out = "";
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    out += String.fromCharCode(...Array.from(chunk, (byte) => table[byte] as number));
  }
  return out;
}

let cp1252: Uint16Array | undefined;
function windows1252Table(): Uint16Array {
  if (cp1252) return cp1252;
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const text = iconv.decode(Buffer.from(all), "windows-1252");
  cp1252 = Uint16Array.from({ length: 256 }, (_, i) => (text[i] === "\uFFFD" ? i : text.charCodeAt(i)));
  return cp1252;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}

function stripBomChar(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
