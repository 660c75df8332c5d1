import * as z from "zod";
import { StatusSnapshot } from "./status.ts";
import { CountryCode, Direction, IsoDate, IsoDateTime, Stage, TreatyId } from "./vocabulary.ts";

export const ALERT_SCHEMA = "treaty-watch.alert/1" as const;

export const AlertSource = z.object({
  url: z.string(),
  title: z.string(),
  published: z.string().nullable(),
  feed: z.string().nullable(),
});
export type AlertSource = z.infer<typeof AlertSource>;

/**
 * One published change (DESIGN.md "Alert", a contract): the --alerts-out line, the webhook body
 * and the SNS Message for HTTPS/SQS/Lambda subscribers.
 */
export const Alert = z.object({
  schema: z.literal(ALERT_SCHEMA),
  /** Stable id of this change: the same on every retry. */
  id: z.string().min(1),
  treaty: TreatyId,
  treatyName: z.string(),
  country: CountryCode,
  countryName: z.string(),
  direction: Direction,
  stage: Stage.nullable(),
  previous: StatusSnapshot,
  current: StatusSnapshot,
  effectiveDate: IsoDate.nullable(),
  occurredAt: IsoDate,
  detectedAt: IsoDateTime,
  headline: z.string(),
  sources: z.array(AlertSource),
  /** Optional remarks (e.g. Ottawa Art. 20(3) armed-conflict clause); additive to the contract. */
  notes: z.array(z.string()).optional(),
});
export type Alert = z.infer<typeof Alert>;
