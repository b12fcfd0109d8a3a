/**
 * Text moderation: a pure, synchronous classifier run on every message before it is stored
 * (DESIGN.md §6, the listening contract's "Text Moderation").
 *
 * Verdicts
 * - blocked  (not stored; `reason` is shown to the sender): contact details, links, moving the chat
 *   to another app, meeting requests, sharing where someone lives.
 * - flagged  (delivered, stored flagged, queued for review; `reason` is for the reviewer):
 *   self-harm and severe-distress wording. A flag costs a moderator a glance, not the sender their
 *   message, so flag rules lean towards recall; block rules lean towards precision, because a
 *   wrongly blocked message is a person in distress being told "no".
 * - Blocked wins over flagged; otherwise the first matching rule in table order decides.
 *
 * Approach: the message is turned into a few "views", and each rule in the tables below says which
 * views it is checked against:
 * - plain:  NFKD with combining marks removed, lower-case, invisible characters (zero-width, bidi,
 *           soft hyphen) removed, common Cyrillic/Greek look-alikes folded to Latin, curly quotes
 *           straightened, whitespace collapsed. This is "the original text" for matching purposes.
 * - words:  plain, then runs of 3+ single characters split by separators are joined
 *           ("k i l l", "s.u.i.c.i.d.e"), leetspeak is undone (0→o 1→i|l 3→e 4→a 5→s 7→t @→a $→s,
 *           and ! or | between letters) but ONLY inside tokens that contain a letter, so "1999",
 *           "chapter 11" and "$25" are never turned into words; apostrophes dropped, other
 *           punctuation becomes a space, and letters repeated 3+ times are squeezed. Because
 *           1 can be i or l and "kiiill"/"killl" squeeze differently, this view has up to four
 *           variants.
 * - email:  plain with spaced-out single characters joined on whitespace only (so the dots in
 *           "g m a i l . c o m" survive), "[at]"/"(dot)" forms decoded, and bare " at " / " dot "
 *           decoded only when followed by a known top-level domain ("look at that dot" is left
 *           alone).
 * - digits: plain with number words ("five") turned into digits and o/l/i read as 0/1 inside a
 *           token that is otherwise digits ("555-l23-45o7"). Phone numbers are digit runs allowing up to 3 separator characters
 *           (space . - – ( ) /) between digits; a run needs 7+ digits and is then excused if it is
 *           clearly something else: a year or year range ("2015-2019"), a date ("12/05/2023"), a
 *           time range ("9.30 - 10.30"), a round amount ("1.000.000") or money ("$1 250 000").
 *           So a year or a small number can never be read as a phone number.
 * Rule patterns allow optional spaces between words (`\s*`), so they match both "kill myself" in
 * the plain view and "killmyself" produced by joining spaced-out letters, while `\b` at both ends
 * stops "skill myself" from matching.
 *
 * Regex safety: every pattern is linear in practice: repeated groups always consume a character
 * from a class disjoint from their separator, long runs are anchored with look-behinds so a failed
 * attempt is not retried from every position inside the run, and whitespace is collapsed first.
 *
 * Deliberate decisions on debatable cases (all covered by moderation.test.ts):
 * - "I'm dying to see the new movie": approved. "dying to" is an idiom; only wanting/wishing to die
 *   ("want to die", "wanna die", "wish I was dead") is flagged. "I don't want to die" is not
 *   flagged, but "I don't want to live/exist/wake up" is.
 * - "I feel like giving up on this puzzle": approved. "Give up on" is flagged only with
 *   everything / life / living / myself / it all.
 * - "I can't go on the trip": approved. "Can't go on" is flagged only when it ends the clause or
 *   is followed by "like this", "anymore", "any longer", "living", "without", "with this/life".
 * - "my address book is a mess": approved ("address book" is excluded). Any other "my address"
 *   is blocked, even "my address changed when I moved": the sender can rephrase, a leaked address
 *   cannot be taken back. "My phone number" is blocked only as "my (phone) number is/:", so "my
 *   phone number changed" passes; "your phone number" is always blocked.
 * - "I said hi @ the party": approved. "@" followed by a space is not a handle unless what follows
 *   looks like one ("@ jane_doe", "@ sam99"); "@jane" is a handle and is blocked, except for a
 *   few everyday words ("@home", "@work", "@school").
 * - Platform names alone are approved ("my family WhatsApp group", "I saw it on Instagram",
 *   "there's discord at home", "no signal on the train"): they are blocked only when used to move
 *   the conversation ("add me on", "dm me on", "my snap is", "what's your insta", "do you have
 *   whatsapp", "are you on telegram", "let's move to discord", "whatsapp me", "snapchat: jane99").
 * - "kms" is flagged except straight after a number ("I ran 10 kms").
 * - "Suicide Squad" (the film) is approved; every other "suicide"/"suicidal" is flagged.
 * - "nice to meet you" and "meet you where you are" are approved; "meet me" (except "meet me
 *   halfway"), "let's meet", "can we meet", "I'd love to meet you", "meet in person" are blocked.
 * - Seven or more number words in a row ("one two three four five six seven") read as a phone
 *   number and are blocked, as is any run of 7+ digits that is not excused above (ID numbers,
 *   card numbers: blocking those is wanted anyway).
 */

