import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getTreaty } from "../../shared/catalog/index.ts";
import type { Direction, Stage } from "../../shared/model/vocabulary.ts";
import { headline } from "../../shared/state/headline.ts";
import { assumedPair, type Observation, type PairState } from "../../shared/state/pair.ts";
import { advance, type Decision, decide, stageRank } from "../../shared/state/rules.ts";

const ottawa = getTreaty("ottawa")!;
const settings = { confidenceThreshold: 0.5, armedConflictStates: ["UA"] };

function party(country = "LV", since = "2006-01-01"): PairState {
  return { ...assumedPair("ottawa", country, "withdraw"), since, memberSince: since };
}

function obs(
  direction: Direction,
  stage: Stage | null,
  occurredOn: string,
  extra: Partial<Observation> = {},
) {
  return {
    treaty: "ottawa",
    country: "LV",
    direction,
    stage,
    confidence: 0.9,
    occurredOn,
    source: {
      url: `https://news.example/${direction}-${stage}-${occurredOn}`,
      title: "t",
      published: null,
      feed: null,
    },
    evidence: "",
    ...extra,
  } satisfies Observation;
}

/** Applies a decision the way the store does: a change replaces the state. */
function step(state: PairState, observation: Observation): [PairState, Decision] {
  const decision = decide(state, observation, ottawa, settings);
  return [decision.kind === "change" ? decision.change.next : state, decision];
}

function run(state: PairState, observations: Observation[]): { state: PairState; decisions: Decision[] } {
  const decisions: Decision[] = [];
  for (const o of observations) {
    const [next, decision] = step(state, o);
    state = next;
    decisions.push(decision);
  }
  return { state, decisions };
}

