import { describe, expect, it } from "vitest";
import { extractEvents } from "../../shared/extract/index.ts";

// General rules added after the first run on blind3; each case is new wording, not a row of the set.
const run = (title: string, summary?: string, published = "2024-05-01") =>
  extractEvents({ id: "t", title, summary, published }).map(
    (e) => `${e.treaty}|${e.country}|${e.direction}|${e.stage ?? "-"}`,
  );

describe("rules from the blind3 round", () => {
  it('"leaving X as the only…" does not make X leave', () => {
    const got = run("Iraq joins the Paris Agreement, leaving Iran as the last holdout");
    expect(got.some((e) => e.startsWith("paris|IQ|join"))).toBe(true);
    expect(got.some((e) => e.includes("|IR|"))).toBe(false);
  });
  it('"rather than leave" and Spanish "no" before the verb are refusals', () => {
    expect(run("Oslo wants to reform the Refugee Convention rather than leave it")).toEqual([]);
    expect(run("Chile no abandonará la OEA, dice el canciller")).toEqual([]);
  });
  it("a protocol or amendment to a treaty is not the treaty", () => {
    expect(run("Estonia ratifies Protocol No. 15 to the European Convention on Human Rights")).toEqual([]);
  });
  it("an organisation suspending a member's rights is not the member suspending", () => {
    expect(run("ECOWAS suspends Guinea's voting rights in the bloc")).toEqual([]);
  });
  it("a question headline frames the body as speculation", () => {
    expect(run("Will Kazakhstan be next?", "Armenia has left the CSTO; Astana may follow.")).toEqual([]);
  });
  it('"sign on to" is joining, not signature', () => {
    expect(run("Eritrea will sign on to the Paris climate deal, minister says")).toEqual([
      "paris|ER|join|announced",
    ]);
  });
  it("denied reports are not steps", () => {
    expect(
      run(
        "Minister speaks",
        "The government denied reports that Slovakia would leave the World Health Organization.",
      ),
    ).toEqual([]);
  });
  it("given names are not inflected country names", () => {
    const got = run("Nicaragua se va de la OEA", "El gobierno de Daniel Ortega denuncia la Carta de la OEA.");
    expect(got.every((e) => e.includes("|NI|"))).toBe(true);
    expect(got.length).toBeGreaterThan(0);
  });
  it("a citizens' bill is not a step of the state", () => {
    expect(run("Sejm skierował obywatelski projekt wypowiedzenia konwencji stambulskiej do komisji")).toEqual(
      [],
    );
  });
  it("a step dated to an anniversary is still a step", () => {
    expect(run("Malta ratifies nuclear ban treaty on Nagasaki anniversary")).toEqual([
      "tpnw|MT|join|deposited",
    ]);
  });
  it("Portuguese and German membership words", () => {
    expect(run("Bolívia deixa a Unesco, anuncia governo")).toEqual(["unesco|BO|withdraw|deposited"]);
    expect(run("Finnland ist jetzt offiziell Nato-Mitglied")).toEqual(["nato|FI|join|effective"]);
  });
});
