import * as z from "zod";
import { CountryCode, TreatyId } from "../model/vocabulary.ts";

/**
 * When a withdrawal (or an accession) takes legal effect, counted from the day the depositary
 * receives the instrument. One small vocabulary covers every clause in the catalog.
 */
export const EffectRule = z.discriminatedUnion("kind", [
  /** N months and/or days after receipt (Ottawa: 6 months; ATT: 90 days). */
  z.object({
    kind: z.literal("after"),
    months: z.number().int().min(0).default(0),
    days: z.number().int().min(0).default(0),
  }),
  /** First day of the month following the expiry of N months (Istanbul Convention Art. 80). */
  z.object({
    kind: z.literal("first-of-month-after"),
    months: z.number().int().min(0).default(0),
    days: z.number().int().min(0).default(0),
  }),
  /** First day of the Nth month after receipt (Ottawa Art. 17(2), CCM Art. 17(2) for accessions). */
  z.object({ kind: z.literal("first-of-nth-month"), n: z.number().int().min(1) }),
  /** 31 December of the year after the notice (UNESCO Constitution Art. II(6)). */
  z.object({ kind: z.literal("end-of-following-year") }),
  /** End of the financial (calendar) year if notified in its first nine months, else the next (CoE Statute Art. 7). */
  z.object({
    kind: z.literal("end-of-financial-year"),
    lastMonthForThisYear: z.number().int().min(1).max(12),
  }),
  /** The treaty has no clause: no date can be computed. */
  z.object({ kind: z.literal("none") }),
]);
export type EffectRule = z.infer<typeof EffectRule>;

export const WithdrawalClause = z.object({
  rule: EffectRule,
  /** Article that governs withdrawal, e.g. "Art. 20". */
  article: z.string().nullable(),
  /** Short paraphrase of the clause (written here, not copied). */
  summary: z.string(),
  /** Notice allowed only after the treaty has been in force this many years for the party (Paris: 3). */
  minYearsInForce: z.number().int().positive().optional(),
  /** Withdrawal does not take effect while the state is engaged in armed conflict (Ottawa, CCM Art. 20(3)). */
  armedConflictClause: z.boolean().default(false),
  /** Country-specific rules, e.g. the United States' 1948 reservation to the WHO Constitution. */
  overrides: z.record(CountryCode, EffectRule).default({}),
});
export type WithdrawalClause = z.infer<typeof WithdrawalClause>;

export const Treaty = z.object({
  id: TreatyId,
  name: z.string(),
  /** How a headline names it: "Ottawa mine-ban treaty". */
  shortName: z.string(),
  /** English names and abbreviations; multilingual extraction aliases live in shared/extract. */
  aliases: z.array(z.string()).default([]),
  /** An organisation whose membership is membership of this treaty (WHO, NATO…). */
  organisation: z.string().nullable().default(null),
  adopted: z.string().nullable(),
  depositary: z.string(),
  withdrawal: WithdrawalClause,
  accession: z.object({ rule: EffectRule, article: z.string().nullable() }).nullable().default(null),
  sources: z.array(z.object({ title: z.string(), url: z.url() })).min(1),
});
export type Treaty = z.infer<typeof Treaty>;

export const TreatyCatalog = z.object({
  $comment: z.string().optional(),
  treaties: z.array(Treaty).min(1),
});
export type TreatyCatalog = z.infer<typeof TreatyCatalog>;
