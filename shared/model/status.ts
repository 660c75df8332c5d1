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

/**
 * A withdrawal or accession already under way when a pair is seeded: the furthest step taken and its
 * day. Never "effective": a step that took effect is a status ("withdrawn", "party") of its own.
 * The effective date is not given: it follows from the treaty's clause, as for a reported deposit.
 */
export const SeedPending = z.strictObject({
  direction: z.enum(["withdraw", "join"], { error: 'pending.direction must be "withdraw" or "join"' }),
  stage: z.enum(["announced", "approved", "deposited"], {
    error:
      'pending.stage must be "announced", "approved" or "deposited" (a step that took effect is a status: seed "withdrawn" or "party" since that day)',
  }),
  since: IsoDate,
});
export type SeedPending = z.infer<typeof SeedPending>;

/** A line of `treaty-watch seed --file`: {"treaty","country","status","since"?} plus the optional `pending`. */
export const SeedLine = z
  .object({
    treaty: TreatyId,
    country: CountryCode,
    status: MembershipStatus,
    since: IsoDate.optional(),
    pending: SeedPending.optional(),
  })
  .superRefine((line, ctx) => {
    const pending = line.pending;
    if (!pending) return;
    const problem = (message: string) => ctx.addIssue({ code: "custom", path: ["pending"], message });
    if (pending.direction === "withdraw") {
      if (line.status !== "party" && line.status !== "signatory") {
        problem(
          `a ${line.status} cannot be withdrawing: a pending withdrawal needs status party or signatory`,
        );
      } else if (line.status === "signatory" && pending.stage === "deposited") {
        problem(
          'a signature withdrawn takes effect on deposit: seed status "non_party" since that day instead',
        );
      }
    }
    if (pending.direction === "join" && line.status === "party") {
      problem(
        "a party cannot be joining: a pending accession needs status non_party, withdrawn or signatory",
      );
    }
    if (line.since && pending.since < line.since) {
      problem(`pending.since ${pending.since} is before the line's since ${line.since}`);
    }
  });
export type SeedLine = z.infer<typeof SeedLine>;
