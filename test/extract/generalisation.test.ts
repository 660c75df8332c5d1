import { describe, expect, it } from "vitest";
import { explainExtraction, extractEvents } from "../../shared/extract/index.ts";
import type { TreatyEvent } from "../../shared/model/index.ts";

// General rules of news language, on sentences written for these tests (other countries than the
// eval sets use, so a rule that only fits a labelled row fails here).
const keys = (events: TreatyEvent[]) =>
  events.map((e) => `${e.treaty}|${e.country}|${e.direction}|${e.stage ?? "-"}`).sort();
const run = (title: string, summary?: string, published?: string) =>
  keys(extractEvents({ id: "t", title, summary, published }));

describe("letters and names in other languages", () => {
  it("keeps Cyrillic й and ї, so Russian and Ukrainian verbs match", () => {
    expect(run("Молдова выйдет из Оттавской конвенции")).toEqual(["ottawa|MD|withdraw|announced"]);
  });
  it("does not read a treaty word as an inflected country name", () => {
    const x = explainExtraction({
      id: "t",
      title: "Der Austritt Chiles aus dem Ottawa-Abkommen ist am Montag wirksam geworden",
    });
    expect(x.sentences[0]?.countries.flatMap((c) => c.codes)).toEqual(["CL"]);
    expect(keys(x.events)).toEqual(["ottawa|CL|withdraw|effective"]);
  });
  it("joins lists with the conjunction of the language", () => {
    expect(run("Rumänien und Bulgarien wollen aus dem Ottawa-Abkommen austreten")).toEqual([
      "ottawa|BG|withdraw|announced",
      "ottawa|RO|withdraw|announced",
    ]);
  });
  it("reads a legislature's vote in Latvian as the approved stage", () => {
    expect(run("Saeima pieņēma likumu par Latvijas izstāšanos no Otavas konvencijas")).toEqual([
      "ottawa|LV|withdraw|approved",
    ]);
  });
});

describe("what is not a step", () => {
  it("a condition before the actor", () => {
    expect(run("If Brazil were to leave the Paris Agreement, others could follow, analysts said")).toEqual(
      [],
    );
  });
  it("a step placed earlier by a time clause", () => {
    expect(
      run(
        "Chile rejects court criticism",
        "The minister spoke to reporters, weeks after Chile left the ICC.",
      ),
    ).toEqual([]);
  });
  it("a bare 'exit' used as a noun without a predicate that reports it", () => {
    expect(run("What a Brazilian exit from the Paris Agreement would mean for the Amazon")).toEqual([]);
  });
  it("an indefinite, countable mention", () => {
    expect(run("The accord has survived one American withdrawal and may face another")).toEqual([]);
  });
  it("suspending something other than the treaty", () => {
    expect(run("Serbia suspends cooperation with the ICC over arrest warrant")).toEqual([]);
  });
  it("a pledge by an opposition party", () => {
    expect(run("Peru's Conservatives pledge to leave the ICC if elected")).toEqual([]);
  });
  it("a step a court declares void", () => {
    expect(
      run(
        "Kenyan court rules on ICC exit",
        "The High Court ruled that the government's notice to withdraw from the ICC was unconstitutional.",
      ),
    ).toEqual([]);
  });
  it("a noun whose predicate is negated", () => {
    expect(run("Ein Austritt Österreichs aus dem Ottawa-Abkommen steht nicht zur Debatte")).toEqual([]);
  });
  it("a time reference to the step", () => {
    expect(
      run("Chile's army will buy mines after the withdrawal from the landmine treaty takes effect"),
    ).toEqual([]);
  });
  it("a recap of a step dated weeks before publication", () => {
    expect(
      run(
        "Chile and the court: a look back",
        "On 30 May 2024, the government of Chile decided to withdraw from the ICC.",
        "2024-07-10",
      ),
    ).toEqual([]);
  });
});

