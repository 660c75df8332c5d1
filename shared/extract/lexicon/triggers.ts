import type { Direction, Stage } from "../../model/index.ts";

/**
 * Words that say a country moves into or out of a treaty, over FOLDED text (lower case, no
 * diacritics). Order matters: earlier families win where spans overlap, so "revokes its withdrawal"
 * is a resume and never also a withdrawal, and "revokes the ratification" is a withdrawal, not a join.
 */
export interface TriggerFamily {
  name: string;
  direction: Direction;
  /** verb: the country is its subject. noun: "Russia's withdrawal" needs an eventive predicate. */
  form: "verb" | "noun";
  pattern: string;
  /** The treaty must follow right after ("join NATO", "sign the treaty"), not just be nearby. */
  strictObject?: boolean;
  /** The country after the trigger acts: "enters into force for Armenia". */
  actorAfter?: boolean;
  /** The country named inside the words acts: "takes the US out of", "brings Brazil back into". */
  actorInside?: boolean;
  /** Only counts when the item also reports a withdrawal being revoked ("to remain in the ICC"). */
  needsReversalContext?: boolean;
  /** A cheap test the sentence must pass before the full pattern runs (speed: most sentences fail it). */
  gate?: string;
  /** Stage the words themselves carry ("no longer a party" is effective). */
  stage?: { stage: Stage; weight: number };
}

const ANY = "[^.;:!?]";
/** Letters, digits, spaces and commas (masked treaty names are spaces). */
const GAP = "[\\p{L}\\p{N} ,'-]";

