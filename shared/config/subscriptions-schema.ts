import * as z from "zod";
import { CountryCode, Direction, Stage, TreatyId } from "../model/vocabulary.ts";

/** SNS caps a filter policy at 150 value combinations (the product of the list sizes). */
export const MAX_FILTER_COMBINATIONS = 150;

/** Stage filter values: the stages, plus "none" for alerts whose text named no stage. */
export const StageFilterValue = z.union([Stage, z.literal("none")]);

const nonEmptyUnique = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1, "must list at least one value (leave the field out to match everything)")
    .refine((values) => new Set(values).size === values.length, "must not repeat a value");

/** Which alerts one subscriber receives; every given field must match (AND), values within a field OR. */
export const SubscriptionFilter = z
  .strictObject({
    treaties: nonEmptyUnique(TreatyId).optional(),
    countries: nonEmptyUnique(CountryCode).optional(),
    directions: nonEmptyUnique(Direction).optional(),
    stages: nonEmptyUnique(StageFilterValue).optional(),
  })
  .refine(
    (f) =>
      [f.treaties, f.countries, f.directions, f.stages].reduce((n, list) => n * (list?.length ?? 1), 1) <=
      MAX_FILTER_COMBINATIONS,
    `too many combinations for an SNS filter policy (treaties x countries x directions x stages must be <= ${MAX_FILTER_COMBINATIONS}); split it into several subscriptions`,
  );
export type SubscriptionFilter = z.infer<typeof SubscriptionFilter>;

/** An error message that tells a missing field apart from a malformed one. */
const requiredOr = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message),
});

/** E.164: "+", country code, up to 15 digits in all, no spaces. */
export const E164Phone = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as "+37060000000" (no spaces)');
const PhoneField = z.string(requiredOr("must be a string")).pipe(E164Phone);

export const EmailSubscription = z.strictObject({
  address: z.email(requiredOr("must be an email address")),
  filter: SubscriptionFilter.optional(),
});

export const SmsSubscription = z.strictObject({
  phone: PhoneField,
  filter: SubscriptionFilter.optional(),
});

export const WebhookSubscription = z.strictObject({
  url: z
    .url(requiredOr("must be an absolute URL"))
    .refine((u) => u.startsWith("https://"), "must use https:// (SNS delivers over TLS to webhooks)"),
  filter: SubscriptionFilter.optional(),
});

export const SubscriptionsConfig = z.strictObject({
  $comment: z.string().optional(),
  email: z.array(EmailSubscription).default([]),
  sms: z.array(SmsSubscription).default([]),
  webhooks: z.array(WebhookSubscription).default([]),
});
export type SubscriptionsConfig = z.infer<typeof SubscriptionsConfig>;
export type EmailSubscription = z.infer<typeof EmailSubscription>;
export type SmsSubscription = z.infer<typeof SmsSubscription>;
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;
