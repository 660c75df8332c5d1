import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  filterPolicyFor,
  loadSubscriptions,
  parseSubscriptions,
  SubscriptionsConfigError,
  snsSubscriptionsFor,
} from "../../shared/config/subscriptions.ts";

const EXAMPLE = new URL("../../data/subscriptions.example.json", import.meta.url).pathname;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tw-subs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return path;
}

async function refusal(path: string): Promise<SubscriptionsConfigError> {
  const error = await loadSubscriptions(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SubscriptionsConfigError);
  return error as SubscriptionsConfigError;
}

describe("loadSubscriptions", () => {
  it("accepts the shipped example and defaults missing channels to empty", async () => {
    const config = await loadSubscriptions(EXAMPLE);
    expect(config.email.map((e) => e.address)).toEqual(["alerts@example.org", "baltic-desk@example.org"]);
    expect(config.sms[0]?.phone).toBe("+37060000000");
    expect(parseSubscriptions({ email: [{ address: "a@example.org" }] })).toEqual({
      email: [{ address: "a@example.org" }],
      sms: [],
      webhooks: [],
    });
  });

  it("refuses a non-E.164 phone, naming the file, the entry index and value, and the field", async () => {
    const path = await writeConfig("bad-phone.json", {
      sms: [{ phone: "+37060000000" }, { phone: "060 000 000", filter: { treaties: ["ottawa"] } }],
    });
    const error = await refusal(path);
    expect(error.file).toBe(path);
    expect(error.issues).toEqual([
      expect.objectContaining({
        entry: "sms[1]",
        field: "phone",
        value: { phone: "060 000 000", filter: { treaties: ["ottawa"] } },
      }),
    ]);
    expect(error.message).toContain(path);
    expect(error.message).toContain('sms[1] {"phone":"060 000 000"');
    expect(error.message).toMatch(/field "phone": must be an E\.164 phone number/);
  });

  it("refuses http webhooks, bad emails, unknown keys and bad filter values, each by field", async () => {
    const path = await writeConfig("many.json", {
      email: [{ address: "not-an-email" }, { adress: "typo@example.org" }],
      webhooks: [
        { url: "http://hooks.example.org/x" },
        { url: "https://ok.example.org", filter: { directions: ["leave"] } },
      ],
      sms: [{ phone: "+37060000000", filter: { countries: ["lt"], stages: [] } }],
    });
    const error = await refusal(path);
    const where = error.issues.map((i) => `${i.entry} ${i.field}`).sort();
    expect(where).toEqual(
      [
        "email[0] address",
        "email[1] adress", // unknown (misspelt) key
        "email[1] address", // required field missing
        "sms[0] filter.countries.0",
        "sms[0] filter.stages",
        "webhooks[0] url",
        "webhooks[1] filter.directions.0",
      ].sort(),
    );
    expect(error.message).toMatch(/webhooks\[0\] .*field "url": must use https:\/\//);
    expect(error.message).toContain('email[1] {"adress":"typo@example.org"}: field "address": is required');
    expect(error.message).toContain('field "adress": unknown field');
  });

  it("refuses treaty ids the catalog does not know and country codes outside ISO 3166-1", async () => {
    const path = await writeConfig("vocab.json", {
      email: [
        { address: "a@example.org", filter: { treaties: ["ottawa", "otawa"], countries: ["LT", "XX"] } },
      ],
    });
    const error = await refusal(path);
    expect(error.issues.map((i) => [i.entry, i.field, i.message])).toEqual([
      ["email[0]", "filter.treaties.1", 'unknown treaty id "otawa"'],
      ["email[0]", "filter.countries.1", 'unknown country code "XX"'],
    ]);
  });

  it("refuses a filter with more value combinations than SNS allows", async () => {
    const countries = ["LT", "LV", "EE", "PL", "FI", "SE", "NO", "DK", "DE", "FR", "IT"];
    const path = await writeConfig("big.json", {
      email: [
        {
          address: "a@example.org",
          filter: {
            treaties: ["ottawa", "ccm", "cwc"],
            countries,
            directions: ["withdraw", "join"],
            stages: ["announced", "approved", "deposited"],
          },
        },
      ],
    });
    expect((await refusal(path)).message).toMatch(/too many combinations for an SNS filter policy/);
  });

  it("refuses a file that is not JSON, naming the file", async () => {
    const path = await writeConfig("broken.json", "{ email: [");
    expect((await refusal(path)).message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*\n.*not valid JSON`),
    );
  });
});

describe("filterPolicyFor / snsSubscriptionsFor", () => {
  it("maps filter fields to the published attribute names", () => {
    expect(
      filterPolicyFor({
        treaties: ["ottawa"],
        countries: ["LT", "LV"],
        directions: ["withdraw"],
        stages: ["none"],
      }),
    ).toEqual({
      treaty: ["ottawa"],
      country: ["LT", "LV"],
      direction: ["withdraw"],
      stage: ["none"],
    });
    expect(filterPolicyFor({ stages: ["deposited"] })).toEqual({ stage: ["deposited"] });
    expect(filterPolicyFor(undefined)).toBeUndefined();
    expect(filterPolicyFor({})).toBeUndefined();
  });

  it("flattens the example into SNS subscriptions per protocol", async () => {
    const specs = snsSubscriptionsFor(await loadSubscriptions(EXAMPLE));
    expect(specs).toEqual([
      { protocol: "email", endpoint: "alerts@example.org" },
      {
        protocol: "email",
        endpoint: "baltic-desk@example.org",
        filterPolicy: { treaty: ["ottawa", "ccm"], country: ["LT", "LV", "EE", "PL", "FI"] },
      },
      {
        protocol: "sms",
        endpoint: "+37060000000",
        filterPolicy: { treaty: ["ottawa"], direction: ["withdraw"], stage: ["deposited", "effective"] },
      },
      {
        protocol: "https",
        endpoint: "https://hooks.example.org/treaty-watch",
        filterPolicy: { direction: ["withdraw", "join", "resume"] },
      },
    ]);
  });
});