export const TRIGGER_FAMILIES: readonly TriggerFamily[] = [
  // --- resume: a withdrawal cancelled before it takes effect, or a suspension ended
  {
    name: "revoke-withdrawal",
    gate: "revok|rescind|revers|cancel|withdr|retract|annul|undo|undid|scrap|abandon",
    direction: "resume",
    form: "verb",
    // "revoked South Africa's instrument of withdrawal": the country named inside stays in.
    actorInside: true,
    pattern: `(?:revok|rescind|revers|cancel|withdr[ae]w|retract|annul|undo|undid|scrap|abandon)\\p{L}* ${GAP}{0,40}?(?:withdrawal|(?:decision|plan|move|bid) to (?:withdraw|leave|quit|exit)|notice to (?:withdraw|leave|quit|exit))|(?:revok|rescind|revers|cancel|retract|annul|undo|undid|scrap)\\p{L}* [\\p{L}\\p{N} '-]{0,30}?(?:exit|departure|pull-?out)(?!\\p{L})`,
  },
  {
    // The passive: "South Africa's withdrawal has been revoked", "ICC exit reversed by South Africa".
    name: "withdrawal-revoked",
    gate: "revoked|reversed|rescinded|cancell?ed|annulled|retracted|scrapped",
    direction: "resume",
    form: "verb",
    pattern: `(?:withdrawal|exit|departure|pull-?out)${GAP}{0,40}? (?:(?:has|have|had) been |(?:is|was|were) (?:being )?)?(?:formally |officially )?(?:revoked|reversed|rescinded|cancell?ed|annulled|retracted|scrapped)(?!\\p{L})`,
  },
  {
    name: "u-turn",
    gate: "turn",
    direction: "resume",
    form: "verb",
    pattern: `u-?turn ${GAP}{0,20}?(?:on|over) ${GAP}{0,30}?(?:withdrawal|exit|leaving)`,
  },
  {
    // "renoncent à quitter", "drops its plan to leave": the announced exit is given up.
    name: "give-up-leaving",
    gate: "renonc|renunci|desist|verzicht|drop|shelv",
    direction: "resume",
    form: "verb",
    pattern:
      "renonc\\p{L}* a (?:quitter|se retirer|sortir)|renunci\\p{L}* a (?:salir|abandonar|retirarse|deixar|sair)|desist\\p{L}* de (?:salir|abandonar|retirarse|deixar|sair)|verzicht\\p{L}* auf (?:den |einen )?(?:austritt|ausstieg)|(?:drop|dropp\\p{L}*|shelv\\p{L}*) (?:its |their |the )?(?:plans?|threat|bid) to (?:leave|quit|withdraw|exit)",
  },
  {
    name: "end-suspension",
    gate: "suspension|resum|restor",
    direction: "resume",
    form: "verb",
    pattern:
      "(?:(?:lift|end|revok|cancel)\\p{L}* (?:its |the |their )?suspension|(?:resum|restor)\\p{L}* (?:its |their )?(?:full )?(?:participation|membership|implementation|compliance))",
  },
  {
    name: "remain",
    direction: "resume",
    form: "verb",
    pattern:
      "(?:remain|stay)(?:s|ed|ing)? (?:a )?(?:part of|party to|member of|members of|in)|rest(?:e|ent|era|eront) (?:membre|dans|au sein)|permanec\\p{L}* en|bleib\\p{L}* (?:mitglied|in)",
    strictObject: true,
    needsReversalContext: true,
  },
  // --- withdraw: revoking a ratification, un-signing
  {
    name: "revoke-ratification",
    direction: "withdraw",
    form: "verb",
    pattern: `(?:revok|rescind|withdr[ae]w|cancel|annul|retract|kill|revers|repeal)\\p{L}* ${GAP}{0,45}?(?:ratifi\\p{L}*|signature)|de-?ratif\\p{L}*|un-?sign\\p{L}*|ratifi\\p{L}* ${GAP}{0,20}?(?:(?:has|have|had) been |(?:is|was|were) )?(?:formally |officially )?(?:revoked|rescinded|scrapped|withdrawn|annulled|cancell?ed|reversed|repealed)(?!\\p{L})|(?:widerruf\\p{L}*|widerrief\\p{L}*|revoqu\\p{L}*|revoc\\p{L}*|odwol\\p{L}*|uniewazni\\p{L}*|отмен\\p{L}*|скасува\\p{L}*) ${GAP}{0,30}?(?:ratifi\\p{L}*|ratyfik\\p{L}*|ратифи\\p{L}*|ратифі\\p{L}*)|ratifi\\p{L}* ${ANY}{0,60}?(?:zuruck|ruckgangig)|(?:отзыв|отозва|відклика|відкликан)\\p{L}* ${GAP}{0,30}?ратифіка\\p{L}*|(?:отзыв|отозва)\\p{L}* ${GAP}{0,30}?ратификац\\p{L}*`,
  },
  {
    name: "german-split-verb",
    gate: "zuruck|aus",
    direction: "withdraw",
    form: "verb",
    pattern: `(?:zieht|ziehen|zog|zogen|tritt|treten|trat|steigt|steigen|stieg) ${ANY}{0,60}? (?:zuruck|aus)(?!\\p{L})`,
  },
  {
    name: "cease-to-be-party",
    direction: "withdraw",
    form: "verb",
    pattern:
      "(?:stop\\p{L}*|cease\\p{L}*) being (?:a |an )?(?:\\p{L}+ ){0,3}?(?:party|parties|member|members|signatory)|(?:ceas\\p{L}*|cease) to be (?:a |an )?(?:\\p{L}+ ){0,3}?(?:party|parties|member|members|signatory)|no longer (?:be )?(?:a |an )?(?:\\p{L}+ +| +){0,3}?(?:party|parties|member|members|bound|legally bound)|ne (?:sont|est|seront|sera) plus (?:\\p{L}+ +| +){0,2}?(?:membres?|parties?|etats? parties?)|ya no (?:es|son) (?:\\p{L}+ +| +){0,2}?(?:miembros?|partes?|estados? partes?)|(?:ja )?nao (?:e|sao) mais (?:\\p{L}+ +| +){0,2}?(?:membros?|partes?)|officially not a member|dej\\p{L}* de ser (?:miembro|parte|estado parte)|przesta\\p{L}* byc (?:stron\\p{L}*|czlonk\\p{L}*)|cess\\p{L}* d'etre (?:membre|partie|etat partie)|nicht mehr (?:mitglied|vertragspartei|vertragsstaat)|перестал\\p{L}* (?:быть|бути) (?:участни\\p{L}*|член\\p{L}*|сторон\\p{L}*)" +
      // pl / fi / et / lt / lv / ru / uk: "is no longer a party" (a masked treaty name may sit inside)
      "|nie jest juz [\\p{L} ]{0,60}?(?:stron\\p{L}*|czlonk\\p{L}*)|ei ole enaa [\\p{L} ]{0,60}?(?:osapuol\\p{L}*|jasen\\p{L}*)|ei ole enam [\\p{L} ]{0,60}?(?:osalis\\p{L}*|liige)|nebera [\\p{L} ]{0,60}?(?:salis|salimi\\p{L}*|nare|nare\\p{L}*)|vairs nav [\\p{L} ]{0,60}?(?:dalibvalst\\p{L}*|dalibniek\\p{L}*|puse|biedr\\p{L}*)|больше не (?:является )?[\\p{L} ]{0,40}?(?:участни\\p{L}*|член\\p{L}*|сторон\\p{L}*)|більше не (?:є )?[\\p{L} ]{0,40}?(?:учасни\\p{L}*|член\\p{L}*|сторон\\p{L}*)|(?:formalnie|oficjalnie) poza",
    stage: { stage: "effective", weight: 3 },
  },
  {
    name: "withdraw-verb",
    direction: "withdraw",
    form: "verb",
    pattern: [
      "withdr[ae]w(?:s|n|ing)?",
      "(?:terminat\\p{L}*|end(?:s|ed|ing)?|sever\\p{L}*|cut(?:s|ting)?) (?:its |their |the |all |our |america's )?(?:relationship|ties|membership|relations) with",
      "pull(?:s|ed|ing)? (?:\\p{L}+ ){0,3}?out",
      "(?:now )?(?:officially|formally) out(?! of)(?!\\p{L})",
      "quit(?:s|ting)?",
      "(?:leave|leaves|leaving|left(?![- ]wing))",
      "exit(?:s|ed|ing)?",
      "abandon\\p{L}*",
      "ditch(?:es|ed|ing)?",
      "dump(?:s|ed|ing)?",
      "walk(?:s|ed|ing)? (?:away from|out of|out)",
      "back(?:s|ed|ing)? out of",
      "bow(?:s|ed|ing)? out",
      "(?:is|are|be|was|were) (?:now )?(?:officially |formally )?out of",
      // fr / es / it / pt
      "(?:se )?retir\\p{L}*",
      "quitt\\p{L}*",
      "sal(?:ir|irse|io|dra|ga|e de|en de)",
      "renunci\\p{L}*",
      "ritir\\p{L}*",
      "uscir\\p{L}*|esce|escono|uscit\\p{L}*",
      "sair|saira|saiu",
      "deix(?:a|ar|ou|ara|am|aram)",
      "se (?:va|van|ira|iran|fue|fueron) de",
      // "Buenos Aires follows Washington out of the WHO": the follower leaves too
      `follow(?:s|ed|ing)? ${GAP}{0,40}? out of`,
      // de
      "aus(?:zu)?(?:steigen|treten)|austreten|aussteigen|ausgetreten|ausgestiegen|verlass\\p{L}*|verlie(?:ss|\\u00df)\\p{L}*|kundig\\p{L}*",
      // pl / lt / lv / et / fi
      "wycofa\\p{L}*|wycofuj\\p{L}*|wystap\\p{L}*|wystepuj\\p{L}*|wypowi\\p{L}*|opuszcz\\p{L}*|opusci\\p{L}*",
      "pasitrauk\\p{L}*|pasitrauki\\p{L}*|issitrauk\\p{L}*|denonsuo\\p{L}*|denonsav\\p{L}*",
      "izstaj\\p{L}*|izstas\\p{L}*|izstat\\p{L}*|denonse\\p{L}*",
      "lahku\\p{L}*|valju\\p{L}*|valja astu\\p{L}*|astu(?:b|vad|s|sid|da) valja|denonsee\\p{L}*",
      "eroa\\p{L}*|eroami\\p{L}*|erota|erosi|eronnut|eronneet|irtaut\\p{L}*|irtisano\\p{L}*",
      // uk / ru
      "вийт\\p{L}*|вийд\\p{L}*|вийшл\\p{L}*|вийшо\\p{L}*|вихо\\p{L}*|вихід\\p{L}*",
      "выход\\p{L}*|выйт\\p{L}*|выйд\\p{L}*|вышл\\p{L}*|вышел|покида\\p{L}*|покину\\p{L}*|денонс\\p{L}*",
      // nb / sv / da
      "trekk\\p{L}* (?:seg |sig |landet )?(?:ut )?fra|trekker seg|trakker sig|melde\\p{L}* (?:seg |sig )?ut|lamna\\p{L}*",
    ].join("|"),
  },
  {
    // Causative: "takes the US out of", "taking Poland out of": the country inside leaves.
    name: "causative-out",
    gate: "out of",
    direction: "withdraw",
    form: "verb",
    actorInside: true,
    pattern:
      "(?:tak(?:e|es|ing)|took|taken|bring(?:s|ing)?|brought|lead(?:s|ing)?|led|get(?:s|ting)?|got|move[sd]?|moving|remov(?:e|es|ed|ing)) (?:[\\p{L}\\p{N}.'-]+ ){1,4}?out of",
  },
  {
    // Headline style without the verb: "US out of Paris climate accord as of today".
    name: "headline-out-of",
    direction: "withdraw",
    form: "verb",
    pattern: "out of",
    strictObject: true,
  },
  {
    name: "denounce",
    direction: "withdraw",
    form: "verb",
    pattern: "denounc\\p{L}*|renounc\\p{L}*|denonc\\p{L}*|denunci\\p{L}*|terminat\\p{L}*",
    strictObject: true,
  },
  {
    name: "withdrawal-noun",
    direction: "withdraw",
    form: "noun",
    pattern: [
      "withdrawals?",
      "withdraw decision",
      "pull-?outs?",
      "departure",
      "disengagement",
      "denunciation",
      "sortie",
      "retrait",
      "salida",
      "saida",
      "retiro",
      "retirada",
      "uscita",
      "austritt\\p{L}*",
      "ausstieg\\p{L}*",
      "ruckzug\\p{L}*",
      "wystapieni\\p{L}*",
      "wycofani\\p{L}*",
      "pasitraukim\\p{L}*",
      "izstasanas",
      "lahkumi\\p{L}*|valjumi\\p{L}*|valjaastumi\\p{L}*",
      "ero(?=\\s+(?:\\s|\\p{L}*st[aä](?!\\p{L})))",
      "eroami\\p{L}*",
    ].join("|"),
  },
  // --- suspend
  {
    name: "suspend",
    direction: "suspend",
    form: "verb",
    pattern:
      "suspend(?:s|ed|ing)?|sospend\\p{L}*|suspendr\\p{L}*|suspender\\p{L}*|aussetz\\p{L}*|setz\\p{L}* [^.;]{0,50}? aus(?!\\p{L})|zawies\\p{L}*|sustabd\\p{L}*|aptur\\p{L}*|peata\\p{L}*|keskeyt\\p{L}*|призупин\\p{L}*|приостан\\p{L}*",
  },
  {
    name: "freeze",
    gate: "freez|froz|заморо|gel|congel|einfr|eingefr|zamroz",
    direction: "suspend",
    form: "verb",
    pattern:
      "(?:freez(?:e|es|ing)|froze|frozen)[\"” ]{1,3}(?:its |their |the country's )?(?:participation|membership|involvement|cooperation)|замороз\\p{L}* (?:свою |свое |своё )?(?:участ\\p{L}*|членств\\p{L}*)|заморожен\\p{L}* (?:участ\\p{L}*|членств\\p{L}*)|gel\\p{L}* (?:sa )?participation|congel\\p{L}* (?:su )?participacion|eingefroren|einfrier\\p{L}*|zamroz\\p{L}* (?:swoj\\p{L}* )?(?:udzial\\p{L}*|czlonkostw\\p{L}*)",
  },
  {
    name: "suspension-noun",
    direction: "suspend",
    form: "noun",
    pattern: "suspension|zawieszeni\\p{L}*",
  },
  // --- sign (accession protocols signed by others name the candidates as the signing side)
  {
    name: "accession-protocol",
    gate: "protocol",
    direction: "sign",
    form: "noun",
    pattern: "accession protocols?|protocols? (?:on|of|for|to) (?:the )?accession",
  },
  // --- join
  {
    name: "became-party",
    direction: "join",
    form: "verb",
    pattern:
      "(?:becom\\p{L}*|became) (?:the |a |an )?(?:[\\p{L}\\p{N}]+ ){0,2}?(?:state |full |full-fledged )?(?:party|member) (?:to|of)|(?:is|are) (?:now )?(?:officially |formally )?(?:a )?part of",
    strictObject: true,
    stage: { stage: "effective", weight: 3.3 },
  },
  {
    // "The Rome Statute enters into force for Armenia": the treaty's effect for one country.
    name: "in-force-for",
    gate: "force|чинн|силу|tritt|vigueur|vigor",
    direction: "join",
    form: "verb",
    actorAfter: true,
    pattern:
      "(?:enter\\p{L}*|came|comes|come) into force (?:for|in respect of)|набу\\p{L}* чинност\\p{L}* для|вступ\\p{L}* в силу для|tritt \\p{L}+ fur|entr\\p{L}* en vigueur pour|entr\\p{L}* en vigor para",
    stage: { stage: "effective", weight: 3.3 },
  },
  {
    // "Україна стала 125-ю державою-учасницею", "Suomi on nyt Naton jäsen": became / is now a party.
    name: "became-party-other",
    direction: "join",
    form: "verb",
    pattern:
      "стал\\p{L}* (?:[\\p{L}\\p{N}-]+ ){0,2}?(?:державою-)?(?:учасниц\\p{L}*|участни\\p{L}*|членом|стороною|стороной)|(?:tuli|on nyt|on virallisesti) (?:[\\p{L}\\p{N}.]+ ){0,2}?jasen(?:maa|valtio)?\\p{L}*|(?:(?:is|are) (?:now )?(?:officially )?(?:the )?(?: *'s )?(?:\\d+(?:st|nd|rd|th)|newest|latest) (?:full )?(?:member state|member|state party|party))|(?:ist|sind) (?:jetzt|nun|seit heute|ab heute|offiziell|formell)(?: offiziell| formell)? [ -]*(?:\\p{L}+-)?mitglied\\p{L}*|(?:est|sont) (?:desormais|maintenant|officiellement)(?: officiellement)? (?:le |la )?(?:\\d+e )?membres?|(?:es|son) (?:ya|oficialmente|desde hoy)(?: oficialmente)? (?:el )?miembros?",
    stage: { stage: "effective", weight: 3.3 },
  },
  {
    // "Sweden formally becomes NATO's 32nd member": the treaty sits before the ordinal.
    name: "nth-member",
    gate: "\\d|newest|latest",
    direction: "join",
    form: "verb",
    pattern:
      "(?:becom\\p{L}*|became|will be|to be)[\\p{L}' ]{1,30}?(?:\\d+(?:st|nd|rd|th)|newest|latest) (?:full |full-fledged )?(?:member|member state|state party|party)" +
      // "to become ICC state party": the (blanked) treaty name sits before "party".
      "|(?:becom\\p{L}*|became) (?:an? |the )?(?:\\d+(?:st|nd|rd|th) )? {2,}(?:full |full-fledged )?(?:state party|member state|member|party)(?!\\p{L})",
    stage: { stage: "effective", weight: 3.3 },
  },
  {
    // "decides to apply for NATO membership": applying is the announced first step of joining.
    name: "apply-membership",
    gate: "appl",
    direction: "join",
    form: "verb",
    pattern: `appl(?:y|ies|ied|ying) (?:formally )?(?:for ${GAP}{0,30}?membership|to join)`,
    stage: { stage: "announced", weight: 2.5 },
  },
  {
    // "signed an instrument accepting the Paris Agreement" (acceptance is a form of joining).
    name: "accept",
    gate: "accept",
    direction: "join",
    form: "verb",
    pattern: "accept(?:s|ed|ing)?(?! [^.;]{0,30}?jurisdiction)",
    strictObject: true,
  },
  {
    // "Sweden's NATO instrument lodged in Washington": the instrument of ratification or accession.
    name: "instrument-noun",
    direction: "join",
    form: "noun",
    pattern: "(?<!(?:withdrawal|denunciation|exit) )instruments?(?! of (?:withdrawal|denunciation))",
  },
  {
    // Causative: "brings the US back into", "returning the United States to the Paris agreement".
    name: "causative-back-in",
    gate: "back|return|reinstat",
    direction: "join",
    form: "verb",
    actorInside: true,
    strictObject: true,
    pattern:
      "(?:bring(?:s|ing)?|brought|tak(?:e|es|ing)|took|taken|lead(?:s|ing)?|led|get(?:s|ting)?|got|put(?:s|ting)?) (?:[\\p{L}\\p{N}.'-]+ ){1,4}?back (?:in|into|to)|(?:return(?:s|ed|ing)?|reinstat(?:e|es|ed|ing)) (?:[\\p{L}\\p{N}.'-]+ ){1,4}?(?:back )?(?:in|into|to)",
  },
  {
    name: "rejoin",
    direction: "join",
    form: "verb",
    pattern: "rejoin\\p{L}*|re-?enter\\p{L}*|reinstat\\p{L}*|return\\p{L}* to",
  },
  {
    // "will sign on to the Paris deal": colloquial for joining, not signature.
    name: "sign-on-to",
    gate: "sign",
    direction: "join",
    form: "verb",
    pattern: "sign(?:s|ed|ing)? (?:on|up) to",
    strictObject: true,
  },
  {
    name: "join",
    direction: "join",
    form: "verb",
    pattern: "join(?:s|ed|ing)?",
    strictObject: true,
  },
  {
    name: "ratify",
    direction: "join",
    form: "verb",
    pattern:
      "ratif(?:y|ies|ied|ying)|acced(?:e|es|ed|ing)|ratyfik\\p{L}*|ratifikuo\\p{L}*|ratifice\\p{L}*|ratifitsee\\p{L}*|ratifioi\\p{L}*|ратифі\\p{L}*|ратифи\\p{L}*|ratifiz\\p{L}*|ratifi(?:e|er|ent|a|o|can|cara)\\b|ratifica(?:n|ron|do|r)?(?!\\p{L})|ratifico(?!\\p{L})|adher\\p{L}*|beitr(?:eten|itt)\\p{L}*|beizutreten|przystap\\p{L}*|prisijung\\p{L}*|pievieno\\p{L}*|liitu\\p{L}*|liitty\\p{L}*|приєдна\\p{L}*|присоедин\\p{L}*",
  },
  {
    name: "ratification-noun",
    direction: "join",
    form: "noun",
    pattern:
      "ratification|accession|jasenyy\\p{L}*|ratyfikacj\\p{L}*|ратификаци\\p{L}*|ратифікаці\\p{L}*|adhesion|beitritt",
  },
  {
    name: "sign",
    direction: "sign",
    form: "verb",
    pattern:
      "sign(?:s|ed|ing)?|podpis\\p{L}*|unterzeichn\\p{L}*|signe|signent|signa|firm(?:o|a|an|aron)|подпис\\p{L}*|підпис\\p{L}*",
    strictObject: true,
  },
];

