import catalogJson from "../../data/treaties.json" with { type: "json" };
import { type Treaty, TreatyCatalog } from "./schema.ts";

export { countryName, isCountryCode } from "./countries.ts";
export type { EffectRule, Treaty, WithdrawalClause } from "./schema.ts";

let cached: Map<string, Treaty> | undefined;

/**
 * The treaty catalog (data/treaties.json), validated once per process. Imported rather than read
 * from disk so that Lambda bundles carry it.
 */
export function treaties(): ReadonlyMap<string, Treaty> {
  if (!cached) {
    const parsed = TreatyCatalog.safeParse(catalogJson);
    if (!parsed.success) {
      throw new Error(`data/treaties.json is invalid: ${parsed.error.message}`);
    }
    cached = new Map(parsed.data.treaties.map((t) => [t.id, t]));
  }
  return cached;
}

export function getTreaty(id: string): Treaty | undefined {
  return treaties().get(id);
}
