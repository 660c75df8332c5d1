import { describe, expect, it } from "vitest";
import { extractEvents } from "../../shared/extract/index.ts";

// General rules added after the first run on sameevents.jsonl; each case is new wording, not a row of the set.
const run = (title: string, summary?: string, published = "2024-05-01") =>
  extractEvents({ id: "t", title, summary, published }).map(
    (e) => `${e.treaty}|${e.country}|${e.direction}|${e.stage ?? "-"}`,
  );

describe("rules from the same-events round", () => {
  it("a country named inside a revocation stays in", () => {
    expect(run("Cabinet revoked Kenya's notice of withdrawal from the Rome Statute on Monday")).toEqual([
      "rome-statute|KE|resume|-",
    ]);
    expect(run("Kenya withdraws its notice to quit the ICC")).toEqual(["rome-statute|KE|resume|-"]);
  });
  it('"Baltic and Polish ministers" and "along with" name every country', () => {
    const got = run("Baltic and Polish foreign ministers announce exit from Ottawa Convention");
    for (const cc of ["EE", "LV", "LT", "PL"]) expect(got).toContain(`ottawa|${cc}|withdraw|announced`);
    const along = run(
      "Finland, along with Poland and Latvia, officially left the Ottawa Convention on Friday",
    );
    for (const cc of ["FI", "PL", "LV"])
      expect(along.some((e) => e.startsWith(`ottawa|${cc}|withdraw`))).toBe(true);
  });
  it('"the ministers of A, B and C said they…": they are those countries', () => {
    const got = run(
      "Landmine treaty exit recommended",
      "The defence ministers of Poland, Latvia and Estonia said they recommend withdrawal from the Ottawa Convention.",
    );
    for (const cc of ["PL", "LV", "EE"]) expect(got).toContain(`ottawa|${cc}|withdraw|announced`);
  });
  it('"after US exit", "despite exit" are time references, not steps of the subject', () => {
    expect(run("Iran to review Open Skies stance after US exit, ministry says")).toEqual([]);
    expect(run("Judges open Gambia case despite exit from ICC")).toEqual([]);
    expect(run("Japan rejects call for new talks after INF exit")).toEqual([]);
  });
  it('Spanish "retiro de X" names X, not the speaker', () => {
    const got = run(
      "México lamenta retiro de Estados Unidos de la OMS",
      "La cancillería mexicana lamentó la decisión de Washington de abandonar la OMS.",
    );
    expect(got.some((e) => e.startsWith("who|US|withdraw"))).toBe(true);
    expect(got.some((e) => e.includes("|MX|"))).toBe(false);
  });
  it('"Paris withdrawal notice" names the accord', () => {
    expect(run("Rubio: US has submitted Paris withdrawal notice to the UN")).toEqual([
      "paris|US|withdraw|deposited",
    ]);
    expect(run("Paris withdrawal of troops completed")).toEqual([]);
  });
  it("news of a UNESCO exit decision is news of the notice (dev's convention)", () => {
    expect(run("Guatemala to leave UNESCO, foreign ministry says")).toEqual(["unesco|GT|withdraw|deposited"]);
  });
});