const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\\p{L}*\\.?";
const DATE = `(?:\\d{1,2} ${MONTH}|${MONTH} \\d{1,2})`;

/** Stage evidence from the words around a trigger; the heaviest cue wins. */
export interface StageCue {
  name: string;
  stage: Stage;
  weight: number;
  pattern: string;
  /** Only counts when a legislature is named in the clause (or is the actor). */
  needsParliament?: boolean;
}

const RECIPIENT =
  "(?:united nations|(?<!\\p{L})un(?!\\p{L})(?! (?:climate|talks|conference|summit|general assembly|security council|human rights|meeting|session|delegates|experts))|u\\.n\\.|general secretariat|secretariat[- ]general|secretaria general|secretaria-geral|secretary[- ]general|director[- ]general|depositar(?:y|ies)|guterres|azoulay|оон|генсек\\p{L}*|генеральн\\p{L}* секретар\\p{L}*|jt generalin|the organi[sz]ation|(?<!\\p{L})(?:uro|yk|onz|ano|onu|uno|jt)(?!\\p{L})|peasekretar\\p{L}*|paasihteer\\p{L}*|sekretarz\\p{L}* generaln\\p{L}*|generalsekretar\\p{L}*|generalsekretar\\p{L}*|secretaire general|secretario general|vereinte\\p{L}* nationen|jungtin\\p{L}* taut\\p{L}*|apvienot\\p{L}* nacij\\p{L}*|ruhvaste organisatsioon\\p{L}*)";

