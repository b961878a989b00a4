import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../renderer/core/model/schema.ts';
import { newAnnotation, newDocument } from '../renderer/core/model/records.ts';
import type { Annotation, AnnotationId, DocumentId, ProjectId } from '../renderer/core/model/types.ts';
import { scoreCounts } from '../renderer/core/metrics/spans.ts';
import { buildBundle } from '../renderer/core/review/bundle.ts';
import { groupDataset } from '../renderer/core/formats/fixtures/claim-groups.ts';
import { serializeJsonl } from '../renderer/core/formats/native-jsonl.ts';
import { runCli } from './program.ts';

// Two layers with known differences, as brat folders (file names differ; texts are the same):
// both mark "Lavrov" Speaker and "Clinton" Speaker; the claim differs in its end (overlap match);
// A calls Reuters a Source, B a Speaker; A has one more Source ("State Department").
const TEXT1 = 'Lavrov said Russia sells only defensive weapons, Reuters reported.\n';
const TEXT2 = 'Clinton told the State Department that Russia was arming Syria.\n';
const at = (text: string, quote: string) => [text.indexOf(quote), text.indexOf(quote) + quote.length] as const;
const ann = (text: string, rows: [string, string][]) =>
  rows.map(([label, quote], i) => `T${i + 1}\t${label} ${at(text, quote).join(' ')}\t${quote}`).join('\n') + '\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-agreement-'));
  await mkdir(path.join(dir, 'a'));
  await mkdir(path.join(dir, 'b'));
  await writeFile(path.join(dir, 'a', 'one.txt'), TEXT1);
  await writeFile(
    path.join(dir, 'a', 'one.ann'),
    ann(TEXT1, [
      ['Speaker', 'Lavrov'],
      ['Claim', 'Russia sells only defensive weapons'],
      ['Source', 'Reuters'],
    ]),
  );
  await writeFile(path.join(dir, 'a', 'two.txt'), TEXT2);
  await writeFile(
    path.join(dir, 'a', 'two.ann'),
    ann(TEXT2, [
      ['Speaker', 'Clinton'],
      ['Source', 'State Department'],
    ]),
  );
  await writeFile(path.join(dir, 'b', 'first.txt'), TEXT1);
  await writeFile(
    path.join(dir, 'b', 'first.ann'),
    ann(TEXT1, [
      ['Speaker', 'Lavrov'],
      ['Claim', 'Russia sells only defensive'],
      ['Speaker', 'Reuters'],
    ]),
  );
  await writeFile(path.join(dir, 'b', 'second.txt'), TEXT2);
  await writeFile(path.join(dir, 'b', 'second.ann'), ann(TEXT2, [['Speaker', 'Clinton']]));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { version: '0.1.0', stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const prf = (tp: number, fp: number, fn: number) => {
  const r = scoreCounts(tp, fp, fn);
  return { precision: r.precision, recall: r.recall, f1: r.f1 };
};

describe('claimscope agreement', () => {
  it('compares two brat folders, matching documents by text, and prints JSON span figures', async () => {
    const r = await run(['agreement', path.join(dir, 'a'), path.join(dir, 'b'), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.layers).toEqual(['a', 'b']);
    expect(json.documents).toBe(2);
    // A has 5 spans, B 4. Exact: Lavrov, Clinton. Overlap: + the claim.
    expect(json.spanF1['*'].exact).toEqual(prf(2, 2, 3));
    expect(json.spanF1['*'].overlap).toEqual(prf(3, 1, 2));
    expect(json.spanF1.Speaker.exact).toEqual(prf(2, 1, 0));
    expect(json.spanF1.Source.exact).toEqual(prf(0, 0, 2));
  });

  it('--label keeps one label, "*" being that label', async () => {
    const r = await run(['agreement', path.join(dir, 'a'), path.join(dir, 'b'), '--json', '--label', 'Claim']);
    const json = JSON.parse(r.out);
    expect(Object.keys(json.spanF1).sort()).toEqual(['*', 'Claim']);
    expect(json.spanF1['*'].exact).toEqual(prf(0, 1, 1));
    expect(json.spanF1['*'].overlap).toEqual(prf(1, 0, 0));
  });

  it('reads annotator bundles, named by their annotator, and prints a table', async () => {
    const T0 = '2026-11-29T08:00:00.000Z';
    const doc = newDocument('p' as ProjectId, { id: 'd' as DocumentId, title: 'One', text: TEXT1, blocks: [], metadata: {} }, T0);
    const mk = (layer: string, quote: string, label: string): Annotation => {
      const [start, end] = at(TEXT1, quote);
      return newAnnotation(doc, { id: `${layer}-1` as AnnotationId, label, ranges: [{ start, end }], layer }, { by: layer, at: T0 });
    };
    const project = { id: 'p' as ProjectId, name: 'P', schema: DEFAULT_SCHEMA, createdAt: T0, updatedAt: T0 };
    for (const [layer, quote] of [
      ['alice', 'Lavrov'],
      ['bob', 'Lavrov said'],
    ] as const) {
      const b = buildBundle({
        project,
        annotator: layer,
        created: T0,
        appVersion: '0.1.0',
        documents: [doc],
        annotations: [mk(layer, quote, 'Speaker')],
        relations: [],
      });
      await writeFile(path.join(dir, `${layer}.claimscope-bundle.zip`), b.bytes);
    }
    const r = await run(['agreement', path.join(dir, 'alice.claimscope-bundle.zip'), path.join(dir, 'bob.claimscope-bundle.zip')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Layers: alice, bob/);
    expect(r.out).toMatch(/\* \(all\)(\s+\S+){4}\s+0\.000\s+0\.000\s+0\.000\s+1\.000\s+1\.000\s+1\.000/);
  });

  it("compares two layers' claim groups from JSONL files: pairwise and B-cubed figures in --json and in the table", async () => {
    // Alice groups the helicopter claims of articles 1 and 2; Bob also puts article 3's claim with them.
    const layerOf = (layer: string, members: number) => {
      const d = groupDataset();
      d.annotations = d.annotations.map((a) => ({ ...a, layer }));
      d.relations = d.relations.map((r) => ({ ...r, layer }));
      const all = d.annotations.filter((a) => a.label === 'Claim').map((a) => ({ documentId: a.documentId, annotationId: a.id }));
      d.claimGroups = [{ ...d.claimGroups![0]!, layer, members: all.slice(0, members) }];
      return serializeJsonl(d);
    };
    await writeFile(path.join(dir, 'alice.jsonl'), layerOf('alice', 2));
    await writeFile(path.join(dir, 'bob.jsonl'), layerOf('bob', 3));
    const r = await run(['agreement', path.join(dir, 'alice.jsonl'), path.join(dir, 'bob.jsonl'), '--json']);
    expect(r.err).toBe('');
    const json = JSON.parse(r.out);
    // Items: the 3 claims either grouped. Pairs: alice 1, bob 3, both 1 → P 1/3, R 1, F1 1/2.
    // B-cubed: P = (2/3 + 2/3 + 1/3) / 3 = 5/9, R = 1, F1 = 2·(5/9) / (14/9) = 5/7.
    expect(json.grouping).toHaveLength(1);
    const [g] = json.grouping;
    expect([g.a, g.b, g.items]).toEqual(['alice', 'bob', 3]);
    expect(g.pairwise.precision).toBeCloseTo(1 / 3, 10);
    expect(g.pairwise.recall).toBe(1);
    expect(g.pairwise.f1).toBeCloseTo(0.5, 10);
    expect(g.bcubed.precision).toBeCloseTo(5 / 9, 10);
    expect(g.bcubed.recall).toBe(1);
    expect(g.bcubed.f1).toBeCloseTo(5 / 7, 10);
    const text = await run(['agreement', path.join(dir, 'alice.jsonl'), path.join(dir, 'bob.jsonl')]);
    expect(text.out).toContain('alice – bob: pairwise P 0.333 R 1.000 F1 0.500; B-cubed P 0.556 R 1.000 F1 0.714 (3 claims)');
    // Without groups there is nothing to compare on grouping.
    const plain = await run(['agreement', path.join(dir, 'a'), path.join(dir, 'b'), '--json']);
    expect(JSON.parse(plain.out).grouping).toEqual([]);
  });

  it('fails clearly with one input or inputs that share no text', async () => {
    const one = await run(['agreement', path.join(dir, 'a')]);
    expect(one.code).not.toBe(0);
    expect(one.err).toMatch(/at least two inputs/);
    await mkdir(path.join(dir, 'c'));
    await writeFile(path.join(dir, 'c', 'x.txt'), 'Nothing in common.\n');
    const none = await run(['agreement', path.join(dir, 'a'), path.join(dir, 'c')]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no document is in two or more inputs/);
    const missing = await run(['agreement', path.join(dir, 'a'), path.join(dir, 'nope')]);
    expect(missing.err).toMatch(/nope: no such file or folder/);
  });
});
