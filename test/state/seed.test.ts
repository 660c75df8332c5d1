import { describe, expect, it } from "vitest";
import { getTreaty } from "../../shared/catalog/index.ts";
import { SeedLine } from "../../shared/model/status.ts";
import { assumedPair, type PairState } from "../../shared/state/pair.ts";
import { advance, decide } from "../../shared/state/rules.ts";
import { seededState } from "../../shared/state/seed.ts";

const settings = { confidenceThreshold: 0.5, armedConflictStates: ["UA"] };
const treaty = (id: string) => {
  const found = getTreaty(id);
  if (!found) throw new Error(`no treaty ${id}`);
  return found;
};
const fresh = (t: string, cc: string): PairState => assumedPair(t, cc, "join");
const line = (input: unknown) => SeedLine.parse(input);

const ltCcm = line({
  treaty: "ccm",
  country: "LT",
  status: "party",
  since: "2024-09-06",
  pending: { direction: "withdraw", stage: "deposited", since: "2024-09-06" },
});

describe("seededState", () => {
  it("sets a deposited withdrawal as if the deposit had been seen, dated by the treaty's clause", () => {
    const { next, effectiveDate } = seededState(fresh("ccm", "LT"), ltCcm, treaty("ccm"), settings);
    expect(effectiveDate).toBe("2025-03-06"); // CCM Art. 20: six months after receipt
    expect(next).toMatchObject({
      status: "party",
      since: "2024-09-06",
      version: 1,
      pending: {
        direction: "withdraw",
        stage: "deposited",
        since: "2024-09-06",
        effectiveDate: "2025-03-06",
      },
      process: { id: "1", direction: "withdraw", steps: { deposited: 1 } },
    });
  });

  it("lets the effective step follow on its day, and accepts a report of it on that day", () => {
    const { next } = seededState(fresh("ccm", "LT"), ltCcm, treaty("ccm"), settings);
    expect(advance(next, "2025-03-05", treaty("ccm"), settings).kind).toBe("ignore");
    const due = advance(next, "2025-03-06", treaty("ccm"), settings);
    expect(due.kind).toBe("change");
    if (due.kind === "change") {
      expect(due.change).toMatchObject({ stage: "effective", processId: "1", effectiveDate: "2025-03-06" });
      expect(due.change.next.status).toBe("withdrawn");
    }
    const reported = decide(
      next,
      {
        treaty: "ccm",
        country: "LT",
        direction: "withdraw",
        stage: "effective",
        confidence: 0.9,
        occurredOn: "2025-03-06",
        source: null,
        evidence: "",
      },
      treaty("ccm"),
      settings,
    );
    expect(reported.kind === "change" && reported.change.stage).toBe("effective");
  });

  it("holds a withdrawal under an armed-conflict clause with no date, and says why", () => {
    const ua = line({
      treaty: "ottawa",
      country: "UA",
      status: "party",
      since: "2025-07-16",
      pending: { direction: "withdraw", stage: "deposited", since: "2025-07-16" },
    });
    const { next, effectiveDate, notes } = seededState(fresh("ottawa", "UA"), ua, treaty("ottawa"), settings);
    expect(effectiveDate).toBeNull();
    expect(next.pending).toMatchObject({ stage: "deposited", effectiveDate: null });
    expect(notes.join(" ")).toMatch(/armed conflict/);
  });

  it("sets an earlier step with no effective date, and an accession by its own rule", () => {
    const announced = seededState(
      fresh("ottawa", "PL"),
      line({
        treaty: "ottawa",
        country: "PL",
        status: "party",
        since: "2025-03-07",
        pending: { direction: "withdraw", stage: "announced", since: "2025-03-07" },
      }),
      treaty("ottawa"),
      settings,
    );
    expect(announced.next.pending).toEqual({
      direction: "withdraw",
      stage: "announced",
      since: "2025-03-07",
      effectiveDate: null,
    });
    const joining = seededState(
      fresh("rome-statute", "UA"),
      line({
        treaty: "rome-statute",
        country: "UA",
        status: "signatory",
        since: "2000-01-20",
        pending: { direction: "join", stage: "deposited", since: "2024-10-25" },
      }),
      treaty("rome-statute"),
      settings,
    );
    // Art. 126(2): first day of the month after the 60th day following deposit.
    expect(joining.next).toMatchObject({
      status: "signatory",
      since: "2024-10-25",
      pending: { direction: "join", stage: "deposited", effectiveDate: "2025-01-01" },
    });
  });

  it("counts Paris notice from membership when the line says when membership began", () => {
    const seeded = seededState(
      fresh("paris", "US"),
      line({
        treaty: "paris",
        country: "US",
        status: "party",
        since: "2016-11-04",
        pending: { direction: "withdraw", stage: "deposited", since: "2019-11-04" },
      }),
      treaty("paris"),
      settings,
    );
    expect(seeded.next.memberSince).toBe("2016-11-04");
    expect(seeded.effectiveDate).toBe("2020-11-04");
  });

  it("a plain line clears any process under way", () => {
    const { next } = seededState(fresh("ccm", "LT"), ltCcm, treaty("ccm"), settings);
    const plain = seededState(
      next,
      line({ treaty: "ccm", country: "LT", status: "withdrawn", since: "2025-03-06" }),
      treaty("ccm"),
      settings,
    );
    expect(plain.next).toMatchObject({ status: "withdrawn", pending: null, process: null, version: 2 });
  });
});

