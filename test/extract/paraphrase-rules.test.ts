import { describe, expect, it } from "vitest";
import { extractEvents } from "../../shared/extract/index.ts";

// General rules added after the first run on paraphrase.jsonl (dev rows reworded the way another
// outlet would write them). Each case is new wording about other countries, not a row of any set.
const run = (title: string, summary?: string, published = "2024-05-01") =>
  extractEvents({ id: "t", title, summary, published }).map(
    (e) => `${e.treaty}|${e.country}|${e.direction}|${e.stage ?? "-"}`,
  );

describe("verb classes and voice", () => {
  it("a causative names the country that leaves or returns inside its words", () => {
    expect(run("Milei takes Argentina out of the World Health Organization")).toEqual([
      "who|AR|withdraw|announced",
    ]);
    expect(run("Lula brings Brazil back into UNESCO")).toEqual(["unesco|BR|join|deposited"]);
  });
  it("a causative promised by a government that does not exist yet is no step", () => {
    expect(
      run(
        "Opposition pledge",
        "The party said a future Labour government would take Britain out of the ECHR.",
      ),
    ).toEqual([]);
  });
  it("a withdrawal revoked or cancelled, in the passive, is a resume", () => {
    expect(run("Kiribati's withdrawal from the Rome Statute has been revoked")).toEqual([
      "rome-statute|KI|resume|-",
    ]);
    expect(run("Vanuatu cancels its planned exit from the International Criminal Court")).toEqual([
      "rome-statute|VU|resume|-",
    ]);
  });
  it("a ratification revoked in the passive or in German is a withdrawal, not a join", () => {
    expect(run("Russland widerruft Ratifizierung des Atomteststoppvertrags")).toEqual([
      "ctbt|RU|withdraw|announced",
    ]);
    expect(run("Belarus's CTBT ratification scrapped as president signs law")).toEqual([
      "ctbt|BY|withdraw|approved",
    ]);
  });
  it('"stop being a member" is ceasing to be a party', () => {
    expect(run("Venezuela stops being a member of the OAS today")).toEqual(["oas|VE|withdraw|effective"]);
  });
  it("Polish past tense of opuścić is a completed exit", () => {
    expect(run("Stany Zjednoczone opuściły UNESCO")).toEqual(["unesco|US|withdraw|effective"]);
  });
});

describe("headline styles", () => {
  it("a colon headline's treaty is the object of the step after the colon", () => {
    expect(run("Cluster munitions convention: Poland votes to leave")).toEqual(["ccm|PL|withdraw|approved"]);
    expect(run("Energy Charter Treaty: Italy now formally out")).toEqual(["ect|IT|withdraw|effective"]);
  });
  it("a colon headline's country acts for a generic or first-person subject after the colon", () => {
    expect(run("Latvia: 'We are leaving the Ottawa Convention'")).toEqual(["ottawa|LV|withdraw|announced"]);
    expect(run("Slovakia: parliament backs exit from the Istanbul Convention")).toEqual([
      "istanbul|SK|withdraw|approved",
    ]);
  });
  it("a headline the lede hedges reports no step", () => {
    expect(
      run(
        "Minister wants Slovak exit from WHO",
        "Minister Kotlár said he hoped Slovakia would leave the WHO.",
      ),
    ).toEqual([]);
  });
});

describe("negation, other subjects and background", () => {
  it('"no X exit" and Spanish "se niega a" are refusals', () => {
    expect(run("Prime minister: no Danish exit from the Istanbul Convention")).toEqual([]);
    expect(run("Chile se niega a abandonar la OEA")).toEqual([]);
  });
  it("a concessive clause has its own subject", () => {
    expect(
      run(
        "Sweden stays",
        "Sweden will remain in the Ottawa Convention even though its neighbours are leaving it.",
      ),
    ).toEqual([]);
  });
  it("a step inside a Spanish relative clause is background", () => {
    expect(run("Tajani critica a Hungría, cuyo parlamento votó a favor de abandonar la CPI")).toEqual([]);
  });
  it("the owner of an apposition does not join the list of actors", () => {
    expect(
      run(
        "Finland, Russia's northern neighbour, notifies the UN of its withdrawal from the Ottawa Convention",
      ),
    ).toEqual(["ottawa|FI|withdraw|deposited"]);
  });
  it('"military-ruled" is no court ruling, and "National Assembly" is a parliament', () => {
    expect(run("Military-ruled Niger announces its departure from the International Criminal Court")).toEqual(
      ["rome-statute|NE|withdraw|announced"],
    );
    expect(run("The Hungarian National Assembly votes to leave the International Criminal Court")).toEqual([
      "rome-statute|HU|withdraw|approved",
    ]);
  });
  it("a follower announces the step the item reported", () => {
    expect(run("Nicaragua quits the OAS; Venezuela says it will follow suit")).toEqual([
      "oas|NI|withdraw|announced",
      "oas|VE|withdraw|announced",
    ]);
    expect(run("Nicaragua quits the OAS; Venezuela says it will not follow suit")).toEqual([
      "oas|NI|withdraw|announced",
    ]);
  });
});

describe("dates", () => {
  it("an effect dated after publication is still to come", () => {
    expect(
      run("Chad's exit from ECOWAS becomes official on 29 January 2025", undefined, "2024-12-15"),
    ).toEqual(["ecowas|TD|withdraw|deposited"]);
  });
  it("of two dated steps in one clause, the date nearest the step is its date", () => {
    expect(
      run(
        "Armenia in the ICC",
        "Armenia deposited its instrument of ratification on 14 November 2023 and the Rome Statute entered into force for Armenia on 1 February 2024.",
        "2024-02-01",
      ),
    ).toEqual(["rome-statute|AM|join|effective"]);
  });
});
