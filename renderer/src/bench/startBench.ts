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
import { createProject } from '../db/corpus.ts';
import { setSetting } from '../db/settings.ts';
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
