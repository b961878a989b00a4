import { describe, expect, it } from 'vitest';
import type { DocumentId, ProjectId } from '../model/types.ts';
import { suggest } from './index.ts';
import { ruleOfNote, suggestionRecords } from './records.ts';
import { compileGazetteer, DEFAULT_GAZETTEER, outletIn } from './gazetteer.ts';
import { winkAnalyzer } from './analyze.ts';

const doc = {
  id: 'doc-1' as DocumentId,
  projectId: 'p' as ProjectId,
  text: '"We are not violating any law," Lavrov said, according to Reuters.',
};

describe('suggestionRecords', () => {
  it('writes the suggestions layer with quotes, the rule in the note, links and entities', () => {
    const r = suggestionRecords(doc, suggest(doc.text), { now: '2026-12-05T00:00:00.000Z' });
    expect(r.annotations.every((a) => a.layer === 'suggestions' && a.origin === 'rule')).toBe(true);
    for (const a of r.annotations) expect(doc.text.slice(a.ranges[0]!.start, a.ranges[0]!.end)).toBe(a.quote);
    const claim = r.annotations.find((a) => a.label === 'Claim')!;
    expect(ruleOfNote(claim.note)).toBe('claim-quote-before-cue');
    const byId = new Map(r.annotations.map((a) => [a.id, a]));
    expect(r.relations.map((l) => `${byId.get(l.from)!.quote} ${l.type} ${byId.get(l.to)!.quote}`).sort()).toEqual([
      'We are not violating any law cue according to',
      'We are not violating any law cue said',
      'We are not violating any law reported by Reuters',
      'We are not violating any law said by Lavrov',
    ]);
    const speaker = r.annotations.find((a) => a.label === 'Speaker')!;
    expect(r.entities.find((e) => e.id === speaker.attributes.entity)?.name).toBe('Lavrov');
  });

  it('reuses a known entity by name instead of creating another', () => {
    const entities = new Map();
    suggestionRecords(doc, suggest(doc.text), { now: '2026-12-05T00:00:00.000Z', entities });
    const again = suggestionRecords({ ...doc, id: 'doc-2' as DocumentId }, suggest(doc.text), {
      now: '2026-12-05T00:00:00.000Z',
      entities,
    });
    expect(again.entities).toEqual([]);
  });
});

describe('gazetteer', () => {
  it('matches outlets by any of their names, whole words, and one-letter-short aliases only where safe', () => {
    const index = compileGazetteer(DEFAULT_GAZETTEER);
    const at = (text: string) => {
      const { tokens } = winkAnalyzer(text);
      return outletIn(index, tokens, 0, tokens.length - 1);
    };
    expect(at('Agence France Presse')).toBe('Agence France-Presse');
    expect(at('the New York Times')).toBe('The New York Times');
    expect(at('the state-run RIA Novosti news agency')).toBe('RIA Novosti');
    expect(at('a local baker')).toBeNull();
  });
});
