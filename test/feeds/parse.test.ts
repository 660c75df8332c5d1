import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FeedParseError, parseFeed, parseFeedDetailed } from "../../shared/feeds/index.ts";

const bytes = (text: string) => Buffer.from(text, "utf8");
const parse = (text: string, url = "https://feeds.example.org/news/feed.xml") =>
  parseFeed(bytes(text), { url });

describe("formats", () => {
  it("reads RSS 2.0: HTML to text, tracking parameters dropped, relative links resolved, bad date dropped", () => {
    const feed = parseFeed(readFileSync(new URL("./testdata/rss2.xml", import.meta.url)), {
      url: "https://news.example.org/feed",
    });
    expect(feed.format).toBe("rss");
    expect(feed.title).toBe("Treaty News");
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      id: "https://news.example.org/a/1",
      title: "Lithuania moves to withdraw from the Ottawa Treaty",
      summary: "Vilnius & the mine ban treaty.",
      published: "2025-03-18T09:12:44.000Z",
      source: "Treaty News",
      feed: "https://news.example.org/feed",
    });
    expect(second?.link).toBe("https://news.example.org/a/2");
    expect(second?.published).toBeUndefined();
  });

  it("reads RSS without a version attribute and RSS 0.91", () => {
    const plain = parse("<rss><channel><title>T</title><item><title>One</title></item></channel></rss>");
    expect(plain.items.map((i) => i.title)).toEqual(["One"]);
    const old = parse(
      '<rss version="0.91"><channel><title>T</title><item><title>A</title><link>http://a.example/1</link></item></channel></rss>',
    );
    expect(old.items[0]?.link).toBe("http://a.example/1");
  });

  it("reads RSS 1.0 (RDF) with items beside the channel", () => {
    const feed =
      parse(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="http://x.example/"><title>RDF feed</title><link>http://x.example/</link></channel>
      <item rdf:about="http://x.example/1"><title>First</title><link>http://x.example/1</link><dc:date>2025-03-18T10:00:00+01:00</dc:date></item>
      <item rdf:about="http://x.example/2"><title>Second</title><link>http://x.example/2</link></item>
    </rdf:RDF>`);
    expect(feed.format).toBe("rdf");
    expect(feed.title).toBe("RDF feed");
    expect(feed.items.map((i) => i.title)).toEqual(["First", "Second"]);
    expect(feed.items[0]?.published).toBe("2025-03-18T09:00:00.000Z");
  });

  it("reads Atom 1.0 with xml:base, XHTML titles and alternate links", () => {
    const feed = parse(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/posts/">
      <title type="html">Treaty &amp;lt;Blog&amp;gt;</title>
      <entry xml:base="2025/">
        <id>tag:blog.example.org,2025:1</id>
        <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Estonia <b>leaves</b></div></title>
        <link rel="replies" href="comments"/><link rel="alternate" type="text/html" href="estonia.html"/>
        <summary type="html">&lt;p&gt;Tallinn &amp;amp; Ottawa&lt;/p&gt;</summary>
        <updated>2025-03-18T09:00:00Z</updated>
      </entry>
    </feed>`);
    expect(feed.format).toBe("atom");
    expect(feed.title).toBe("Treaty <Blog>");
    expect(feed.items[0]).toMatchObject({
      id: "tag:blog.example.org,2025:1",
      title: expect.stringMatching(/^Estonia\s+leaves$/),
      link: "https://blog.example.org/posts/2025/estonia.html",
      summary: "Tallinn & Ottawa",
      published: "2025-03-18T09:00:00.000Z",
    });
  });

  it("reads Atom 0.3 and a prefixed Atom document", () => {
    const old = parse(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
      <entry><title>E</title><link rel="alternate" href="http://o.example/e"/><issued>2004-01-02T03:04:05Z</issued></entry></feed>`);
    expect(old.items[0]).toMatchObject({
      title: "E",
      link: "http://o.example/e",
      published: "2004-01-02T03:04:05.000Z",
    });
    const prefixed = parse(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title>
      <a:entry><a:title>Inside</a:title><a:id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</a:id></a:entry></a:feed>`);
    expect(prefixed.items.map((i) => i.title)).toEqual(["Inside"]);
  });

  it("reads JSON Feed 1.1", () => {
    const feed = parse(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "JSON News",
        items: [
          {
            id: "https://j.example/1",
            url: "https://j.example/1",
            title: "Latvia",
            content_html: "<p>Riga</p>",
            date_published: "2025-03-18T09:00:00Z",
          },
          { id: 2, content_text: "No title here, just text" },
          "not an object",
        ],
      }),
    );
    expect(feed.format).toBe("json");
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]).toMatchObject({
      title: "Latvia",
      summary: "Riga",
      published: "2025-03-18T09:00:00.000Z",
    });
    expect(feed.items[1]?.title).toBe("No title here, just text");
  });
});