describe("transition rules", () => {
  it.each<[string, PairState, Observation, Decision["kind"], Partial<PairState>?]>([
    [
      "announcement opens a withdrawal",
      party(),
      obs("withdraw", "announced", "2025-03-18"),
      "change",
      {
        status: "party",
        pending: { direction: "withdraw", stage: "announced", since: "2025-03-18", effectiveDate: null },
      },
    ],
    [
      "a stage-less report of leaving counts as announced",
      party(),
      obs("withdraw", null, "2025-03-18"),
      "change",
    ],
    [
      "low confidence moves nothing",
      party(),
      obs("withdraw", "announced", "2025-03-18", { confidence: 0.3 }),
      "ignore",
    ],
    [
      "news before the pair's since moves nothing",
      party("LV", "2025-04-01"),
      obs("withdraw", "announced", "2025-03-18"),
      "ignore",
    ],
    [
      "a non-party cannot withdraw",
      assumedPair("ottawa", "US", "join"),
      obs("withdraw", "announced", "2025-03-18"),
      "ignore",
    ],
    ["a party cannot join again", party(), obs("join", "deposited", "2025-03-18"), "ignore"],
    ["suspension sets suspended", party(), obs("suspend", null, "2025-03-18"), "change", { suspended: true }],
    [
      "signing makes a non-party a signatory",
      assumedPair("ottawa", "US", "sign"),
      obs("sign", null, "2025-03-18"),
      "change",
      { status: "signatory" },
    ],
    ["signing changes nothing for a party", party(), obs("sign", null, "2025-03-18"), "ignore"],
    ["resume with nothing pending is nothing", party(), obs("resume", null, "2025-03-18"), "ignore"],
  ])("%s", (_name, state, observation, kind, expected) => {
    const decision = decide(state, observation, ottawa, settings);
    expect(decision.kind).toBe(kind);
    if (expected && decision.kind === "change") expect(decision.change.next).toMatchObject(expected);
  });

  it("runs a withdrawal through its stages, computing the effective date on deposit", () => {
    const { state, decisions } = run(party(), [
      obs("withdraw", "announced", "2025-03-18"),
      obs("withdraw", "announced", "2025-03-19"), // repeat coverage
      obs("withdraw", "approved", "2025-04-16"),
      obs("withdraw", "announced", "2025-04-20"), // an earlier stage after a later one
      obs("withdraw", "deposited", "2025-06-27"),
    ]);
    expect(decisions.map((d) => d.kind)).toEqual(["change", "evidence", "change", "evidence", "change"]);
    expect(decisions[1]).toMatchObject({ kind: "evidence", seq: 1 });
    expect(decisions[3]).toMatchObject({ kind: "evidence", seq: 1 });
    expect(state.pending).toEqual({
      direction: "withdraw",
      stage: "deposited",
      since: "2025-06-27",
      effectiveDate: "2025-12-27",
    });
    expect(advance(state, "2025-12-26", ottawa, settings).kind).toBe("ignore");
    const due = advance(state, "2026-01-05", ottawa, settings);
    expect(due.kind).toBe("change");
    if (due.kind !== "change") return;
    expect(due.change.occurredOn).toBe("2025-12-27");
    expect(due.change.next).toMatchObject({ status: "withdrawn", pending: null, since: "2025-12-27" });
    expect(due.change.processId).toBe(decisions[0]?.kind === "change" ? decisions[0].change.processId : "?");
    // A later report that the withdrawal is in force is evidence for the effective step.
    const [, late] = step(due.change.next, obs("withdraw", "effective", "2025-12-28"));
    expect(late).toMatchObject({ kind: "evidence", seq: due.change.seq });
  });

  it("skips stages: a first report may already be the deposit", () => {
    const [state, decision] = step(party(), obs("withdraw", "deposited", "2025-06-27"));
    expect(decision.kind).toBe("change");
    expect(state.pending?.effectiveDate).toBe("2025-12-27");
  });

  it("does not take 'has withdrawn' as effective before the notice period could have run", () => {
    const [first, premature] = step(party(), obs("withdraw", "effective", "2025-03-18"));
    expect(premature.kind).toBe("change");
    expect(first.status).toBe("party");
    expect(first.pending?.stage).toBe("announced");
    const deposited = run(first, [obs("withdraw", "deposited", "2025-06-27")]).state;
    const [stillPending, early] = step(deposited, obs("withdraw", "effective", "2025-07-01"));
    expect(early.kind).toBe("evidence");
    expect(stillPending.status).toBe("party");
  });

  it("resume cancels a pending withdrawal and ends a suspension", () => {
    const withdrawing = run(party(), [obs("withdraw", "approved", "2025-04-16")]).state;
    const [cancelled, decision] = step(withdrawing, obs("resume", null, "2025-05-01"));
    expect(decision.kind).toBe("change");
    expect(cancelled).toMatchObject({ status: "party", pending: null });
    if (decision.kind === "change") {
      expect(decision.change.previous.pending?.direction).toBe("withdraw");
    }
    const suspended = run(party(), [obs("suspend", null, "2025-03-01")]).state;
    expect(step(suspended, obs("suspend", null, "2025-03-02"))[1]).toMatchObject({ kind: "evidence" });
    expect(step(suspended, obs("resume", null, "2025-04-01"))[0].suspended).toBe(false);
  });

  it("an effective accession makes a party; a later withdrawal is a new process", () => {
    const outside = {
      ...assumedPair("ottawa", "LV", "join"),
      status: "withdrawn" as const,
      since: "2025-12-27",
    };
    const joined = run(outside, [obs("join", "deposited", "2028-01-10")]).state;
    expect(joined.pending?.effectiveDate).toBe("2028-07-01"); // Art. 17(2)
    const due = advance(joined, "2028-07-01", ottawa, settings);
    expect(due.kind === "change" && due.change.next.status).toBe("party");
  });

  it("holds an Ottawa withdrawal of a state in armed conflict and says why", () => {
    const ukraine = party("UA", "2006-06-01");
    const decision = decide(
      ukraine,
      obs("withdraw", "deposited", "2025-07-14", { country: "UA" }),
      ottawa,
      settings,
    );
    expect(decision.kind).toBe("change");
    if (decision.kind !== "change") return;
    expect(decision.change.effectiveDate).toBeNull();
    expect(decision.change.notes.join(" ")).toMatch(/armed conflict/);
    expect(decision.change.notes.join(" ")).toMatch(/2026-01-14/);
    expect(advance(decision.change.next, "2030-01-01", ottawa, settings).kind).toBe("ignore");
    // Without the conflict listing the same deposit gets its date.
    const free = decide(ukraine, obs("withdraw", "deposited", "2025-07-14", { country: "UA" }), ottawa, {
      ...settings,
      armedConflictStates: [],
    });
    expect(free.kind === "change" && free.change.effectiveDate).toBe("2026-01-14");
  });
});

