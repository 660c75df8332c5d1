import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alertAttributes,
  formatForConsole,
  GSM7_BASIC,
  renderEmail,
  renderSms,
  renderSnsMessage,
  renderSubject,
  toPlainText,
  truncate,
} from "../../shared/alerts/index.ts";
import type { Alert } from "../../shared/model/alert.ts";
import { DIRECTIONS, STAGES } from "../../shared/model/vocabulary.ts";
import { makeAlert } from "./fixtures.ts";

const isPureGsm7 = (text: string) => [...text].every((ch) => GSM7_BASIC.has(ch));

const plain = (alert: Alert) => toPlainText(alert.headline);

describe("one wording: the alert's headline", () => {
  it("is the subject, the SMS sentence, the console title and the email heading", () => {
    for (const direction of DIRECTIONS) {
      for (const stage of [null, ...STAGES]) {
        const alert = makeAlert({ direction, stage, countryName: "Türkiye", country: "TR" });
        expect(alert.headline).toMatch(/^Türkiye/);
        expect(renderSubject(alert)).toBe(plain(alert));
        expect(renderSms(alert)).toBe(`Treaty Watch: ${plain(alert)} (2025-03-18).`);
        expect(formatForConsole(alert).split("\n")[0]).toBe(`ALERT ${alert.headline}`);
        expect(renderEmail(alert).split("\n")[0]).toBe(alert.headline);
      }
    }
  });

  it("no longer words the same change differently per channel", () => {
    const alert = makeAlert({ direction: "withdraw", stage: "approved" });
    expect(alert.headline).toBe("Lithuania's parliament approves leaving the Ottawa mine-ban treaty");
    expect(renderSubject(alert)).toBe(alert.headline);
    expect(renderSms(alert)).toContain(alert.headline);
  });

  it("states an effective date once in the SMS, and drops it from a subject that would be too long", () => {
    const alert = makeAlert({
      stage: "deposited",
      effectiveDate: "2025-12-27",
      country: "GB",
      countryName: "United Kingdom",
    });
    expect(alert.headline).toBe(
      "The United Kingdom notifies the UN of its withdrawal from the Ottawa mine-ban treaty, effective 27 December 2025",
    );
    expect(renderSubject(alert)).toBe(
      "The United Kingdom notifies the UN of its withdrawal from the Ottawa mine-ban treaty",
    );
    expect(renderSms(alert)).toBe(
      "Treaty Watch: The United Kingdom notifies the UN of its withdrawal from the Ottawa mine-ban treaty (2025-03-18). Effective 2025-12-27.",
    );
    // A short one keeps the clause: it is the headline, and it fits.
    const short = makeAlert({
      stage: "deposited",
      effectiveDate: "2025-12-27",
      treaty: "zz-x",
      treatyName: "X pact",
    });
    expect(renderSubject(short)).toBe(
      "Lithuania notifies the UN of its withdrawal from the X pact, effective 27 December 2025",
    );
  });

  it("shortens the treaty name in place when too long, so the verb after it survives", () => {
    const alert = makeAlert({
      treaty: "zz-long",
      treatyName: `Convention ${"on very many important things ".repeat(6)}`.trim(),
      country: "TR",
      countryName: "Türkiye",
      stage: "effective",
    });
    const subject = renderSubject(alert);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject.startsWith("Turkiye's withdrawal from the Convention on very many")).toBe(true);
    expect(subject.endsWith("... takes effect")).toBe(true);
  });

  it("puts the country code in for a name with no Latin letters, and copes with an empty headline", () => {
    const greek = makeAlert({ country: "GR", countryName: "Ελλάδα" });
    expect(renderSubject(greek)).toBe("GR moves to withdraw from the Ottawa mine-ban treaty");
    const bare = makeAlert({ headline: " " });
    expect(renderSubject(bare)).toBe("Lithuania: withdraw (announced), Anti-Personnel Mine Ban Convention");
    expect(renderSms(bare).startsWith("Treaty Watch: Lithuania: withdraw (announced)")).toBe(true);
  });
});

describe("renderSms", () => {
  it("is one short plain message with the dates", () => {
    const sms = renderSms(makeAlert({ effectiveDate: "2025-12-27" }));
    expect(sms).toBe(
      "Treaty Watch: Lithuania moves to withdraw from the Ottawa mine-ban treaty (2025-03-18). Effective 2025-12-27.",
    );
  });

  it("drops diacritics and carries no URL", () => {
    const sms = renderSms(
      makeAlert({ country: "TR", countryName: "Türkiye", treaty: "zz-x", treatyName: "Șțâ Convention" }),
    );
    expect(sms).toContain("Turkiye moves to withdraw from the Sta Convention");
    expect(sms).not.toMatch(/https?:|www\./);
    expect(isPureGsm7(sms)).toBe(true);
  });
});

