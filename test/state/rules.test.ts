import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getTreaty } from "../../shared/catalog/index.ts";
import type { Direction, Stage } from "../../shared/model/vocabulary.ts";
import { alertId } from "../../shared/state/alert-id.ts";
import { withdrawalEffectiveDate } from "../../shared/state/dates.ts";
import { headline } from "../../shared/state/headline.ts";
import { assumedPair, type Observation, type PairState } from "../../shared/state/pair.ts";
import { advance, type Decision, decide, type ProposedChange, stageRank } from "../../shared/state/rules.ts";

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

/** The alert id the pipeline gives a change. */
function idOf(change: ProposedChange): string {
  const { treaty, country } = change.next;
  return alertId({
    treaty,
    country,
    direction: change.direction,
    stage: change.stage,
    processId: change.processId,
  });
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

  it("a late report of a later step moves the process on, dated by its own day", () => {
    // One feed, newest first: "LT to withdraw" (30 June) above "LT notifies the UN" (27 June).
    const lithuania = party("LT", "1999-06-01");
    const announced = run(lithuania, [obs("withdraw", "announced", "2025-06-30", { country: "LT" })]).state;
    const [deposited, decision] = step(
      announced,
      obs("withdraw", "deposited", "2025-06-27", { country: "LT" }),
    );
    expect(decision.kind).toBe("change");
    expect(deposited.pending).toEqual({
      direction: "withdraw",
      stage: "deposited",
      since: "2025-06-27",
      effectiveDate: "2025-12-27",
    });
    expect(deposited.since).toBe("2025-06-30"); // the pair's clock does not go back
    expect(deposited.process?.id).toBe(announced.process?.id);
    const due = advance(deposited, "2025-12-27", ottawa, settings);
    expect(due.kind === "change" && due.change.next.status).toBe("withdrawn");
  });

  it("old reports never open a process, repeat a step or turn the status back", () => {
    const withdrawn = run(party(), [obs("withdraw", "deposited", "2025-06-27")]).state;
    const [after] = step(withdrawn, obs("withdraw", "announced", "2026-01-10")); // evidence only
    const effective = advance(after, "2025-12-27", ottawa, settings);
    expect(effective.kind).toBe("change");
    const out = effective.kind === "change" ? effective.change.next : withdrawn;
    expect(out.status).toBe("withdrawn");
    // An old deposit report, and an old report of having joined, after the withdrawal took effect.
    expect(step(out, obs("withdraw", "deposited", "2025-06-27"))[1].kind).not.toBe("change");
    expect(step(out, obs("join", "effective", "2006-01-01"))[1].kind).not.toBe("change");
    expect(step(out, obs("join", "deposited", "2025-11-01"))[1].kind).not.toBe("change");
    // A report of the same stage, older than the pair's latest change, is at most evidence.
    const approved = run(party(), [obs("withdraw", "approved", "2025-04-16")]).state;
    expect(step(approved, obs("withdraw", "approved", "2025-04-01"))[1].kind).not.toBe("change");
    expect(step(approved, obs("withdraw", "announced", "2025-03-01"))[1].kind).not.toBe("change");
  });

  it("an old deposit report of a cancelled withdrawal does not move a later one", () => {
    const state = run(party(), [
      obs("withdraw", "announced", "2025-03-18"),
      obs("resume", null, "2025-05-01"), // cancelled
      obs("withdraw", "announced", "2025-09-01"), // a new attempt
    ]).state;
    const [after, decision] = step(state, obs("withdraw", "deposited", "2025-04-01"));
    expect(decision.kind).not.toBe("change");
    expect(after.pending?.stage).toBe("announced");
    // A deposit of the new attempt reported late (dated between the two) does move it.
    const [moved] = step(
      run(state, [obs("suspend", null, "2025-10-01")]).state,
      obs("withdraw", "deposited", "2025-09-15"),
    );
    expect(moved.pending).toMatchObject({
      stage: "deposited",
      since: "2025-09-15",
      effectiveDate: "2026-03-15",
    });
  });

  it("gives a suspension, resumption or signature an alert id of its own", () => {
    const history = [
      obs("withdraw", "announced", "2025-03-01"),
      obs("resume", null, "2025-03-02"),
      obs("suspend", null, "2025-03-03"),
      obs("resume", null, "2025-03-04"),
      obs("suspend", null, "2025-03-05"),
      obs("resume", null, "2025-03-06"),
    ];
    const { decisions } = run(party(), history);
    const ids = decisions.map((d) => (d.kind === "change" ? idOf(d.change) : d.kind));
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
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

  it("news older than the pair's since only moves the process under way forward", () => {
    fc.assert(
      fc.property(start, fc.array(observation, { maxLength: 20 }), observation, (initial, history, old) => {
        const { state } = run(initial, history);
        if (state.since === null || old.occurredOn >= state.since) return;
        const [next, decision] = step(state, old);
        if (decision.kind !== "change") return;
        // Never a new process, a suspension, resumption or signature, a lower stage or a status turned back.
        const pending = state.pending;
        expect(pending).not.toBeNull();
        expect(decision.change.direction).toBe(pending?.direction);
        if (next.pending) {
          expect(next.pending.direction).toBe(pending?.direction);
          expect(stageRank(next.pending.stage)).toBeGreaterThan(stageRank(pending?.stage ?? "effective"));
          expect(next.status).toBe(state.status);
        } else {
          expect(decision.change.stage).toBe("effective");
          const into = pending?.direction === "join" ? ["party"] : ["withdrawn", "non_party"];
          expect(into).toContain(next.status);
        }
        expect(next.suspended === state.suspended || !next.suspended).toBe(true);
      }),
    );
  });

  it("the steps of one withdrawal in any order give the same deposit and effective date", () => {
    const days = fc.uniqueArray(day, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(days, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (dates, keys) => {
        const [announcedOn, approvedOn, depositedOn] = dates as [string, string, string];
        const steps = [
          obs("withdraw", "announced", announcedOn),
          obs("withdraw", "approved", approvedOn),
          obs("withdraw", "deposited", depositedOn),
        ];
        // A permutation chosen by the generated keys (stable sort on them).
        const order = steps.map((o, i) => ({ o, key: keys[i] ?? 0 })).sort((a, b) => a.key - b.key);
        const { state } = run(
          party(),
          order.map(({ o }) => o),
        );
        const expected = withdrawalEffectiveDate(ottawa, "LV", depositedOn, "2006-01-01");
        expect(state.pending).toEqual({
          direction: "withdraw",
          stage: "deposited",
          since: depositedOn,
          effectiveDate: expected,
        });
        expect((state.since ?? "") >= depositedOn).toBe(true);
      }),
    );
  });

  it("every alert in a history has an id of its own", () => {
    const chronological = fc
      .array(
        fc.oneof(
          observation.map((o) => ({ o: { ...o, confidence: Math.max(o.confidence, 0.6) }, tick: false })),
          day.map((d) => ({ o: obs("withdraw", "effective", d), tick: true })),
        ),
        { maxLength: 40 },
      )
      .map((ops) => [...ops].sort((a, b) => (a.o.occurredOn < b.o.occurredOn ? -1 : 1)));
    fc.assert(
      fc.property(start, chronological, (initial, ops) => {
        let state = initial;
        const ids: string[] = [];
        for (const { o, tick } of ops) {
          // A tick is the daily effective-date job; the rest are reports.
          const decision = tick
            ? advance(state, o.occurredOn, ottawa, settings)
            : decide(state, o, ottawa, settings);
          if (decision.kind === "change") {
            ids.push(idOf(decision.change));
            state = decision.change.next;
          }
        }
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 300 },
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

  it("names organisations as news does: no article before an acronym, membership for joining", () => {
    const nato = getTreaty("nato");
    const oas = getTreaty("oas");
    if (!nato || !oas) throw new Error("catalog lacks nato/oas");
    const at = { previous: party(), effectiveDate: null };
    expect(
      headline({ ...at, treaty: nato, countryName: "Sweden", direction: "join", stage: "effective" }),
    ).toBe("Sweden becomes a member of NATO");
    expect(headline({ ...at, treaty: nato, countryName: "Hungary", direction: "sign", stage: null })).toBe(
      "Hungary signs NATO",
    );
    expect(
      headline({ ...at, treaty: oas, countryName: "Nicaragua", direction: "withdraw", stage: "deposited" }),
    ).toBe("Nicaragua gives formal notice of its withdrawal from the Organization of American States");
  });
});
