import type { Direction, Stage } from "../model/index.ts";
import type { ActorRole } from "./lexicon/countries.ts";
import { GENERIC_TREATY_NOUN } from "./lexicon/treaties.ts";
import {
  ANNIVERSARY,
  BACKGROUND_TIME,
  GENERIC_SUBJECT,
  NEGATION,
  NOMINAL_COMMENTARY,
  NOMINAL_EVENTIVE,
  PARLIAMENT_WORDS,
  REPORTED_WOULD,
  SPECULATION,
  STAGE_CUES,
  THIRD_PARTY,
  TRIGGER_FAMILIES,
  type TriggerFamily,
} from "./lexicon/triggers.ts";
import type { CountryMention, TreatyMention } from "./mentions.ts";
import { fold, type Sentence } from "./text.ts";

/** One place in the text where a treaty step might be reported, with the verdict on it. */
export interface Candidate {
  sentence: number;
  part: Sentence["part"];
  trigger: string;
  family: string;
  direction: Direction;
  treaty: string | null;
  treatySource: "object" | "near" | "sentence" | "item" | "none";
  countries: string[];
  actorSource: "object" | "possessive" | "subject" | "agent" | "fallback" | "none";
  actorRole: ActorRole | null;
  stage: Stage | null;
  stageWeight: number;
  stageCue: string | null;
  accepted: boolean;
  reason: string;
  confidence: number;
  evidence: string;
}

export interface ItemContext {
  /** Actors of the title's steps (or the countries it names): who "the country" refers to. */
  primaryActors: { codes: string[]; role: ActorRole }[];
  /** The treaty the item is about: named in the title, else the most named. */
  mainTreaty: string | null;
  /** The item reports a withdrawal being revoked, so "to remain in" is a resume. */
  reversalContext: boolean;
  /** Year of publication, to recognise background ("in 2005, Ukraine ratified"). */
  publishedYear: number | null;
  /** Month of publication (0-11), for "in April" in a July story. */
  publishedMonth: number | null;
  /** Publication date in days since the epoch, for "On 30 May 2024" in a July story. */
  publishedDay: number | null;
}

const L = "[\\p{L}\\p{N}]";
const re = (source: string, flags = "u") => new RegExp(source, flags);

const FAMILY_REGEX = TRIGGER_FAMILIES.map((f) => ({
  family: f,
  gate: f.gate ? re(f.gate) : null,
  regex: re(`(?<!${L})(?:${f.pattern})(?!${L})`, "gu"),
}));
const CUES = STAGE_CUES.map((c) => ({ cue: c, regex: re(`(?<!${L})(?:${c.pattern})(?!${L})`) }));
const NEGATION_RE = re(NEGATION);
const SPECULATION_RE = re(SPECULATION);
const CONDITIONAL_RE = /(?<![\p{L}])(?:if|unless|whether|once)(?![\p{L}])/u;
/** No date, no decision: "will leave when the time comes", "eventually", "one day". */
const INDEFINITE_TIME_RE =
  /(?<![\p{L}])(?:when the time comes|at some point|eventually|one day|sooner or later|in due course|if necessary)(?![\p{L}])/u;
const THIRD_PARTY_RE = re(THIRD_PARTY);
const REPORTED_WOULD_RE = re(REPORTED_WOULD);
const BACKGROUND_RE = re(BACKGROUND_TIME);
const ANNIVERSARY_RE = re(`(?<!${L})(?:${ANNIVERSARY})`);
const EVENTIVE_RE = re(NOMINAL_EVENTIVE);
const COMMENTARY_RE = re(NOMINAL_COMMENTARY);
const GENERIC_SUBJECT_RE = re(GENERIC_SUBJECT);
const PARLIAMENT_RE = re(`(?<!${L})${PARLIAMENT_WORDS}(?!${L})`);
const GENERIC_TREATY_AFTER = re(
  `^\\s*(?:from |of |to |in |out of |with )?(?:\\s*)${GENERIC_TREATY_NOUN}(?!${L})`,
);
const YEAR_PHRASE =
  /(?<![\p{L}\p{N}])(?:in|since|back in|as early as|en|w|im|в|у|from) (?:(?:\d{1,2} )?(?:january|february|march|april|may|june|july|august|september|october|november|december) (?:\d{1,2},? )?)?(1[89]\d\d|20\d\d)(?!\d)/gu;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** "in April" without a day or year: a month earlier than publication is background. */
const MONTH_PHRASE =
  /(?<![\p{L}])(?:in|between|from|since) (january|february|march|april|may|june|july|august|september|october|november|december)(?! \d)(?![\p{L}])/gu;
/** A full date: "30 May 2024", "May 30, 2024". */
const FULL_DATE =
  /(?<![\p{L}\p{N}])(?:(\d{1,2}) (january|february|march|april|may|june|july|august|september|october|november|december),? (20\d\d)|(january|february|march|april|may|june|july|august|september|october|november|december) (\d{1,2}),? (20\d\d))(?!\d)/gu;
/** A step dated this many days before publication is a recap, not news. */
const RECAP_DAYS = 20;
/** A condition opening the clause before the actor: "If Moscow were to revoke…", "only if the US ratifies". */
const CONDITION_BEFORE = /(?<![\p{L}])(?:if|unless|whether|in case|provided|once|should)(?![\p{L}])[^,;]*$/u;
/** A time clause that puts the actor's step before the story: "days after Moscow revoked", "since Russia left". */
const EARLIER_CLAUSE =
  /(?:(?:days?|weeks?|months?|years?|decades?|shortly|soon|long|hours?)\s+(?:after|before|since)|(?<![\p{L}])since)\s+(?:the\s+)?$/u;
/** Where a trailing time clause starts, so its words do not set the stage: "…, a year after it notified the UN". */
const TRAILING_TIME_CLAUSE =
  /(?:,\s*)?(?:(?:\p{L}+|\d+)\s+)?(?:days?|weeks?|months?|years?|decades?|hours?)\s+(?:after|since|before)\s|,\s*(?:after|since|following)\s/u;
/** Bare "exit" used as a noun: "a US exit", "Russian exit from", "exit law". */
const NOUN_DETERMINER_BEFORE =
  /(?:^|[^\p{L}])(?:a|an|the|any|one|another|possible|potential|eventual|second|third|future|its|their|this|that)\s+(?:[\p{L}-]+\s+){0,2}$/u;
const NOUN_COMPOUND_AFTER =
  /^\s+(?:law|bill|plan|process|procedure|talks|deal|strategy|date|vote|debate|option|scenario|threat|fears?|costs?|package|legislation|notice|clause|talk)(?![\p{L}])/u;
/** The step is what a court or body declared void: "…'s notice to withdraw was unconstitutional". */
const DECLARED_VOID = /(?<![\p{L}])(?:unconstitutional|invalid|unlawful|illegal|null and void)(?![\p{L}])/u;
/** Objects of "suspend" that are not a treaty: "suspend cooperation with the IAEA". */
const SUSPEND_OTHER_OBJECT =
  /^\s+(?:its\s+|their\s+|the\s+|all\s+)?(?:cooperation|talks|funding|aid|flights|trade|imports|exports|contacts|dialogue|relations|negotiations|visas|payments|work|accession talks)(?![\p{L}])/u;
const INDEFINITE_BEFORE =
  /(?:^|[^\p{L}])(?:a|an|one|another|any|possible|potential|eventual|future|hypothetical|ein|eine|einen|un|une|uno|una)\s+(?:(?:second|third|new|further|early|quick|swift|full)\s+)?$/u;
