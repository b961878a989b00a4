import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnnotationConf, readAnnotationConf } from './brat-conf.ts';
import { parseBrat } from './brat.ts';
import { importFiles } from './import-files.ts';
import type { Result } from './types.ts';

/** brat's own example data (fixtures/brat-examples/README.md names the sources). */
const example = (path: string): string => readFileSync(new URL(`./fixtures/brat-examples/${path}`, import.meta.url), 'utf8');
const conf = (folder: string) => parseAnnotationConf(`${folder}/annotation.conf`, example(`${folder}/annotation.conf`));

const warningsOf = <T>(r: Result<T>) => (r.ok ? r.warnings : []);

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.file}:${r.error.line ?? ''} ${r.error.message}`);
  return r.value;
}

describe("annotation.conf from brat's example corpora", () => {
  it('reads CoNLL-ST 2006, whose types are in [spans], as brat does', () => {
    const r = conf('conll-st-2006');
    const s = value(r);
    expect(s.labels.map((l) => l.name)).toEqual([
      'adj',
      'adv',
      'art',
      'conj-c',
      'conj-s',
      'ec',
      'in',
      'n',
      'num',
      'pp',
      'pron-det',
      'pron-indp',
      'pron-pers',
      'prop',
      'prp',
      'punc',
      '_question_',
      'ROOT',
      'v-fin',
      'v-ger',
      'v-inf',
      'vp',
      'v-pcp',
    ]);
    expect(s.relationTypes).toHaveLength(55);
    // "Arg1:Span" names no type of the file: brat matches nothing; the relation is kept, open to any label.
    expect(s.relationTypes.find((t) => t.name === 'ACC_gt_-PASS')).toEqual({ name: 'ACC_gt_-PASS', from: [], to: [] });
    expect(warningsOf(r).map((w) => w.message)).toEqual([
      'ACC, ACC_gt_-PASS, ACC-PASS, ADVL, ADVO and 50 more name the type "Span", which the file does not define; read as allowing any type.',
    ]);
  });

  it('reads TDT: [spans], <ENTITY> arguments and valued attributes', () => {
    const r = conf('tdt');
    const s = value(r);
    expect(warningsOf(r)).toEqual([]);
    const names = s.labels.map((l) => l.name);
    expect(names).toEqual(['A', 'Adp', 'Adv', 'C', 'Interj', 'N', 'Null', 'Num', 'Pcle', 'Pron', 'Punct', 'Trash', 'Symb', 'Foreign', 'V']);
    expect(s.relationTypes).toHaveLength(98);
    expect(s.relationTypes.find((t) => t.name === 'nsubj-cop')).toEqual({ name: 'nsubj-cop', from: names, to: names });
    const n = s.labels.find((l) => l.name === 'N')!;
    expect(n.attributes).toHaveLength(16);
    expect(n.attributes!.find((a) => a.name === 'OTHER')).toEqual({ name: 'OTHER', type: 'single', options: ['Typo+UNK', 'UNK'] });
  });

  it('reads the news tutorial: a macro, "!" groupings with indented types, repetition marks, <EVENT>', () => {
    const s = value(conf('news-tutorial'));
    expect(s.labels.map((l) => l.name)).toEqual([
      'Person',
      'Organization',
      'GPE',
      'Money',
      'Be-born',
      'Marry',
      'Divorce',
      'Die',
      'Transfer-ownership',
      'Transfer-money',
      'Start-org',
      'Merge-org',
      'End-org',
      'Report',
    ]);
    const type = (name: string) => s.relationTypes.find((t) => t.name === name);
    expect(type('Die:Agent-Arg')).toEqual({ name: 'Die:Agent-Arg', from: ['Die'], to: ['Person', 'Organization', 'GPE'] });
    expect(type('Marry:Person-Arg')).toEqual({ name: 'Marry:Person-Arg', from: ['Marry'], to: ['Person'] });
    expect(type('Merge-org:Org-Arg')).toEqual({ name: 'Merge-org:Org-Arg', from: ['Merge-org'], to: ['Organization'] });
    expect(type('Report:Event-Arg')!.to).toEqual([
      'Be-born',
      'Marry',
      'Divorce',
      'Die',
      'Transfer-ownership',
      'Transfer-money',
      'Start-org',
      'Merge-org',
      'End-org',
      'Report',
    ]);
    expect(type('Alias')).toEqual({ name: 'Alias', from: ['Person'], to: ['Person'] });
    expect(s.labels.find((l) => l.name === 'Person')!.attributes).toEqual([
      { name: 'Individual', type: 'boolean' },
      { name: 'Mention', type: 'single', options: ['Name', 'Nominal', 'Other'] },
    ]);
    expect(s.labels.find((l) => l.name === 'Die')!.attributes).toEqual([
      { name: 'Negation', type: 'boolean' },
      { name: 'Confidence', type: 'single', options: ['High', 'Neutral', 'Low'] },
    ]);
  });

  it('reads BioNLP-ST 2011 ID: ENTITY-NESTING skipped, separators, a macro among alternatives, repeated relations merged', () => {
    const r = conf('bionlp-st-2011-id');
    const s = value(r);
    expect(warningsOf(r)).toEqual([]);
    expect(s.relationTypes.some((t) => t.name === 'ENTITY-NESTING')).toBe(false);
    expect(s.relationTypes.find((t) => t.name === 'Equiv')).toEqual({
      name: 'Equiv',
      from: ['Protein', 'Chemical', 'Organism', 'Two-component-system', 'Regulon-operon', 'Entity'],
      to: ['Protein', 'Chemical', 'Organism', 'Two-component-system', 'Regulon-operon', 'Entity'],
    });
    expect(s.relationTypes.find((t) => t.name === 'Regulation:Theme')!.to).toEqual([
      'Protein',
      'Chemical',
      'Organism',
      'Two-component-system',
      'Regulon-operon',
      'Gene_expression',
      'Transcription',
      'Protein_catabolism',
      'Localization',
      'Binding',
      'Phosphorylation',
      'Process',
      'Regulation',
      'Positive_regulation',
      'Negative_regulation',
    ]);
    expect(s.labels.find((l) => l.name === 'Binding')!.attributes).toEqual([
      { name: 'Negation', type: 'boolean' },
      { name: 'Speculation', type: 'boolean' },
    ]);
  });

  it('reads NCBI-disease, whose sections come in another order', () => {
    const s = value(conf('ncbi-disease'));
    expect(s.labels).toMatchObject([
      {
        name: 'Disease',
        attributes: [{ name: 'Category', type: 'single', options: ['SpecificDisease', 'Modifier', 'DiseaseClass', 'CompositeMention'] }],
      },
    ]);
  });
});

describe("brat's rules for annotation.conf", () => {
  it('keeps the first of "|"-separated names, inherits arguments with <INHERIT>, and scopes macros to their section', () => {
    const text = [
      '[entities]',
      'Protein|Prot|P',
      '[events]',
      '<T>=Protein',
      'Protein_binding|GO:0005515\tTheme+:<T>',
      '!Regulation\tTheme:<T>',
      '\tPositive_regulation\t<INHERIT>, Cause?:<T>',
      '[attributes]',
      'Negation\tArg:<EVENT>',
    ].join('\n');
    const s = value(parseAnnotationConf('a.conf', text));
    expect(s.labels.map((l) => l.name)).toEqual(['Protein', 'Protein_binding', 'Positive_regulation']);
    expect(s.relationTypes.map((t) => t.name)).toEqual(['Protein_binding:Theme', 'Positive_regulation:Theme', 'Positive_regulation:Cause']);
    const e = parseAnnotationConf('a.conf', '[entities]\nA\n[relations]\n<M>=A\n[events]\nE Theme:<M>');
    expect(e.ok ? null : e.error).toMatchObject({ line: 6, message: expect.stringMatching(/<M> is not defined/) });
  });

  it('ignores lines before the first section (as brat does) but keeps macros defined there', () => {
    const r = parseAnnotationConf('a.conf', 'Person\n<P>=A\n[entities]\nA\n[relations]\nR Arg1:<P>, Arg2:<P>');
    expect(value(r).relationTypes).toEqual([{ name: 'R', from: ['A'], to: ['A'] }]);
    expect(warningsOf(r)).toEqual([{ file: 'a.conf', line: 1, message: expect.stringMatching(/before any section.*brat ignores it/) }]);
  });

  it('refuses an indented type without a parent, with its line', () => {
    const r = parseAnnotationConf('a.conf', '[entities]\n  Child');
    expect(r.ok ? null : r.error).toMatchObject({ file: 'a.conf', line: 2, message: expect.stringMatching(/indented/) });
  });
});

describe('importing a brat corpus whose annotation.conf cannot be read', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const txt = example('tdt/b105.txt');
  const ann = example('tdt/b105.ann');

  it("imports TDT's excerpt with its own configuration", async () => {
    const results = await importFiles([
      { name: 'tdt/annotation.conf', data: enc(example('tdt/annotation.conf')) },
      { name: 'tdt/b105.txt', data: enc(txt) },
      { name: 'tdt/b105.ann', data: enc(ann) },
    ]);
    const confResult = results.find((r) => r.file === 'tdt/annotation.conf')!;
    expect(confResult.schema!.labels).toHaveLength(15);
    const doc = results.find((r) => r.file === 'tdt/b105.ann')!.documents![0]!;
    expect(doc.annotations).toHaveLength(8);
    expect(doc.relations).toHaveLength(6);
    expect(doc.annotations[0]).toMatchObject({
      label: 'N',
      attributes: { SUBCAT: 'Prop', NUM: 'Sg', CASE: 'Nom', OTHER: 'UNK' },
      note: ' Delilah',
    });
  });

  it('still imports the documents, types from the .ann files, and says why the configuration was not used', async () => {
    const broken = '[entities]\nA\n[relations]\nR Arg1 A, Arg2:A\n';
    const results = await importFiles([
      { name: 'c/annotation.conf', data: enc(broken) },
      { name: 'c/doc.txt', data: enc(example('conll-st-2006/portuguese_bosque_train.conll-doc-12.txt')) },
      { name: 'c/doc.ann', data: enc(example('conll-st-2006/portuguese_bosque_train.conll-doc-12.ann')) },
    ]);
    const confResult = results.find((r) => r.file === 'c/annotation.conf')!;
    expect(confResult.status).toBe('parsed');
    expect(confResult.schema).toBeUndefined();
    expect(confResult.warnings).toEqual([
      {
        file: 'c/annotation.conf',
        line: 4,
        message: expect.stringMatching(
          /^"Arg1 A" is not "Role:Type".* The configuration is not used: the documents are imported with the entity, relation and attribute types their \.ann files use\.$/,
        ),
      },
    ]);
    const doc = results.find((r) => r.file === 'c/doc.ann')!.documents![0]!;
    expect(doc.annotations).toHaveLength(111);
    expect(doc.relations).toHaveLength(101);
  });

  it('reads the CoNLL-ST 2006 document as brat shows it', () => {
    const r = parseBrat(
      { name: 'doc-12.txt', content: example('conll-st-2006/portuguese_bosque_train.conll-doc-12.txt') },
      { name: 'doc-12.ann', content: example('conll-st-2006/portuguese_bosque_train.conll-doc-12.ann') },
    );
    const doc = value(r);
    expect(doc.annotations.find((a) => a.key === 'T50')).toMatchObject({ label: 'punc', ranges: [{ start: 268, end: 270 }] });
    expect(doc.text.slice(268, 270)).toBe('»"');
    expect(doc.relations.filter((x) => x.type === 'SUBJ')).toHaveLength(13);
  });

  it('readAnnotationConf passes a readable file through', () => {
    const r = readAnnotationConf('news/annotation.conf', example('news-tutorial/annotation.conf'));
    expect(r.schema!.labels).toHaveLength(14);
  });
});

describe('annotation.conf lines with line separators inside them (found by the importer fuzz)', () => {
  it('reads a lone CR, U+2028 or U+2029 inside a line as part of it: a clear refusal instead of a TypeError', () => {
    for (const sep of ['\r', '\u2028', '\u2029']) {
      const r = parseAnnotationConf('c/annotation.conf', `[entities]\nPerson Arg:Person${sep}x\n`);
      expect(r.ok ? 'ok' : `${r.error.file}: ${r.error.message}`).toBe(
        `c/annotation.conf: "Person Arg:Person${sep}x" is not an entity type name (names cannot contain spaces).`,
      );
    }
  });
});