export type ModerationVerdict =
  | { status: 'approved' }
  | { status: 'blocked'; code: 'CONTACT_DETAILS' | 'MEETING_REQUEST'; reason: string }
  | {
      status: 'flagged';
      category: 'self_harm' | 'severe_distress';
      /** The rule that matched (its label), so a reviewer can see why. */
      rule: string;
      reason: string;
    };

type BlockCode = Extract<ModerationVerdict, { status: 'blocked' }>['code'];
type FlagCategory = Extract<ModerationVerdict, { status: 'flagged' }>['category'];
type ViewName = 'plain' | 'words' | 'email' | 'digits';
type Views = Record<ViewName, readonly string[]>;

interface Rule {
  /** What the rule catches; shown to reviewers for flags. */
  label: string;
  pattern: RegExp;
  /** Views to check; defaults to plain + words. */
  views?: readonly ViewName[];
  /** A second look at a match, for what a regex cannot say (is this digit run a phone number?). */
  accept?: (match: RegExpMatchArray, text: string) => boolean;
}
interface BlockRule extends Rule {
  code: BlockCode;
  reason: string;
}
interface FlagRule extends Rule {
  category: FlagCategory;
}

// ---------------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------------

const CONTACT_REASON =
  "For your safety, sharing contact details isn't allowed here. Please keep the conversation on Kindred.";
const OFF_PLATFORM_REASON =
  "For your safety, links and moving the chat to other apps aren't allowed here. Please keep the conversation on Kindred.";
const MEETING_REASON =
  "For your safety, arranging to meet or sharing where you live isn't allowed here. Please keep the conversation on Kindred.";

const FLAG_REASON: Record<FlagCategory, string> = {
  self_harm: 'Possible self-harm or suicide wording',
  severe_distress: 'Possible severe distress wording',
};

// ---------------------------------------------------------------------------------------------
// Vocabulary shared by the tables
// ---------------------------------------------------------------------------------------------

/** Builds a Unicode regex from a raw template; `${}` splices in the vocabulary strings below. */
function re(strings: TemplateStringsArray, ...parts: string[]): RegExp {
  return new RegExp(String.raw({ raw: strings.raw }, ...parts), 'u');
}

/** Messaging and social apps named clearly enough that "do you have X", "you got X" mean the app. */
const APPS = String.raw`(?:whats\s*app|whatsap|telegram|snap\s*chat|snap|insta\s*gram|insta|kik|face\s*book|fb|messenger|we\s*chat|viber|skype|tik\s*tok|twitter|face\s*time)`;
/** APPS plus names that are also everyday words ("discord", "signal") or too short ("ig"). */
const PLATFORMS = String.raw`(?:${APPS}|discord|signal|ig|reddit|threads)`;
/** Apps whose name is used as a verb: "whatsapp me", "snap me" (but not "snap me out of it"). */
const APP_VERBS = String.raw`(?:whats\s*app|telegram|snap\s*chat|snap|insta\s*gram|insta|kik|face\s*book|fb|face\s*time|skype|viber|we\s*chat)`;
/** Places a link can point at. Common words ("me", "us", "it") are left out on purpose. */
const LINK_TLDS = 'com|net|org|edu|gov|io|gg|ly|app|dev|xyz|info|biz|tv|uk|ru';
/** Top-level domains that make "name at gmail dot com" read as an address. */
const MAIL_TLDS = 'com|net|org|edu|gov|io|co|uk|us|ca|au|de|fr|me|info|biz';
const YOU = String.raw`(?:you|u|ya)`;
const ASK = String.raw`(?:what'?s|what\s*is|whats|give\s*me|send\s*me|tell\s*me|drop|share|can\s*i\s*(?:have|get)|could\s*i\s*(?:have|get)|may\s*i\s*have)`;
const NOT = String.raw`(?:don'?t|dont|do\s*not|never)`;

// ---------------------------------------------------------------------------------------------
// Block rules: contact details, links, other apps
// ---------------------------------------------------------------------------------------------

const CONTACT_RULES: readonly Rule[] = [
  {
    label: 'phone number',
    views: ['digits'],
    pattern: /(?<!\d)\+?\d(?:[\s.()/\u2010-\u2015\u2212-]{0,3}\d)*/u,
    accept: isPhoneNumber,
  },
  {
    label: 'email address',
    views: ['email'],
    pattern:
      /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![a-z0-9-])/u,
  },
  {
    label: 'webmail address without a domain ending',
    views: ['email'],
    pattern:
      /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|protonmail|proton|aol|gmx|yandex|live|msn)\b/u,
  },
  {
    label: 'sharing a phone number or email',
    pattern: re`\b(?:my|your|ur)\s*(?:(?:phone|cell|mobile)\s*)?(?:number|num|digits)\s*(?:is\b|:|=)|\b(?:your|ur)\s*(?:phone|cell|mobile)\s*(?:number|no|num|#)|\b(?:my|your|ur)\s*(?:e\s*-?\s*mail|gmail|hotmail|outlook|yahoo)(?:\s*address)?\s*(?:is\b|:|=)|\be\s*-?\s*mail\s*me\s*(?:at|on|@)`,
  },
  {
    label: 'asking for contact details',
    pattern: re`\b${ASK}\s*(?:your|ur|yr)\s*(?:(?:phone|cell|mobile)\s*)?(?:number|num|digits|e\s*-?\s*mail|socials?|contact\s*details|contact\s*info)\b`,
  },
];

