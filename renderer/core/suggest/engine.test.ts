import { describe, expect, it } from 'vitest';
import { DEFAULT_GAZETTEER, gazetteerWith } from './index.ts';
import { rows, texts } from './testing.ts';

const ruleOf = (text: string, label: string, quote: string) => rows(text).spans.find((r) => r.label === label && r.text === quote)?.rule;

describe('claim rules', () => {
  it('claim-quote-before-cue / speaker-before-cue / cue-verb: "…," Clinton said', () => {
    const t = '“We have confronted the Russians about arms shipments to Syria,” Clinton said.';
    expect(ruleOf(t, 'Claim', 'We have confronted the Russians about arms shipments to Syria')).toBe('claim-quote-before-cue');
    expect(ruleOf(t, 'Speaker', 'Clinton')).toBe('speaker-before-cue');
    expect(ruleOf(t, 'Cue', 'said')).toBe('cue-verb');
    expect(rows(t).links).toContain('We have confronted the Russians about arms shipments to Syria -said by-> Clinton');
  });

  it('claim-quote-after-cue: Clinton said: "…"', () => {
    const t = 'Clinton said: "We have confronted the Russians about the shipments."';
    expect(ruleOf(t, 'Claim', 'We have confronted the Russians about the shipments.')).toBe('claim-quote-after-cue');
  });

  it('claim-quote-continued: a later quote in the paragraph keeps the speaker', () => {
    const t = '“We have confronted the Russians about it,” Clinton said. “They have said that we should not worry.”';
    const r = rows(t);
    expect(r.spans.find((x) => x.rule === 'claim-quote-continued')?.text).toBe('They have said that we should not worry.');
    expect(r.links).toContain('They have said that we should not worry. -said by-> Clinton');
  });

  it('ignores a cue inside a direct quote (it is the quoted person speaking)', () => {
    const t = '“They have said that we should not worry about anything,” Clinton said.';
    expect(texts(t, 'Speaker')).toEqual(['Clinton']);
  });

  it('claim-that-clause: X said that …, up to a trailing attribution', () => {
    const t = 'The minister said on Wednesday that the shipments did not violate UN rules, Reuters reported.';
    expect(ruleOf(t, 'Claim', 'the shipments did not violate UN rules')).toBe('claim-that-clause');
  });

  it('claim-said-clause: X said CLAUSE without "that"', () => {
    const t = 'She said Andersen had given a green light to the procedures.';
    expect(ruleOf(t, 'Claim', 'Andersen had given a green light to the procedures')).toBe('claim-said-clause');
  });

  it('does not take a time or manner phrase for a reported clause', () => {
    expect(texts('Mr de Vabres said as he presented the award.', 'Claim')).toEqual([]);
  });

  it('claim-after-colon: said: …', () => {
    const t = 'Later he said: the index remained at a relatively high level.';
    expect(ruleOf(t, 'Claim', 'the index remained at a relatively high level')).toBe('claim-after-colon');
  });

  it('claim-before-cue: … , Reuters reported (a source, no speaker)', () => {
    const t = 'Lavrov defended his country on Wednesday, Reuters reported.';
    expect(ruleOf(t, 'Claim', 'Lavrov defended his country on Wednesday')).toBe('claim-before-cue');
    expect(ruleOf(t, 'Source', 'Reuters')).toBe('source-reported');
  });

  it('claim-that-clause after a claim noun, with the possessor as speaker (speaker-possessor)', () => {
    const t = "Russia rejected Hillary Clinton's claims that Moscow is arming the regime.";
    expect(ruleOf(t, 'Claim', 'Moscow is arming the regime')).toBe('claim-that-clause');
    expect(ruleOf(t, 'Speaker', 'Hillary Clinton')).toBe('speaker-possessor');
    expect(ruleOf(t, 'Cue', 'claims')).toBe('cue-claim-noun');
  });

  it('claim-headline-colon: "Name: claim" on a line of its own', () => {
    const t = 'More from GlobalPost: Hillary Clinton: Russia is sending attack helicopters to Syria\n\nNext paragraph.';
    expect(ruleOf(t, 'Claim', 'Russia is sending attack helicopters to Syria')).toBe('claim-headline-colon');
    expect(ruleOf(t, 'Speaker', 'Hillary Clinton')).toBe('speaker-headline-colon');
  });

  it('claim-after-according-to: According to X, claim', () => {
    const t = 'According to studio estimates, the sequel took $44.7m over the holiday.';
    expect(ruleOf(t, 'Claim', 'the sequel took $44.7m over the holiday')).toBe('claim-after-according-to');
    expect(ruleOf(t, 'Source', 'studio estimates')).toBe('source-according-to');
  });
});

