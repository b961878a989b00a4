/**
 * The start figure of issue #16: a project of many documents with many annotations each is
 * written into the app's own database (`claimscope`, in the benchmark's throw-away browser
 * profile), remembered as the last project, so the next page load starts the app on it as a
 * researcher's would. Written directly as rows (documents, annotations, summaries), a batch per
 * transaction: the figure is the start, not the import. No text index is written — start does
 * not read it.
 */
import { summarize, type DocumentSummary } from '../../core/corpus/browse.ts';
import { newAnnotation, newDocument } from '../../core/model/records.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { paragraphBlocks } from '../../core/model/text.ts';
import type { Annotation, DocumentRecord } from '../../core/model/types.ts';
import { AppDb } from '../db/db.ts';
import { createProject, loadSummaries } from '../db/corpus.ts';
import { getSetting, setSetting } from '../db/settings.ts';
import { storedCounts } from '../db/projectCounts.ts';
import { createArticleGenerator } from '../../../bench/lib/docgen.mjs';

const LABELS = ['Claim', 'Speaker', 'Source', 'Cue'];
const LAYERS = ['alice', 'bob', 'gold'];

export async function seedStartProject(documents: number, annotationsPerDocument: number, batch = 500): Promise<{ ms: number }> {
  const t0 = performance.now();
  const db = new AppDb(undefined, { durability: 'relaxed' });
  try {
    const project = await createProject(db, 'Start benchmark', DEFAULT_SCHEMA);
    const generate = createArticleGenerator(0x57a7);
    const at = new Date().toISOString();
    for (let done = 0; done < documents; done += batch) {
      const docs: DocumentRecord[] = [];
      const annotations: Annotation[] = [];
      const summaries: DocumentSummary[] = [];
      for (let i = 0; i < Math.min(batch, documents - done); i++) {
        const a = generate();
        const doc = newDocument(
          project.id,
          { title: a.title, text: a.text, blocks: paragraphBlocks(a.text), metadata: a.metadata },
          at,
          `h${done + i}`,
        );
        docs.push(doc);
        const first = annotations.length;
        const step = Math.floor(a.text.length / (annotationsPerDocument + 1));
        for (let k = 0; k < annotationsPerDocument; k++) {
          const start = k * step;
          const end = start + Math.min(12, step);
          annotations.push(
            newAnnotation(
              doc,
              { label: LABELS[k % LABELS.length]!, ranges: [{ start, end }], layer: LAYERS[k % LAYERS.length]! },
              { by: 'bench', at },
            ),
          );
        }
        summaries.push(summarize(doc, annotations.slice(first)));
      }
      await db.transaction('rw', [db.documents, db.annotations, db.documentSummaries], async () => {
        await db.documents.bulkAdd(docs);
        await db.annotations.bulkAdd(annotations);
        await db.documentSummaries.bulkAdd(summaries);
      });
    }
    await setSetting(db, 'lastProjectId', project.id);
    return { ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

/** What a page read of the list costs, by one way of finding the page, at one position. */
export interface PageRead {
  way: 'offset' | 'key' | 'keys only';
  at: number;
  ms: number;
  /** The browser's CPU seconds (all its processes, from /proc through the suite), when known. */
  cpu: number | null;
}

/**
 * A page of the list (`size` summaries, what the list reads per task) read at each fraction of
 * the last project's list, each way in turn, `reps` times: by offset (Dexie's `offset()`, which
 * walks the entries before it: how the list read its pages before), by key (`loadSummaries` after
 * the row before it, as the list reads now), and only finding the position by walking keys
 * (`offset(n).primaryKeys()` of one row, no values: the cost of an anchor found by keys).
 */
export async function listPageReads(fractions: number[], size = 5000, reps = 3): Promise<{ documents: number; reads: PageRead[] }> {
  const db = new AppDb();
  const cpu = async () =>
    ((window as { claimscopeBenchCpu?: () => Promise<number | null> }).claimscopeBenchCpu?.() ?? null) as Promise<number | null>;
  try {
    const projectId = await getSetting(db, 'lastProjectId', '');
    const { documents } = await storedCounts(db, projectId);
    const inOrder = () => db.documentSummaries.where('[projectId+createdAt]').between([projectId, ''], [projectId, '\uffff']);
    const reads: PageRead[] = [];
    const timed = async (way: PageRead['way'], at: number, read: () => Promise<unknown>) => {
      const [c0, t0] = [await cpu(), performance.now()];
      await read();
      const [t1, c1] = [performance.now(), await cpu()];
      reads.push({ way, at, ms: t1 - t0, cpu: c0 === null || c1 === null ? null : c1 - c0 });
    };
    for (let rep = 0; rep < reps; rep++) {
      for (const fraction of fractions) {
        const at = Math.min(documents - size, Math.round(documents * fraction));
        const before =
          at > 0
            ? (
                await inOrder()
                  .offset(at - 1)
                  .limit(1)
                  .toArray()
              )[0]!
            : null;
        await timed('offset', at, () => inOrder().offset(at).limit(size).toArray());
        await timed('key', at, () => loadSummaries(db, projectId, before, size));
        await timed('keys only', at, () => inOrder().offset(at).limit(1).primaryKeys());
      }
    }
    return { documents, reads };
  } finally {
    db.close();
  }
}