const OFF_PLATFORM_RULES: readonly Rule[] = [
  {
    label: 'link',
    views: ['plain'],
    pattern: re`\bhttps?:\/\/|\bwww\s?\.\s?[a-z0-9]|\b(?:t|wa)\.me\b|(?<![a-z0-9.@-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:${LINK_TLDS})(?![a-z0-9-])`,
  },
  {
    label: 'link with a bracketed dot',
    views: ['plain'],
    pattern: re`(?<![a-z0-9-])[a-z0-9-]{2,}\s?[\[({]\s?dot\s?[\])}]\s?(?:${MAIL_TLDS}|${LINK_TLDS})\b`,
  },
  {
    label: '@handle',
    views: ['plain'],
    pattern:
      /(?<![\p{L}\p{N}_@.])@(?!(?:home|work|school|night|noon|lunch|dinner|breakfast|least|last|once|all|the|my|your|times)\b)[a-z_][a-z0-9_.]{1,29}|(?<![\p{L}\p{N}_@.])@\s(?=[a-z_]+[_\d])[a-z_][a-z0-9_.]{2,29}/u,
  },
  {
    label: '"add me on" / "dm me on"',
    pattern: re`\b(?:add|dm|pm)\s*(?:me|us)\s*(?:on|at|via|through|over|@)(?!\s*(?:here|kindred|this\s*(?:app|site|chat))\b)|\b(?:hmu|hit\s*me\s*up)\s*(?:on|at|via)\b(?!\s*(?:here|kindred)\b)`,
  },
  {
    label: '"message me on <app>"',
    pattern: re`\b(?:message|msg|text|txt|call|ring|phone|find|follow|contact|reach|talk\s*to|chat\s*(?:to|with)|speak\s*to|friend|add)\s*(?:me|us)\s*(?:on|at|via|through|over|in)\s*${PLATFORMS}\b`,
  },
  {
    label: '"my <app> is"',
    pattern: re`\b(?:my|your|ur|yr)\s*(?:${APPS}|discord|ig)\s*(?:is\b|handle|username|user\s*name|name\b|id\b|tag\b|@|:|=)`,
  },
  {
    label: 'asking for an app handle',
    pattern: re`\b${ASK}\s*(?:your|ur|yr)\s*${PLATFORMS}\b`,
  },
  {
    label: '"do you have <app>"',
    pattern: re`\b(?:do|d)\s*${YOU}\s*(?:have|got|use)\s*(?:an?\s*)?${APPS}\b|\b(?:do|d)\s*${YOU}\s*use\s*(?:signal|ig)\b|\b(?:are|r)\s*${YOU}\s*on\s*${PLATFORMS}\b|\b(?:you|u)\s*(?:got|have)\s*${APPS}\b|\b(?:have|got)\s*(?:you|u)\s*(?:got\s*)?${APPS}\b`,
  },
  {
    label: '"let\'s talk on <app>"',
    pattern: re`\b(?:let'?s|lets|let\s*us|we\s*(?:can|could|should)|can\s*we|could\s*we|shall\s*we|wanna|want\s*to)\s*(?:talk|chat|move|switch|continue|go|text|speak|call|message|dm|video\s*(?:call|chat))\s*(?:this\s*|it\s*)?(?:on|to|over|via|in|onto)\s*${PLATFORMS}\b|\b(?:can|could|shall|should)\s*we\s*(?:facetime|skype|video\s*call)\b`,
  },
  {
    label: '"whatsapp me"',
    pattern: re`\b${APP_VERBS}\s*me\b(?!\s*out)`,
  },
  {
    label: '"snapchat: handle"',
    views: ['plain'],
    pattern: re`\b${PLATFORMS}\s*(?:handle|username|user\s*name|id|name|tag)?\s*[:=]\s*@?[a-z0-9_.]{3,}`,
  },
];

// ---------------------------------------------------------------------------------------------
// Block rules: meeting requests and where someone lives
// ---------------------------------------------------------------------------------------------

