import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getTreaty } from "../../shared/catalog/index.ts";
import { accessionEffectiveDate, addMonths, withdrawalEffectiveDate } from "../../shared/state/dates.ts";

function treaty(id: string) {
  const entry = getTreaty(id);
  if (!entry) throw new Error(`catalog lacks ${id}`);
  return entry;
}

describe("withdrawal effective dates from the catalog's clauses", () => {
  it.each([
    // treaty, country, notice received, member since, effective
    ["ottawa", "LV", "2025-06-27", null, "2025-12-27"], // Art. 20(2): six months
    ["ottawa", "PL", "2025-08-20", null, "2026-02-20"],
    ["ccm", "LT", "2024-09-06", null, "2025-03-06"],
    ["rome-statute", "BI", "2016-10-27", null, "2017-10-27"], // Art. 127: one year
    ["paris", "US", "2025-01-27", "2021-02-19", "2026-01-27"], // Art. 28: one year
    ["paris", "US", "2019-11-04", "2016-11-04", "2020-11-04"], // notice allowed after three years in force
    ["paris", "XX", "2018-01-10", "2016-11-04", "2020-11-04"], // too early: counted from the earliest notice day
    ["att", "US", "2019-07-18", null, "2019-10-16"], // 90 days
    ["npt", "KP", "2003-01-10", null, "2003-04-10"], // three months
    ["istanbul", "TR", "2021-03-22", null, "2021-07-01"], // first of the month after three months
    ["unesco", "US", "2017-10-12", null, "2018-12-31"], // 31 December of the following year
    ["who", "US", "2025-01-22", null, "2026-01-22"], // the United States' 1948 reservation
    ["who", "AR", "2025-03-17", null, null], // no clause for anyone else
    ["coe", "RU", "2022-03-15", null, "2022-12-31"], // end of the financial year
    ["coe", "XX", "2022-11-15", null, "2023-12-31"],
  ])("%s / %s notified %s (member since %s) -> %s", (id, country, receipt, since, expected) => {
    expect(withdrawalEffectiveDate(treaty(id), country, receipt, since)).toBe(expected);
  });

  it("dates accessions: Ottawa on the first day of the sixth month after deposit", () => {
    expect(accessionEffectiveDate(treaty("ottawa"), "2005-12-27")).toBe("2006-06-01");
    expect(accessionEffectiveDate(treaty("upu"), "2005-12-27")).toBeNull();
  });

  it("clamps month ends and never goes backwards", () => {
    expect(addMonths("2025-08-31", 6)).toBe("2026-02-28");
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 60 }),
        (date, months) => {
          const iso = date.toISOString().slice(0, 10);
          const later = addMonths(iso, months);
          expect(later >= iso).toBe(true);
          expect(addMonths(iso, months + 1) > later).toBe(true);
        },
      ),
    );
  });
});
