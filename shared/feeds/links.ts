/** Resolves a possibly relative reference against a chain of bases (innermost last); undefined if unusable. */
export function resolveLink(
  ref: string | undefined,
  ...bases: Array<string | undefined>
): string | undefined {
  const value = ref?.trim();
  if (!value) return undefined;
  let base: string | undefined;
  for (const candidate of bases) {
    const trimmed = candidate?.trim();
    if (!trimmed) continue;
    base = tryUrl(trimmed, base)?.href ?? base;
  }
  const resolved = tryUrl(value, base);
  if (!resolved) return undefined;
  if (resolved.protocol !== "http:" && resolved.protocol !== "https:") {
    // Keep non-web URIs (tag:, urn:) only when they were absolute to begin with.
    return /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : undefined;
  }
  return resolved.href;
}

function tryUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

const TRACKING_PARAM =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|cmpid|ocid|ncid|sr_share|at_medium|at_campaign|rss|from_rss|feed_id)$/i;

/** The link without tracking parameters and fragment, with a normalised host: the cross-feed article key. */
export function canonicalLink(link: string): string {
  const url = tryUrl(link);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return link;
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAM.test(key)) url.searchParams.delete(key);
  }
  url.hash = "";
  url.hostname = url.hostname.toLowerCase();
  let href = url.href;
  if (url.search === "?" || href.endsWith("?")) href = href.slice(0, -1);
  return href;
}