const FUTURE_BEFORE =
  /(?<!\p{L})(?:will|shall|set to|going to|is to|are to|would|to)(?!\p{L})(?:\s+\p{L}+)?\s*$|(?<!\p{L})(?:will|shall|would)(?!\p{L})/u;
const INSIDE_TIME_CLAUSE = /(?:days?|weeks?|months?|years?|decades?)\s+(?:after|since)\s[^,;]*$/u;
const PREDICATE_NEGATION = /(?<!\p{L})(?:not|cannot|never|nicht|kein\p{L}*|pas|nie|не|ні)(?!\p{L})|n't/u;
const SUBORDINATE_BEFORE =
  /(?:^|[^\p{L}])(?:after|once|when|until|till|before|ahead of|pending|despite)\s+(?:the\s+|its\s+|their\s+|his\s+)?(?:[\p{L}-]+\s+)?$/u;
const PLAN_OF = /(?:plans?|decision|intention|move|bid|attempt|efforts?)\s+(?:of|by)\s+(?:the\s+)?$/u;
const CLAUSE_BREAK = /[;:?!]|\s[-–—]\s|\s--\s|["“”]\s/gu;
/** Prepositions and verbs that make the country an object or a setting, not the actor. */
const BLOCKED_BEFORE =
  /(?:^|[^\p{L}])(?:with|mit|gegen|avec|contre|con|contra|against|from|to|than|over|near|on|at|into|towards?|like|unlike|including|about|for|between|among|amid|bordering|neighbou?ring|borders?|by|in|as|after|following|call(?:ed|s)? on|urg\p{L}*|ask\p{L}*|invit\p{L}*|told|tells|inform\p{L}*|notif\p{L}*|accus\p{L}*|of|and the|joined|join|joins|joining|follows|followed|beispiel|example|exemple|ejemplo|exemplo|lead|footsteps)\s+(?:the\s+|its\s+|neighbou?ring\s+)?(?:['"“‘]?[\p{L}-]+['"”’]?\s+)?$/u;
const AGENT_BY_OK =
  /(?:decision|move|bid|plan|announcement|request|withdrawal|step|notice|approved|adopted|ratified|denounced|signed|supported|backed|passed)\s+by\s+(?:the\s+)?$/u;
const DIRECT_GAP =
  /^\s*(?:(?:the|a|an|its|their|to|of|in|from|with|up|on|out|again|landmark|global|international|historic|\d{4}|de|del|la|le|les|du|des|el|los|der|die|das|dem|den|charter|carta|statute|statut|estatuto|constitution|constitucion|constituicao)\s+)*$/u;
/** "notices from Burkina Faso", "notification from Mali of their withdrawal": the sender acts. */
const NOTICE_FROM =
  /(?:notices?|notifications?|letters?|instruments?|documents?)\s+(?:of\s+(?:withdrawal|exit)\s+)?from\s+(?:the\s+)?$/u;
/** "leaving the United States as the only country opposed": "leave X as/alone" is not leaving. */
const LEFT_AS =
  /^\s*(?:as\s+(?:the\s+)?(?:only|last|sole|lone)|alone|isolated|outside|behind|in the cold)(?![\p{L}])/u;
/** "the organisation suspends Syria's rights", "ECOWAS suspends Niger": a body acting on a member. */
/** A citizens' or opposition bill names no step of the state: "obywatelski projekt wypowiedzenia". */
const OUTSIDE_PROPOSAL_BEFORE =
  /(?:citizens'?|obywatelsk\p{L}*|popular|opposition|petition)\s+(?:[\p{L}-]+\s+)?(?:bill|projekt|draft|initiative|proposal|petition|projet|proyecto|iniciativa)\s+(?:\p{L}+\s+)?$/u;
/** A gerund as the subject of a conditional: "leaving the ECHR would be a betrayal". */
const GERUND_SUBJECT_AFTER = /^[^,;]{0,50}?\s(?:would|could|might)\s/u;
/** The object is a protocol or amendment to the treaty, not the treaty: "ratifies Protocol No. 16 to the ECHR". */
const PROTOCOL_GAP =
  /(?<![\p{L}])(?:protocols?|amendments?|annex|poprawk\p{L}*|protok\p{L}*|protocole|protocolo|enmienda\p{L}*|zusatzprotokoll\p{L}*|anderung\p{L}*|протокол\p{L}*|поправк\p{L}*)(?![\p{L}])/u;
/** "on the 75th anniversary of the bombing": a date, not a commemoration piece. */
/** "denied reports that Hungary would leave": the step is what someone denies. */
const DENIED_REPORTS =
  /(?:(?:den(?:y|ies|ied|ying)|dismiss\p{L}*|reject\p{L}*|refut\p{L}*|dementi\p{L}*|desmint\p{L}*|desminti\p{L}*|опроверг\p{L}*|спростува\p{L}*|zdementowa\p{L}*)\s+(?:\p{L}+\s+){0,3}?(?:reports?|claims?|rumou?rs?|speculation|informacion\p{L}*|informations?|сообщени\p{L}*|повідомлен\p{L}*|doniesieni\p{L}*)|(?:berichte|meldungen|geruchte)\p{L}*\s+(?:\p{L}+\s+){0,2}?(?:zuruckgewiesen|dementiert|bestritten))/u;
/** A non-treaty object of "leave": "ordered the envoys to leave the country". */
const NON_TREATY_OBJECT =
  /^\s+(?:the\s+|its\s+|their\s+)?(?:country|territory|city|capital|region|building|premises|office|power|stage|room|hall|meeting|talks|summit|post)(?![\p{L}])/u;
const ANNIVERSARY_DATE_BEFORE = /(?<![\p{L}])on\s+(?:the\s+)?(?:[\p{L}\p{N}]+\s+){0,3}$/u;
/** Someone else's hope or belief about the country: "minister hopes Lithuania will withdraw". */
const HOPED =
  /(?:hope[sd]?|hoping|expects?|expected|believes?|believed|predicts?|thinks?|fears?|wish(?:es)?|doubts?)\s+(?:that\s+)?(?:the\s+)?$/u;
const FROM_BEFORE =
  /(?:^|\s)(?:from|out of|da|de|du|dal|dalla|aus|z|ze|из|з|is|no|del)\s+(?:the\s+|a\s+|an\s+|la\s+|le\s+|l'|el\s+|il\s+|dem\s+|der\s+|un\s+|una\s+|uno\s+|une\s+|einem\s+)?(?:[\p{L}\d-]+\s+){0,2}$/u;
/** "Norway will stay, even though all its neighbours are leaving": the concessive clause has its own subject. */
const CONCESSIVE_BETWEEN =
  /(?<![\p{L}])(?:even though|although|though|whereas|even as|aunque|obwohl|bien que|chociaz|хотя|хоча)(?![\p{L}])/u;
/** "no Norwegian exit", "kein Austritt": the step is denied. */
const NEGATED_NP_BEFORE =
  /(?:^|[^\p{L}])(?:no|kein\p{L}*|aucun\p{L}*|ningun\p{L}*|nenhum\p{L}*|zadn\p{L}*|никак\p{L}*)\s+(?:[\p{L}-]+\s+){0,2}$/u;
/** A government that does not exist yet acts only in someone's promise: "a future Conservative government would". */
const HYPOTHETICAL_ACTOR =
  /(?<![\p{L}])(?:a|any|an)\s+(?:future|new|incoming|next)\s+(?:[\p{L}-]+\s+)?(?:government|administration|president|leader|prime minister|cabinet)(?![\p{L}])/u;
/** A pronoun subject between a country and the trigger means someone else acts: "…Russia…, and said they would suspend". */
const OTHER_SUBJECT = /(?:said|says|and|but|while|,)\s+(?:that\s+)?(?:they|we)\s/u;
const LIST_GAP =
  /^\s*(?:,|&|and|und|et|y|e|i|ir|un|ja|seka|и|і|та|as well as|together with|along with|alongside|plus|,\s*and|,\s*as well as|,\s*(?:together with|along with|alongside))\s*(?:the\s+|le\s+|la\s+|les\s+|el\s+|los\s+|die\s+|der\s+|du\s+|des\s+|de\s+|del\s+|de la\s+|do\s+|da\s+)?$|^\s*,?\s*(?:of|namely|including)\s*$/u;

/** "X's parliament|government|president " right before a verb: the gap names who acts. */
const ROLE_HEAD_GAP =
  /^(?:'s|s'|')\s+(?:new\s+|transitional\s+|military\s+)?(?:parliament|government|cabinet|president|prime minister|foreign ministry|ministry|legislature|lawmakers|senate|senators|upper house|lower house|national assembly|congress|junta|leader|mps|deputies)\s+$/u;
/** "would exit", "to exit", "will exit": after a modal or "to", "exit" is a verb. */
const MODAL_BEFORE =
  /(?:^|[^\p{L}])(?:would|will|shall|to|must|should|did|does|could|may|might|'ll)\s+(?:\p{L}+ly\s+)?$/u;
/** Someone ratifies or approves another country's accession: "parliament ratifies Finland's accession". */
const OTHERS_ACCESSION_AFTER =
  /^(?:'s|s'|')?[\s-]+(?:[\p{L}-]+[\s-]+){0,2}?(?:accession|membership|bid|application|entry|jasenyy\p{L}*|liittymis\p{L}*|beitritt\p{L}*|adhesion|вступлени\p{L}*)(?!\p{L})/u;
const RATIFIER_BEFORE =
  /(?:^|[^\p{L}])(?:ratif\p{L}*|approv\p{L}*|back\p{L}*|endors\p{L}*|vot\p{L}*|in favou?r of|cleared?|hyvaksy\p{L}*|ratifioi\p{L}*|stimm\p{L}*|zustimm\p{L}*|billig\p{L}*|approuv\p{L}*|aprob\p{L}*|aprueb\p{L}*)(?!\p{L})/u;
const BLOC_SUBJECT =
  /(?:^|[^\p{L}])(?:allies|members|member states|nations|alliance|nato|bloc|member countries)(?!\p{L})/u;
/** "after US exit", "despite Russian exit": after a preposition, a country and "exit" make a noun phrase. */
const PREPOSITION_BEFORE_MODIFIER =
  /(?:^|[^\p{L}])(?:after|since|following|despite|over|amid|about|against|the|its|their|with|without)\s+$/u;
/** "retiro de Estados Unidos": nouns that the verb family "retir…" matches first. */
const SPANISH_NOUN_TRIGGER = /^(?:retiro|retirada)$/u;
/** "after INF exit", "despite exit": a bare "exit" after a preposition is a noun. */
const PREPOSITION_NOUN_BEFORE =
  /(?:^|[^\p{L}])(?:after|since|following|despite|amid)\s+(?:the\s+|its\s+|their\s+)?(?:[\p{L}-]+\s+){0,2}$/u;
function exitNounAfterCountry(
  hitText: string,
  masked: string,
  country: CountryMention,
  hitStart: number,
): boolean {
  return (
    /^exits?$/u.test(hitText) &&
    /^\s+$/u.test(masked.slice(country.end, hitStart)) &&
    PREPOSITION_BEFORE_MODIFIER.test(masked.slice(Math.max(0, country.start - 20), country.start))
  );
}
/** "after leaving", "since joining": a time reference to the step, not a report of it. */
const GERUND_TIME_BEFORE = /(?:^|[^\p{L}])(?:after|since|following|upon|before|without)\s+$/u;
/** "will decide when to leave": the step itself is undecided. */
const UNDECIDED_BEFORE = /(?:^|[^\p{L}])(?:when|whether|how|if)\s+to\s+$/u;
/** An indirect question opening the clause: Finnish "pitäisikö Suomen erota", Polish "czy Polska powinna wystąpić". */
const UNDECIDED_QUESTION_BEFORE =
  /(?:^|[^\p{L}])(?:pitaisiko|tulisiko|kannattaako|voisiko|czy|ar)\s+(?:[\p{L}-]+\s+){0,3}$/u;
/** "X's 2003 NPT exit": a past year modifying the step. */
const YEAR_MODIFIER_BEFORE = /(?<![\p{L}\p{N}])(1[89]\d\d|20\d\d)\s+(?:[\p{L}-]+\s+){0,2}$/u;

interface Span {
  start: number;
  end: number;
}

interface TriggerHit extends Span {
  family: TriggerFamily;
  text: string;
}

/** Trigger matches in a sentence; earlier families win overlaps. */
export function findTriggers(masked: string, original: string): TriggerHit[] {
  const kept: TriggerHit[] = [];
  for (const { family, gate, regex } of FAMILY_REGEX) {
    if (gate && !gate.test(masked)) continue;
    for (const m of masked.matchAll(regex)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (kept.some((k) => span.start < k.end && span.end > k.start)) continue;
      kept.push({ ...span, family, text: original.slice(span.start, span.end) });
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

function clauseAround(text: string, start: number, end: number): Span {
  let clauseStart = 0;
  let clauseEnd = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const at = m.index;
    if (at + m[0].length <= start) clauseStart = at + m[0].length;
    else if (at >= end && at < clauseEnd) clauseEnd = m[0].startsWith("?") ? at + 1 : at;
  }
  return { start: clauseStart, end: clauseEnd };
}

/** The coordinated list a mention belongs to ("Poland, Lithuania, Latvia and Estonia"). */
function expandList(mentions: CountryMention[], index: number, masked: string): CountryMention[] {
  let lo = index;
  let hi = index;
  while (lo > 0) {
    const a = mentions[lo - 1] as CountryMention;
    const b = mentions[lo] as CountryMention;
    if (a.nonActor || !LIST_GAP.test(masked.slice(a.end, b.start))) break;
    lo--;
  }
  while (hi < mentions.length - 1) {
    const a = mentions[hi] as CountryMention;
    const b = mentions[hi + 1] as CountryMention;
    if (b.nonActor || !LIST_GAP.test(masked.slice(a.end, b.start))) break;
    // "Lithuania, Latvia and Estonia, Belarus's western neighbours,": the owner of an apposition.
    if (
      /^\s*,\s*$/u.test(masked.slice(a.end, b.start)) &&
      /^(?:'s|s'|')\s/u.test(masked.slice(b.end, b.end + 4))
    )
      break;
    hi++;
  }
  return mentions.slice(lo, hi + 1);
}

/** "The defence ministers of Lithuania, Latvia and Estonia said they…": "they" are those countries' ministers. */
const ROLES_OF_BEFORE =
  /(?:ministers|leaders|governments|presidents|prime ministers|heads of state|heads of government)\s+of\s+(?:the\s+)?$/u;
function rolesOfList(mentions: CountryMention[], index: number, masked: string): boolean {
  const head = expandList(mentions, index, masked)[0] as CountryMention;
  return ROLES_OF_BEFORE.test(masked.slice(Math.max(0, head.start - 60), head.start));
}

interface ActorPick {
  mentions: CountryMention[];
  source: Candidate["actorSource"];
}

function pickActors(hit: TriggerHit, mentions: CountryMention[], masked: string, clause: Span): ActorPick {
  const inClause = mentions.filter((m) => m.start >= clause.start && m.end <= clause.end && !m.nonActor);
  // 0. A causative names the country that moves inside its words: "takes the US out of".
  if (hit.family.actorInside) {
    const inside = mentions.findIndex((m) => !m.nonActor && m.start >= hit.start && m.end <= hit.end);
    if (inside >= 0) return { mentions: expandList(mentions, inside, masked), source: "object" };
  }
  // 1. The object of a verb or noun: "withdraw the United States from", "withdrawal of Niger, Mali…".
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i] as CountryMention;
    if (m.nonActor || m.start < hit.end || m.start - hit.end > 30 || m.end > clause.end) continue;
    const gap = masked.slice(hit.end, m.start);
    const verbObject = hit.family.form === "verb" && /^\s*(?:the\s+|its\s+|his\s+)?$/u.test(gap);
    if (verbObject && hit.family.actorAfter)
      return { mentions: expandList(mentions, i, masked), source: "object" };
    // Genitives elsewhere ("Austritt Russlands", "retrait des États-Unis") name the actor like a possessive.
    const genitive =
      (hit.family.form === "noun" || SPANISH_NOUN_TRIGGER.test(masked.slice(hit.start, hit.end))) &&
      /^\s+(?:(?:des|du|de|del|de la|de los|der)\s+)?(?:le\s+|la\s+|les\s+|l'|el\s+|los\s+)?$/u.test(gap);
    if (genitive) return { mentions: expandList(mentions, i, masked), source: "possessive" };
    const nounObject =
      /^\s+(?:of|for|by|przez)\s+(?:the\s+)?(?:(?:two|three|four|five|six|\d+)\s+)?$/u.test(gap) ||
      (hit.family.direction === "withdraw" && NOTICE_FROM.test(gap));
    if (!verbObject && !nounObject) break;
    const list = expandList(mentions, i, masked);
    const last = list[list.length - 1] as CountryMention;
    const after = masked.slice(last.end, last.end + 40);
    if (
      nounObject ||
      /^\s*(?:'s\s+)?(?:from|out|to|as|participation|membership|back|z|ze|iz|is|no|из|з|із)(?!\p{L})|^\s*(?:'s|s')/u.test(
        after,
      )
    ) {
      return { mentions: list, source: "object" };
    }
    break;
  }
  // 2. Possessive or modifier: "Russia's withdrawal", "Lithuania's decision to withdraw", "US withdrawal".
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i] as CountryMention;
    if (m.end > hit.start) continue;
    if (hit.start - m.end > 45 || m.start < clause.start) break;
    if (m.nonActor) continue;
    const gap = masked.slice(m.end, hit.start);
    const possessive =
      /^(?:'s|s'|')\s+(?:[\p{L}-]+\s+){0,3}?(?:(?:decision|bid|move|plan|intention|intent|vote|decree|step|steps)\s+to\s+)?$/u.test(
        gap,
      );
    const modifier =
      (hit.family.form === "noun" ||
        exitNounAfterCountry(masked.slice(hit.start, hit.end), masked, m, hit.start)) &&
      /^\s+(?:and\s+euratom\s+)?(?:[\p{L}-]+\s+)?$/u.test(gap) &&
      !/\s(?:to|from|of|in|the)\s+$/u.test(gap);
    // "Turkey's parliament ratifies": the body of the country is the subject of a finite verb.
    if (possessive && hit.family.form === "verb" && ROLE_HEAD_GAP.test(gap))
      return { mentions: expandList(mentions, i, masked), source: "subject" };
    if (possessive || modifier) return { mentions: expandList(mentions, i, masked), source: "possessive" };
    break;
  }
  // 3. The subject: the nearest country before the trigger in the clause that is not an object.
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i] as CountryMention;
    if (m.end > hit.start || m.start < clause.start) continue;
    if (hit.start - m.end > 170) break;
    if (OTHER_SUBJECT.test(masked.slice(m.end, hit.start)) && !rolesOfList(mentions, i, masked)) break;
    if (CONCESSIVE_BETWEEN.test(masked.slice(m.end, hit.start))) break;
    if (m.nonActor) continue;
    // "Lithuania, Latvia and Estonia, Belarus's western neighbours, have…": the owner of an apposition.
    if (/,\s*$/u.test(masked.slice(0, m.start)) && /^(?:'s|s'|')\s/u.test(masked.slice(m.end, m.end + 4)))
      continue;
    const list = expandList(mentions, i, masked);
    const head = list[0] as CountryMention;
    const before = masked.slice(Math.max(clause.start, head.start - 40), head.start);
    const noticeFrom = NOTICE_FROM.test(before);
    // "notified the depositaries, Canada and Hungary, of its decision": those countries are objects.
    if (
      !noticeFrom &&
      /^\s*,?\s*(?:of|about|on)\s+(?:its|their|his|her)\s/u.test(
        masked.slice(list[list.length - 1]?.end ?? m.end, hit.start),
      )
    ) {
      i = mentions.indexOf(head);
      continue;
    }
    // "the plans of Poland and the Baltic states to leave": the owners of the plan act.
    if (
      PLAN_OF.test(before) &&
      /^\s+to\s+$/u.test(masked.slice(list[list.length - 1]?.end ?? head.end, hit.start))
    )
      return { mentions: list, source: "possessive" };
    const blocked =
      BLOCKED_BEFORE.test(before) &&
      !AGENT_BY_OK.test(before) &&
      !noticeFrom &&
      !(head.role !== "country" && /of\s+(?:the\s+)?$/u.test(before));
    // "days after Moscow revoked…": Moscow acts, in the past; the modality check rejects it as background.
    if (blocked && EARLIER_CLAUSE.test(before)) return { mentions: list, source: "subject" };
    if (blocked) {
      // "for the US to ratify": the blocked country is the infinitive's subject; nobody else acts here.
      if (/^\s*(?:to|will|would)\s*$/u.test(masked.slice(list[list.length - 1]?.end ?? head.end, hit.start)))
        break;
      i = mentions.indexOf(head);
      continue;
    }
    return { mentions: list, source: "subject" };
  }
  // 4. A passive agent: "approved by Latvia's parliament".
  for (let i = 0; i < inClause.length; i++) {
    const m = inClause[i] as CountryMention;
    if (m.start < hit.end || m.start - hit.end > 60) continue;
    if (/\sby\s+(?:the\s+)?$/u.test(masked.slice(hit.end, m.start))) {
      return { mentions: expandList(mentions, mentions.indexOf(m), masked), source: "agent" };
    }
  }
  return { mentions: [], source: "none" };
}

interface TreatyPick {
  treaty: string | null;
  extra: string[];
  source: Candidate["treatySource"];
}

function pickTreaty(
  hit: TriggerHit,
  treaties: TreatyMention[],
  masked: string,
  clause: Span,
  ctx: ItemContext,
  topic: TitleTopic | null,
): TreatyPick {
  const coordinated = (first: number): string[] => {
    const out: string[] = [];
    let prev = treaties[first] as TreatyMention;
    for (let j = first + 1; j < treaties.length; j++) {
      const t = treaties[j] as TreatyMention;
      if (
        !/^[\s,]*(?:and|or|as well as|and from|as well as from|,)?\s*(?:from\s+)?(?:the\s+)?$/u.test(
          masked.slice(prev.end, t.start),
        )
      )
        break;
      out.push(t.treaty);
      prev = t;
    }
    return out;
  };
  const near = (t: TreatyMention) => t.start >= hit.end && t.start - hit.end <= 90 && t.start < clause.end;
  const fromIdx = treaties.findIndex(
    (t) => near(t) && FROM_BEFORE.test(masked.slice(Math.max(hit.end, t.start - 16), t.start)),
  );
  const firstIdx = treaties.findIndex(near);
  const firstDirect =
    firstIdx >= 0 && DIRECT_GAP.test(masked.slice(hit.end, (treaties[firstIdx] as TreatyMention).start));
  const afterIdx = firstDirect || fromIdx < 0 ? firstIdx : fromIdx;
  if (afterIdx >= 0) {
    const t = treaties[afterIdx] as TreatyMention;
    const gap = masked.slice(hit.end, t.start);
    const direct = gap.length <= 28 && DIRECT_GAP.test(gap);
    if (!hit.family.strictObject || direct) {
      if (!/[;:]/.test(gap))
        return { treaty: t.treaty, extra: coordinated(afterIdx), source: direct ? "object" : "near" };
    }
  }
  for (let i = treaties.length - 1; i >= 0; i--) {
    const t = treaties[i] as TreatyMention;
    if (t.end > hit.start) continue;
    const gap = masked.slice(t.end, hit.start);
    if (gap.length <= 30 && /^(?:'s|s')?\s+(?:[\p{L}-]+\s+)?$/u.test(gap) && hit.family.form === "noun") {
      return { treaty: t.treaty, extra: [], source: "near" };
    }
    break;
  }
  if (hit.family.strictObject) {
    if (GENERIC_TREATY_AFTER.test(masked.slice(hit.end)) && ctx.mainTreaty)
      return { treaty: ctx.mainTreaty, extra: [], source: "item" };
    return { treaty: null, extra: [], source: "none" };
  }
  const inClause = treaties.filter((t) => t.start >= clause.start && t.end <= clause.end);
  if (hit.family.form === "verb" && NON_TREATY_OBJECT.test(masked.slice(hit.end, hit.end + 30)))
    return { treaty: null, extra: [], source: "none" };
  if (inClause.length > 0) {
    const nearest = [...inClause].sort(
      (a, b) => Math.abs(a.start - hit.end) - Math.abs(b.start - hit.end),
    )[0] as TreatyMention;
    return { treaty: nearest.treaty, extra: [], source: "sentence" };
  }
  // "Ottawa treaty: Lithuania votes to leave": the headline's topic is the object.
  if (topic?.treaty && hit.start > topic.colon)
    return { treaty: topic.treaty, extra: [], source: "sentence" };
  // The item's treaty stands in only where the trigger has no other object ("107 voted to withdraw
  // from the convention", "the decision to withdraw"), never for "leave OPEC".
  const rest = masked.slice(hit.end, clause.end);
  const otherObject =
    /^\s+(?:the\s+)?[\p{L}]/u.test(rest) && !GENERIC_TREATY_AFTER.test(rest) && hit.family.form === "verb";
  if (ctx.mainTreaty && !otherObject) return { treaty: ctx.mainTreaty, extra: [], source: "item" };
  return { treaty: null, extra: [], source: "none" };
}

function stageFor(
  hit: TriggerHit,
  window: string,
  triggerEnd: number,
  role: ActorRole | null,
  singularActor: boolean,
  sentenceTail = "",
  effectLater = false,
): { stage: Stage | null; weight: number; cue: string | null } {
  const direction = hit.family.direction;
  if (direction !== "withdraw" && direction !== "join") return { stage: null, weight: 0, cue: null };
  let best: { stage: Stage; weight: number; cue: string } | null = hit.family.stage
    ? { ...hit.family.stage, cue: hit.family.name }
    : null;
  // "will become the 125th State Party on 1 January": the words promise the effect, not report it.
  if (
    best?.stage === "effective" &&
    (effectLater || FUTURE_BEFORE.test(window.slice(0, triggerEnd - hit.text.length)))
  ) {
    best = { stage: "deposited", weight: 2.4, cue: `${hit.family.name} (future)` };
  }
  // A legislature acts only when it is the actor or named before the step ("urged parliament to act" is not a vote).
  const parliament = role === "parliament" || PARLIAMENT_RE.test(window.slice(0, triggerEnd));
  for (const { cue, regex } of CUES) {
    if (cue.needsParliament && !parliament) continue;
    // Future tense speaks for the actor's step only before the trigger ("…will enter into force" after it is the treaty's).
    const m = regex.exec(cue.name === "future" ? window.slice(0, triggerEnd) : window);
    if (!m) continue;
    let { stage, weight } = cue;
    // "will officially cease to be a member from 29 January": the notice is in, the effect is not.
    if (stage === "effective" && cue.name !== "as-of-today") {
      const before = window.slice(0, m.index);
      if (effectLater && !FUTURE_BEFORE.test(before)) {
        // "becomes official on 29 January" in a story of December: the effect is still to come.
        stage = "deposited";
        weight = 2.4;
      } else if (FUTURE_BEFORE.test(before)) {
        // "will formally withdraw": a promise in the present tense's place, not a notice.
        // A date for the step (even past a dash or clause) means the notice is in.
        const dated =
          /\d|january|february|march|april|may|june|july|august|september|october|november|december|next year|in a year/u.test(
            sentenceTail,
          );
        stage = cue.name === "officially-present" && !dated ? "announced" : "deposited";
        weight = 2.4;
      }
    }
    if (!best || weight > best.weight) best = { stage, weight, cue: cue.name };
  }
  if (!best) {
    const text = fold(hit.text);
    const past =
      /(?:ed|drew|drawn|left|ratified|joined)$/.test(text) ||
      // "Lithuania on Thursday quit…" is past; "the juntas quit…" is a plural present.
      (text === "quit" && singularActor) ||
      /(?:ausgetreten|ausgestiegen|wycofal\p{L}*|wystapil\p{L}*|opuscil\p{L}*|pasitrauke|izstajas|lahkus|erosi|вышл\p{L}*|вышел|вийшл\p{L}*|вийшов)$/u.test(
        text,
      ) ||
      /(?:has|have|had)\s+(?:\p{L}+\s+)?$/u.test(
        window.slice(0, window.indexOf(text) >= 0 ? window.indexOf(text) : 0),
      );
    if (direction === "withdraw")
      best = past
        ? { stage: "effective", weight: 1, cue: "past-tense" }
        : { stage: "announced", weight: 0.8, cue: "present-tense" };
    else
      best = parliament
        ? { stage: "approved", weight: 1, cue: "parliament" }
        : { stage: "deposited", weight: 0.8, cue: "state-ratifies" };
  }
  if (
    role === "parliament" &&
    best.weight < 3 &&
    best.stage === "announced" &&
    /vot|approv|adopt|pass|support|back/u.test(window)
  ) {
    best = { stage: "approved", weight: 3, cue: "parliament-acts" };
  }
  return best;
}

/** A passive "is being examined" after the step: "Suomen eroaminen sopimuksesta selvitetään", "exit under review". */
const UNDECIDED_AFTER =
  /(?<!\p{L})(?:selvitet\p{L}*|harkit\p{L}*|pohdit\p{L}*|kaalut\p{L}*|analuusit\p{L}*|rozwaz\p{L}*|svarstom\p{L}*|apsver\p{L}*|under (?:consideration|review|discussion|study)|being (?:considered|weighed|studied|examined|discussed)|on the table)(?!\p{L})/u;

function modalityProblem(
  hit: TriggerHit,
  folded: string,
  clause: Span,
  actorSpan: Span | null,
  actorSource: Candidate["actorSource"],
): string | null {
  const clauseText = folded.slice(clause.start, clause.end);
  if (clauseText.trim().endsWith("?")) return "question";
  const anniversary = ANNIVERSARY_RE.exec(clauseText);
  if (
    anniversary &&
    !(
      clause.start + anniversary.index > hit.end &&
      ANNIVERSARY_DATE_BEFORE.test(clauseText.slice(0, anniversary.index))
    )
  )
    return "anniversary";
  const betweenStart =
    actorSpan && actorSpan.end <= hit.start ? actorSpan.end : Math.max(clause.start, hit.start - 60);
  const between = folded.slice(betweenStart, hit.start);
  const neg = NEGATION_RE.exec(between);
  if (neg) return `negation "${neg[0].trim()}"`;
  const lead = folded.slice(
    clause.start,
    actorSpan && actorSpan.start < hit.start ? actorSpan.start : hit.start,
  );
  if (DENIED_REPORTS.test(lead)) return "someone denies reports of the step";
  const hypothetical = HYPOTHETICAL_ACTOR.exec(lead);
  if (hypothetical) return `hypothetical actor "${hypothetical[0]}"`;
  const condition = CONDITION_BEFORE.exec(lead.slice(-70));
  if (condition) return `condition "${condition[0].trim().split(/\s+/)[0]}" before the actor`;
  if (EARLIER_CLAUSE.test(lead)) return "background: a time clause puts the step earlier";
  if (INSIDE_TIME_CLAUSE.test(folded.slice(clause.start, hit.start)))
    return 'background: inside a time clause ("a year after …")';
  if (hit.family.direction === "withdraw" || hit.family.direction === "join") {
    const declared = DECLARED_VOID.exec(folded.slice(hit.end, clause.end));
    if (declared) return `declared "${declared[0]}"`;
  }
  const spec = SPECULATION_RE.exec(between);
  if (spec && !(spec[0] === "would" && REPORTED_WOULD_RE.test(folded.slice(clause.start, hit.start)))) {
    return `speculation "${spec[0]}"`;
  }
  const after = folded.slice(hit.end, Math.min(clause.end, hit.end + 120));
  const undecided = UNDECIDED_AFTER.exec(after.slice(0, 70));
  if (undecided) return `the step is under examination ("${undecided[0]}")`;
  const cond = CONDITIONAL_RE.exec(after) ?? INDEFINITE_TIME_RE.exec(after);
  if (cond) return `condition "${cond[0]}" after the trigger`;
  const third = THIRD_PARTY_RE.exec(between);
  if (third && actorSource !== "possessive" && actorSource !== "object") return `third party "${third[0]}"`;
  if (actorSpan && (actorSource === "subject" || actorSource === "object")) {
    const lead = folded.slice(clause.start, Math.min(actorSpan.start, hit.start));
    const urged = THIRD_PARTY_RE.exec(lead);
    if (urged && actorSource === "subject" && /(?:urg|call|ask|press|demand|encourag)/u.test(urged[0])) {
      return `third party "${urged[0]}" acts on the country`;
    }
  }
  if (actorSpan && HOPED.test(folded.slice(Math.max(clause.start, actorSpan.start - 30), actorSpan.start))) {
    return "someone else's hope or expectation";
  }
  if (
    /,\s*(?:which|who|whose|that|dont|que|cuy[oa]s?|dessen|deren|ktor\p{L}*|который|которая|чей|чья|яка|який|чий|чия)\s/u.test(
      between,
    ) &&
    !/,\s*(?:which|who|whose|that|dont|que)\s[^,]*,/u.test(between)
  ) {
    return "inside a relative clause (background)";
  }
  return null;
}

/** A time clause after the step belongs to someone else's earlier step: "…, after Poland did so in March". */
const LATER_TIME_CLAUSE =
  /(?:,\s*|\s)(?:after|following|since)\s|,\s*(?:as|like)\s+(?:he|she|it|they|we|washington|moscow)\s+(?:did|had|has)(?![\p{L}])/u;

function isBackground(folded: string, clause: Span, hit: TriggerHit, ctx: ItemContext): string | null {
  const tail = LATER_TIME_CLAUSE.exec(folded.slice(hit.end, clause.end));
  const clauseText = folded.slice(clause.start, tail ? hit.end + tail.index : clause.end);
  const bg = BACKGROUND_RE.exec(clauseText);
  if (bg) return `background time "${bg[0]}"`;
  if (ctx.publishedMonth !== null) {
    for (const m of clauseText.matchAll(MONTH_PHRASE)) {
      const month = MONTHS.indexOf((m[1] as string).slice(0, 3));
      if (month >= 0 && month < ctx.publishedMonth) return `background month "${m[0]}"`;
    }
  }
  if (ctx.publishedDay !== null) {
    // Two dated steps in one clause ("deposited on 25 October and entered into force on 1 January"):
    // the date nearest the trigger is its date.
    const from = hit.start - clause.start;
    const to = hit.end - clause.start;
    let nearest: { text: string; when: number; distance: number } | null = null;
    for (const m of clauseText.matchAll(FULL_DATE)) {
      const day = Number(m[1] ?? m[5]);
      const month = MONTHS.indexOf(((m[2] ?? m[4]) as string).slice(0, 3));
      const year = Number(m[3] ?? m[6]);
      const distance = m.index >= to ? m.index - to : Math.max(0, from - (m.index + m[0].length));
      if (!nearest || distance < nearest.distance)
        nearest = { text: m[0], when: Date.UTC(year, month, day) / 86_400_000, distance };
    }
    if (nearest && ctx.publishedDay - nearest.when > RECAP_DAYS) return `background date "${nearest.text}"`;
  }
  if (ctx.publishedYear) {
    for (const m of clauseText.matchAll(YEAR_PHRASE)) {
      const year = Number(m[1]);
      if (year < ctx.publishedYear) return `background year ${year}`;
    }
  }
  void hit;
  return null;
}

interface TitleTopic {
  /** Where the colon stands: what comes before it is the topic of the words after it. */
  colon: number;
  treaty: string | null;
  codes: string[];
  role: ActorRole;
}

const FIRST_PERSON_RE = /(?<![\p{L}])(?:we|i|nous|wir|my|мы|ми)(?![\p{L}])/u;

/** A colon headline's topic: "Ottawa treaty: …", "Hungary: parliament backs exit". */
function titleTopic(
  folded: string,
  treaties: TreatyMention[],
  mentions: CountryMention[],
): TitleTopic | null {
  const colon = folded.search(/:\s/u);
  if (colon < 0) return null;
  const named = mentions.filter((m) => !m.nonActor && m.end <= colon);
  return {
    colon,
    treaty: treaties.find((t) => t.end <= colon)?.treaty ?? null,
    codes: [...new Set(named.flatMap((m) => m.codes))],
    role: named[0]?.role ?? "country",
  };
}

/** The words around the step carry a full date later than publication: its effect is still to come. */
function datedAfterPublication(window: string, ctx: ItemContext): boolean {
  if (ctx.publishedDay === null) return false;
  for (const m of window.matchAll(FULL_DATE)) {
    const day = Number(m[1] ?? m[5]);
    const month = MONTHS.indexOf(((m[2] ?? m[4]) as string).slice(0, 3));
    const year = Number(m[3] ?? m[6]);
    if (Date.UTC(year, month, day) / 86_400_000 > ctx.publishedDay) return true;
  }
  return false;
}

/** "Turkish parliament ratifies Finland's NATO accession", "allies ratify the protocol on Sweden's accession". */
function ratifiesOthersAccession(
  hit: TriggerHit,
  actors: CountryMention[],
  mentions: CountryMention[],
  masked: string,
  clause: Span,
): boolean {
  const owner = actors[actors.length - 1];
  if (!owner) return false;
  const ownerCodes = new Set(actors.flatMap((m) => m.codes));
  const ownsAccession =
    OTHERS_ACCESSION_AFTER.test(masked.slice(owner.end, owner.end + 50)) ||
    (owner.end <= hit.start &&
      /^(?:'s|s'|')?[\s-]+(?:[\p{L}-]+[\s-]+){0,2}?$/u.test(masked.slice(owner.end, hit.start)) &&
      /accession|membership|bid|jasenyy|liittymis|beitritt|adhesi/u.test(hit.text.toLowerCase()));
  if (!ownsAccession) return false;
  const first = actors[0] as CountryMention;
  const lead = masked.slice(clause.start, first.start);
  if (!RATIFIER_BEFORE.test(lead) && !RATIFIER_BEFORE.test(masked.slice(hit.start, hit.end))) return false;
  const others = mentions.some(
    (m) => m.end <= first.start && m.start >= clause.start && m.codes.some((c) => !ownerCodes.has(c)),
  );
  return others || BLOC_SUBJECT.test(lead);
}

/** All candidates in one sentence. */
export function sentenceCandidates(
  sentence: Sentence,
  masked: string,
  treaties: TreatyMention[],
  mentions: CountryMention[],
  ctx: ItemContext,
): Candidate[] {
  const out: Candidate[] = [];
  const folded = sentence.folded;
  const topic = sentence.part === "title" ? titleTopic(folded, treaties, mentions) : null;
  for (const hit of findTriggers(masked, sentence.text)) {
    const clause = clauseAround(folded, hit.start, hit.end);
    const base = {
      sentence: sentence.index,
      part: sentence.part,
      trigger: hit.text,
      family: hit.family.name,
      direction: hit.family.direction,
      evidence: sentence.text,
    };
    const reject = (reason: string, extra: Partial<Candidate> = {}): Candidate => ({
      ...base,
      treaty: null,
      treatySource: "none",
      countries: [],
      actorSource: "none",
      actorRole: null,
      stage: null,
      stageWeight: 0,
      stageCue: null,
      accepted: false,
      reason,
      confidence: 0,
      ...extra,
    });
    if (hit.family.needsReversalContext && !ctx.reversalContext) {
      out.push(reject("'remain' without a reported reversal"));
      continue;
    }
    const treaty = pickTreaty(hit, treaties, masked, clause, ctx, topic);
    if (!treaty.treaty) {
      out.push(reject("no treaty linked to the trigger"));
      continue;
    }
    let actors = pickActors(hit, mentions, masked, clause);
    let role: ActorRole | null = actors.mentions[0]?.role ?? null;
    let codes = [...new Set(actors.mentions.flatMap((m) => m.codes))];
    if (codes.length === 0 && sentence.index > 0 && ctx.primaryActors.length > 0) {
      const lead = folded.slice(Math.max(clause.start, hit.start - 90), hit.start);
      const noCountries = mentions.every((m) => m.nonActor);
      const concessive = CONCESSIVE_BETWEEN.test(lead);
      if (!concessive && (GENERIC_SUBJECT_RE.test(lead) || (noCountries && hit.family.form === "noun"))) {
        codes = [...new Set(ctx.primaryActors.flatMap((a) => a.codes))];
        role = ctx.primaryActors[0]?.role ?? null;
        if (PARLIAMENT_RE.test(lead) || /\d+ (?:voted|mps|deputies|members|in favou?r)/u.test(lead))
          role = "parliament";
        actors = { mentions: [], source: "fallback" };
      }
    }
    // "Hungary: parliament backs exit", "Mali, Burkina Faso and Niger: 'We are leaving the ICC'".
    if (codes.length === 0 && topic && topic.codes.length > 0 && hit.start > topic.colon) {
      const lead = folded.slice(Math.max(topic.colon + 1, clause.start), hit.start);
      if (GENERIC_SUBJECT_RE.test(lead) || FIRST_PERSON_RE.test(lead) || hit.family.form === "noun") {
        codes = topic.codes;
        role = PARLIAMENT_RE.test(lead) ? "parliament" : topic.role;
        actors = { mentions: [], source: "fallback" };
      }
    }
    const treatyInfo = { treaty: treaty.treaty, treatySource: treaty.source };
    if (codes.length === 0) {
      out.push(reject("no acting country", treatyInfo));
      continue;
    }
    const actorSpan = actors.mentions.length
      ? {
          start: (actors.mentions[0] as CountryMention).start,
          end: (actors.mentions[actors.mentions.length - 1] as CountryMention).end,
        }
      : null;
    const info = { ...treatyInfo, countries: codes, actorSource: actors.source, actorRole: role };
    // Verbless "X out of Y" is a headline form; elsewhere "out of" belongs to another verb ("take Britain out of").
    if (
      hit.family.name === "headline-out-of" &&
      !(
        sentence.part === "title" &&
        actorSpan &&
        actors.source === "subject" &&
        /^[^\p{L}]*$/u.test(masked.slice(clause.start, actorSpan.start)) &&
        /^\s*$/u.test(masked.slice(actorSpan.end, hit.start))
      )
    ) {
      out.push(reject('"out of" without a verb outside a headline', info));
      continue;
    }
    const lastObject = actors.mentions[actors.mentions.length - 1];
    if (
      hit.family.direction === "withdraw" &&
      /^leav/u.test(masked.slice(hit.start, hit.end)) &&
      actors.source === "object" &&
      lastObject &&
      LEFT_AS.test(masked.slice(lastObject.end, lastObject.end + 30))
    ) {
      out.push(reject('"leave X as/alone": X is left, it does not leave', info));
      continue;
    }
    if (
      hit.family.direction === "suspend" &&
      actors.source === "object" &&
      treaties.some((t) => t.start >= clause.start && t.end <= hit.start)
    ) {
      out.push(reject("the organisation acts on a member (suspends its rights)", info));
      continue;
    }
    if (OUTSIDE_PROPOSAL_BEFORE.test(masked.slice(Math.max(0, hit.start - 60), hit.start))) {
      out.push(reject("a citizens' or opposition proposal, not a step of the state", info));
      continue;
    }
    if (
      hit.family.form === "verb" &&
      /ing$/u.test(hit.text) &&
      actors.source !== "subject" &&
      GERUND_SUBJECT_AFTER.test(folded.slice(hit.end, clause.end))
    ) {
      out.push(reject("hypothetical: the step is the subject of would/could", info));
      continue;
    }
    if (hit.family.direction === "join" || hit.family.direction === "withdraw") {
      const object = treaties.find((t) => t.treaty === treaty.treaty && t.start >= hit.end);
      if (
        object &&
        (treaty.source === "object" || treaty.source === "near") &&
        PROTOCOL_GAP.test(masked.slice(hit.end, object.start))
      ) {
        out.push(reject("a protocol or amendment to the treaty, not the treaty", info));
        continue;
      }
    }
    const firstActor = actors.mentions[0];
    const lastActor = actors.mentions[actors.mentions.length - 1];
    const actorBefore = firstActor && lastActor && lastActor.end <= hit.start ? firstActor : undefined;
    const nounPhraseStart = actorBefore ? actorBefore.start : hit.start;
    const bareNoun =
      hit.family.form === "verb" &&
      /^exit$/u.test(masked.slice(hit.start, hit.end)) &&
      !MODAL_BEFORE.test(masked.slice(Math.max(0, hit.start - 30), hit.start)) &&
      ((actorBefore?.kind === "demonym" && /^\s+$/u.test(masked.slice(lastActor?.end ?? 0, hit.start))) ||
        NOUN_DETERMINER_BEFORE.test(masked.slice(Math.max(0, nounPhraseStart - 40), nounPhraseStart)) ||
        NOUN_COMPOUND_AFTER.test(masked.slice(hit.end, hit.end + 30)) ||
        (!!actorBefore && exitNounAfterCountry("exit", masked, lastActor as CountryMention, hit.start)) ||
        PREPOSITION_NOUN_BEFORE.test(masked.slice(Math.max(0, hit.start - 40), hit.start)));
    const nominal = hit.family.form === "noun" || bareNoun;
    if (
      nominal &&
      INDEFINITE_BEFORE.test(masked.slice(Math.max(0, nounPhraseStart - 40), nounPhraseStart)) &&
      actors.source !== "object"
    ) {
      out.push(reject("indefinite or hypothetical mention (a/one/possible …)", info));
      continue;
    }
    if (
      (nominal || /^exits?$/u.test(masked.slice(hit.start, hit.end))) &&
      NEGATED_NP_BEFORE.test(masked.slice(Math.max(0, nounPhraseStart - 40), nounPhraseStart))
    ) {
      out.push(reject("negated noun phrase (no …)", info));
      continue;
    }
    // "production would begin after the withdrawal takes effect": a time reference, not a report.
    if (
      nominal &&
      (SUBORDINATE_BEFORE.test(masked.slice(Math.max(0, nounPhraseStart - 40), nounPhraseStart)) ||
        SUBORDINATE_BEFORE.test(masked.slice(Math.max(0, hit.start - 40), hit.start)))
    ) {
      out.push(reject("a time reference to the step (after/once/until …)", info));
      continue;
    }
    if (
      hit.family.direction === "suspend" &&
      SUSPEND_OTHER_OBJECT.test(masked.slice(hit.end, hit.end + 40))
    ) {
      out.push(reject("suspends something other than the treaty", info));
      continue;
    }
    // "Russia's decision to suspend…", "Lithuania's vote to quit…": the noun itself reports the step.
    const decided =
      actors.source === "possessive" &&
      !!lastActor &&
      (/(?:decision|move|step|vote|decree|bid)\s+to\s+$/u.test(masked.slice(lastActor.end, hit.start)) ||
        PLAN_OF.test(masked.slice(Math.max(0, (firstActor?.start ?? 0) - 40), firstActor?.start ?? 0)));
    if ((nominal || actors.source === "possessive") && actors.source !== "object") {
      const clauseText = masked.slice(clause.start, clause.end);
      if (COMMENTARY_RE.test(clauseText)) {
        out.push(reject("noun in commentary (protest, court, consequences)", info));
        continue;
      }
      if (!decided && !EVENTIVE_RE.test(clauseText)) {
        out.push(reject("noun without an eventive predicate", info));
        continue;
      }
      // The predicate of a noun follows it: "Germany's exit is not on the table".
      const predicate =
        folded.slice(hit.end, Math.min(clause.end, hit.end + 90)).split(/,\s*(?:which|who|that)\s/u)[0] ?? "";
      const denied = nominal ? PREDICATE_NEGATION.exec(predicate) : null;
      if (denied) {
        out.push(reject(`negated predicate "${denied[0].trim()}"`, info));
        continue;
      }
    }
    const before40 = masked.slice(Math.max(clause.start, hit.start - 40), hit.start);
    if (hit.family.form === "verb" && /ing$/u.test(hit.text) && GERUND_TIME_BEFORE.test(before40)) {
      out.push(reject("a time reference to the step (after/since …ing)", info));
      continue;
    }
    if (UNDECIDED_BEFORE.test(before40) || UNDECIDED_QUESTION_BEFORE.test(before40)) {
      out.push(reject("the step is undecided (when/whether to …)", info));
      continue;
    }
    const yearMod = YEAR_MODIFIER_BEFORE.exec(before40);
    // "…on 14 November 2023 and the Statute entered into force": the year ends another clause.
    const yearEndsClause = !!yearMod && /\s(?:and|but|while|whereas)\s/u.test(yearMod[0]);
    if (yearMod && !yearEndsClause && ctx.publishedYear && Number(yearMod[1]) < ctx.publishedYear) {
      out.push(reject(`background year ${yearMod[1]} modifies the step`, info));
      continue;
    }
    if (
      (hit.family.direction === "join" || hit.family.direction === "sign") &&
      ratifiesOthersAccession(hit, actors.mentions, mentions, masked, clause)
    ) {
      out.push(reject("someone else ratifies or approves the country's accession", info));
      continue;
    }
    const problem =
      modalityProblem(hit, folded, clause, actorSpan, actors.source) ??
      isBackground(folded, clause, hit, ctx);
    if (problem) {
      out.push(reject(problem, info));
      continue;
    }
    // Without a named actor the cue may sit a little further back ("held the first reading of the bill on withdrawing").
    const windowStart = Math.max(clause.start, actorSpan ? actorSpan.start - 40 : hit.start - 60);
    let windowEnd = Math.min(clause.end, hit.end + 110);
    const trailing = TRAILING_TIME_CLAUSE.exec(folded.slice(hit.end, windowEnd));
    if (trailing) windowEnd = hit.end + trailing.index;
    const window = folded.slice(windowStart, windowEnd);
    const singularActor =
      actors.mentions.length === 1 && actors.mentions[0]?.kind !== "group" && codes.length === 1;
    const stage = stageFor(
      hit,
      window,
      hit.end - windowStart,
      role,
      singularActor,
      folded.slice(hit.end),
      datedAfterPublication(window, ctx),
    );
    if (
      hit.family.direction === "join" &&
      stage.stage === "announced" &&
      stage.cue &&
      /bill-submitted|first-reading/.test(stage.cue)
    ) {
      out.push(
        reject("a proposal to ratify is not yet a step (not reported)", {
          ...info,
          stage: stage.stage,
          stageCue: stage.cue,
        }),
      );
      continue;
    }
    let confidence = 0.9;
    if (hit.family.form === "noun") confidence -= 0.12;
    if (actors.source === "fallback") confidence -= 0.2;
    if (treaty.source === "item") confidence -= 0.15;
    else if (treaty.source === "sentence") confidence -= 0.05;
    if (sentence.index > 3) confidence -= 0.1;
    for (const t of [treaty.treaty, ...treaty.extra]) {
      out.push({
        ...base,
        ...info,
        treaty: t,
        stage: stage.stage,
        stageWeight: stage.weight,
        stageCue: stage.cue,
        accepted: true,
        reason: "fired",
        confidence: Math.max(0, Math.min(1, confidence)),
      });
    }
  }
  return out;
}