describe("guards around rss-parser", () => {
  it("keeps the feed and the other items when one entry is empty or has a bad date", () => {
    const feed = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><title>G</title>
      <entry/>
      <entry><title>Bad date</title><published>yesterday-ish</published><link href="/b"/></entry>
      <entry><title>Good</title><updated>2025-01-01T00:00:00Z</updated></entry></feed>`);
    expect(feed.items).toHaveLength(3);
    expect(feed.items[1]).toMatchObject({ title: "Bad date", link: "https://feeds.example.org/b" });
    expect(feed.items[1]?.published).toBeUndefined();
    expect(feed.items[2]?.published).toBe("2025-01-01T00:00:00.000Z");
  });

  it("accepts an <rss> with no <channel> and an Atom link without attributes", () => {
    expect(parse('<rss version="2.0"></rss>').items).toEqual([]);
    const feed = parse(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>L</title><link>http://l.example/x</link></entry></feed>',
    );
    expect(feed.items[0]?.link).toBe("http://l.example/x");
  });

  it("reads malformed feeds: bare ampersands, undeclared entities, unclosed HTML", () => {
    const { feed, diagnostics } = parseFeedDetailed(
      bytes(`<rss version="2.0"><channel><title>AT&T &mdash; news</title>
        <item><title>Fish & Chips</title><description><p>open<br></description></item>
        <item><title>Second</title></item></channel></rss>`),
    );
    expect(diagnostics.parseMode).not.toBe("strict");
    expect(feed.title).toBe("AT&T — news");
    expect(feed.items.map((i) => i.title)).toEqual(["Fish & Chips", "Second"]);
  });

  it("refuses what is not a feed with a clear FeedParseError", () => {
    expect(() => parse("<!doctype html><html><body>x</body></html>")).toThrow(FeedParseError);
    expect(() => parse("")).toThrow(/empty/);
    expect(() => parse("{ not json")).toThrow(/JSON/);
    expect(() => parse("<rss><channel><title>cut")).not.toThrow();
    expect(() => parse("<note><to>not a feed</to></note>")).toThrow(/not a feed/);
  });

  it("recovers truncated documents: a lost final '>' or a cut-off download", () => {
    expect(
      parse('<rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss').items,
    ).toHaveLength(1);
    const cut = parse(
      '<rss version="2.0"><channel><title>T</title><item><title>a</title></item><item><title>b</tit',
    );
    expect(cut.items.map((i) => i.title)).toEqual(["a", "b"]);
  });
});

describe("hostile XML", () => {
  it("neutralises a billion-laughs document quickly", () => {
    const lol = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const doc = `<?xml version="1.0"?><!DOCTYPE rss [${lol.join("")}]><rss version="2.0"><channel><title>&lol9;</title><item><title>i</title></item></channel></rss>`;
    const feed = parse(doc);
    expect(feed.title.length).toBeLessThan(100);
    expect(feed.title).not.toContain("lollol");
    expect(feed.items).toHaveLength(1);
  });

  it("never resolves external entities", () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>Hello &xxe;</title></entry></feed>`;
    const feed = parse(doc);
    expect(feed.items[0]?.title).not.toMatch(/root:/);
    expect(feed.items[0]?.title.startsWith("Hello")).toBe(true);
  });
});

describe("item ids", () => {
  it("trusts URL, tag: and long GUIDs, and falls back to the canonical link for short or duplicated ones", () => {
    const feed = parse(`<rss version="2.0"><channel><title>K</title>
      <item><title>a</title><guid>https://k.example/a</guid></item>
      <item><title>b</title><guid isPermaLink="false">42</guid><link>https://k.example/b?utm_source=x&amp;id=7&amp;fbclid=abc#top</link></item>
      <item><title>c</title><guid isPermaLink="false">dup-guid</guid><link>https://k.example/c</link></item>
      <item><title>d</title><guid isPermaLink="false">dup-guid</guid><link>https://k.example/d</link></item>
      <item><title>no key at all</title></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.id)).toEqual([
      "https://k.example/a",
      "https://k.example/b?id=7",
      "https://k.example/c",
      "https://k.example/d",
      expect.stringMatching(/^sha256:[0-9a-f]{40}$/),
    ]);
  });

  it("gives the same article in two feeds the same id", () => {
    const one = parse(
      "<rss><channel><item><title>X</title><link>https://n.example/x?utm_campaign=a</link></item></channel></rss>",
    );
    const two = parse(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>X!</title><link href="https://N.example/x?fbclid=1"/></entry></feed>',
    );
    expect(one.items[0]?.id).toBe(two.items[0]?.id);
  });
});
