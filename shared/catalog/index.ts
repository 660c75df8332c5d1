import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Treaty, TreatyCatalog } from "./schema.ts";

export { countryName, isCountryCode } from "./countries.ts";
export type { EffectRule, Treaty, WithdrawalClause } from "./schema.ts";

const CATALOG_PATH = fileURLToPath(new URL("../../data/treaties.json", import.meta.url));

let cached: Map<string, Treaty> | undefined;

/** The treaty catalog (data/treaties.json), validated once per process. */
export function treaties(): ReadonlyMap<string, Treaty> {
  if (!cached) {
    const parsed = TreatyCatalog.safeParse(JSON.parse(readFileSync(CATALOG_PATH, "utf8")));
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
