export type { Candidate } from "./candidates.ts";
export {
  type ExtractionExplanation,
  explainExtraction,
  extractEvents,
  MIN_CONFIDENCE,
  type SentenceExplanation,
} from "./extract.ts";
export { formatExplanation } from "./format.ts";
