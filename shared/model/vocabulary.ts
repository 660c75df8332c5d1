import * as z from "zod";

/** Treaty ids that DESIGN.md fixes as a contract; the catalog may add more. */
export const CONTRACT_TREATY_IDS = [
  "ottawa",
  "ccm",
  "rome-statute",
  "paris",
  "unfccc",
  "kyoto",
  "who",
  "unesco",
  "upu",
  "ctbt",
  "npt",
  "tpnw",
  "new-start",
  "inf",
  "open-skies",
  "cfe",
  "att",
  "cwc",
  "bwc",
  "istanbul",
  "echr",
  "coe",
  "ect",
  "nato",
  "csto",
  "ecowas",
  "oas",
  "refugee-convention",
] as const;

export const TreatyId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "treaty id must be a lower-case slug");
export type TreatyId = z.infer<typeof TreatyId>;

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "country must be an ISO 3166-1 alpha-2 code in upper case");
export type CountryCode = z.infer<typeof CountryCode>;

export const DIRECTIONS = ["withdraw", "join", "suspend", "resume", "sign"] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

/** Stages apply to withdraw and join; they only move forward within one process. */
export const STAGES = ["announced", "approved", "deposited", "effective"] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const STATUSES = ["party", "signatory", "non_party", "withdrawn"] as const;
export const MembershipStatus = z.enum(STATUSES);
export type MembershipStatus = z.infer<typeof MembershipStatus>;

/** Calendar date, YYYY-MM-DD. */
export const IsoDate = z.iso.date({ error: "expected a real calendar date as YYYY-MM-DD" });
export type IsoDate = z.infer<typeof IsoDate>;

/** A full ISO-8601 timestamp (with time), normalised to UTC by producers. */
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;