describe('speaker rules', () => {
  it('speaker-after-cue: "…," said Pentagon spokesman Captain John Kirby', () => {
    const t = '"The focus really needs to be elsewhere," said Pentagon spokesman Captain John Kirby.';
    expect(ruleOf(t, 'Speaker', 'Pentagon spokesman Captain John Kirby')).toBe('speaker-after-cue');
    expect(rows(t).spans.find((x) => x.label === 'Speaker')?.entity).toBe('John Kirby');
  });

  it('does not invert when the phrase after the verb has a verb of its own (speaker-shared-subject)', () => {
    const t = 'Russia defends arms sales to Syria, says US is arming rebels\n\nBody.';
    expect(ruleOf(t, 'Speaker', 'Russia')).toBe('speaker-shared-subject');
    expect(texts(t, 'Claim')).toEqual(['US is arming rebels']);
  });

  it('speaker-before-aside: the name before an aside set off by commas', () => {
    const t = '"The settlement is very significant for all of us," William Lerach, the lawyer leading the suit, said.';
    expect(ruleOf(t, 'Speaker', 'William Lerach')).toBe('speaker-before-aside');
  });

  it('speaker-relative: 34% who said …', () => {
    const t = 'Compared to 34% who said it was improving.';
    expect(ruleOf(t, 'Speaker', '34%')).toBe('speaker-relative');
  });

  it('speaker-before-place: the correspondent in Rome says …', () => {
    const t = 'Our correspondent in Rome says the changeover to the euro is the main reason.';
    expect(ruleOf(t, 'Speaker', 'Our correspondent')).toBe('speaker-before-place');
  });

  it('speaker-shared-subject for a participle: …, adding that …', () => {
    const t = 'The university announced the news, adding that ten directors will pay.';
    const r = rows(t);
    expect(r.links).toContain('ten directors will pay -said by-> The university');
  });

  it('speaker-reference: a description resolves to the name written after the same words earlier', () => {
    const t =
      "Russia's foreign minister Sergei Lavrov spoke on Wednesday.\n\nThe foreign minister went on to say that the United States was arming rebels, Reuters reported.";
    const speaker = rows(t).spans.find((x) => x.label === 'Speaker');
    expect(speaker).toMatchObject({ text: 'The foreign minister', entity: 'Sergei Lavrov' });
  });

  it('speaker-reference: a pronoun resolves to the nearest named speaker before it', () => {
    const t = 'Dr Michael Bjorn said that habits remain the same.\n\nHe said that people move the activity to the phone.';
    const he = rows(t).spans.find((x) => x.label === 'Speaker' && x.text === 'He');
    expect(he?.entity).toBe('Michael Bjorn');
  });

  it('drops a speech verb with no speaker to be found', () => {
    expect(texts('Saying that the rules had changed, the crowd left.', 'Cue')).toEqual([]);
  });
});

