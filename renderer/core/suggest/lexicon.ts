/**
 * The words the rules look for. Lower case; each list is small and meant to be read.
 */

/** The words of `lines`, each a run of words separated by spaces. */
const words = (...lines: string[]) => new Set(lines.flatMap((line) => line.split(' ')));

/** Verbs that introduce reported speech or belief (every inflection spelled out). */
export const SPEECH_VERBS = words(
  'say says said saying',
  'tell tells told telling',
  'add adds added adding',
  'announce announces announced announcing',
  'insist insists insisted insisting',
  'argue argues argued arguing',
  'claim claims claimed claiming',
  'state states stated',
  'deny denies denied denying',
  'warn warns warned warning',
  'admit admits admitted admitting',
  'explain explains explained explaining',
  'note notes noted noting',
  'suggest suggests suggested',
  'believe believes believed',
  'find finds found',
  'show shows showed shown',
  'allege alleges alleged alleging',
  'confirm confirms confirmed',
  'acknowledge acknowledges acknowledged',
  'maintain maintains maintained',
  'contend contends contended',
  'predict predicts predicted',
  'reveal reveals revealed',
  'conclude concludes concluded',
  'testify testifies testified',
  'write writes wrote',
  'tweet tweets tweeted',
  'complain complains complained',
  'stress stresses stressed',
  'assert asserts asserted',
);

/** Speech verbs that are also common nouns or adjectives: they count only when tagged as verbs. */
export const AMBIGUOUS_VERBS = words('claims claim state states note notes shows show finds found warning stress add');

/** Speech verbs that take a reported clause without "that" ("she said andersen had …"); the others need "that". */
export const BARE_CLAUSE_VERBS = words(
  'say says said saying add adds added adding claim claims claimed claiming',
  'insist insists insisted insisting argue argues argued arguing believe believes believed',
  'warn warns warned admit admits admitted deny denies denied announce announces announced',
  'suggest suggests suggested predict predicts predicted allege alleges alleged alleging',
  'confirm confirms confirmed acknowledge acknowledges acknowledged maintain maintains maintained',
  'contend contends contended stress stresses stressed assert asserts asserted explain explained',
);

/** Particles inside personal names ("Renaud Donnedieu de Vabres", "Ludwig van Beethoven"). */
export const NAME_PARTICLES = words('de da di del della van von der den al el bin ibn le la du dos das');

/** Verbs whose object is the audience ("told the minister"), not the speaker. */
export const TELL_VERBS = words('tell tells told telling');

/** Verbs whose subject is a source (an outlet), not a speaker. */
export const REPORT_VERBS = words('report reports reported reporting');

/** Nouns that take a claim as "X's claims that …". */
export const CLAIM_NOUNS = words(
  'claim claims allegation allegations assertion assertions insistence warning warnings accusation',
  'accusations belief',
);

/** Words that may stand between a subject and its speech verb ("has also said"). */
export const SUBJECT_VERB_FILLERS = words(
  'has have had is was were are will would did does do may might could can',
  'also previously later then further again already often repeatedly publicly reportedly recently once',
  'eventually even still not never',
);

/** Personal pronouns that can be speakers. */
export const SPEAKER_PRONOUNS = words('he she they it we i');

/** Courtesy titles, not part of a person's name. */
export const HONORIFICS = words('mr mrs ms miss dr sir dame lord lady prof professor mr. mrs. ms. dr.');

/** Role nouns: a phrase ending in one ("the foreign minister") refers back to a named person or body. */
export const ROLE_NOUNS = words(
  'minister president spokesman spokeswoman spokesperson official officials chairman chairwoman chief',
  'director secretary senator leader firm company group agency government ministry correspondent',
  'analyst economist lawyer coach captain manager executive governor mayor prosecutor judge general',
  'commander ambassador envoy premier chancellor carmaker bank',
);

/** Words that open a clause rather than a name, so never start a speaker phrase. */
export const CLAUSE_WORDS = words('but and or however while although though because so yet when if as that which who where');