const MEETING_RULES: readonly Rule[] = [
  { label: '"meet me"', pattern: /\bmeet\s*me\b(?!\s*half\s*way)/u },
  {
    label: '"let\'s meet"',
    pattern:
      /\b(?:let'?s|lets|let\s*us|can\s*we|could\s*we|should\s*we|shall\s*we|we\s*(?:should|could|can|must|gotta|need\s*to|have\s*to))\s*meet\b(?!\s*(?:(?:you|u)\s*where|half\s*way))/u,
  },
  {
    label: '"I\'d like to meet you"',
    pattern: re`\b(?:want|wanna|like|love|going|gonna|could|can|will|i'?ll|i'?d|hope|plan|planning)\s*(?:to\s*)?meet\s*${YOU}\b(?!\s*(?:here|on\s*(?:here|kindred)|where\s*${YOU}\s*are|again\b))`,
  },
  {
    label: '"meet in person"',
    pattern:
      /\bmeet\s*(?:up\s*)?(?:irl|in\s*person|in\s*real\s*life|in\s*rl|face\s*to\s*face|offline)\b|\b(?:wanna|want\s*to)\s*meet\s*up\b(?!\s*with\s*(?!me\b|us\b))|\bmeet\s*up\s*(?:with\s*me|sometime|soon|someday|later|tonight|tomorrow|this\s*week(?:end)?)\b/u,
  },
  {
    label: 'address',
    pattern: re`\b(?:my|your|ur|yr)\s*(?:(?:home|house|street|postal)\s*)?(?:address|addy|postcode|post\s*code|zip\s*code)\b(?!\s*book)`,
  },
  {
    label: 'asking for a location',
    pattern: re`\b${ASK}\s*(?:your|ur|yr)\s*(?:location|city|town|postcode|zip|school)\b|\b(?:send|share|drop)\s*(?:me\s*)?(?:your|ur|my)\s*(?:live\s*)?(?:location|pin|coordinates)\b`,
  },
  {
    label: '"come to my place"',
    pattern:
      /\bcome\s*to\s*my\b(?!\s*(?:senses|mind|attention|rescue|aid|defen[cs]e|notice|knowledge|head|thoughts|memory)\b)|\bcome\s*over\s*(?:to\s*)?(?:my|mine)\b|\b(?:you|u)\s*(?:can|could|should|wanna|want\s*to)\s*come\s*over\b/u,
  },
  {
    label: '"where do you live"',
    pattern: re`\bwhere\s*(?:do|d)\s*${YOU}\s*(?:live|stay)\b|\bwhere\s*(?:are|r)\s*${YOU}\s*(?:located|based|staying|living)\b|\bwhat\s*(?:city|town|suburb|street|neighbou?rhood|school|county)\s*(?:are|r|do|d)\s*${YOU}\b`,
  },
  {
    label: '"where u live?"',
    views: ['plain'],
    pattern: re`\bwhere\s*${YOU}\s*(?:live|stay|at)\s*\?`,
  },
  {
    label: 'street address',
    views: ['plain'],
    pattern:
      /\bi\s*live\s*at\s*(?:number\s*|no\.?\s*)?\d|\b\d{1,5}\s*[a-z]{0,2}\s+(?:[a-z]+\s+){1,2}(?:street|road|rd|avenue|ave|lane|boulevard|blvd|crescent|terrace)\b/u,
  },
];

const BLOCK_RULES: readonly BlockRule[] = [
  ...CONTACT_RULES.map((rule) => ({
    ...rule,
    code: 'CONTACT_DETAILS' as const,
    reason: CONTACT_REASON,
  })),
  ...OFF_PLATFORM_RULES.map((rule) => ({
    ...rule,
    code: 'CONTACT_DETAILS' as const,
    reason: OFF_PLATFORM_REASON,
  })),
  ...MEETING_RULES.map((rule) => ({
    ...rule,
    code: 'MEETING_REQUEST' as const,
    reason: MEETING_REASON,
  })),
];

// ---------------------------------------------------------------------------------------------
// Flag rules
// ---------------------------------------------------------------------------------------------

const SELF_HARM_RULES: readonly Rule[] = [
  { label: 'kill myself', pattern: /\bkill(?:ing|ed)?\s*my\s*self\b/u },
  { label: 'kms', pattern: /(?<!\d\s?)\bkms\b/u },
  { label: 'end it all', pattern: /\bend(?:ing)?\s*it\s*all\b/u },
  {
    label: 'end my life',
    pattern: /\b(?:end(?:ing)?|tak(?:e|ing))\s*my\s*(?:own\s*)?life\b/u,
  },
  { label: 'suicide', pattern: /\bsui?cid(?:e|al|ality)\b(?!\s*squad)/u },
  {
    label: 'suicide euphemism',
    pattern:
      /\bsewer\s*slide\b|\bcommit\s*sudoku\b|\bunaliv(?:e|ed|ing)\b|\bself\s*(?:delete|unalive)\b/u,
  },
  {
    label: 'want to die',
    pattern: re`(?<!\b${NOT}\s*)\b(?:want|wanna|wish|ready)\s*(?:to|2|i\s*could)?\s*die\b|\bwish\s*i\s*(?:was|were)\s*dead\b|\bbetter\s*off\s*(?:dead|without\s*me)\b`,
  },
  {
    label: "don't want to live",
    pattern: re`\b${NOT}\s*(?:want|wanna)\s*(?:to\s*)?(?:live\b(?!\s*(?:with|in|near|at|there|here|abroad|alone|together|on|by|next|like\s*that|anywhere|somewhere))|be\s*alive|exist|wake\s*up\b(?!\s*(?:early|at|before|for)))`,
  },
  { label: 'not worth living', pattern: /\b(?:not|isn'?t|isnt|aint|ain'?t)\s*worth\s*living\b/u },
  {
    label: 'sleep and never wake up',
    pattern:
      /\b(?:(?:go|went|going)\s*to\s*sleep|(?:fall|fell|falling)\s*asleep)\s*and\s*(?:never|not)\s*wake\s*up\b(?!\s*(?:before|until|till|early|on\s*time|in\s*time))/u,
  },
  {
    label: 'hurt myself',
    pattern: /\b(?:hurt|hurting|harm|harming)\s*my\s*self\b|\bself\s*-?\s*harm(?:ing|ed)?\b/u,
  },
  {
    label: 'cut myself',
    pattern:
      /\bcut(?:ting)?\s*my\s*(?:self|wrists?|arms?|thighs?)\b|\bslit(?:ting)?\s*my\s*wrists?\b/u,
  },
  { label: 'overdose', pattern: /\bover\s*dos(?:e|ed|es|ing)\b/u },
  {
    label: 'hang myself / jump off',
    pattern:
      /\bhang(?:ing)?\s*my\s*self\b|\bjump(?:ing)?\s*(?:off|from)\s*(?:a|the)\s*(?:bridge|building|roof|cliff)\b|\bthrow(?:ing)?\s*my\s*self\s*(?:off|in\s*front)\b/u,
  },
];

const DISTRESS_RULES: readonly Rule[] = [
  {
    label: "can't go on",
    pattern:
      /\b(?:can'?t|cannot|can\s*not|can\s*no\s*longer)\s*go\s*on\b(?=\s*(?:$|[^\p{L}\p{N}\s]|like\s*this|any\s*more|any\s*longer|living|without|with\s*(?:life|living|this)))/u,
  },
  {
    label: 'no reason to live',
    pattern:
      /\bno\s*reason\s*to\s*(?:live|go\s*on|keep\s*going|stay|be\s*alive|exist)\b|\bnothing\s*(?:left\s*)?to\s*live\s*for\b/u,
  },
  {
    label: 'give up on everything',
    pattern:
      /\b(?:give|giving|gave|given)\s*up\s*on\s*(?:everything|life|living|myself|my\s*self|it\s*all)\b/u,
  },
  {
    label: "can't take it anymore",
    pattern:
      /\b(?:can'?t|cannot|can\s*not)\s*(?:take|handle|do)\s*(?:it|this|life)\s*any\s*(?:more|longer)\b/u,
  },
  { label: 'no way out', pattern: /\bno\s*way\s*out\b/u },
  {
    label: 'no point in living',
    pattern:
      /\b(?:no|what'?s\s*the|whats\s*the|(?:don'?t|dont|do\s*not|can'?t|cant|cannot)\s*see\s*(?:the|any))\s*point\s*(?:in\s*|of\s*)?(?:living|life|going\s*on|being\s*alive)\b/u,
  },
  {
    label: 'disappear forever',
    pattern:
      /\b(?:want|wanna|wish\s*i\s*could|would\s*like)\s*(?:to\s*)?(?:just\s*)?(?:disappear|vanish)\s*(?:forever|for\s*good|for\s*ever|permanently)\b/u,
  },
  {
    label: "don't want to be here anymore",
    pattern: re`\b${NOT}\s*(?:want|wanna)\s*(?:to\s*)?be\s*here\s*any\s*(?:more|longer)\b`,
  },
  {
    label: 'wish I was never born',
    pattern: /\bwish\s*i\s*(?:was|were|had)\s*(?:never|not)\s*(?:been\s*)?born\b/u,
  },
];

/**
 * Indirect wording (docs/SAFETY.md): farewells and goodbye notes, being a burden or not being
 * missed, a method, a means at hand, a plan. Each pattern needs a word that ties it to the
 * person's own death or absence, so "goodbye, see you next week", "I have a plan for the
 * weekend" and "I bought a rope for the tent" stay unflagged.
 */
const GONE = String.raw`(?:gone|dead|not\s*(?:here|around)|no\s*longer\s*(?:here|around))`;
const PILLS = String.raw`(?:pills|tablets|meds|medication|paracetamol|painkillers|sleeping\s*pills)`;
const INDIRECT_RULES: readonly Rule[] = [
  {
    label: 'farewell',
    pattern: re`\bthis\s*is\s*(?:my\s*)?(?:final\s*|last\s*)?goodbye\b|\bgoodbye\s*(?:forever|for\s*good|every\s*one|world)\b|\bfinal\s*goodbye\b|\bsaid\s*my\s*goodbyes\b|\bsay\s*goodbye\s*(?:to\s*(?:some\s*one|any\s*one)|before\s*i\s*go)\b|\bthank\s*(?:you|u)\s*for\s*everything\W*\s*(?:good\s*)?bye\b|\bknow\s*i\s*loved\s*them\W*\s*goodbye\b`,
  },
  {
    label: 'goodbye note',
    pattern: re`\b(?:goodbye|farewell|suicide|last)\s*(?:note|letter)s?\b|\bleft\s*a\s*note\s*(?:for|to)\s*(?:my|them|her|him)\b[^.!?]{0,30}\bexplain|\bby\s*the\s*time\s*(?:you|u)\s*read\s*this\b|\bletters?\s*(?:to|for)\s*[^.!?]{0,40}\bwhen\s*i\s*(?:am|m|'m)\s*${GONE}`,
  },
  {
    label: 'not being around',
    pattern: re`\b(?:won'?t|wont|will\s*not|not\s*going\s*to)\s*be\s*(?:around|here)\s*(?:much\s*longer|any\s*more|any\s*longer|after\s*tonight|tomorrow\b(?!\s*\W*\s*i'?m\s*at|\s*\W*\s*i\s*am\s*at))|\b(?:when|after|once)\s*i\s*(?:am|m|'m)\s*${GONE}\b(?!\s*(?:on|for)\s*(?:holiday|vacation|a\s*(?:week|while|trip)))|\bif\s*(?:you|u)\s*(?:don'?t|dont|do\s*not)\s*hear\s*from\s*me\s*(?:after|again)|\bthe\s*last\s*time\s*we\s*(?:talk|speak)\b|\bthis\s*is\s*my\s*last\s*message\b(?!\s*(?:before|for\s*(?:today|tonight)))`,
  },
  {
    label: 'giving things away',
    pattern: re`\b(?:giving|gave|given)\s*away\s*(?:all\s*)?my\s*(?:things|stuff|belongings|possessions)\b|\b(?:written|wrote)\s*my\s*will\s*and\s*(?:sorted|put)\b`,
  },
  {
    label: 'being a burden',
    pattern: re`\b(?:i'?m|im|i\s*am|i\s*feel\s*(?:like)?)\s*(?:just\s*|such\s*|nothing\s*but\s*|only\s*)?(?:a|such\s*a)?\s*burden\b(?!\s*of\b)|\bburden\s*(?:to|on)\s*(?:every\s*one|my\s*family|them|my\s*(?:kids|parents|friends))\b(?<!(?:workload|rent|proof)\s*(?:is\s*)?(?:a\s*)?burden\s*\S*\s*\S*)|\b(?:they|every\s*one|every\s*body|my\s*(?:family|kids|parents|friends|partner))\s*(?:all\s*)?deserves?\s*(?:so\s*much\s*|much\s*)?better\s*than\s*me\b|\bi\s*(?:ruin|wreck|spoil)\s*everything\s*for\s*(?:every\s*one|every\s*body|them)\b`,
  },
  {
    label: 'not being missed',
    pattern: re`\b(?:no\s*one|nobody|noone|no\s*body)\s*(?:would|will|'?d|'?ll)\s*(?:even\s*)?(?:miss\s*me|care|notice)\b(?=\s*(?:$|[^\p{L}\s]|if\s*i\s*(?:was|were|wasn'?t|weren'?t|wasnt|died|disappeared|vanished|left|went|stopped|ended|killed|just|'?m|am|took)\b|when\s*i(?:'?m|\s*am)?\s*(?:was|were|gone|dead|disappeared|died)))|\b(?:no\s*one|nobody|noone)\s*(?:would|will)\s*(?:even\s*)?(?:miss\s*me|notice\s*(?:if|when)\s*i'?m?\s*(?:am\s*)?(?:was|were|gone|disappeared))|\bi\s*(?:won'?t|wont|will\s*not)\s*be\s*missed\b|\b(?:the\s*world|every\s*one|they|my\s*(?:family|kids|parents|friends))\s*(?:would|will|'?d)\s*be\s*(?:better|happier)\s*(?:off\s*)?(?:without\s*me|if\s*i\s*(?:was|were)\s*gone|if\s*i\s*disappeared)`,
  },
  {
    label: 'method',
    pattern: re`\bhow\s*many\s*${PILLS}\s*(?:would|does|do|will)\s*it\s*take\b(?!\s*for)|\bhow\s*many\s*${PILLS}\s*(?:to|would\s*it\s*take\s*to)\s*die\b|\b(?:easiest|quickest|fastest|best|painless|least\s*painful|most\s*painless)\s*(?:way|ways|method|methods)?\s*to\s*(?:die|go|end\s*it)\b|\bpainless\s*(?:way|ways)\s*(?:to\s*)?(?:die|go)\b|\b(?:stepping|step|jump|jumping|walk|walking|throw\s*my\s*self)\s*in\s*front\s*of\s*a\s*(?:train|bus|car|truck|lorry)\b|\bhow\s*to\s*(?:hang\s*(?:your|my)\s*self|tie\s*a\s*noose)\b|\btie\s*a\s*noose\b|\bnoose\b|\bdriv(?:e|ing)\s*(?:my\s*car\s*)?into\s*a\s*(?:tree|wall)\b|\bgun\s*to\s*my\s*head\b|\bbleed\s*out\b|\bwalk\s*into\s*the\s*sea\s*and\s*not\b|\btook\s*all\s*my\s*pills\b|\btake\s*all\s*(?:of\s*)?my\s*${PILLS}\b`,
  },
  {
    label: 'means at hand',
    pattern: re`\b(?:i\s*(?:have|'?ve\s*got|got)|there\s*is|there'?s)\s*(?:a|the|my|a\s*bottle\s*of|enough)?\s*(?:${PILLS}|rope|gun|knife|blade|razor|razors)\s*(?:here|ready|with\s*me|in\s*front\s*of\s*me|next\s*to\s*me|in\s*my\s*hand|in\s*the\s*house\s*and\s*i\s*keep|to\s*do\s*it)\b|\b(?:${PILLS}|rope|gun|knife|blade)\s*(?:is|are)\s*(?:right\s*)?(?:here|next\s*to\s*me|in\s*front\s*of\s*me|in\s*my\s*hand|ready|loaded|in\s*my\s*(?:wardrobe|drawer|room|bag))\b|\b(?:stockpil|saving\s*up|saved\s*up|hoard)\w*\s*(?:my\s*|enough\s*)?${PILLS}\b|\bbought\s*(?:a\s*)?(?:rope|razor\s*blades|a\s*gun)\b(?!\s*for)|\bgun\s*is\s*in\s*the\s*drawer\b|\bbottle\s*of\s*${PILLS}\s*in\s*front\s*of\s*me\b`,
  },
  {
    label: 'plan',
    pattern: re`\bi\s*(?:have|'?ve|ve)\s*(?:got\s*|made\s*)?a\s*plan\b(?=\s*(?:$|[^\p{L}\s]|to\s*(?:end|kill|die|do\s*it|go)))|\bi\s*(?:'?ve|have)\s*(?:decided|worked\s*out|chosen|picked|set)\s*(?:how|when|where|a\s*date|the\s*date)\b(?!\s*(?:for|to\s*(?:cook|get|travel)))|\bi\s*know\s*(?:how|exactly\s*(?:how|when))\s*(?:i\s*(?:will|'?ll)\s*do\s*it|and\s*(?:when|where))\b|\bi\s*know\s*how\s*i\s*(?:will|'?ll)\s*do\s*it\b|\btonight\s*is\s*the\s*night\b(?!\s*of)|\btonight\s*is\s*the\s*night\s*i\s*end\b|\bi'?m\s*going\s*to\s*do\s*it\s*tonight\b(?!\s*\W*\s*the)|\bplanned\s*it\s*all\s*out\b(?!\s*\W*\s*the\s*party)|\bgot\s*it\s*all\s*planned\s*out\b`,
  },
];

const FLAG_RULES: readonly FlagRule[] = [
  ...SELF_HARM_RULES.map((rule) => ({ ...rule, category: 'self_harm' as const })),
  ...INDIRECT_RULES.map((rule) => ({ ...rule, category: 'self_harm' as const })),
  ...DISTRESS_RULES.map((rule) => ({ ...rule, category: 'severe_distress' as const })),
];

// ---------------------------------------------------------------------------------------------
// The classifier
// ---------------------------------------------------------------------------------------------

export function moderateMessage(content: string): ModerationVerdict {
  const views = buildViews(content);
  const blocked = BLOCK_RULES.find((rule) => matches(rule, views));
  if (blocked) return { status: 'blocked', code: blocked.code, reason: blocked.reason };
  const flagged = FLAG_RULES.find((rule) => matches(rule, views));
  if (flagged) {
    const reason = `${FLAG_REASON[flagged.category]} ("${flagged.label}").`;
    return { status: 'flagged', category: flagged.category, rule: flagged.label, reason };
  }
  return { status: 'approved' };
}

/**
 * Each rule's pattern made once in the two forms the classifier runs: without `g` for `test`
 * (does it match at all), with `g` to walk every match with `exec` for a rule with a check of its
 * own. (`matchAll` copies its pattern on every call: it tripled the classifier's time.)
 */
const COMPILED = new Map<RegExp, { test: RegExp; each: RegExp }>();

function compiled(pattern: RegExp): { test: RegExp; each: RegExp } {
  let forms = COMPILED.get(pattern);
  if (!forms) {
    const flags = pattern.flags.replace(/[gy]/g, '');
    forms = {
      test: new RegExp(pattern.source, flags),
      each: new RegExp(pattern.source, `${flags}g`),
    };
    COMPILED.set(pattern, forms);
  }
  return forms;
}

function matches(rule: Rule, views: Views): boolean {
  const { accept } = rule;
  const { test, each } = compiled(rule.pattern);
  for (const name of rule.views ?? DEFAULT_VIEWS) {
    for (const text of views[name]) {
      if (!accept) {
        if (test.test(text)) return true;
        continue;
      }
      each.lastIndex = 0;
      for (let match = each.exec(text); match; match = each.exec(text)) {
        if (accept(match, text)) return true;
        if (match[0] === '') each.lastIndex++;
      }
    }
  }
  return false;
}

const DEFAULT_VIEWS: readonly ViewName[] = ['plain', 'words'];

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/** Invisible format characters and fillers; invisible combining marks go with the other marks. */
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/gu;

/** Cyrillic and Greek letters that look like Latin ones. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ӏ: 'l',
  ɡ: 'g',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  niner: '9',
};

/** 3+ single letters/digits separated by 1-3 separator characters: "k i l l", "s.u.i.c.i.d.e". */
const SPACED_OUT =
  /(?<![\p{L}\p{N}@$])[\p{L}\p{N}@$](?:[\s.,\-_*~+|/\\:;=·•'"`]{1,3}[\p{L}\p{N}@$](?![\p{L}\p{N}@$])){2,}/gu;
/** The same, but only whitespace separates, so "." and "@" survive as characters. */
const SPACED_OUT_ON_WHITESPACE = /(?<!\S)\S(?:\s\S(?!\S)){2,}/gu;

/** Characters read as "i" in one view of the words and as "l" in the other. */
const ONE_READINGS = /[1!|]/;
/** A letter three or more times in a row ("sooo"), and every such run. */
const LETTER_RUN = /(\p{L})\1{2,}/u;
const LETTER_RUNS = /(\p{L})\1{2,}/gu;

function buildViews(content: string): Views {
  const plain = content
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(LOOKALIKE, (c) => LOOKALIKES[c] ?? c)
    .replace(/[\u2018\u2019\u201B\u2032\u02BC`´]/gu, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/gu, '"')
    .replace(/\s+/gu, ' ')
    .trim();

  const words = new Set<string>();
  // "1", "!" and "|" are the only characters read as either letter: without them one reading
  // is enough; without a letter three times in a row, no run to shorten.
  for (const one of ONE_READINGS.test(plain) ? ['i', 'l'] : ['i']) {
    const text = wordsView(plain, one);
    if (!LETTER_RUN.test(text)) words.add(text);
    else {
      words.add(text.replace(LETTER_RUNS, '$1'));
      words.add(text.replace(LETTER_RUNS, '$1$1'));
    }
  }
  return {
    plain: [plain],
    words: [...words],
    email: [emailView(plain)],
    digits: [digitsView(plain)],
  };
}

function wordsView(plain: string, one: string): string {
  return plain
    .replace(/(?<=\p{L})[!|](?=\p{L})/gu, one)
    .replace(SPACED_OUT, (run) => run.replace(/[^\p{L}\p{N}@$]/gu, ''))
    .replace(/[\p{L}\p{N}@$]+/gu, (token) =>
      /\p{L}/u.test(token)
        ? token.replace(/[013457@$]/g, (c) => (c === '1' ? one : (LEET[c] ?? c)))
        : token,
    )
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function emailView(plain: string): string {
  return plain
    .replace(SPACED_OUT_ON_WHITESPACE, (run) => run.replace(/\s/g, ''))
    .replace(/\s?[[({<]\s?(?:at|@)\s?[\])}>]\s?/gu, '@')
    .replace(/\s?[[({<]\s?(?:dot|\.)\s?[\])}>]\s?/gu, '.')
    .replace(/\sat\s(?=(?:gmail|googlemail|hotmail|outlook|icloud|protonmail|yandex)\b)/gu, '@')
    .replace(
      new RegExp(String.raw`\sat\s(?=[a-z0-9-]+(?:\.|\sdot\s)(?:${MAIL_TLDS})\b)`, 'gu'),
      '@',
    )
    .replace(new RegExp(String.raw`\sdot\s(?=(?:${MAIL_TLDS})\b)`, 'gu'), '.')
    .replace(/\s?@\s?/gu, '@');
}

function digitsView(plain: string): string {
  return plain
    .replace(/(?![0-9])\p{Nd}/gu, '0')
    .replace(
      /(?<!\p{L})(?:zero|one|two|three|four|five|six|seven|eight|niner|nine)(?!\p{L})/gu,
      (w) => NUMBER_WORDS[w] ?? w,
    )
    .replace(/(?<![\p{L}\p{N}])[0-9oil|]+(?![\p{L}\p{N}])/gu, (token) =>
      // "l23", "45o7": letters standing in for digits, in a token that is otherwise digits.
      (token.match(/\d/g)?.length ?? 0) >= 2
        ? token.replace(/o/g, '0').replace(/[il|]/g, '1')
        : token,
    );
}

// ---------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------

const YEAR = /^(?:19|20)\d{2}$/;
const DATE = /^(?:\d{1,2}([./-])\d{1,2}\1(?:19|20)?\d{2}|(?:19|20)\d{2}([./-])\d{1,2}\2\d{1,2})$/;
const TIME_RANGE = /^\d{1,2}\.\d{2}\s?[-\u2010-\u2015\u2212]\s?\d{1,2}\.\d{2}$/u;
const ROUND_AMOUNT = /^\d{1,3}(?:([ .])\d{3})(?:\1\d{3})*$/;

/** Is this run of digits (with separators) a phone number rather than a year, date or amount? */
function isPhoneNumber(match: RegExpMatchArray, text: string): boolean {
  const run = match[0];
  const groups = run.split(/\D+/).filter(Boolean);
  if (groups.join('').length < 7) return false;
  const before = text.slice(Math.max(0, (match.index ?? 0) - 2), match.index);
  if (/[$€£¥₹]\s?$/u.test(before)) return false;
  if (groups.every((group) => YEAR.test(group))) return false;
  if (DATE.test(run) || TIME_RANGE.test(run)) return false;
  if (ROUND_AMOUNT.test(run) && run.endsWith('000')) return false;
  return true;
}
