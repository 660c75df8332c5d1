import * as z from "zod";
import { CountryCode, Direction, Stage, TreatyId } from "./vocabulary.ts";

/** One claim read from one news item: this country does this to this treaty. */
export const TreatyEvent = z.object({
  treaty: TreatyId,
  country: CountryCode,
  direction: Direction,
  /** Only for withdraw / join; null where the text does not say. */
  stage: Stage.nullable(),
  confidence: z.number().min(0).max(1),
  /** The sentence the event rests on. */
  evidence: z.string(),
});
export type TreatyEvent = z.infer<typeof TreatyEvent>;
