import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeFeedBytes, parseFeed, parseFeedDetailed } from "../../shared/feeds/index.ts";

function rssIn(encoding: string, title: string, declared = encoding): Buffer {
  const xml = `<?xml version="1.0" encoding="${declared}"?><rss version="2.0"><channel><title>${title}</title><item><title>${title}</title><link>https://example.org/1</link></item></channel></rss>`;
  return iconv.encode(xml, encoding);
}

describe("charset decoding", () => {
  const cases: Array<[string, string]> = [
    ["windows-1250", "Zażółć gęślą jaźń – Kraków"],
    ["iso-8859-2", "Zażółć gęślą jaźń, Kraków"],
    ["windows-1251", "Россия вышла из договора"],
    ["koi8-r", "Россия вышла из договора"],
    ["shift_jis", "日本は条約を批准した"],
    ["euc-kr", "대한민국 조약 비준"],
    ["iso-8859-7", "Ελλάδα και η συνθήκη"],
    ["gb2312", "中国批准条约"],
  ];
  for (const [encoding, title] of cases) {
    it(`reads ${encoding} from the XML declaration`, () => {
      const feed = parseFeed(rssIn(encoding, title));
      expect(feed.title).toBe(title);
      expect(feed.items[0]?.title).toBe(title);
    });
  }

  it("prefers the HTTP charset over the XML declaration", () => {
    const bytes = rssIn("windows-1251", "Москва", "windows-1252");
    const { feed, diagnostics } = parseFeedDetailed(bytes, {
      contentType: "application/rss+xml; charset=windows-1251",
    });
    expect(feed.title).toBe("Москва");
    expect(diagnostics.charsetSource).toBe("http");
  });

  it("does not turn valid UTF-8 declared as ISO-8859-1 into mojibake", () => {
    const bytes = rssIn("utf-8", "Café Zürich – “quoted”", "ISO-8859-1");
    const { feed, diagnostics } = parseFeedDetailed(bytes);
    expect(feed.title).toBe("Café Zürich – “quoted”");
    expect(diagnostics.charsetSource).toBe("utf8-override");
    // Same for a wrong HTTP charset.
    expect(parseFeed(bytes, { contentType: "text/xml; charset=iso-8859-1" }).title).toBe(
      "Café Zürich – “quoted”",
    );
  });

  it("reads Latin-1 bytes that claim to be UTF-8 as windows-1252, not U+FFFD", () => {
    const bytes = rssIn("windows-1252", "Café “Noël”", "utf-8");
    expect(parseFeed(bytes).title).toBe("Café “Noël”");
  });

  for (const encoding of ["utf-16le", "utf-16be"]) {
    it(`reads ${encoding} with a BOM`, () => {
      const body = iconv.encode(
        '<?xml version="1.0" encoding="utf-16"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Genève – 日本</title><entry><title>x</title></entry></feed>',
        encoding,
        { addBOM: true },
      );
      const { feed, diagnostics } = parseFeedDetailed(body);
      expect(diagnostics.charsetSource).toBe("bom");
      expect(feed.title).toBe("Genève – 日本");
      expect(feed.items).toHaveLength(1);
    });
  }

  it("reads UTF-16 without a BOM and UTF-32 with one", () => {
    const xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>Ñandú</title></channel></rss>';
    expect(parseFeed(iconv.encode(xml, "utf-16le")).title).toBe("Ñandú");
    expect(parseFeed(iconv.encode(xml, "utf-32be", { addBOM: true })).title).toBe("Ñandú");
  });

  it("strips a UTF-8 BOM and ignores a UTF-16 label on 8-bit bytes", () => {
    const xml = '<?xml version="1.0" encoding="utf-16"?><rss><channel><title>Kraków</title></channel></rss>';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, "utf8")]);
    expect(decodeFeedBytes(withBom).text.startsWith("<?xml")).toBe(true);
    expect(parseFeed(Buffer.from(xml, "utf8")).title).toBe("Kraków");
  });

  it("falls back from an unknown declared encoding", () => {
    const bytes = Buffer.from(
      '<?xml version="1.0" encoding="bogus"?><rss><channel><title>Plaça</title></channel></rss>',
    );
    expect(parseFeed(bytes).title).toBe("Plaça");
  });
});