describe("SeedLine with pending", () => {
  const base = { treaty: "ccm", country: "LT", status: "party", since: "2024-09-06" };
  const problems = (input: unknown) => {
    const parsed = SeedLine.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("keeps the contract fields and accepts a line without pending as before", () => {
    expect(SeedLine.parse({ ...base })).toEqual(base);
    expect(
      problems({ ...base, pending: { direction: "withdraw", stage: "approved", since: "2024-09-06" } }),
    ).toEqual([]);
  });

  it("refuses a pending step that took effect, a withdrawal by a non-party, a party joining", () => {
    expect(
      problems({
        ...base,
        pending: { direction: "withdraw", stage: "effective", since: "2025-03-06" },
      }).join(),
    ).toMatch(/pending\.stage: .*took effect is a status/);
    expect(
      problems({
        ...base,
        status: "non_party",
        pending: { direction: "withdraw", stage: "deposited", since: "2024-09-06" },
      }).join(),
    ).toMatch(/pending: a non_party cannot be withdrawing/);
    expect(
      problems({
        ...base,
        status: "withdrawn",
        pending: { direction: "withdraw", stage: "announced", since: "2024-09-06" },
      }).join(),
    ).toMatch(/pending: a withdrawn cannot be withdrawing/);
    expect(
      problems({ ...base, pending: { direction: "join", stage: "deposited", since: "2024-09-06" } }).join(),
    ).toMatch(/pending: a party cannot be joining/);
  });

  it("refuses a deposited un-signing, a step before the line's since, unknown or missing fields", () => {
    expect(
      problems({
        ...base,
        status: "signatory",
        pending: { direction: "withdraw", stage: "deposited", since: "2024-09-06" },
      }).join(),
    ).toMatch(/takes effect on deposit/);
    expect(
      problems({
        ...base,
        pending: { direction: "withdraw", stage: "deposited", since: "2024-09-05" },
      }).join(),
    ).toMatch(/pending: pending\.since 2024-09-05 is before the line's since 2024-09-06/);
    expect(
      problems({
        ...base,
        pending: {
          direction: "withdraw",
          stage: "deposited",
          since: "2024-09-06",
          effectiveDate: "2025-03-06",
        },
      }).join(),
    ).toMatch(/pending: .*effectiveDate/);
    expect(problems({ ...base, pending: { direction: "withdraw", stage: "deposited" } }).join()).toMatch(
      /pending\.since/,
    );
    expect(
      problems({
        ...base,
        pending: { direction: "suspend", stage: "deposited", since: "2024-09-06" },
      }).join(),
    ).toMatch(/pending\.direction/);
  });
});