export const PARLIAMENT_WORDS =
  "(?:parliament\\p{L}*|parlament\\p{L}*|parlement|lawmakers|legislators?|legislature|mps|deputies|senators|senate|lower house|upper house|house of representatives|congress|national assembly|duma|sejm|seimas|saeima|riigikogu|eduskunta|rada|federation council|knesset|storting|riksdag|bundestag|senat|poslowie|posel|poslow|парламент\\p{L}*|рад\\p{L}*|дум\\p{L}*|сейм\\p{L}*)";

export const STAGE_CUES: readonly StageCue[] = [
  {
    name: "first-reading",
    stage: "announced",
    weight: 3.6,
    pattern:
      "first reading|first of (?:three|two) readings|preliminary approval|initial approval|in principle",
  },
  {
    name: "bill-submitted",
    stage: "announced",
    weight: 3.6,
    pattern: `propos\\p{L}* (?:that )?(?:the )?(?:\\p{L}+ ){0,2}${PARLIAMENT_WORDS}|(?:submit\\p{L}*|sent|send\\p{L}*|introduc\\p{L}*|tabl\\p{L}*) ${ANY}{0,50}?(?:to (?:the )?${PARLIAMENT_WORDS}|a bill|draft)|draft (?:law|legislation|bill)|(?:government|cabinet|ministers) (?:has |have )?(?:approved|adopted|backed|endorsed) (?:a |the )?(?:draft|bill|proposal)`,
  },
  {
    name: "as-of-today",
    stage: "effective",
    weight: 3.6,
    pattern:
      "as (?:of|from) today|from today|today marks|with the expir\\p{L}*|has elapsed|elapsed|(?:notice|waiting) period (?:has )?(?:ended|expired|ran out)",
  },
  {
    name: "notify-depositary",
    stage: "deposited",
    weight: 3.2,
    pattern: `(?:notif\\p{L}*|inform\\p{L}*|teavit\\p{L}*|andis\\p{L}*|ilmoitt\\p{L}*|powiadom\\p{L}*|poinformowa\\p{L}*|pranes\\p{L}*|inform[eoa]\\p{L}*|pazino\\p{L}*|уведоми\\p{L}*|повідоми\\p{L}*|направи\\p{L}*|передал\\p{L}*|передав\\p{L}*|ubergab\\p{L}*|benachrichtig\\p{L}*|told|tells|tell|wrote to|letter to|submit\\p{L}*|sends?|entreg\\p{L}*|remet\\p{L}*|formaliz\\p{L}*|hand\\p{L}*|deposit\\p{L}*|lodg\\p{L}*|deliver\\p{L}*|sent|transmit\\p{L}*|formally received|received|iesnie\\p{L}*|deponav\\p{L}*|pateik\\p{L}*|przekaza\\p{L}*|zloz\\p{L}*)${ANY}{0,70}?${RECIPIENT}`,
  },
  {
    name: "instrument-deposited",
    stage: "deposited",
    weight: 3.2,
    pattern: `(?:deposit\\p{L}*|lodg\\p{L}*|submit\\p{L}*|hand\\p{L}*|transmit\\p{L}*|deliver\\p{L}*) ${ANY}{0,40}?(?:instrument|notice|notification|documents)|withdrawal notices?|formal (?:\\p{L}+ )?(?:notification|notice)s?|written (?:\\p{L}+ )?(?:notification|notice)s?|instruments? (?:\\p{L}+ ){0,2}?(?:deposited|lodged|handed over|submitted)|(?:beim |bei der )?depositar\\p{L}*|hinterleg\\p{L}*|уведомлени\\p{L}* о выходе|повідомлення про вихід|carta de denuncia|(?:zloz\\p{L}*|przekaza\\p{L}*) (?:\\p{L}+ ){0,1}notyfikac\\p{L}*|notyfikac\\p{L}* (?:o|w sprawie) wypowiedz\\p{L}*|notificaci\\p{L}* (?:formal )?del retiro|(?:notice|instrument|notification)s? of (?:withdrawal|denunciation)|(?:instrument|documents) of (?:ratification|accession|acceptance|approval)`,
  },
  {
    name: "depositary-received",
    stage: "deposited",
    weight: 3.2,
    pattern: `${RECIPIENT} (?:has |had )?(?:formally |officially )?(?:receiv\\p{L}*|accept\\p{L}*|register\\p{L}*)`,
  },
  {
    name: "future-dated",
    stage: "deposited",
    weight: 2.6,
    pattern: `(?:will|shall|is to|are to|set to|scheduled to) ${ANY}{0,90}?(?:on|from|as of|by|effective) ${DATE}|(?:taking|take|takes) effect (?:on|from|as of) ${DATE}|as of ${DATE}${ANY}{0,40}? will`,
  },
  {
    name: "took-effect",
    stage: "effective",
    weight: 3,
    pattern:
      "(?:took|take|takes|taking|(?:has|have|had) (?:\\p{L}+ly )?taken) effect|(?:withdrawal|exit|departure)[^.;:!?]{0,50}? (?:finali[sz]ed|completed?)(?!\\p{L})|(?:is|was|now|becomes?|became|made) (?:\\p{L}+ly )?(?:official|final|complete)(?!\\p{L})|(?:entered|enters|enter|came|comes|come|coming|went) into (?:legal )?force|gained legal force|legally in force|(?:became|become|becomes|becoming) (?:legally )?effective|wirksam (?:geworden|wurde)|in kraft getreten|est entree? en vigueur|(?:a pris|prend) effet|entro en vigor|wszedl\\p{L}* w zycie|wesz\\p{L}* w zycie|(?:tuli|astui|on tullut|ovat tulleet) voimaan|isigaliojo|stajas speka|joustui|jous(?:tus|tub)|вступил\\p{L}* в силу|набу\\p{L}* чинност\\p{L}*|in force for|is final|final day|last day as|(?:est|sont|devient|deviennent) (?:desormais )?effecti\\p{L}*|(?:se hizo|se hace|se vuelve|es|son) efectiv\\p{L}*|(?:tornou-se|torna-se|e|sao) efetiv\\p{L}*",
  },
  {
    name: "officially-out",
    stage: "effective",
    weight: 3,
    pattern:
      "(?:officially|formally|legally|finally) (?:left|withdrew|withdrawn|exited|quit|out|abandoned|ceased|rejoined|joined|became|become|part|no longer|not a member)|(?:officially|formally) (?:\\p{L}+ ){0,1}(?:left|withdrew|withdrawn|exited)|complet\\p{L}* (?:its |the )?(?:withdrawal|exit)|finali[sz]\\p{L}* (?:its |the )?(?:withdrawal|exit)|no longer (?:legally )?(?:bound|a party|a member|party|parties|member|members)|(?:is|are) (?:now )?(?:officially |formally )?out of|consum\\p{L}* (?:su |la |a )?(?:salida|retirada|saida)",
  },
  {
    name: "first-to-leave",
    stage: "effective",
    weight: 3,
    pattern:
      "(?:became|become|becomes|becoming|making (?:the country|it)) (?:the )?(?:first|second|third|\\d+\\p{L}*) (?:\\p{L}+ ){0,2}?(?:nation|country|state|member state)s?(?: in history)? to (?:officially )?(?:leave|quit|withdraw|exit|pull out)",
  },
  {
    name: "nth-to-ratify",
    stage: "deposited",
    weight: 2.8,
    pattern:
      "(?:became|becomes|becoming) (?:the )?(?:first|second|third|latest|\\d+\\p{L}*) (?:\\p{L}+ ){0,2}?(?:nation|country|state|member state)s? to (?:ratify|join|accede)",
  },
  {
    name: "officially-present",
    stage: "effective",
    weight: 2.5,
    pattern:
      "(?:officially|formally) (?:withdraws|withdraw|leaves|leave|exits|exit|quits|quit|pulls out|pull out|rejoins|rejoin)|(?:abandona|sale|se retira|deja|quitte|se retire|sort|deixa|sai) (?:oficialmente|officiellement)|(?:oficialmente|officiellement) (?:abandona|sale|se retira|deja|quitte|se retire|sort|deixa|sai)",
  },
  {
    name: "parliament-vote",
    stage: "approved",
    weight: 3,
    needsParliament: true,
    pattern:
      "vot\\p{L}*|approv\\p{L}*|pass\\p{L}*|adopt\\p{L}*|back\\p{L}*|support\\p{L}*|endors\\p{L}*|ratif\\p{L}*|decid\\p{L}*|revok\\p{L}*|rescind\\p{L}*|revers\\p{L}*|denounc\\p{L}*|uchwal\\p{L}*|przyj\\p{L}*|zdecydowa\\p{L}*|przeglosowa\\p{L}*|pritar\\p{L}*|prieme|priemus\\p{L}*|balsav\\p{L}*|piene\\p{L}*|lema|lemusi|atbalst\\p{L}*|popar\\p{L}*|poprze\\p{L}*|glosowa\\p{L}*|zaglosowa\\p{L}*|nobalsoj\\p{L}*|apstiprin\\p{L}*|otsusta\\p{L}*|vottis vastu|haaleta\\p{L}*|kiitis heaks|hyvaksy\\p{L}*|aanest\\p{L}*|paatti|paatt\\p{L}*|beschlo\\p{L}*|billigt\\p{L}*|stimm\\p{L}*|gestimmt|verabschiede\\p{L}*|aprob\\p{L}*|approuv\\p{L}*|stemt|zieht|принял\\p{L}*|одобрил\\p{L}*|ухвалил\\p{L}*|проголосова\\p{L}*|поддержа\\p{L}*|підтримал\\p{L}*|проголосувал\\p{L}*",
  },
  {
    name: "vote-to",
    stage: "approved",
    weight: 3,
    pattern:
      "(?:'s|s') vote to|(?:votes?|voted|voting) (?:\\p{L}+ ){0,2}?(?:to|for|in favou?r of)(?! (?:hold|postpone|delay|debate|discuss))",
  },
  {
    name: "vote-count",
    stage: "approved",
    weight: 3,
    pattern:
      "\\d+ (?:mps|deputies|lawmakers|members|votes|senators|legislators)|\\d+ (?:out of|of) \\d+ (?:deputies|mps|members)|\\d+ ?(?:-|to) ?\\d+ (?:vote|in favou?r)|votes? \\d+ ?-|\\d+ voted|final reading|third reading|voted in favou?r|votes? in favou?r",
  },
  {
    name: "law-signed",
    stage: "approved",
    weight: 3,
    pattern:
      "sign\\p{L}* (?:a |the |into )?(?:\\p{L}+ ){0,1}(?:law|bill|legislation)|(?:подписал\\p{L}*|підписа\\p{L}*) (?:\\p{L}+ ){0,1}закон\\p{L}*|podpisa\\p{L}* (?:\\p{L}+ ){0,1}ustaw\\p{L}*|unterzeichne\\p{L}* (?:das |ein )?gesetz\\p{L}*|promulg\\p{L}*|(?:firmo|firma|sanciono) (?:la )?ley|signe la loi|pasiras\\p{L}* (?:\\p{L}+ ){0,1}istatym\\p{L}*|izsludin\\p{L}*|kuulutas valja|vahvist\\p{L}* lai\\p{L}*|signed into law|law (?:on|to|that|revoking|formali\\p{L}*)|act on|proclaim\\p{L}* (?:the |a )?(?:\\p{L}+ ){0,1}(?:law|act|bill)|approv\\p{L}* the (?:law|act)|(?:council|summit|ecowas|authority)(?: of the \\p{L}+ union)? (?:\\p{L}+ ){0,2}?(?:approv|adopt)\\p{L}*|green light|final decisions?|decisions? adopted|(?:approved|adopted|endorsed|passed) by (?:the )?(?:\\p{L}+ ){0,2}?(?:council|summit|ecowas|bloc|leaders|heads of state|parliament|legislature|senate|assembly|lawmakers|mps|deputies|sejm|seimas|saeima|riigikogu|eduskunta|rada|duma)|(?:summit|council|leaders|heads of state) (?:\\p{L}+ ){0,2}?decid\\p{L}*|(?:final|formal) approval|(?:gave|gives|give) (?:its |their )?(?:final )?approval",
  },
  { name: "decree", stage: "announced", weight: 2.2, pattern: "decree|executive order|orders?|ordered" },
  {
    name: "announce",
    stage: "announced",
    weight: 2,
    pattern:
      "announc\\p{L}*|declar\\p{L}*|decid\\p{L}*|decision|recommend\\p{L}*|intend\\p{L}*|intention|intent|plan\\p{L}*|propos\\p{L}*|prepar\\p{L}*|confirm\\p{L}*|backs|backed|supports?|supported|want\\p{L}*|initiat\\p{L}*|take steps|first step|launch\\p{L}*|begun|began|begin\\p{L}*|start\\p{L}*|signal\\p{L}*|going to|set to|moves? to|immediate effect|effective immediately|immediately|joint statement",
  },
  {
    name: "future",
    stage: "announced",
    weight: 1.5,
    pattern:
      "(?<!\\p{L})(?:will|shall|would|'ll)(?!\\p{L})|(?<!\\p{L})(?:is|are) (?:\\p{L}+ing)|(?<!\\p{L})to (?:withdraw|leave|quit|exit|pull|denounce|suspend|rejoin|join|ratify)",
  },
];

