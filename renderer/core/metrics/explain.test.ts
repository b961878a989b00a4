import { describe, expect, it } from 'vitest';
import { SAID_BY } from '../model/types.ts';
import { alphaNote, attributionNote, cohenNote, documentAttributeNotes, fleissNote, spanNote } from './explain.ts';
import { agreementReport, type AgreementLayerInput } from './report.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons, Reuters reported.';
const at = (q: string) => [{ start: TEXT.indexOf(q), end: TEXT.indexOf(q) + q.length }];
const claim = { id: 'c', label: 'Claim', ranges: at('Russia sells only defensive weapons') };
const speaker = { id: 's', label: 'Speaker', ranges: at('Lavrov') };

function report(layers: Record<string, AgreementLayerInput>) {
  return agreementReport({ documents: [{ id: 'd', text: TEXT, layers }] }).corpus;
}

describe('what each figure rests on, and why it is 0 or undefined', () => {
  it('names the units of n: pairs of layers, tokens, values, spans', () => {
    const c = report({ alice: { annotations: [claim, speaker] }, bob: { annotations: [claim] } });
    const all = c.labels['*']!;
    expect(cohenNote(all, 2)).toEqual({ n: '1 pair of layers · 11 tokens' });
    expect(fleissNote(all, 2).n).toBe('11 tokens labelled by every layer');
    expect(alphaNote(all, 2).n).toBe('22 values (a token’s value from each layer)');
    expect(spanNote(all.spanF1.exact, 'exact', '*', 2)).toEqual({ n: '1 pair of layers · alice: 2 spans, bob: 1 span' });
    expect(spanNote(c.labels['Speaker']!.spanF1.exact, 'exact', 'Speaker', 2)).toEqual({
      n: '1 pair of layers · alice: 1 Speaker span, bob: 0 Speaker spans',
      why: 'bob has no Speaker span.',
    });
  });

  it('explains an attribution F1 of 0 from the links each layer recorded', () => {
    const c = report({
      alice: { annotations: [claim, speaker], relations: [{ from: 'c', to: 's', type: SAID_BY }] },
      bob: { annotations: [claim, speaker] },
    });
    expect(c.attribution.exact.f1).toBe(0);
    expect(attributionNote(c.attribution.exact, c.attributionClaims, 2)).toEqual({
      n: '1 pair of layers · alice: 1 claim, bob: 1 claim',
      why: 'No claim of bob has a speaker link (alice links 1 of 1 claim to a speaker).',
    });
  });

  it('says when a figure is undefined because there are fewer than two layers or nothing in common', () => {
    const one = report({ alice: { annotations: [claim] } });
    expect(cohenNote(one.labels['*']!, 1).why).toBe('Agreement needs at least two layers.');
    const apart = agreementReport({
      documents: [
        { id: 'd1', text: TEXT, layers: { alice: { annotations: [claim] } } },
        { id: 'd2', text: TEXT, layers: { bob: { annotations: [claim] } } },
      ],
    }).corpus;
    expect(Number.isNaN(apart.labels['*']!.meanCohen)).toBe(true);
    expect(cohenNote(apart.labels['*']!, 2).why).toMatch(/annotated no document in common/);
    expect(fleissNote(apart.labels['*']!, 2).why).toMatch(/No document was annotated by every layer/);
  });

  it('names documents as the unit of document attributes', () => {
    const r = agreementReport({
      documents: [1, 2, 3].map((i) => ({
        id: `d${i}`,
        text: TEXT,
        layers: { alice: { annotations: [] }, bob: { annotations: [] } },
        documentAttributes: { alice: { relevance: i === 3 ? 'no' : 'yes' }, bob: { relevance: 'yes' } },
      })),
    });
    const notes = documentAttributeNotes(r.corpus.documentAttributes['relevance']!, 2);
    expect(notes.alpha.n).toBe('6 values in 3 documents');
    expect(notes.fleiss.n).toBe('3 documents labelled by every layer');
    expect(notes.cohen.n).toBe('1 pair of layers · 3 documents both labelled');
  });
});
