import { describe, expect, it } from "vitest";
import { explainExtraction, extractEvents } from "../../shared/extract/index.ts";
import type { TreatyEvent } from "../../shared/model/index.ts";

const item = (title: string, summary?: string, published?: string) => ({
  id: "t",
  title,
  summary,
  published,
});
const keys = (events: TreatyEvent[]) =>
  events.map((e) => `${e.treaty}|${e.country}|${e.direction}|${e.stage ?? "-"}`).sort();
const run = (title: string, summary?: string, published?: string) =>
  keys(extractEvents(item(title, summary, published)));

describe("treaty names", () => {
  it("reads names, abbreviations and descriptions", () => {
    expect(run("Chile announces it will withdraw from the landmine treaty")).toEqual([
      "ottawa|CL|withdraw|announced",
    ]);
    expect(run("Peru to quit the Hague-based court")).toEqual(["rome-statute|PE|withdraw|announced"]);
    expect(run("Kenya announces withdrawal from the ICC")).toEqual(["rome-statute|KE|withdraw|announced"]);
    expect(run("Brazil says it will leave the Paris climate accord")).toEqual([
      "paris|BR|withdraw|announced",
    ]);
    expect(run("Argentina announces exit from the World Health Organization")).toEqual([
      "who|AR|withdraw|announced",
    ]);
  });
  it("reads other languages", () => {
    expect(run("Polska wycofa się z konwencji ottawskiej")).toEqual(["ottawa|PL|withdraw|announced"]);
    expect(run("Россия выходит из Римского статута")).toEqual(["rome-statute|RU|withdraw|announced"]);
    expect(run("Spanien kündigt Austritt aus dem Energiecharta-Vertrag an")).toEqual([
      "ect|ES|withdraw|announced",
    ]);
  });
});

describe("actors", () => {
  it("expands groups and lists", () => {
    expect(run("The Baltic states announce withdrawal from the Ottawa Convention")).toEqual([
      "ottawa|EE|withdraw|announced",
      "ottawa|LT|withdraw|announced",
      "ottawa|LV|withdraw|announced",
    ]);
    expect(run("Sahel states announce exit from ECOWAS")).toEqual([
      "ecowas|BF|withdraw|announced",
      "ecowas|ML|withdraw|announced",
      "ecowas|NE|withdraw|announced",
    ]);
  });
  it("uses capitals, seats of power, leaders and parliaments", () => {
    expect(run("The Kremlin says it will quit the CFE treaty")).toEqual(["cfe|RU|withdraw|announced"]);
    expect(run("Vilnius notifies UN of its withdrawal from the cluster munitions convention")).toEqual([
      "ccm|LT|withdraw|deposited",
    ]);
    expect(run("Saeima votes to leave the Istanbul Convention")).toEqual(["istanbul|LV|withdraw|approved"]);
  });
  it("keeps the acting country apart from the others named", () => {
    expect(run("NATO allies condemn Russia's withdrawal from the Open Skies Treaty")).toEqual([
      "open-skies|RU|withdraw|announced",
    ]);
    expect(run("Moldova leaves the CSTO, citing the threat from Russia")).toEqual([
      "csto|MD|withdraw|announced",
    ]);
  });
});

describe("what is not an event", () => {
  it("negation and refusal", () => {
    expect(run("Denmark will not withdraw from the Ottawa Convention, minister says")).toEqual([]);
    expect(run("Austria rules out leaving the Istanbul Convention")).toEqual([]);
  });
  it("speculation, hopes, conditions and questions", () => {
    expect(run("Slovakia could leave the Council of Europe")).toEqual([]);
    expect(run("Government considering withdrawing Bulgaria from the Istanbul Convention")).toEqual([]);
    expect(run("Opposition leader hopes Romania will quit the Energy Charter Treaty")).toEqual([]);
    expect(run("Will Hungary leave the ICC?")).toEqual([]);
    expect(run("Serbia will withdraw from the treaty on cluster munitions if talks fail")).toEqual([]);
  });
  it("third parties urging", () => {
    expect(run("Rights groups urge Croatia to stay in the Istanbul Convention")).toEqual([]);
    expect(run("Activists call on Italy to quit the Energy Charter Treaty")).toEqual([]);
  });
  it("status facts, anniversaries and background", () => {
    expect(
      run(
        "Mine ban treaty marks 25th anniversary",
        "Twenty-five years since Canada signed the Ottawa Convention.",
      ),
    ).toEqual([]);
    expect(run("Georgia debates ICC", "In 2003, Georgia ratified the Rome Statute.", "2024-05-01")).toEqual(
      [],
    );
    expect(run("India, which has never joined the NPT, tests a missile")).toEqual([]);
  });
});