describe("renderEmail", () => {
  const alert = makeAlert({
    effectiveDate: "2025-12-27",
    current: {
      status: "party",
      pending: {
        direction: "withdraw",
        stage: "deposited",
        since: "2025-06-27",
        effectiveDate: "2025-12-27",
      },
      suspended: false,
    },
    stage: "deposited",
    notes: ["Art. 20(3): withdrawal does not take effect while the state is engaged in armed conflict."],
  });
  const body = renderEmail(alert);

  it("says what changed, from which status to which, and when it takes effect", () => {
    expect(body.split("\n")[0]).toBe(alert.headline);
    expect(alert.headline).toMatch(/^Lithuania notifies the UN of its withdrawal/);
    expect(body).toContain("Anti-Personnel Mine Ban Convention (ottawa)");
    expect(body).toContain("Lithuania (LT)");
    expect(body).toContain("Status:     party\n");
    expect(body).toContain("->  party (withdrawal deposited since 2025-06-27, takes effect 2025-12-27)");
    expect(body).toContain("Effective:  2025-12-27");
  });

  it("lists notes, sources with links, and how to unsubscribe", () => {
    expect(body).toContain("  - Art. 20(3): withdrawal does not take effect");
    expect(body).toContain("1. Baltic states recommend leaving the Ottawa Treaty");
    expect(body).toContain("https://news.example.org/2025/03/18/baltics-ottawa?utm_source=rss");
    expect(body).toContain("via https://news.example.org/feed.xml");
    expect(body).toMatch(/unsubscribe link that Amazon SNS adds/);
  });

  it("keeps names as written in the body (only the subject is ASCII)", () => {
    const turkey = renderEmail(makeAlert({ country: "TR", countryName: "Türkiye" }));
    expect(turkey.split("\n")[0]).toBe("Türkiye moves to withdraw from the Ottawa mine-ban treaty");
    expect(turkey).toContain("Country:    Türkiye (TR)");
  });

  it("says when the effective date is not known", () => {
    expect(renderEmail(makeAlert())).toContain("Effective:  not known yet");
  });
});

describe("renderSnsMessage", () => {
  it("holds every protocol key; machine protocols get the Alert JSON", () => {
    const alert = makeAlert();
    const message = renderSnsMessage(alert);
    expect(Object.keys(message).sort()).toEqual(["default", "email", "https", "lambda", "sms", "sqs"]);
    for (const key of ["default", "sqs", "https", "lambda"] as const) {
      expect(JSON.parse(message[key])).toEqual(alert);
    }
    expect(message.email).toBe(renderEmail(alert));
    expect(message.sms).toBe(renderSms(alert));
  });

  it("gives filter attributes with stage 'none' when the stage is unknown", () => {
    expect(alertAttributes(makeAlert({ stage: null, direction: "suspend" }))).toEqual({
      treaty: "ottawa",
      country: "LT",
      direction: "suspend",
      stage: "none",
    });
  });
});

describe("text helpers", () => {
  it("toPlainText transliterates and simplifies", () => {
    expect(toPlainText("Türkiye")).toBe("Turkiye");
    expect(toPlainText("Lietuvos Respublika – „Ottawa“ … Łódź ß")).toBe(
      'Lietuvos Respublika - "Ottawa" ... Lodz ss',
    );
    expect(toPlainText("Côte d’Ivoire\n[CI]")).toBe("Cote d'Ivoire (CI)");
    expect(toPlainText("日本 🇯🇵")).toBe("");
  });

  it("truncate keeps short text and cuts long text at a word", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("the quick brown fox jumps", 15)).toBe("the quick...");
  });
});

describe("properties (arbitrary names)", () => {
  const anyText = fc.oneof(
    // Mostly-ASCII names survive transliteration at full length: these stress the length limits.
    fc.string({ maxLength: 300 }),
    fc.string({ unit: fc.constantFrom(..."aeiouüėšž ÄÖ-'’"), minLength: 60, maxLength: 300 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: "grapheme", maxLength: 300 }),
    fc.constantFrom("Türkiye", "Lietuva", "Côte d’Ivoire", "São Tomé and Príncipe", "Åland", "Ελλάδα", ""),
  );
  const alerts = fc
    .record({
      countryName: anyText,
      treatyName: anyText,
      treaty: fc.constantFrom("ottawa", "nato", "who", "zz-not-in-catalog"),
      direction: fc.constantFrom(...DIRECTIONS),
      stage: fc.option(fc.constantFrom(...STAGES), { nil: null }),
      effectiveDate: fc.option(fc.constant("2026-01-01"), { nil: null }),
      // Mostly the pipeline's own headline for these fields; sometimes any text at all.
      headline: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: anyText, weight: 1 }),
    })
    .map(({ headline, ...fields }) => makeAlert(headline === undefined ? fields : { ...fields, headline }));

  it("SMS is always at most 160 characters of pure GSM-7 basic", () => {
    fc.assert(
      fc.property(alerts, (alert) => {
        const sms = renderSms(alert);
        expect(sms.length).toBeLessThanOrEqual(160);
        expect(isPureGsm7(sms)).toBe(true);
        expect(sms.startsWith("Treaty Watch: ")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("subject is always one line of at most 99 (< 100) printable ASCII characters", () => {
    fc.assert(
      fc.property(alerts, (alert) => {
        const subject = renderSubject(alert);
        expect(subject.length).toBeGreaterThan(0);
        expect(subject.length).toBeLessThanOrEqual(99);
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
      }),
      { numRuns: 500 },
    );
  });
});