/** Negation and refusal between the actor and the trigger: "will not withdraw", "rules out". */
export const NEGATION =
  "(?<!\\p{L})(?:not|never|rather than|instead of|statt|anstatt|au lieu de|en lugar de|en vez de|em vez de|zamiast|вместо|замість|no(?=\\s*$)|no plans?|no intention|rul\\p{L}* out|reject\\p{L}*|rejeit\\p{L}*|exclu\\p{L}*|refus\\p{L}*|declin\\p{L}* to|oppos\\p{L}*|against|cannot|descart\\p{L}*|wyklucz\\p{L}*|исключ\\p{L}*|виключ\\p{L}*|postpon\\p{L}*|delay\\p{L}*|block\\p{L}*|no(?= (?:se|va|ha|he|contempla|planea|tiene|piensa|quiere)(?!\\p{L}))|nicht|kein\\p{L}*|ne|pas|jamais|nunca|rechaz\\p{L}*|nieg(?:a|an|o|arse)|se nego|weiger\\p{L}*|odmaw\\p{L}*|odmowi\\p{L}*|nie|не|нет|відмов\\p{L}*|отказ\\p{L}*|ei|eivat|non|nao|recus\\p{L}*|ikke|inte)(?!\\p{L})|n't";

/** Speculation, hopes and conditions: "could", "considering", "hopes", "rumoured", "if". */
export const SPECULATION =
  "(?<!\\p{L})(?:could|might|should|must|ought|can|were to|was to|(?:clear|open|pav)\\p{L}* the (?:way|path|door)|consider\\p{L}*|reconsider\\p{L}*|mull\\p{L}*|weigh\\p{L}*|debat\\p{L}*|discuss\\p{L}*|possib\\p{L}*|potential\\p{L}*|hope\\p{L}*|hoping|rumou?r\\p{L}*|whether|if|unless|once|threaten\\p{L}*|speculat\\p{L}*|either|expected to|likely|poised|eyes|eyeing|may(?! \\d)|erwag\\p{L}*|konnte|prufe\\p{L}*|envisag\\p{L}*|pourrait|devrait|doit|podria|deberia|debe|rozwaz\\p{L}*|moze|mogl\\p{L}*|potrebbe|deve|harkit\\p{L}*|selvit\\p{L}*|pitaisi\\p{L}*|voisi|svarst\\p{L}*|kaalu\\p{L}*|рассматрива\\p{L}*|обсужда\\p{L}*|может|може|розгляда\\p{L}*|would)(?!\\p{L})";

