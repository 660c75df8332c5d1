import type { NewsItem, Stage, TreatyEvent } from "../model/index.ts";
import { type Candidate, findTriggers, type ItemContext, sentenceCandidates } from "./candidates.ts";
import { TRIGGER_FAMILIES } from "./lexicon/triggers.ts";
import {
  type CountryMention,
  classifyTreatyMentions,
  findCountries,
  findTreaties,
  maskSpans,
  type TreatyMention,
} from "./mentions.ts";
import { itemSentences, type Sentence } from "./text.ts";

export interface SentenceExplanation {
  index: number;
  part: Sentence["part"];
  text: string;
  treaties: { treaty: string; text: string }[];
  countries: { codes: string[]; text: string; kind: string; role: string; nonActor: boolean }[];
}

export interface ExtractionExplanation {
  id: string;
  sentences: SentenceExplanation[];
  candidates: Candidate[];
  /** Events dropped when merging ("withdraw" superseded by "resume" for the same pair…). */
  merged: { key: string; reason: string }[];
  events: TreatyEvent[];
}

/** Titles that label an item as commentary: "Analysis: …", "Opinion | …", "… explained". */
const COMMENTARY_GENRE =
  /^(?:explainer|analysis|opinion|comment|commentary|editorial|q&a|faq|fact ?check)\s*[:|–—-]|\sexplained[.!]?$/iu;

