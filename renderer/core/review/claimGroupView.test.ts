import { describe, expect, it } from 'vitest';
import { groupAppearances, speakersAndOutlets, wordingPieces } from './claimGroupView.ts';
import type { ClaimRow } from './claims.ts';
import type { AnnotationId, DocumentId } from '../model/types.ts';

const row = (id: string, documentId: string, claim: string, speakers: string[], sources: string[]): ClaimRow => ({
  id,
  documentId,
  layer: 'alice',
  start: 0,
  claim,
  speakers,
  sources,
  cues: [],
  attributes: '',
  state: 'open',
  comments: 0,
  unresolved: false,
});
const m = (annotationId: string, documentId: string) => ({
  annotationId: annotationId as AnnotationId,
  documentId: documentId as DocumentId,
});

describe('how a claim group travelled', () => {
  const claims = new Map([
    ['a', row('a', 'd1', 'Russia is sending attack helicopters to Syria', ['Hillary Clinton'], [])],
    ['b', row('b', 'd2', 'Moscow sends helicopters to Syria', ['Clinton'], ['Reuters'])],
    ['c', row('c', 'd3', 'Russia is sending helicopters', ['hillary clinton'], ['Iranian state television', 'Reuters'])],
  ]);
  const documents = new Map([
    ['d1', { title: 'GlobalPost', metadata: { published: '14/06/2012', siteName: 'GlobalPost' } }],
    ['d2', { title: 'Wire', metadata: { date: '2012-06-13T08:00:00Z' } }],
    ['d3', { title: 'Undated', metadata: { source: 'BBC' } }],
  ]);

  it('orders the appearances by their documents’ dates, undated last, and counts claims that are gone', () => {
    const { appearances, missing } = groupAppearances(
      { members: [m('c', 'd3'), m('a', 'd1'), m('gone', 'd1'), m('b', 'd2')] },
      claims,
      documents,
    );
    expect(appearances.map((x) => [x.date, x.title, x.outlet])).toEqual([
      ['2012-06-13', 'Wire', null],
      ['2012-06-14', 'GlobalPost', 'GlobalPost'],
      [null, 'Undated', 'BBC'],
    ]);
    expect(missing).toBe(1);
  });

  it('counts speakers and outlets across the appearances, most frequent first', () => {
    const { appearances } = groupAppearances({ members: [m('a', 'd1'), m('b', 'd2'), m('c', 'd3')] }, claims, documents);
    const { speakers, outlets } = speakersAndOutlets(appearances);
    expect(speakers).toEqual([
      { name: 'Hillary Clinton', count: 2 },
      { name: 'Clinton', count: 1 },
    ]);
    expect(outlets).toEqual([
      { name: 'Reuters', count: 2 },
      { name: 'BBC', count: 1 },
      { name: 'GlobalPost', count: 1 },
      { name: 'Iranian state television', count: 1 },
    ]);
  });

  it('marks the words a wording adds to and lacks from the canonical one', () => {
    const pieces = wordingPieces('Russia is sending attack helicopters to Syria', 'Russia is not sending helicopters to Syria');
    expect(pieces.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['not']);
    expect(pieces.filter((p) => p.kind === 'missing').map((p) => p.text.trim())).toEqual(['attack']);
    expect(
      pieces
        .filter((p) => p.kind !== 'missing')
        .map((p) => p.text)
        .join(''),
    ).toBe('Russia is not sending helicopters to Syria');
    expect(wordingPieces('Same words', 'same words').every((p) => p.kind === 'same')).toBe(true);
  });
});
