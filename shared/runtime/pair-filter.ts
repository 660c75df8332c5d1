import { getTreaty, isCountryCode, treaties } from "../catalog/index.ts";
import type { PairFilter } from "../store/repository.ts";

/**
 * `--treaty ID --country CC` as given on the command line, checked against the catalog and ISO 3166-1
 * so a typo is an error rather than an empty table.
 */
export function parsePairFilter(options: { treaty?: string; country?: string }): PairFilter {
  const treaty = options.treaty?.trim().toLowerCase();
  const country = options.country?.trim().toUpperCase();
  if (treaty !== undefined && !getTreaty(treaty)) {
    throw new Error(
      `--treaty: unknown treaty id "${options.treaty}" (known: ${[...treaties().keys()].join(", ")})`,
    );
  }
  if (country !== undefined && !isCountryCode(country)) {
    throw new Error(`--country: "${options.country}" is not an ISO 3166-1 alpha-2 country code`);
  }
  return { treaty, country };
}