/** Rejections that say the step is only hoped for, conditional or denied. */
const HEDGE_REASON = /^(?:condition "unless" after|someone else's hope|hypothetical)/u;

/** "Israel said it would follow suit": the follower announces the step the item reported before. */
const FOLLOW_SUIT =
  /(?<![\p{L}])(?:follow(?:s|ed|ing)? suit|(?:will|would|to|'ll) follow)(?=\s*(?:[.;,!]|$))/gu;
const FOLLOW_NEGATED = /(?<![\p{L}])(?:not|never|no)(?![\p{L}])|n't/u;

function followers(a: Analysed, sofar: Candidate[]): Candidate[] {
  if (!/follow/u.test(a.masked)) return [];
  const out: Candidate[] = [];
  for (const m of a.masked.matchAll(FOLLOW_SUIT)) {
    const leader = sofar.filter((c) => c.accepted && c.treaty && c.sentence <= a.sentence.index).at(-1);
    if (!leader) break;
    const actor = a.countries.filter((c) => !c.nonActor && c.end <= m.index && m.index - c.end <= 40).at(-1);
    if (!actor || actor.codes.some((code) => leader.countries.includes(code))) continue;
    if (FOLLOW_NEGATED.test(a.masked.slice(actor.end, m.index))) continue;
    const stepped = leader.direction === "withdraw" || leader.direction === "join";
    out.push({
      ...leader,
      sentence: a.sentence.index,
      part: a.sentence.part,
      trigger: a.sentence.text.slice(m.index, m.index + m[0].length),
      family: "follow-suit",
      countries: actor.codes,
      actorSource: "subject",
      actorRole: actor.role,
      stage: stepped ? "announced" : null,
      stageWeight: stepped ? 1 : 0,
      stageCue: stepped ? "follow-suit" : null,
      reason: `fired (follows ${leader.countries.join("+")})`,
      confidence: Math.max(0, leader.confidence - 0.15),
      evidence: a.sentence.text,
    });
  }
  return out;
}

/**
 * Treaties a government leaves by a letter to the organisation's head with no other step: news of the
 * decision is news of the letter (the US UNESCO exits of 2017 and 2025 were announced by sending it).
 */
const NOTICE_IS_THE_DECISION: ReadonlySet<string> = new Set(["unesco"]);

/** Below this an event is not reported (it stays visible in --explain). */
export const MIN_CONFIDENCE = 0.5;

interface Analysed {
  sentence: Sentence;
  masked: string;
  treaties: TreatyMention[];
  /** Treaty names used as modifiers ("Nato allies"): they still tell what the item is about. */
  modifiers: TreatyMention[];
  countries: CountryMention[];
}

/** "averting a US exit": a planned withdrawal did not happen, so "to remain in" is a resume. */
const AVERTED_EXIT =
  /(?:avert\p{L}*|avoid\p{L}*|stav\p{L}* off|head\p{L}* off)\s+(?:a |an |the )?(?:[\p{L}-]+\s+){0,2}?(?:exit|withdrawal|departure|pull-?out)/u;

const REVERSAL = TRIGGER_FAMILIES.filter((f) => f.direction === "resume" && !f.needsReversalContext);

function buildContext(item: NewsItem, analysed: Analysed[]): ItemContext {
  const counts = new Map<string, number>();
  for (const a of analysed) for (const t of a.treaties) counts.set(t.treaty, (counts.get(t.treaty) ?? 0) + 1);
  const title = analysed[0]?.sentence.part === "title" ? analysed[0] : undefined;
  const weak = analysed.flatMap((a) => a.modifiers)[0]?.treaty ?? null;
  const mainTreaty =
    title?.treaties[0]?.treaty ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? weak;
  // A cheap pre-check keeps the full trigger scan for the items that mention a revocation at all.
  const reversalContext =
    analysed.some((a) => AVERTED_EXIT.test(a.masked)) ||
    analysed.some(
      (a) =>
        /revok|rescind|revers|cancel|retract|annul|undo|undid|u-?turn|scrap|abandon/u.test(a.masked) &&
        findTriggers(a.masked, a.sentence.text).some((h) => REVERSAL.includes(h.family)),
    );
  const year = item.published ? Number(item.published.slice(0, 4)) : Number.NaN;
  const month =
    item.published && /^\d{4}-\d{2}/.test(item.published)
      ? Number(item.published.slice(5, 7)) - 1
      : Number.NaN;
  const day = item.published ? Date.parse(item.published.slice(0, 10)) : Number.NaN;
  return {
    publishedDay: Number.isFinite(day) ? Math.floor(day / 86_400_000) : null,
    primaryActors: [],
    mainTreaty,
    reversalContext,
    publishedYear: Number.isFinite(year) && year > 1900 ? year : null,
    publishedMonth: Number.isFinite(month) && month >= 0 && month < 12 ? month : null,
  };
}

function analyse(sentence: Sentence): Analysed {
  const found = findTreaties(sentence);
  const { real, modifiers } = classifyTreatyMentions(sentence.folded, found);
  const masked = maskSpans(sentence.folded, found);
  return { sentence, masked, treaties: real, modifiers, countries: findCountries(sentence, masked) };
}

interface Merged {
  event: TreatyEvent;
  stageWeight: number;
  stageSentence: number;
  support: Set<number>;
  fromTitle: boolean;
}

function mergeCandidates(candidates: Candidate[]): {
  events: TreatyEvent[];
  merged: ExtractionExplanation["merged"];
} {
  const byKey = new Map<string, Merged>();
  for (const c of candidates) {
    if (!c.accepted || !c.treaty) continue;
    for (const country of c.countries) {
      const key = `${c.treaty}|${country}|${c.direction}`;
      const existing = byKey.get(key);
      if (!existing) {
        byKey.set(key, {
          event: {
            treaty: c.treaty,
            country,
            direction: c.direction,
            stage: c.stage,
            confidence: c.confidence,
            evidence: c.evidence,
          },
          stageWeight: c.stageWeight,
          stageSentence: c.sentence,
          support: new Set([c.sentence]),
          fromTitle: c.part === "title",
        });
        continue;
      }
      existing.support.add(c.sentence);
      existing.fromTitle ||= c.part === "title";
      if (c.confidence > existing.event.confidence) {
        existing.event.confidence = c.confidence;
        existing.event.evidence = c.evidence;
      }
      // The most specific stage wins; on a tie the lede beats the (often overstated) headline.
      const better =
        c.stageWeight > existing.stageWeight ||
        (c.stageWeight === existing.stageWeight && existing.stageSentence === 0 && c.sentence > 0);
      if (better) {
        existing.event.stage = c.stage as Stage | null;
        existing.stageWeight = c.stageWeight;
        existing.stageSentence = c.sentence;
      }
    }
  }
  const merged: ExtractionExplanation["merged"] = [];
  const all = [...byKey.entries()];
  for (const [key, m] of all) {
    const [treaty, country, direction] = key.split("|");
    const has = (d: string) => byKey.has(`${treaty}|${country}|${d}`);
    if (direction === "withdraw" && has("resume")) {
      byKey.delete(key);
      merged.push({ key, reason: "the withdrawal is being reversed (resume reported)" });
      continue;
    }
    if (direction === "withdraw" && has("join")) {
      const other = byKey.get(`${treaty}|${country}|join`) as Merged;
      if (other.fromTitle && !m.fromTitle) {
        byKey.delete(key);
        merged.push({ key, reason: "background: the headline reports joining" });
      }
    }
    if (direction === "join" && has("withdraw")) {
      const other = byKey.get(`${treaty}|${country}|withdraw`) as Merged;
      if (other.fromTitle && !m.fromTitle) {
        byKey.delete(key);
        merged.push({ key, reason: "background: the headline reports withdrawing" });
      }
    }
  }
  // A headline that restates a step the body dates to the past ("set to become first to exit" over
  // "between April and June, parliaments voted…") is a recap, unless the body reports it afresh.
  const recapped = new Set<string>();
  for (const c of candidates) {
    if (c.accepted || c.part === "title" || !c.treaty || !/^background (?:date|month)/.test(c.reason))
      continue;
    for (const country of c.countries) recapped.add(`${c.treaty}|${country}|${c.direction}`);
  }
  for (const [key, m] of [...byKey.entries()]) {
    if (recapped.has(key) && m.fromTitle && m.support.size === 1 && m.stageWeight < 3) {
      byKey.delete(key);
      merged.push({ key, reason: "background: the body dates the headline's step to the past" });
    }
  }
  // A headline the lede hedges ("minister wants exit" over "he hoped Lithuania would leave"; "readies
  // exit" over "would leave unless…") reports no step unless some other sentence supports it.
  const hedged = new Set<string>();
  for (const c of candidates) {
    if (c.accepted || c.part === "title" || !c.treaty || !HEDGE_REASON.test(c.reason)) continue;
    for (const country of c.countries) hedged.add(`${c.treaty}|${country}|${c.direction}`);
  }
  for (const [key, m] of [...byKey.entries()]) {
    if (hedged.has(key) && m.fromTitle && m.support.size === 1) {
      byKey.delete(key);
      merged.push({ key, reason: "the lede hedges the headline's step" });
    }
  }
  const events: TreatyEvent[] = [];
  for (const [key, m] of byKey) {
    const bonus = Math.min(0.08, 0.04 * (m.support.size - 1));
    const confidence = Math.round(Math.min(0.98, m.event.confidence + bonus) * 100) / 100;
    if (confidence < MIN_CONFIDENCE) {
      merged.push({ key, reason: `confidence ${confidence} below ${MIN_CONFIDENCE}` });
      continue;
    }
    const stage =
      m.event.direction === "withdraw" &&
      m.event.stage === "announced" &&
      NOTICE_IS_THE_DECISION.has(m.event.treaty)
        ? "deposited"
        : m.event.stage;
    events.push({ ...m.event, stage, confidence });
  }
  return { events, merged };
}

/** The full reasoning for one item: what was found, what fired, what was rejected and why. */
export function explainExtraction(item: NewsItem): ExtractionExplanation {
  const analysed = itemSentences(item).map(analyse);
  const ctx = buildContext(item, analysed);
  const candidates: Candidate[] = [];
  for (const a of analysed) {
    const found = sentenceCandidates(a.sentence, a.masked, a.treaties, a.countries, ctx);
    candidates.push(...found);
    candidates.push(...followers(a, candidates));
    if (a.sentence.index > 0 && ctx.primaryActors.length === 0) {
      ctx.primaryActors = found
        .filter((c) => c.accepted)
        .map((c) => ({ codes: c.countries, role: c.actorRole ?? "country" }));
    }
    if (a.sentence.index === 0) {
      // Who the headline says acts is who "the country" / "parliament" means further down.
      const fired = found.filter((c) => c.accepted);
      if (fired.length > 0) {
        ctx.primaryActors = fired.map((c) => ({ codes: c.countries, role: c.actorRole ?? "country" }));
      } else {
        const named = a.countries.filter((c) => !c.nonActor);
        ctx.primaryActors = named.map((c) => ({ codes: c.codes, role: c.role }));
      }
    }
  }
  const found = mergeCandidates(candidates);
  const merged = found.merged;
  let events = found.events;
  // Explainers, analysis and opinion pieces discuss steps; they do not report new ones.
  // A question headline ("Is Hungary next to quit the WHO?") frames the body as speculation too;
  // not a statement followed by a question ("…'s exit is final: what happens now?").
  if (COMMENTARY_GENRE.test(item.title.trim()) || /^[^:|–—]*\?\s*$/u.test(item.title)) {
    for (const e of events)
      merged.push({ key: `${e.treaty}|${e.country}|${e.direction}`, reason: "commentary genre (title)" });
    events = [];
  }
  return {
    id: item.id,
    sentences: analysed.map((a) => ({
      index: a.sentence.index,
      part: a.sentence.part,
      text: a.sentence.text,
      treaties: a.treaties.map((t) => ({ treaty: t.treaty, text: t.text })),
      countries: a.countries.map((c) => ({
        codes: c.codes,
        text: c.text,
        kind: c.kind,
        role: c.role,
        nonActor: c.nonActor,
      })),
    })),
    candidates,
    merged,
    events,
  };
}

/** Treaty events reported by one news item. Pure and deterministic. */
export function extractEvents(item: NewsItem): TreatyEvent[] {
  return explainExtraction(item).events;
}