describe("direction and stage", () => {
  it("classifies the stage by who acts", () => {
    expect(run("Slovenian government decides to leave the Energy Charter Treaty")).toEqual([
      "ect|SI|withdraw|announced",
    ]);
    expect(run("Dutch parliament votes to withdraw from the Energy Charter Treaty")).toEqual([
      "ect|NL|withdraw|approved",
    ]);
    expect(run("President signs law on Moldova's withdrawal from the CSTO")).toEqual([
      "csto|MD|withdraw|approved",
    ]);
    expect(
      run(
        "Denmark formally notifies the UN Secretary-General of its withdrawal from the Energy Charter Treaty",
      ),
    ).toEqual(["ect|DK|withdraw|deposited"]);
    expect(run("Italy officially left the Energy Charter Treaty on Friday")).toEqual([
      "ect|IT|withdraw|effective",
    ]);
    expect(run("Mexico ceases to be a party to the Refugee Convention")).toEqual([
      "refugee-convention|MX|withdraw|effective",
    ]);
  });
  it("joins, suspends, resumes, signs and revokes ratifications", () => {
    expect(run("Armenia ratifies the Rome Statute")).toEqual(["rome-statute|AM|join|deposited"]);
    expect(run("Georgia suspends its participation in the CFE Treaty")).toEqual(["cfe|GE|suspend|-"]);
    expect(run("Zambia revokes its withdrawal from the ICC")).toEqual(["rome-statute|ZM|resume|-"]);
    expect(run("Sri Lanka signs the Arms Trade Treaty")).toEqual(["att|LK|sign|-"]);
    expect(run("Belarus revokes its ratification of the test ban treaty")).toEqual([
      "ctbt|BY|withdraw|announced",
    ]);
  });
  it("gives confidence and the evidence sentence", () => {
    const [event] = extractEvents(
      item("Qatar to leave OPEC", "Chad has notified the UN that it leaves the WHO."),
    );
    expect(event?.country).toBe("TD");
    expect(event?.evidence).toBe("Chad has notified the UN that it leaves the WHO.");
    expect(event?.confidence).toBeGreaterThan(0.5);
    expect(event?.confidence).toBeLessThanOrEqual(1);
  });
  it("reports several treaties and countries in one item", () => {
    expect(
      run("Poland and Lithuania leave the Ottawa Convention and the Convention on Cluster Munitions"),
    ).toEqual([
      "ccm|LT|withdraw|announced",
      "ccm|PL|withdraw|announced",
      "ottawa|LT|withdraw|announced",
      "ottawa|PL|withdraw|announced",
    ]);
  });
});

describe("explanations", () => {
  it("says why a candidate was rejected", () => {
    const x = explainExtraction(item("Norway will not withdraw from the Ottawa Convention"));
    expect(x.events).toEqual([]);
    expect(x.candidates.some((c) => !c.accepted && c.reason.startsWith("negation"))).toBe(true);
  });
  it("is deterministic", () => {
    const i = item(
      "Estonia's parliament votes to leave the mine ban treaty",
      "The Riigikogu backed the bill 81-1.",
    );
    expect(extractEvents(i)).toEqual(extractEvents(i));
  });
});

describe("inflected country names (stems plus per-language alternations)", () => {
  const actors = (title: string) =>
    extractEvents({ id: "x", title }).map((e) => `${e.country} ${e.direction} ${e.stage}`);
  it.each([
    ["Senat poparł wystąpienie Polski z konwencji ottawskiej", "PL withdraw approved"],
    ["Puolan ero Ottawan sopimuksesta astui voimaan", "PL withdraw effective"],
    ["Suomi ei ole enää Ottawan sopimuksen osapuoli", "FI withdraw effective"],
    ["Lietuva nebėra Otavos konvencijos šalis", "LT withdraw effective"],
    ["Latvijas Saeima atbalsta izstāšanos no Otavas konvencijas", "LV withdraw approved"],
    ["Norjan hallitus päätti erota Ottawan sopimuksesta", "NO withdraw announced"],
    ["Riigikogu kiitis heaks Eesti väljaastumise Ottawa konventsioonist", "EE withdraw approved"],
  ])("%s", (title, want) => {
    expect(actors(title)).toContain(want);
  });
  it("does not report a step that is only being examined", () => {
    expect(extractEvents({ id: "x", title: "Suomen eroaminen Ottawan sopimuksesta selvitetään" })).toEqual(
      [],
    );
  });
  it("reads the country that joins others in a step as the actor, not the others", () => {
    const got = extractEvents({
      id: "x",
      title: "Finland joins Baltic neighbours in leaving anti-landmine treaty",
    });
    expect(got.map((e) => e.country)).toEqual(["FI"]);
  });
});
