import type { ExtractionExplanation } from "./extract.ts";

/** Human-readable `extract --explain` text for one item. */
export function formatExplanation(x: ExtractionExplanation): string {
  const lines: string[] = [`item ${x.id}`];
  for (const s of x.sentences) {
    lines.push(`  [${s.index} ${s.part}] ${s.text}`);
    if (s.treaties.length)
      lines.push(`      treaties: ${s.treaties.map((t) => `${t.treaty} ("${t.text}")`).join(", ")}`);
    if (s.countries.length) {
      lines.push(
        `      countries: ${s.countries
          .map(
            (c) =>
              `${c.codes.join("+")} ("${c.text}", ${c.kind}/${c.role}${c.nonActor ? ", not an actor" : ""})`,
          )
          .join(", ")}`,
      );
    }
    for (const c of x.candidates.filter((c) => c.sentence === s.index)) {
      const who = c.countries.length ? c.countries.join("+") : "?";
      const what = `${c.direction} ${c.treaty ?? "?"} by ${who}`;
      if (c.accepted) {
        lines.push(
          `      FIRED   "${c.trigger}" → ${what} (actor: ${c.actorSource}, treaty: ${c.treatySource}, stage: ${c.stage ?? "-"} via ${c.stageCue ?? "-"}, confidence ${c.confidence.toFixed(2)})`,
        );
      } else {
        lines.push(`      REJECT  "${c.trigger}" → ${what}: ${c.reason}`);
      }
    }
  }
  for (const m of x.merged) lines.push(`  merged: ${m.key}: ${m.reason}`);
  if (x.events.length === 0) lines.push("  events: none");
  for (const e of x.events) {
    lines.push(
      `  EVENT ${e.treaty} ${e.country} ${e.direction} ${e.stage ?? "-"} (${e.confidence.toFixed(2)})`,
    );
  }
  return lines.join("\n");
}
