import * as z from "zod";

/**
 * One article as read from a feed (or from `treaty-watch extract` stdin), normalised:
 * text fields are plain text (no HTML), `published` is ISO-8601 or absent.
 */
export const NewsItem = z.object({
  /** Canonical key: trustworthy GUID, else link without tracking parameters, else a content hash. */
  id: z.string().min(1),
  title: z.string(),
  summary: z.string().optional(),
  content: z.string().optional(),
  link: z.string().optional(),
  published: z.string().optional(),
  /** Human name of the outlet, when known. */
  source: z.string().optional(),
  /** URL of the feed the item was read from. */
  feed: z.string().optional(),
});
export type NewsItem = z.infer<typeof NewsItem>;
