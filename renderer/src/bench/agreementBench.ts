/**
 * The agreement bench's corpus (bench/agreement/corpus.ts: 5 annotators × 1,000 documents × 50
 * annotations) written into the app's own database as a project, remembered as the last project,
 * so the next page load opens it and the Agreement view can be timed as a researcher sees it
 * (bench/suites/agreement.mjs, `AGREEMENT_APP=1`). Written directly as rows, a batch of documents
 * per transaction: the figure is the agreement, not the import.
 */
import { newAnnotation, newDocument } from '../../core/model/records.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { paragraphBlocks } from '../../core/model/text.ts';
import type { Annotation, DocumentRecord } from '../../core/model/types.ts';
import { AppDb } from '../db/db.ts';
import { createProject } from '../db/corpus.ts';
import { setSetting } from '../db/settings.ts';
import { agreementDocuments } from '../../../bench/agreement/corpus.ts';

export async function seedAgreementProject(
  annotators: number,
  documents: number,
  annotations: number,
  seed: number,
  batch = 100,
): Promise<{ ms: number; projectId: string }> {
  const t0 = performance.now();
  const db = new AppDb(undefined, { durability: 'relaxed' });
  try {
    const project = await createProject(db, 'Agreement benchmark', DEFAULT_SCHEMA);
    const at = new Date().toISOString();
    let docs: DocumentRecord[] = [];
    let rows: Annotation[] = [];
    const flush = async () => {
      await db.transaction('rw', [db.documents, db.annotations], async () => {
        await db.documents.bulkAdd(docs);
        await db.annotations.bulkAdd(rows);
      });
      docs = [];
      rows = [];
    };
    let n = 0;
    for (const d of agreementDocuments(annotators, documents, annotations, seed)) {
      const doc = newDocument(project.id, { title: d.id, text: d.text, blocks: paragraphBlocks(d.text), metadata: {} }, at, `h${n++}`);
      docs.push(doc);
      for (const [layer, { annotations: spans }] of Object.entries(d.layers))
        for (const a of spans) rows.push(newAnnotation(doc, { label: a.label, ranges: a.ranges, layer }, { by: layer, at }));
      if (docs.length === batch) await flush();
    }
    if (docs.length > 0) await flush();
    await setSetting(db, 'lastProjectId', project.id);
    return { ms: performance.now() - t0, projectId: project.id };
  } finally {
    db.close();
  }
}
