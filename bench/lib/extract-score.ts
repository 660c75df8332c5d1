/**
 * The figures ../shared/eval/score.mjs reports, computed in-process so the benchmark can put our
 * extractor and the keyword baseline side by side in one run.
 */
export interface LabelledEvent {
  treaty: string;
  country: string;
  direction: string;
  stage: string | null;
}

export interface ExtractionQuality {
  directionPrecision: number;
  directionRecall: number;
  stageAccuracy: number;
  falseAlarmRate: number;
}

const key = (e: LabelledEvent) => `${e.treaty}|${e.country.toUpperCase()}|${e.direction}`;
const round = (n: number) => Number(n.toFixed(3));

export function scoreExtraction(
  rows: Array<{ expected: LabelledEvent[]; got: LabelledEvent[] }>,
): ExtractionQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let stageAsked = 0;
  let stageRight = 0;
  let noEventItems = 0;
  let falseAlarms = 0;
  for (const { expected, got } of rows) {
    if (expected.length === 0) {
      noEventItems++;
      if (got.length > 0) falseAlarms++;
    }
    const want = new Set(expected.map(key));
    const gotByKey = new Map(got.map((e) => [key(e), e]));
    for (const k of gotByKey.keys()) want.has(k) ? tp++ : fp++;
    for (const k of want) if (!gotByKey.has(k)) fn++;
    for (const e of expected) {
      const hit = gotByKey.get(key(e));
      if (hit && e.stage) {
        stageAsked++;
        if (hit.stage === e.stage) stageRight++;
      }
    }
  }
  return {
    directionPrecision: round(tp + fp ? tp / (tp + fp) : 1),
    directionRecall: round(tp + fn ? tp / (tp + fn) : 1),
    stageAccuracy: round(stageAsked ? stageRight / stageAsked : 1),
    falseAlarmRate: round(noEventItems ? falseAlarms / noEventItems : 0),
  };
}