describe('source rules and chains', () => {
  it('source-on-medium and source-according-to make a chain in reading order', () => {
    const t =
      '"They are providing arms to the opposition," said Lavrov on Iranian state television, speaking through an interpreter, according to Reuters.';
    const r = rows(t);
    expect(r.spans.filter((x) => x.label === 'Source').map((x) => [x.text, x.rule])).toEqual([
      ['Iranian state television', 'source-on-medium'],
      ['Reuters', 'source-according-to'],
    ]);
    expect(r.links).toContain('They are providing arms to the opposition -reported by-> Iranian state television');
    expect(r.links).toContain('Iranian state television -reported by-> Reuters');
  });

  it('source-told-medium: the audience of "told" is a source when it is a medium, not when it is a person', () => {
    expect(texts('"The big worries surround Mercedes-Benz," Michael Rabb told Reuters.', 'Source')).toEqual(['Reuters']);
    expect(texts('"I am honoured to be thus distinguished," he told the minister.', 'Source')).toEqual([]);
  });

  it('proposes an outlet added to the gazetteer (a project’s own list) as a source', () => {
    const t = '"The big worries surround Mercedes-Benz," Michael Rabb told Zlatograd Courier.';
    expect(texts(t, 'Source')).toEqual([]);
    const own = gazetteerWith([...DEFAULT_GAZETTEER.outlets, { name: 'Zlatograd Courier', kind: 'newspaper', aliases: ['ZC'] }]);
    expect(texts(t, 'Source', own)).toEqual(['Zlatograd Courier']);
    expect(rows('The minister resigned on Friday, the Zlatograd Courier reported.', own).spans).toContainEqual({
      label: 'Source',
      rule: 'source-reported',
      text: 'the Zlatograd Courier',
      entity: 'Zlatograd Courier',
    });
  });

  it('speaker-according-to: according to a person is a speaker', () => {
    const t = 'The shipments were legal, according to Rosoboronexport chief Anatoly Isaikin.';
    expect(texts(t, 'Speaker')).toEqual(['Rosoboronexport chief Anatoly Isaikin']);
  });
});

describe('texts whose punctuation was stripped', () => {
  const bbc =
    'observers had hoped for more.   we re surprised that the ifo index has taken such a knock   said dz bank economist bernd weidensteiner.  we think the main reason is probably that the domestic economy is still weak.  economy minister wolfgang clement disagreed.';

  it('claim-before-cue with speaker-after-cue across the lost quotation marks', () => {
    expect(ruleOf(bbc, 'Claim', 'we re surprised that the ifo index has taken such a knock')).toBe('claim-before-cue');
    expect(ruleOf(bbc, 'Speaker', 'dz bank economist bernd weidensteiner')).toBe('speaker-after-cue');
  });

  it('claim-quote-continues: the next quote unit in the first person, not the narration after it', () => {
    const claims = texts(bbc, 'Claim');
    expect(claims).toContain('we think the main reason is probably that the domestic economy is still weak');
    expect(claims.some((c) => c.includes('clement'))).toBe(false);
  });

  it('names after a title whatever the tagger made of them (ms cooper said)', () => {
    expect(texts('however  ms cooper said mr sullivan had not mentioned anything.', 'Speaker')).toEqual(['ms cooper']);
  });
});

describe('determinism', () => {
  it('gives the same suggestions for the same text', () => {
    const t = '“We have confronted the Russians,” Clinton said, according to Reuters.';
    expect(rows(t)).toEqual(rows(t));
  });
});

describe('any text', () => {
  it('gives spans inside the text, links between its own spans, and the same result twice', async () => {
    const fc = await import('fast-check');
    const { suggest } = await import('./index.ts');
    const words = fc.constantFrom(
      'Lavrov',
      'said',
      'says',
      'told',
      'Reuters',
      'according',
      'to',
      'that',
      'the',
      'minister',
      'he',
      '"',
      '“',
      '”',
      ',',
      '.',
      ':',
      '\n',
      '  ',
      'reported',
      'claims',
      "'s",
      'We',
      'are',
      'fine',
      'é',
      '👍🏽',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), (parts) => {
        const text = parts.join(' ');
        const s = suggest(text);
        const keys = new Set(s.spans.map((x) => x.key));
        for (const x of s.spans) {
          expect(0 <= x.start && x.start < x.end && x.end <= text.length).toBe(true);
          expect(text.slice(x.start, x.end).trim().length).toBeGreaterThan(0);
        }
        for (const l of s.links) expect(keys.has(l.from) && keys.has(l.to) && l.from !== l.to).toBe(true);
        expect(suggest(text)).toEqual(s);
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});

describe('edge cases found by the property test', () => {
  it('a colon at the very end after an object ("told Lavrov:") proposes nothing and does not fail', () => {
    expect(rows('told Lavrov :').spans.filter((s) => s.label === 'Claim')).toEqual([]);
  });

  it('"According to X," with nothing after it proposes no claim and does not fail', () => {
    expect(rows('According to Reuters ,').spans.filter((s) => s.label === 'Claim')).toEqual([]);
  });
});
