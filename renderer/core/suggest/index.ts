/** The attribution engine's public face: suggestions for a text, with wink-nlp as the analyser. */
import { winkAnalyzer } from './analyze.ts';
import { suggestAttributions } from './engine.ts';
import type { Gazetteer } from './gazetteer.ts';
import type { Suggestions } from './types.ts';

export { DEFAULT_GAZETTEER, gazetteerWith, type Gazetteer, type GazetteerOutlet } from './gazetteer.ts';
export { isRejected, REJECTED_PREFIX, ruleNote, ruleOfNote, suggestDataset, suggestionRecords, suggestionSignature } from './records.ts';
export type { Suggestions, SuggestedSpan, SuggestedLink } from './types.ts';

/** The suggestions for one document's text. */
export function suggest(text: string, gazetteer?: Gazetteer): Suggestions {
  return suggestAttributions(text, { analyzer: winkAnalyzer, ...(gazetteer && { gazetteer }) });
}
