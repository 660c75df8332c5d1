import { describe, expect, it } from "vitest";
import {
  createHostLimiter,
  htmlToText,
  itemFingerprint,
  nextPollAt,
  parseFeedDate,
} from "../../shared/feeds/index.ts";

describe("parseFeedDate", () => {
  it.each([
    ["Tue, 18 Mar 2025 09:12:44 GMT", "2025-03-18T09:12:44.000Z"],
    ["18 Mar 2025 09:12 EST", "2025-03-18T14:12:00.000Z"],
    ["Tue, 18 Mar 25 09:12:44 +0200", "2025-03-18T07:12:44.000Z"],
    ["Wednesday, 19-Mar-2025 10:00:00 PDT", "2025-03-19T17:00:00.000Z"],
    ["2025-03-18T09:12:44+01:00", "2025-03-18T08:12:44.000Z"],
    ["2025-03-18T09:12:44.5Z", "2025-03-18T09:12:44.500Z"],
    ["2025-03-18", "2025-03-18T00:00:00.000Z"],
    ["20250318T091244Z", "2025-03-18T09:12:44.000Z"],
  ])("reads %s", (text, iso) => {
    expect(parseFeedDate(text)).toBe(iso);
  });

  it.each(["", "soon", "32 Foo 2025", "2025-13-45T99:00:00Z", "0", "1800-01-01"])("rejects %j", (text) => {
    expect(parseFeedDate(text)).toBeUndefined();
  });
});

describe("nextPollAt", () => {
  const now = new Date("2025-03-18T00:00:00Z");
  const minutes = (date: Date) => (date.getTime() - now.getTime()) / 60_000;

  it("waits one interval after a success", () => {
    expect(minutes(nextPollAt({ now, intervalMinutes: 15, consecutiveFailures: 0 }))).toBe(15);
  });

  it("backs off exponentially with bounded jitter, capped at a day", () => {
    const low = nextPollAt({ now, intervalMinutes: 15, consecutiveFailures: 3, random: () => 0 });
    const high = nextPollAt({ now, intervalMinutes: 15, consecutiveFailures: 3, random: () => 0.999 });
    expect(minutes(low)).toBeCloseTo(15 * 8 * 0.8);
    expect(minutes(high)).toBeCloseTo(15 * 8 * 1.2, 0);
    expect(
      minutes(nextPollAt({ now, intervalMinutes: 15, consecutiveFailures: 40, random: () => 0.5 })),
    ).toBe(24 * 60);
  });

  it("honours Retry-After, still within a day", () => {
    const later = nextPollAt({
      now,
      intervalMinutes: 15,
      consecutiveFailures: 1,
      retryAfter: "2025-03-18T03:00:00Z",
      random: () => 0.5,
    });
    expect(minutes(later)).toBe(180);
    const far = nextPollAt({
      now,
      intervalMinutes: 15,
      consecutiveFailures: 1,
      retryAfter: "2025-04-18T00:00:00Z",
    });
    expect(minutes(far)).toBe(24 * 60);
  });
});

describe("itemFingerprint", () => {
  it("changes when the text changes and ignores whitespace", () => {
    const base = { id: "x", title: "Latvia leaves", summary: "Riga" };
    expect(itemFingerprint(base)).toBe(
      itemFingerprint({ ...base, title: " Latvia   leaves ", link: "https://other" }),
    );
    expect(itemFingerprint(base)).not.toBe(itemFingerprint({ ...base, summary: "Riga, updated" }));
  });
});

describe("htmlToText", () => {
  it("drops scripts and tags, decodes entities, keeps words apart", () => {
    expect(htmlToText("<p>One</p><p>Two&nbsp;&amp; three</p><script>alert(1)</script>")).toBe(
      "One Two & three",
    );
    expect(htmlToText("a &lt; b and c > d")).toBe("a < b and c > d");
    expect(htmlToText("safe<!-- unclosed")).toBe("safe");
  });
});

describe("createHostLimiter", () => {
  it("never runs more than the limit per host, and other hosts are not held up", async () => {
    const limiter = createHostLimiter(2);
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      new Promise<void>((resolve) => {
        peak = Math.max(peak, limiter.active("a.example"));
        releases.push(resolve);
      });
    const runs = [1, 2, 3, 4].map(() => limiter.run("https://a.example/feed", task));
    const other = limiter.run("https://b.example/feed", async () => "b");
    await expect(other).resolves.toBe("b");
    await new Promise((r) => setImmediate(r));
    expect(limiter.active("a.example")).toBe(2);
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(limiter.active("a.example")).toBe(0);
  });
});
