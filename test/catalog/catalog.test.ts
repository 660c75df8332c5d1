import { describe, expect, it } from "vitest";
import { countryName, getTreaty, isCountryCode, treaties } from "../../shared/catalog/index.ts";
import { CONTRACT_TREATY_IDS } from "../../shared/model/vocabulary.ts";

describe("treaty catalog", () => {
  it("holds every treaty id that DESIGN.md makes a contract", () => {
    const missing = CONTRACT_TREATY_IDS.filter((id) => !treaties().has(id));
    expect(missing).toEqual([]);
  });

  it("cites at least one source for every treaty", () => {
    for (const treaty of treaties().values()) {
      expect(treaty.sources.length, treaty.id).toBeGreaterThan(0);
    }
  });

  it("encodes the withdrawal clauses the state rules depend on", () => {
    expect(getTreaty("ottawa")?.withdrawal.rule).toEqual({ kind: "after", months: 6, days: 0 });
    expect(getTreaty("ottawa")?.withdrawal.armedConflictClause).toBe(true);
    expect(getTreaty("paris")?.withdrawal.minYearsInForce).toBe(3);
    expect(getTreaty("att")?.withdrawal.rule).toEqual({ kind: "after", months: 0, days: 90 });
    expect(getTreaty("istanbul")?.withdrawal.rule.kind).toBe("first-of-month-after");
    expect(getTreaty("unesco")?.withdrawal.rule.kind).toBe("end-of-following-year");
    expect(getTreaty("who")?.withdrawal.rule.kind).toBe("none");
    expect(getTreaty("who")?.withdrawal.overrides.US).toEqual({ kind: "after", months: 12, days: 0 });
  });

  it("returns undefined for an unknown treaty", () => {
    expect(getTreaty("no-such-treaty")).toBeUndefined();
  });
});

describe("country names", () => {
  it("uses the names news headlines use", () => {
    expect(countryName("LT")).toBe("Lithuania");
    expect(countryName("us")).toBe("United States");
    expect(countryName("RU")).toBe("Russia");
  });

  it("falls back to the code for an unknown country", () => {
    expect(countryName("XX")).toBe("XX");
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("pl")).toBe(true);
  });
});