/** Someone else acting on the country: urging, asking, calling, pressing. */
export const THIRD_PARTY =
  "(?<!\\p{L})(?:urg\\p{L}*|call\\p{L}* (?:on|upon|for)|called for|appeal\\p{L}*|press\\p{L}* (?:\\p{L}+ ){0,2}?(?:to|for)|ask\\p{L}*|demand\\p{L}*|push\\p{L}* for|lobby\\p{L}*|pressur\\p{L}*|encourag\\p{L}*|criticis\\p{L}*|criticiz\\p{L}*|condemn\\p{L}*|protest\\p{L}*|slam\\p{L}*|praise\\p{L}*|welcom\\p{L}*|apeluj\\p{L}*|zaapelowa\\p{L}*|wezwa\\p{L}*|wzywa\\p{L}*|ragin\\p{L}*|aicin\\p{L}*|kehott\\p{L}*|fordert|fordern|appelle\\p{L}*|exhort\\p{L}*|insta|instan|instaron|pide|piden|призыва\\p{L}*|призвал\\p{L}*|закликa\\p{L}*|заклика\\p{L}*)(?!\\p{L})";

/** Reported speech makes "would" an announcement: "said he would withdraw". */
export const REPORTED_WOULD =
  "(?:said|says|announced|declared|stated|told|confirmed|promised|pledged|notice|notified|notifying|informed|letter)[^.;:!?]{0,90}? would";