describe("who acts", () => {
  it("reported speech across a long subject keeps 'would' an announcement", () => {
    expect(
      run("Chile's foreign minister told reporters on Monday that the country would withdraw from the ICC"),
    ).toEqual(["rome-statute|CL|withdraw|announced"]);
  });
  it("a reaction story reports the decision it reacts to", () => {
    expect(run("Kenya's decision to leave the ICC is a big mistake, EU says")).toEqual([
      "rome-statute|KE|withdraw|announced",
    ]);
  });
  it("countries told of a decision are not the ones deciding", () => {
    expect(
      run(
        "Peru notifies partners of treaty exit",
        "Peru on Monday formally notified the depositaries, Canada and Hungary, of its decision to withdraw from the Open Skies Treaty.",
      ),
    ).toEqual(["open-skies|PE|withdraw|deposited"]);
  });
});

describe("stage", () => {
  it("a time clause after the step does not set its stage", () => {
    expect(
      run(
        "Peru officially ceased to be a party to the Rome Statute on Monday, a year after it notified the UN Secretary-General",
      ),
    ).toEqual(["rome-statute|PE|withdraw|effective"]);
  });
  it("an ordinal membership is the effective stage; a promised one is not yet", () => {
    expect(run("Moldova formally becomes NATO's 33rd member")).toEqual(["nato|MD|join|effective"]);
    expect(run("Peru will become the 130th State Party to the Rome Statute on 1 March")).toEqual([
      "rome-statute|PE|join|deposited",
    ]);
  });
  it("reads 'became effective', a depositary that received, and 'no longer parties'", () => {
    expect(
      run("Peru's withdrawal from the ICC became effective on Sunday, the foreign ministry said"),
    ).toEqual(["rome-statute|PE|withdraw|effective"]);
    expect(run("UN receives Chile's notice of withdrawal from the ICC")).toEqual([
      "rome-statute|CL|withdraw|deposited",
    ]);
    expect(run("Chad and Sudan are no longer parties to the ICC as of Monday")).toEqual([
      "rome-statute|SD|withdraw|effective",
      "rome-statute|TD|withdraw|effective",
    ]);
  });
  it("a president urging parliament is not a vote", () => {
    expect(
      run("Kenya's president said he supported withdrawing from the ICC and urged parliament to act quickly"),
    ).toEqual(["rome-statute|KE|withdraw|announced"]);
  });
  it("bare 'quit' is past after one country and present after several", () => {
    expect(run("Peru on Monday quit the ICC")).toEqual(["rome-statute|PE|withdraw|effective"]);
    expect(run("Chad and Sudan quit the ICC")).toEqual([
      "rome-statute|SD|withdraw|announced",
      "rome-statute|TD|withdraw|announced",
    ]);
  });
});

describe("third pass: actors, bloc actions and time references", () => {
  it("reads 'X's parliament ratifies' as the country acting", () => {
    expect(run("Chile's parliament ratifies the Arms Trade Treaty")).toEqual(["att|CL|join|approved"]);
  });
  it("does not give a country's accession to the parliament of another that ratifies it", () => {
    expect(run("Greek parliament ratifies North Macedonia's NATO accession")).toEqual([]);
  });
  it("does not read a bloc's invitation as the invited country joining", () => {
    expect(run("NATO invites Montenegro to join the alliance")).toEqual([]);
  });
  it("reads 'enters into force for X' as X's accession taking effect", () => {
    expect(run("The Rome Statute enters into force for Tunisia")).toEqual(["rome-statute|TN|join|effective"]);
  });
  it("treats 'after leaving' as a time reference and 'when to leave' as undecided", () => {
    expect(run("Venezuela hosts summit after leaving the OAS")).toEqual([]);
    expect(run("Belarus will decide when to leave the CSTO")).toEqual([]);
  });
  it("reports nothing from an explainer", () => {
    expect(run("Explainer: Chile ratifies the Arms Trade Treaty")).toEqual([]);
  });
});