describe("rule properties", () => {
  const stage = fc.constantFrom<Stage | null>("announced", "approved", "deposited", "effective", null);
  const direction = fc.constantFrom<Direction>("withdraw", "join", "suspend", "resume", "sign");
  const day = fc
    .integer({ min: 0, max: 800 })
    .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
  const observation = fc
    .record({ direction, stage, occurredOn: day, confidence: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map((o) => obs(o.direction, o.stage, o.occurredOn, { confidence: o.confidence }));
  const start = fc.constantFrom(party(), assumedPair("ottawa", "LV", "join"), {
    ...party(),
    status: "signatory" as const,
  });

  // A suspension while a withdrawal is pending is a change of its own and leaves the stage alone.
  it("within one process the pending stage only rises", () => {
    fc.assert(
      fc.property(start, fc.array(observation, { maxLength: 30 }), (initial, observations) => {
        let state = initial;
        for (const o of observations) {
          const before = state.pending;
          const [next, decision] = step(state, o);
          if (
            decision.kind === "change" &&
            decision.change.direction === before?.direction &&
            next.pending &&
            before.direction === next.pending.direction
          ) {
            expect(stageRank(next.pending.stage)).toBeGreaterThan(stageRank(before.stage));
          }
          state = next;
        }
      }),
    );
  });

  it("the same report twice never makes two changes", () => {
    fc.assert(
      fc.property(
        start,
        fc.array(observation, { maxLength: 20 }),
        observation,
        (initial, history, repeated) => {
          const { state } = run(initial, history);
          const [after] = step(state, repeated);
          expect(step(after, repeated)[1].kind).not.toBe("change");
        },
      ),
    );
  });

  it("news older than the pair's since never changes it", () => {
    fc.assert(
      fc.property(start, fc.array(observation, { maxLength: 20 }), observation, (initial, history, old) => {
        const { state } = run(initial, history);
        if (state.since === null || old.occurredOn >= state.since) return;
        expect(step(state, old)[1].kind).not.toBe("change");
      }),
    );
  });

  it("a withdrawal only becomes effective once its effective date has come", () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 30 }), (observations) => {
        let state = party();
        for (const o of observations) {
          const before = state;
          const [next, decision] = step(state, o);
          if (decision.kind === "change" && next.status === "withdrawn" && before.status !== "withdrawn") {
            expect(before.pending?.stage).toBe("deposited");
            expect(before.pending?.effectiveDate).not.toBeNull();
            expect(o.occurredOn >= (before.pending?.effectiveDate ?? "9999")).toBe(true);
          }
          state = next;
        }
      }),
    );
  });

  it("versions grow by one per change and since never moves backwards", () => {
    fc.assert(
      fc.property(start, fc.array(observation, { maxLength: 30 }), (initial, observations) => {
        let state = initial;
        for (const o of observations) {
          const [next, decision] = step(state, o);
          if (decision.kind === "change") {
            expect(next.version).toBe(state.version + 1);
            if (state.since) expect(next.since! >= state.since).toBe(true);
          } else {
            expect(next).toBe(state);
          }
          state = next;
        }
      }),
    );
  });
});

describe("headlines", () => {
  const base = { treaty: ottawa, previous: party(), effectiveDate: null };
  it.each<[string, Direction, Stage | null, string | null, string]>([
    [
      "Lithuania",
      "withdraw",
      "announced",
      null,
      "Lithuania moves to withdraw from the Ottawa mine-ban treaty",
    ],
    [
      "Lithuania",
      "withdraw",
      "approved",
      null,
      "Lithuania's parliament approves leaving the Ottawa mine-ban treaty",
    ],
    [
      "Latvia",
      "withdraw",
      "deposited",
      "2025-12-27",
      "Latvia notifies the UN of its withdrawal from the Ottawa mine-ban treaty, effective 27 December 2025",
    ],
    [
      "Estonia",
      "withdraw",
      "effective",
      "2025-12-27",
      "Estonia's withdrawal from the Ottawa mine-ban treaty takes effect",
    ],
    ["United States", "sign", null, null, "The United States signs the Ottawa mine-ban treaty"],
    ["Poland", "join", "effective", null, "Poland becomes a party to the Ottawa mine-ban treaty"],
  ])("%s %s %s", (countryName, direction, stage, effectiveDate, expected) => {
    expect(headline({ ...base, countryName, direction, stage, effectiveDate })).toBe(expected);
  });
});