/** Time markers that put a step in the past of the story: background, not news. */
export const BACKGROUND_TIME =
  "(?<!\\p{L})(?:(?:was|were) (?:one of|among)|last year|last month|years ago|in the past|previously|formerly|once again|back in|first term|earlier this (?:year|month)|in (?:january|february|march|april|may|june|july|august|september|october|november|december) (?:of )?last year)(?!\\p{L})";

/** Anniversaries and commemorations are not steps. */
export const ANNIVERSARY =
  "anniversar\\p{L}*|years since|commemorat\\p{L}*|jubilee|rocznic\\p{L}*|годовщин\\p{L}*|jahrestag";

/** A nominal trigger ("Russia's withdrawal") is an event only with a predicate like these. */
export const NOMINAL_EVENTIVE =
  "(?<!\\p{L})(?:(?:now|is|becomes?|became|made) official|revoked|reversed|rescinded|cancell?ed|annulled|scrapped|taken effect|take effect|hyvaksy\\p{L}*|hinterlegt|effecti\\p{L}*|efectiv\\p{L}*|efetiv\\p{L}*|consum\\p{L}*|entreg\\p{L}*|formaliz\\p{L}*|oficializ\\p{L}*|lodged|lodge|announc\\p{L}*|declar\\p{L}*|confirm\\p{L}*|decid\\p{L}*|order\\p{L}*|approv\\p{L}*|adopt\\p{L}*|vot\\p{L}*|pass\\p{L}*|support\\p{L}*|backs|backing|backed|endors\\p{L}*|green light|notif\\p{L}*|inform\\p{L}*|submit\\p{L}*|deposit\\p{L}*|handed|lodg\\p{L}*|complet\\p{L}*|finali[sz]\\p{L}*|formali[sz]\\p{L}*|took effect|takes effect|taking effect|into force|legal force|is final|condemn\\p{L}*|criticis\\p{L}*|criticiz\\p{L}*|regret\\p{L}*|deplor\\p{L}*|unprecedented|mark|sets? (?:a )?date|begun|began|initiat\\p{L}*|launch\\p{L}*|recommend\\p{L}*|decree|sign\\p{L}*|told|tells|reported|receiv\\p{L}*|statement|effective|stimm\\p{L}*|gestimmt|abgestimmt|beschlossen|annonc\\p{L}*|anunci\\p{L}*|oglos\\p{L}*|oglas\\p{L}*|paskelb\\p{L}*|pazino\\p{L}*|teatas\\p{L}*|ilmoitti|объяв\\p{L}*|оголос\\p{L}*|kundigt|bekannt|wirksam|vigueur|vigor|efecto|voimaan|jous\\p{L}*|isigalio\\p{L}*|speka|w zycie|heaks|vastu|pritar\\p{L}*|atbalst\\p{L}*|popar\\p{L}*|uchwal\\p{L}*|przyj\\p{L}*|recommand\\p{L}*|recomend\\p{L}*|empfehl\\p{L}*|empfiehlt|rekomend\\p{L}*|рекоменд\\p{L}*|aprob\\p{L}*|approuv\\p{L}*)(?!\\p{L})";

/** Predicates that make a nominal mention commentary, not news. */
export const NOMINAL_COMMENTARY =
  "(?<![\\p{L}-])(?:protest\\p{L}*|court|upheld|uphold\\p{L}*|ruled|ruling|hurdles?|caveats?|consequences?|impact|implications?|explainer|what (?:will|does|it)|power|doesn't end|does not end)(?!\\p{L})";

/** Words that stand for an actor already named: "the country", "parliament", "107 voted". */
export const GENERIC_SUBJECT =
  "(?<!\\p{L})(?:it|its|the country|the nation|the state|these (?:\\p{L}+ )?states|the three|the government|the cabinet|the ministry|the president|the prime minister|the minister|parliament|lawmakers|mps|deputies|legislators|the decision|the law|the bill|\\d+ (?:mps|deputies|members|lawmakers)|\\d+ voted|\\d+ (?:in favou?r))(?!\\p{L})";
