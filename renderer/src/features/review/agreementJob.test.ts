import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../../core/model/schema.ts';
import { AgreementComputation, agreementInputFromRecords, agreementReport } from '../../../core/metrics/report.ts';
import { reportToCsv } from '../../../core/metrics/reportCsv.ts';
import { AppDb } from '../../db/db.ts';
import { createAnnotation } from '../../db/annotations.ts';
import { createProject } from '../../db/corpus.ts';
import { addDocument } from '../../db/documents.ts';
import { setStatus } from '../../db/status.ts';
import { AgreementSession, type AgreementCsv, type AgreementOutput, type AgreementProgress } from './agreementJob.ts';
import { addParagraph } from '../../db/testing.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons, Reuters reported.';
const at = (q: string) => ({ start: TEXT.indexOf(q), end: TEXT.indexOf(q) + q.length });
const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

describe('AgreementSession', () => {
  it('reads the annotator layers (not gold), reports progress, and gives the core report, a document’s figures and the CSVs', async () => {
    const name = `agreement-${Math.random()}`;
    names.push(name);
    const db = new AppDb(name);
    const project = await createProject(db, 'P', DEFAULT_SCHEMA);
    const doc = await addParagraph(db, project.id, TEXT);
    const empty = await addDocument(db, project.id, {
      title: 'Empty',
      text: 'Nothing to see.',
      blocks: [{ kind: 'paragraph', start: 0, end: 15 }],
      metadata: {},
    });
    await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'alice' }, 'alice');
    await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov said')], layer: 'bob' }, 'bob');
    await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'gold' }, 'lead');
    // Both marked the empty document done: it counts as annotated (with nothing) by both.
    await setStatus(db, empty, 'alice', 'done');
    await setStatus(db, empty, 'bob', 'done');
    db.close();

    const progress: AgreementProgress[] = [];
    const job = { dbName: name, projectId: project.id };
    const session = new AgreementSession();
    const out = (await session.answer({ type: 'compute', job }, (p) => progress.push(p))) as AgreementOutput;
    expect(out.report.layers).toEqual(['alice', 'bob']);
    expect(out.report.corpus.documents).toBe(2);
    expect(out.titles[doc.id]).toBe('T');
    expect(progress.map((p) => p.phase)).toEqual(['reading', 'reading', 'computing', 'computing']);
    expect(progress[1]).toEqual({ phase: 'reading', done: 2, total: 2 });
    expect(progress[3]).toEqual({ phase: 'computing', done: 2, total: 2 });
    // The documents in the order the project gives them (values are numbered in the order they appear).
    const order = out.report.documents.map((d) => d.id);
    const expected = agreementReport({
      documents: [
        {
          id: doc.id,
          text: TEXT,
          layers: {
            alice: { annotations: [{ id: '1', label: 'Speaker', ranges: [at('Lavrov')] }] },
            bob: { annotations: [{ id: '2', label: 'Speaker', ranges: [at('Lavrov said')] }] },
          },
        },
        { id: empty.id, text: 'Nothing to see.', layers: { alice: { annotations: [] }, bob: { annotations: [] } } },
      ].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
    });
    expect(out.report.corpus.labels['*']!.spanF1).toEqual(expected.corpus.labels['*']!.spanF1);
    expect(out.report.corpus.labels['*']!.meanCohen).toBeCloseTo(expected.corpus.labels['*']!.meanCohen, 12);
    const byId = (rows: { id: string; layers: string[]; tokens: number }[]) => rows.map((d) => [d.id, d.layers, d.tokens]).sort();
    expect(byId(out.report.documents)).toEqual(byId(expected.documents));

    // What the dashboard asks for afterwards, from what the session kept.
    const quiet = () => {};
    expect(await session.answer({ type: 'document', job, id: doc.id }, quiet)).toEqual(expected.documents.find((d) => d.id === doc.id));
    expect(await session.answer({ type: 'document', job, id: 'nowhere' }, quiet)).toBeUndefined();
    const figures = (await session.answer({ type: 'figures-csv', job }, quiet)) as AgreementCsv;
    expect(figures.csv).toBe(reportToCsv(expected));
    const disagreements = (await session.answer({ type: 'disagreements-csv', job }, quiet)) as AgreementCsv;
    expect(disagreements.rows).toBe(1);
    expect(disagreements.csv.split('\r\n')[1]).toContain('boundary');

    // A new session (a worker made again after a Cancel) computes the job's figures first.
    const fresh = new AgreementSession();
    expect(await fresh.answer({ type: 'document', job, id: empty.id }, quiet)).toEqual(expected.documents.find((d) => d.id === empty.id));
  });

  it('gives bit for bit the figures of the annotation rows themselves, with packs built and with packs read', async () => {
    const name = `agreement-${Math.random()}`;
    names.push(name);
    const db = new AppDb(name);
    const project = await createProject(db, 'P', DEFAULT_SCHEMA);
    const docs = [await addParagraph(db, project.id, TEXT), await addParagraph(db, project.id, TEXT, 'U')];
    const words = TEXT.split(' ');
    let n = 0;
    for (const doc of docs)
      for (const layer of ['alice', 'bob', 'carol', 'gold'])
        for (let k = 0; k < 4; k++) {
          const w = words[(n = (n * 7 + 3) % words.length)]!;
          const v = words[(n * 5 + 1) % words.length]!;
          const ranges = k === 3 && at(v).start > at(w).end ? [at(w), at(v)] : [at(w)];
          const attributes: Record<string, string> = k % 2 ? { stance: ['deny', 'assert'][n % 2]! } : {};
          await createAnnotation(db, doc, { label: ['Claim', 'Speaker', 'Source'][(n + k) % 3]!, ranges, layer, attributes }, layer);
        }
    // As the job read them before packs: the documents in the project's order, the rows by project.
    const ids = await db.documents.where('projectId').equals(project.id).primaryKeys();
    const rows = await db.annotations.where('projectId').equals(project.id).toArray();
    const layers = ['alice', 'bob', 'carol'];
    const input = agreementInputFromRecords(
      ids.map((id) => docs.find((d) => d.id === id)!),
      rows,
      [],
      { layers, documentAttributes: [], claimGroups: [] },
    );
    const expected = new AgreementComputation(input, { layers, documentAttributes: [] }).summary;
    db.close();
    const job = { dbName: name, projectId: project.id };
    const built = (await new AgreementSession().answer({ type: 'compute', job }, () => {})) as AgreementOutput;
    const read = (await new AgreementSession().answer({ type: 'compute', job }, () => {})) as AgreementOutput;
    expect(built.report).toStrictEqual(expected);
    expect(read.report).toStrictEqual(expected);
  });
});
