// The package's plain entry: its Node entry loads every language (700 KB in a Lambda bundle); only English is used.
import countries from "i18n-iso-countries/index.js";
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };

countries.registerLocale(en);

/** Names as news writes them, where the ISO short name reads oddly in a headline. */
const HEADLINE_NAMES: Record<string, string> = {
  US: "United States",
  GB: "United Kingdom",
  RU: "Russia",
  KR: "South Korea",
  KP: "North Korea",
  IR: "Iran",
  SY: "Syria",
  VE: "Venezuela",
  BO: "Bolivia",
  TZ: "Tanzania",
  MD: "Moldova",
  LA: "Laos",
  VN: "Vietnam",
  CD: "DR Congo",
  CG: "Congo",
  TW: "Taiwan",
  PS: "Palestine",
  FM: "Micronesia",
  TR: "Türkiye",
  CZ: "Czechia",
};

/** English display name for an ISO alpha-2 code; the code itself if unknown. */
export function countryName(code: string): string {
  const upper = code.toUpperCase();
  return HEADLINE_NAMES[upper] ?? countries.getName(upper, "en", { select: "official" }) ?? upper;
}

export function isCountryCode(code: string): boolean {
  return countries.isValid(code.toUpperCase());
}
