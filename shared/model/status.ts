import * as z from "zod";
import { CountryCode, IsoDate, MembershipStatus, Stage, TreatyId } from "./vocabulary.ts";

/** A withdrawal or accession under way: the furthest stage seen so far. */
export const PendingStep = z.object({
  direction: z.enum(["withdraw", "join"]),
  stage: Stage,
  since: IsoDate,
  effectiveDate: IsoDate.nullable(),
});
export type PendingStep = z.infer<typeof PendingStep>;

/** The state of one (treaty, country) pair as alerts show it (DESIGN.md "Status"). */
export const StatusSnapshot = z.object({
  status: MembershipStatus,
  pending: PendingStep.nullable(),
  suspended: z.boolean(),
});
export type StatusSnapshot = z.infer<typeof StatusSnapshot>;

/** A stored status record: the snapshot plus where it stands in time. */
export const TreatyStatus = StatusSnapshot.extend({
  treaty: TreatyId,
  country: CountryCode,
  /** Date of the latest change to this pair (news older than this never moves it back). */
  since: IsoDate.nullable(),
  /** Optimistic-locking counter for conditional writes. */
  version: z.number().int().nonnegative(),
});
export type TreatyStatus = z.infer<typeof TreatyStatus>;

/** A line of `treaty-watch seed --file`. */
export const SeedLine = z.object({
  treaty: TreatyId,
  country: CountryCode,
  status: MembershipStatus,
  since: IsoDate.optional(),
});
export type SeedLine = z.infer<typeof SeedLine>;
